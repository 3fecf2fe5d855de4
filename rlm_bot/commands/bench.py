"""`rlm-bot bench NAME [ARGS...]`: run benchmarks/NAME.py, which prints figures and ratios.

A benchmark module defines `main(argv: list[str], settings) -> int`. Benchmarks live in the
checkout's `benchmarks/` folder,
so they can import the package and the test fakes without being shipped in the wheel.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

from rlm_bot.config import Settings
from rlm_bot.errors import UsageError

_ROOT = Path(__file__).resolve().parents[2]


def configure(parser: argparse.ArgumentParser) -> None:
    """NAME of the benchmark, then its own arguments."""
    parser.add_argument("name", help="benchmark name (a file benchmarks/NAME.py)")
    parser.add_argument("bench_args", nargs=argparse.REMAINDER, help="arguments for the benchmark")


def available(root: Path = _ROOT) -> list[str]:
    """Names of the benchmarks in the checkout."""
    folder = root / "benchmarks"
    return sorted(p.stem for p in folder.glob("*.py") if not p.stem.startswith("_"))


def run(args: argparse.Namespace, settings: Settings) -> int:
    """Load benchmarks/NAME.py and call its main()."""
    path = _ROOT / "benchmarks" / f"{args.name}.py"
    if args.name.startswith("_") or not path.is_file():
        names = ", ".join(available()) or "none found (run from a checkout of rlm_bot)"
        raise UsageError(f"no benchmark named {args.name!r}; available: {names}")
    if str(_ROOT) not in sys.path:
        sys.path.insert(0, str(_ROOT))
    spec = importlib.util.spec_from_file_location(f"benchmarks.{args.name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses and pickling look the module up by name
    spec.loader.exec_module(module)
    argv = list(args.bench_args)
    if args.json and "--json" not in argv:
        argv.append("--json")
    return int(module.main(argv, settings) or 0)
