"""`rlm-bot py CODE|-`: run code in the Python sandbox and print its output and value.

With --json one line: {"ok", "output", "value", "error", "error_type", "duration_ms",
"truncated"}. Exit 1 when the code fails (syntax, refusal, exception, time or memory limit).
"""

from __future__ import annotations

import argparse
import json
import sys

from rlm_bot.commands.argtypes import positive_seconds
from rlm_bot.config import Settings, check_files_root
from rlm_bot.errors import ConfigError, UsageError

MAX_STDIN_CHARS = 1_000_000


def configure(parser: argparse.ArgumentParser) -> None:
    """CODE (or - for standard input), --timeout, --input NAME=JSON."""
    parser.add_argument("code", help="Python code to run, or - to read it from standard input")
    parser.add_argument("--timeout", type=positive_seconds, default=None,
                        help="wall-clock seconds before the run is stopped "
                             "(default: RLM_SANDBOX_TIMEOUT)")
    parser.add_argument("--input", action="append", default=[], metavar="NAME=JSON",
                        help="bind a JSON value to a variable (repeatable)")
    parser.add_argument("--files-root", default=None, metavar="DIR",
                        help="let read_file/list_files/compile_context read files under DIR "
                             "(default: RLM_SANDBOX_FILES_ROOT; none when unset)")


def _inputs(pairs: list[str]) -> dict:
    out = {}
    for pair in pairs:
        name, sep, raw = pair.partition("=")
        if not sep or not name.isidentifier():
            raise UsageError(f"--input {pair!r}: use NAME=JSON, e.g. --input data='[1, 2]'")
        try:
            out[name] = json.loads(raw)
        except ValueError:
            out[name] = raw  # plain text is bound as a string
    return out


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the code once in a fresh sandbox worker."""
    code = args.code
    if code == "-":
        code = sys.stdin.read(MAX_STDIN_CHARS + 1)
        if len(code) > MAX_STDIN_CHARS:
            raise UsageError(f"code on standard input is longer than {MAX_STDIN_CHARS:,} characters")
    from pathlib import Path

    from rlm_bot.sandbox import SandboxError, SandboxPool  # deferred: the sandbox pool, not for --help

    files_root = None
    if args.files_root is not None:
        files_root = Path(args.files_root).expanduser()
        if not files_root.is_dir():
            raise UsageError(f"--files-root {args.files_root!r} is not a directory")
        try:
            check_files_root(files_root, settings, "--files-root")
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
    with SandboxPool(settings.sandbox, spares=1, files_root=files_root) as pool:
        result = pool.run(code, inputs=_inputs(args.input), timeout=args.timeout)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False))
        return 0 if result.ok else 1
    if result.output:
        sys.stdout.write(result.output if result.output.endswith("\n") else result.output + "\n")
    if result.ok and result.has_value:
        value = result.value
        print(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    sys.stdout.flush()
    if not result.ok:
        raise SandboxError(result.error or "the code failed")
    return 0
