"""The `rlm-bot` command: parses arguments, dispatches to rlm_bot/commands/<name>.py.

Each command lives in its own module exposing `configure(parser)` and `run(args, settings) -> int`;
its one-line help is its entry in COMMANDS below (argtypes, inputs, memory_batch and
memory_scopes are helpers beside them, not commands). At module level a command module imports
the standard library and light project modules only (config, errors, text, the request types of
`rlm_bot.types` and `pipeline/types.py`, memory's scope and write types, its sibling helpers in
commands/), none of which loads a third-party package, so `rlm-bot --help` stays instant; the
engines and what they bring (SQLAlchemy, numpy, the model client, slack_sdk) are imported inside
`run`.

Exit codes: 0 success, 1 task error (one line on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import logging
import os
import sys
from types import ModuleType

from rlm_bot import __version__
from rlm_bot.config import debug_tracebacks, load_settings, mask_url
from rlm_bot.errors import NotBuiltError, RlmError, UsageError
from rlm_bot.logsafe import install_secret_filter
from rlm_bot.text import clean_value, replace_stdin_errors

# name -> (one-line help, module); order is the order of `--help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "ask": ("run the pipeline once on TEXT and print the answer", "rlm_bot.commands.ask"),
    "chat": ("console chat with the bot (+1/-1 after an answer records feedback)", "rlm_bot.commands.chat"),
    "serve": ("run the Slack bot (--socket, or --http --port N)", "rlm_bot.commands.serve"),
    "scheme": ("run a Scheme program from FILE or - (stdin)", "rlm_bot.commands.scheme"),
    "py": ("run code in the Python sandbox", "rlm_bot.commands.py"),
    "analyze": ("print the analysis stage's features of TEXT (or --jsonl on stdin)", "rlm_bot.commands.analyze"),
    "why": ("show the stage telemetry of one answer", "rlm_bot.commands.why"),
    "memory": ("add, import, search, list or forget memories", "rlm_bot.commands.memory"),
    "config": ("print the effective settings, secrets masked", "rlm_bot.commands.config"),
    "mcp": ("serve the Scheme sandbox over MCP on stdio", "rlm_bot.commands.mcp"),
    "report": ("build (and optionally post) the learning report", "rlm_bot.commands.report"),
    "bench": ("run a benchmark from benchmarks/", "rlm_bot.commands.bench"),
    "db": ("database maintenance (upgrade: run migrations)", "rlm_bot.commands.db"),
}
# numpy's OpenBLAS spreads even a 256x32 matrix product over every core and spin-waits for them:
# on a busy 2-core machine one query's embedding took 10-60x longer (and as much CPU) than on one
# thread. rlm-bot's products are small (one query, a batch of chunks), so one thread unless the
# environment says otherwise; set before anything imports numpy.
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS",)
# Container allocations between young-generation collections in an `rlm-bot` process.
GEN0_THRESHOLD = 50_000
LONG_RUNNING = frozenset({"serve", "chat", "mcp"})  # commands whose process stays up
# Arguments that name files: kept byte-exact (surrogate escapes round-trip to the file's real name).
PATH_ARGS = frozenset({"file", "files_root", "bench_args"})


class _UsageExit(SystemExit):
    """A parse-time usage error: exit 2, its one line already on stderr."""

    def __init__(self, line: str) -> None:
        super().__init__(2)
        self.line = line


class _Parser(argparse.ArgumentParser):
    """ArgumentParser whose usage errors exit 2 with one line, as the contract says."""

    def error(self, message: str) -> None:  # type: ignore[override]
        line = " ".join(f"{self.prog}: usage error: {message} (see --help)".split())
        sys.stderr.write(line + "\n")
        raise _UsageExit(line)


def _load(module_name: str) -> ModuleType | None:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise


def build_parser(only: str | None = None, *, list_all: bool = True) -> argparse.ArgumentParser:
    """The argument parser with every command of the CLI contract (with `only`, the other
    commands' modules are not imported: they are listed but cannot be parsed; with `only` and
    `list_all=False` they are not even listed, for a command line that starts with `only`, whose
    parsing and help never show the others: ~5 ms less of a cold command's start)."""
    parser = _Parser(prog="rlm-bot", description="rlm_bot: Slack bot with a smart RLM pipeline.")
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="machine-readable output")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (help_text, module_name) in COMMANDS.items():
        if only is not None and name != only and not list_all:
            continue
        cmd = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        if only is not None and name != only:
            continue
        module = _load(module_name)
        if module is not None:
            module.configure(cmd)
        else:
            cmd.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        cmd.set_defaults(_module=module, _name=name)
    return parser


def _command_of(argv: list[str]) -> str | None:
    """The command named by the command line (its first word when that is a command)."""
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit code."""
    if argv is None:
        # A cold command builds a heap of long-lived objects (modules, classes, ~500 primitives)
        # whose young-generation collections at the default threshold (700) ran ~50 times before
        # a Scheme program's first request, ~10 ms of CPU finding no garbage; cycles are still
        # collected, just every GEN0_THRESHOLD allocations. Not for the processes that stay up
        # (serve, chat, mcp): their pauses and heap at that threshold are not measured.
        if _command_of(sys.argv[1:]) not in LONG_RUNNING:
            gc.set_threshold(GEN0_THRESHOLD, *gc.get_threshold()[1:])
        try:
            return _main(None)
        finally:
            # the process exits next: move the heap out of the collector's reach, so the
            # interpreter's final collections skip it (~0.15 s of CPU once SQLAlchemy is loaded)
            gc.freeze()
    return _main(argv)


def _main(argv: list[str] | None) -> int:
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, "1")
    words = sys.argv[1:] if argv is None else argv
    command = _command_of(words)
    # only the named command's module is imported; when the line starts with it, no top-level
    # option (--help) can list the others, so their sub-parsers are not built either
    parser = build_parser(command, list_all=not (words and words[0] == command))
    try:
        args = parser.parse_args(argv)
    except _UsageExit as exc:  # a bad flag value: exit 2 (and a JSON object when --json was asked)
        if "--json" in words:
            print(json.dumps({"ok": False, "error": exc.line}))
        return 2
    _clean_args(args)
    replace_stdin_errors()
    if args.version:
        print(__version__)
        return 0
    if not args.command:
        parser.print_help()
        return 2
    try:
        if args._module is None:
            raise NotBuiltError(f"`rlm-bot {args._name}` is not part of this build yet")

        settings = load_settings()
        logging.basicConfig(level=settings.log_level, stream=sys.stderr,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")

        install_secret_filter(settings.secret_values())
        return int(args._module.run(args, settings) or 0)
    except UsageError as exc:
        _fail(args, str(exc))
        return 2
    except RlmError as exc:
        _fail(args, str(exc))
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130
    except BrokenPipeError:
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, never a traceback

        if debug_tracebacks():
            raise
        _fail(args, f"internal error ({type(exc).__name__}): {exc}; rerun with RLM_DEBUG=1 for details")
        return 1


def _clean_args(args: argparse.Namespace) -> None:
    """Text arguments made valid Unicode once, here, so nothing downstream fails on a bad byte."""
    for name, value in vars(args).items():
        if name not in PATH_ARGS and not name.startswith("_"):
            setattr(args, name, clean_value(value))


def _fail(args: argparse.Namespace, message: str) -> None:
    line = mask_url(" ".join(message.split()))
    if getattr(args, "json", False):
        print(json.dumps({"ok": False, "error": line}))
    sys.stderr.write(f"error: {line}\n")


if __name__ == "__main__":
    raise SystemExit(main())
