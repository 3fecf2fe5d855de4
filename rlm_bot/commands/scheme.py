"""`rlm-bot scheme FILE|- [--json]`: run a Scheme program in the sandbox.

Without --json: the program's output, then its value in Racket's print style (nothing for
void); errors go to stderr as one line. With --json: exactly one line
{"ok", "value", "error", "output", "steps", "tokens", "cost"}. Exit 0 when ok, 1 when not.
"""

from __future__ import annotations

import argparse
import json
import sys

from rlm_bot.commands.inputs import read_input
from rlm_bot.config import Settings


def configure(parser: argparse.ArgumentParser) -> None:
    """FILE, or - for standard input."""
    parser.add_argument("file", help="Scheme source file, or - to read standard input")


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the program with the configured limits and print the result."""
    # deferred: the Scheme interpreter loads when a program runs, not for --help
    from rlm_bot.scheme.runtime import run_cli

    # with the RLM primitives (llm-query, map-async, checkpoint!, py-exec ...); tokens/cost
    # of the run are reported in --json
    result = run_cli(read_input(args.file, "a Scheme source file"), settings)
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
