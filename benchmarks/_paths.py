"""What benchmarks share: where ../shared sits, the loopback fake provider they measure against,
and the CPU time of this process and its helpers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _main_checkout(root: Path) -> Path:
    """The main checkout of a git worktree (its `.git` is a file naming the common git dir)."""
    dot_git = root / ".git"
    try:
        line = dot_git.read_text(encoding="utf-8").strip() if dot_git.is_file() else ""
    except OSError:
        return root
    if not line.startswith("gitdir:"):
        return root
    gitdir = (root / line.removeprefix("gitdir:").strip()).resolve()
    try:
        common = (gitdir / (gitdir / "commondir").read_text(encoding="utf-8").strip()).resolve()
    except OSError:
        return root
    return common.parent if common.name == ".git" else root


# ../shared next to the checkout; a worktree elsewhere finds it next to its main checkout
SHARED = next((c for c in (ROOT.parent / "shared", _main_checkout(ROOT).parent / "shared") if c.is_dir()),
              ROOT.parent / "shared")


def shared_path(*parts: str) -> Path:
    """A path inside ../shared (corpus/, data/), wherever the checkout lives."""
    return SHARED.joinpath(*parts)


def start_fake_provider(latency: float) -> tuple[subprocess.Popen, str]:
    """Start tests/fakes/openai_server.py in its own process (so its CPU is not ours); returns
    the process and its base URL."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    proc = subprocess.Popen([sys.executable, "-m", "tests.fakes.openai_server", "--latency", str(latency)],
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
