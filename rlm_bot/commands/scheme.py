"""`rlm-bot scheme FILE|- [--json]`: run a Scheme program in the sandbox.

Without --json: the program's output, then its value in Racket's print style (nothing for
void); errors go to stderr as one line. With --json: exactly one line
{"ok", "value", "error", "output", "steps", "tokens", "cost"}. Exit 0 when ok, 1 when not.
"""

from __future__ import annotations

import argparse
import json
import sys

from rlm_bot.config import Settings
from rlm_bot.errors import RlmError


def configure(parser: argparse.ArgumentParser) -> None:
    """FILE, or - for standard input."""
    parser.add_argument("file", help="Scheme source file, or - to read standard input")


def _read_source(name: str) -> str:
    if name == "-":
        return sys.stdin.read()
    try:  # invalid UTF-8 becomes U+FFFD here, where the text enters (as stdin does, see cli)
        with open(name, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except FileNotFoundError:
        raise RlmError(f"no such file: {name}") from None
    except IsADirectoryError:
        raise RlmError(f"{name} is a directory; give a Scheme source file") from None
    except OSError as exc:
        raise RlmError(f"cannot read {name}: {exc.strerror}") from None


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the program with the configured limits and print the result."""
    from rlm_bot.scheme.runtime import run_cli

    # with the RLM primitives (llm-query, map-async, checkpoint!, py-exec ...); tokens/cost
    # of the run are reported in --json
    result = run_cli(_read_source(args.file), settings)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False))
        return 0 if result.ok else 1
    if result.output:
        sys.stdout.write(result.output)
        if not result.output.endswith("\n") and (result.ok and result.value_text()):
            sys.stdout.write("\n")
    if not result.ok:
        sys.stderr.write(f"error: {result.error}\n")
        return 1
    text = result.value_text()
    if text:
        print(text)
    return 0
