"""The bot process `rlm-bot bench slack` measures: `rlm-bot serve --http` as a subprocess on a
free loopback port, its environment, and what /proc says of it (peak RSS, CPU, children)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from benchmarks._paths import ROOT

START_TIMEOUT_S = 180.0
SECRET = "bench-signing-secret-0123456789abcdef"


class BotProcess:
    """`rlm-bot serve --http` in a subprocess on a free loopback port."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.log_path = log_path
        self._log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "rlm_bot", "serve", "--http", "--port", str(self.port),
             "--host", "127.0.0.1"], env=env, cwd=ROOT, stdout=self._log, stderr=subprocess.STDOUT)
        self.events_url = f"http://127.0.0.1:{self.port}/slack/events"

    def health(self) -> dict | None:
        """/healthz, or None while the port is not answering."""
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2) as r:
                return json.loads(r.read())
        except (OSError, ValueError):
            return None

    def wait_warm(self, timeout: float = START_TIMEOUT_S) -> float:
        """Block until /healthz says the engines are warm; returns the seconds it took."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if self.proc.poll() is not None:
                raise SystemExit(f"rlm-bot serve exited with {self.proc.returncode}:\n{self.log_tail()}")
            health = self.health()
            if health and health.get("warm"):
                return time.monotonic() - t0
            time.sleep(0.1)
        raise SystemExit(f"rlm-bot serve was not warm within {timeout:.0f} s:\n{self.log_tail()}")

    def status(self) -> dict[str, int]:
        """VmHWM, VmRSS (kB) and Threads of the bot process."""
        return proc_status(self.proc.pid)

    def cpu_s(self) -> float:
        """CPU seconds (user + system) of the bot process so far."""
        return proc_cpu(self.proc.pid)

    def children(self) -> list[int]:
        """Pids of the bot's child processes (litellm workers, sandbox workers)."""
        return _children(self.proc.pid)

    def log_tail(self, lines: int = 20) -> str:
        """The last lines the bot wrote."""
        self._log.flush()
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 20 s."""
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def proc_status(pid: int) -> dict[str, int]:
    out: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as fh:
            for line in fh:
                name, _, value = line.partition(":")
                if name in ("VmHWM", "VmRSS", "Threads"):
                    out[name] = int(value.split()[0])
    except OSError:
        pass
    return out


def proc_cpu(pid: int) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / tick
    except (OSError, IndexError, ValueError):
        return 0.0


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children", encoding="utf-8") as fh:
                found += [int(p) for p in fh.read().split()]
    except OSError:
        pass
    return found + [g for c in found for g in _children(c)]


def bot_env(fake_slack, provider_url: str, data_dir: Path, pool, args) -> dict[str, str]:
    """The bot's environment: this one without credentials or shared stores, plus the fakes."""
    drop = ("SLACK_", "RLM_LLM_API", "RLM_DATABASE_URL", "RLM_CHROMA_URL", "RLM_CONFIG",
            "RLM_REPORT_CHANNEL", "RLM_SLACK_USER_DAILY", "RLM_SLACK_CHANNEL_DAILY")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update({"SLACK_BOT_TOKEN": fake_slack.token, "SLACK_SIGNING_SECRET": SECRET,
                "SLACK_API_URL": fake_slack.url, "RLM_LLM_API_BASE": provider_url,
                "RLM_LLM_API_KEY": "sk-loopback-bench", "RLM_DATA_DIR": str(data_dir),
                "RLM_SLACK_THREAD_MEMORY": "true" if args.thread_memory else "false",
                "RLM_ROUTER": args.router, "RLM_SLACK_USER_RATE": "0",
                "RLM_SLACK_CHANNEL_RATE": "0", "RLM_SLACK_WORKERS": str(pool.workers),
                "RLM_SLACK_QUEUE": str(pool.queue),
                "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))})
    return env


class Monitor:
    """Samples the bot's threads and pool (via /healthz) every 0.25 s during the load."""

    def __init__(self, bot: BotProcess) -> None:
        self.bot = bot
        self.peak = {"threads": 0, "pool_running": 0, "pool_queued": 0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="bench-monitor", daemon=True)

    def __enter__(self) -> Monitor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            self.peak["threads"] = max(self.peak["threads"], self.bot.status().get("Threads", 0))
            pool = (self.bot.health() or {}).get("pool") or {}
            self.peak["pool_running"] = max(self.peak["pool_running"], pool.get("running", 0))
            self.peak["pool_queued"] = max(self.peak["pool_queued"], pool.get("queued", 0))
