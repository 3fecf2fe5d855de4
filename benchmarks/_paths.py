"""What benchmarks share: where their data sits, the loopback fake provider they measure against,
and the CPU time of this process and its helpers."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


DATA = ROOT / "benchmarks" / "data"


def data_path(*parts: str) -> Path:
    """A file of the benchmarks' data (benchmarks/data/README.md says where each comes from)."""
    return DATA.joinpath(*parts)


def start_fake_provider(latency: float) -> tuple[subprocess.Popen, str]:
    """Start testing/fakes/openai_server.py in its own process (so its CPU is not ours); returns
    the process and its base URL."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen([sys.executable, "-m", "testing.fakes.openai_server", "--latency", str(latency)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    url = proc.stdout.readline().strip()
    if not url.startswith("http"):
        proc.kill()
        raise SystemExit("the fake provider did not start")
    return proc, url


def cpu_seconds(pids: list[int] = (), *, minus_thread: int | None = None) -> float:
    """CPU seconds of this process, less one of its threads (by native id), plus the processes
    `pids` (Linux /proc; elsewhere the thread stays counted and the processes count nothing)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    total = time.process_time()
    if minus_thread:
        total -= _stat_cpu(f"/proc/self/task/{minus_thread}/stat", tick)
    return total + sum(_stat_cpu(f"/proc/{pid}/stat", tick) for pid in pids)


def _stat_cpu(path: str, tick: int) -> float:
    try:
        with open(path) as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick  # utime + stime
    except (OSError, IndexError, ValueError):
        return 0.0


def parse_args(parser: argparse.ArgumentParser, argv: list[str]) -> argparse.Namespace:
    """`parser.parse_args(argv)`, with a bad argument a one-line UsageError (argparse has printed why)."""
    from rlm_bot.errors import UsageError

    try:
        return parser.parse_args(argv)
    except SystemExit as exc:
        if exc.code:
            raise UsageError(f"see `{parser.prog} --help`") from None
        raise
