"""Cold CLI figures for the benchmarks: a fresh `rlm-bot scheme` process, timed from spawn to
exit, and the baseline it is held against: plain threads sharing one HTTP connection pool.

"Cold" means what a CLI user meets every time: a new Python process that imports everything it
needs; the database is already migrated (`rlm-bot db upgrade` ran once) and the bytecode is
compiled, as after `pip install`. The sandbox this repo runs in sets PYTHONDONTWRITEBYTECODE,
which would charge every run for compiling the whole package, so the children write their
bytecode under a private PYTHONPYCACHEPREFIX and one warm-up run fills it.
"""

from __future__ import annotations

import http.client
import json
import os
import queue
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks._paths import ROOT

FAN_OUT = ("(length (map-async (lambda (i) (llm-query-async #:instruction \"ping\" #:max-tokens 16))"
           " (range {n}) #:max-concurrent {c}))")
ONE_CALL = "(syntax-e (llm-query #:instruction \"ping\" #:max-tokens 16))"
TRIVIAL = "(+ 1 2)"


class ColdCli:
    """Runs `rlm-bot scheme` in fresh processes against one endpoint, with a private data dir."""

    def __init__(self, url: str, transport: str | None = None, workers: int | None = None, *,
                 root: Path = ROOT, bytecode: bool = True) -> None:
        """`root`: the checkout whose rlm_bot runs (another one, e.g. main, for a before/after in
        one run); `bytecode=False`: compile every module on every run (PYTHONDONTWRITEBYTECODE)."""
        self._tmp = tempfile.TemporaryDirectory(prefix="rlm-cold-")
        base = Path(self._tmp.name)
        (base / "data").mkdir()
        self.root = root
        self.env = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
        self.env.update(RLM_LLM_API_BASE=url, RLM_DATA_DIR=str(base / "data"),
                        PYTHONPYCACHEPREFIX=str(base / "pycache"), RLM_LLM_MAX_RETRIES="0",
                        RLM_RUN_MAX_CALLS="100000", RLM_SCHEME_TIMEOUT="300", PYTHONPATH=str(root))
        if not bytecode:
            self.env["PYTHONDONTWRITEBYTECODE"] = "1"
        if transport:
            self.env["RLM_LLM_TRANSPORT"] = transport
        if workers is not None:
            self.env["RLM_LLM_WORKERS"] = str(workers)

    def warm_up(self) -> None:
        """Migrate the data dir and compile the bytecode of everything a model call imports."""
        self._run(["db", "upgrade"])
        self.scheme(FAN_OUT.format(n=4, c=4))

    def scheme(self, program: str) -> dict:
        """Run `rlm-bot scheme -` on `program`: wall seconds from spawn to exit, CPU seconds, stdout."""
        return self._run(["scheme", "-"], program)

    def _run(self, args: list[str], stdin: str | None = None) -> dict:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "rlm_bot", *args], input=stdin, capture_output=True,
                              text=True, env=self.env, cwd=self.root, timeout=600)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode != 0:
            raise SystemExit(f"rlm-bot {' '.join(args)} failed: {proc.stderr.strip()[-500:]}")
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return {"wall_s": wall, "cpu_s": cpu, "stdout": proc.stdout.strip()}

    def close(self) -> None:
        """Remove the private data dir and bytecode."""
        self._tmp.cleanup()


def threads_baseline(url: str, model: str, n: int, c: int) -> float:
    """Wall seconds of n chat calls from c plain threads sharing one pool of c HTTP/1.1
    keep-alive connections (stdlib only: no client library, no event loop)."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/") + "/chat/completions"
    body = json.dumps({"model": model, "messages": [{"role": "user", "content": "ping"}], "max_tokens": 16})
    headers = {"Content-Type": "application/json"}
    pool: queue.LifoQueue[http.client.HTTPConnection] = queue.LifoQueue()
    for _ in range(c):
        pool.put(http.client.HTTPConnection(parts.hostname, parts.port, timeout=60))

    def one(_: int) -> None:
        conn = pool.get()
        try:
            conn.request("POST", path, body, headers)
            resp = conn.getresponse()
            data = resp.read()
            if resp.status != 200 or b"choices" not in data:
                raise SystemExit(f"the threads baseline got HTTP {resp.status}")
        finally:
            pool.put(conn)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=c) as threads:
        list(threads.map(one, range(n)))
    wall = time.perf_counter() - started
    while not pool.empty():
        pool.get().close()
    return wall
