"""What benchmarks share: where ../shared sits, and the loopback fake provider they measure against."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


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
