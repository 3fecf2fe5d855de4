"""The host side of the Python sandbox: a pool of pre-forked, confined worker processes.

`SandboxPool.run(code)` takes a pre-forked child, sends the job, and waits with a wall-clock
watchdog: a child that overruns is killed (SIGKILL, through a pidfd) and a fresh one is forked in
the background. Each child serves one run (or one session) and exits, so no state survives a run.
Replies are size-capped JSON frames; the host never unpickles or post-processes a large string.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import signal
import tempfile
import threading
import time
import weakref
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rlm_bot.config import SandboxSettings
from rlm_bot.sandbox.errors import SandboxError, SandboxUnavailable
from rlm_bot.safepaths import unsafe_root_reason
from rlm_bot.sandbox.inputs import check_inputs, resolve_timeout
from rlm_bot.sandbox.process import CLEAN_ENV, Child, Zygote
from rlm_bot.sandbox.result import SandboxResult, failure, result_from_reply
from rlm_bot.sandbox.session import SandboxSession
from rlm_bot.sandbox.worker import FrameError, FrameTooLarge, recv_frame, send_frame

__all__ = ["CLEAN_ENV", "PoolStats", "SandboxPool", "SandboxResult", "SandboxSession",
           "close_pools", "get_pool"]

log = logging.getLogger(__name__)

SESSION_CPU_FACTOR = 6          # a session may use this many times the per-run CPU seconds
MAX_SESSIONS = 16               # open sessions per pool (each may use memory_mb)
MAX_REQUEST_BYTES = 32 * 1024 * 1024
RECURSION_LIMIT = 3000


@dataclass
class PoolStats:
    """Counters of one pool (shown by the benchmark and useful in logs)."""

    runs: int = 0
    errors: int = 0
    timeouts: int = 0
    killed: int = 0
    forks: int = 0
    zygote_starts: int = 0
    seccomp: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class SandboxPool:
    """Pre-forked sandbox workers; `run()` for one-shot code, `session()` for a namespace."""

    def __init__(self, settings: SandboxSettings | None = None, *, spares: int | None = None,
                 files_root: Path | str | None = None) -> None:
        self.settings = settings or SandboxSettings()
        s = self.settings
        self.spares = max(1, spares if spares is not None else s.workers)
        self.files_root = Path(files_root) if files_root is not None else s.files_root
        if self.files_root is not None:
            reason = unsafe_root_reason(self.files_root)
            if reason:
                raise SandboxError(f"the sandbox files root {self.files_root} is refused: "
                                   f"{reason}; name a directory of plain files")
        self.max_concurrency = max(4, 2 * s.workers)
        self._reply_cap = 3 * s.max_output_bytes + 64 * 1024
        self._config = {
            "cpu_seconds": int(s.cpu_seconds),
            "session_cpu_seconds": int(s.cpu_seconds) * SESSION_CPU_FACTOR,
            "memory_bytes": int(s.memory_mb) * 1024 * 1024,
            "max_output": int(s.max_output_bytes),
            "reply_cap": self._reply_cap,
            "request_cap": MAX_REQUEST_BYTES,
            "recursion_limit": RECURSION_LIMIT,
            "files_root": str(self.files_root.resolve()) if self.files_root else None,
        }
        self.stats = PoolStats()
        self._workdir = tempfile.mkdtemp(prefix="rlm-sandbox-")
        os.chmod(self._workdir, 0o700)
        self._zygote: Zygote | None = None
        self._zygote_lock = threading.Lock()
        self._spare_children: deque[Child] = deque()
        self._cond = threading.Condition()
        self._slots = threading.BoundedSemaphore(self.max_concurrency)
        self._sessions = 0
        self._closed = False
        _ALL_POOLS.add(self)
        self._ensure_zygote()
        self._refiller = threading.Thread(target=self._refill_loop, name="sandbox-refill",
                                          daemon=True)
        self._refiller.start()

    # --- process management ---------------------------------------------------------------

    def _ensure_zygote(self) -> Zygote:
        with self._zygote_lock:
            if self._closed:
                raise SandboxUnavailable("the sandbox pool is closed")
            if self._zygote is None or not self._zygote.alive():
                if self._zygote is not None:
                    self._zygote.close()
                self._zygote = Zygote(self._config, self._workdir)
                self.stats.zygote_starts += 1
                if self.stats.zygote_starts > 1:
                    log.warning("sandbox: zygote restarted (start #%d)", self.stats.zygote_starts)
            return self._zygote

    def _fork(self) -> Child:
        for attempt in range(2):
            zygote = self._ensure_zygote()
            try:
                child = zygote.fork()
            except SandboxUnavailable:
                if attempt:
                    raise
                with self._zygote_lock:
                    if self._zygote is zygote:
                        zygote.close()
                        self._zygote = None
                continue
            self.stats.forks += 1
            if self.stats.seccomp is None and not child.seccomp:
                log.warning("sandbox: seccomp filter unavailable on this system; workers run "
                            "with rlimits and RestrictedPython only")
            self.stats.seccomp = child.seccomp
            return child
        raise SandboxUnavailable("the sandbox could not start a worker")

    def _refill_loop(self) -> None:
        failures = 0
        while True:
            with self._cond:
                while not self._closed and len(self._spare_children) >= self.spares:
                    self._cond.wait()
                if self._closed:
                    return
            try:
                child = self._fork()
                failures = 0
            except SandboxUnavailable:
                failures += 1
                time.sleep(min(5.0, 0.1 * 2 ** failures))
                continue
            with self._cond:
                if self._closed:
                    child.kill()
                    return
                self._spare_children.append(child)
                self._cond.notify_all()

    def _take(self) -> Child:
        with self._cond:
            child = self._spare_children.popleft() if self._spare_children else None
            if child is None or not self._spare_children:
                self._cond.notify_all()  # running dry: refill now rather than after the call
        return child if child is not None else self._fork()

    def _replenish(self) -> None:
        """Wake the refill thread (after a call, so its fork does not compete with the call)."""
        with self._cond:
            self._cond.notify_all()

    def warm(self, timeout: float = 10.0) -> None:
        """Block until the spare workers are forked (startup cost paid before the first run)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._spare_children) < self.spares and time.monotonic() < deadline:
                self._cond.wait(timeout=0.05)

    # --- the exchange with one child ------------------------------------------------------

    def _exchange(self, child: Child, request: dict[str, Any], timeout: float) -> dict[str, Any]:
        """Send a request and wait for its reply (the host serves no requests of the child)."""
        deadline = time.monotonic() + timeout
        send_frame(child.sock, request, MAX_REQUEST_BYTES)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            child.sock.settimeout(remaining)
            frame = recv_frame(child.sock, self._reply_cap)
            if not isinstance(frame, dict):
                raise FrameError("reply is not an object")
            if not frame.get("final", True):
                raise FrameError("the worker asked the host for something; the host serves "
                                 "no requests (files are read inside the worker)")
            return frame

    def call_worker(self, child: Child, request: dict[str, Any],
                    timeout: float) -> tuple[SandboxResult, bool]:
        """One request on `child`; returns the result and whether the child is still usable."""
        started = time.perf_counter()
        try:
            reply = self._exchange(child, request, timeout)
        except FrameTooLarge as exc:
            raise SandboxError(f"the code and inputs are too large for the sandbox: {exc}") \
                from None
        except TimeoutError:
            child.kill()
            self.stats.timeouts += 1
            self.stats.killed += 1
            log.warning("sandbox: worker %d overran %.1f s; killed and replaced", child.pid,
                        timeout)
            return failure("TimeoutError", f"the code ran longer than {timeout:g} s and was "
                            "stopped", (time.perf_counter() - started) * 1000), False
        except FrameError as exc:
            child.kill()
            self.stats.killed += 1
            ms = (time.perf_counter() - started) * 1000
            if "exceeds" in str(exc):
                return failure("OutputLimitExceeded", f"the sandbox reply was too large: {exc}",
                                ms), False
            error_type, message = self._death_cause(child.pid)
            log.warning("sandbox: worker %d died without replying (%s)", child.pid, error_type)
            return failure(error_type, message, ms), False
        except OSError as exc:
            child.kill()
            self.stats.killed += 1
            return failure("SandboxCrashed", f"lost the sandbox process: {exc}",
                            (time.perf_counter() - started) * 1000), False
        result = result_from_reply(reply, (time.perf_counter() - started) * 1000)
        if reply.get("error_type") == "CPULimitExceeded":
            child.kill()
            return result, False
        return result, True

    def _death_cause(self, pid: int) -> tuple[str, str]:
        """Explain a worker that died without replying, from its exit status."""
        zygote = self._zygote
        status = zygote.exit_status(pid) if zygote is not None and zygote.alive() else {}
        sig = status.get("signal")
        cpu = self._config["cpu_seconds"]
        if sig in (signal.SIGXCPU, signal.SIGKILL):
            return ("ResourceLimitExceeded",
                    f"the code exceeded the sandbox's CPU time ({cpu} s) or memory "
                    f"({self.settings.memory_mb} MB) limit and was stopped")
        if sig in (signal.SIGSEGV, signal.SIGBUS, signal.SIGABRT, signal.SIGILL, signal.SIGFPE):
            return ("SandboxCrashed",
                    f"the code crashed the sandboxed interpreter ({signal.Signals(sig).name}, "
                    "typically objects or iterators nested too deeply); the run was stopped")
        return ("ResourceLimitExceeded",
                "the sandbox process was stopped (CPU time or memory limit exceeded, or it "
                "crashed)")

    # --- public API -----------------------------------------------------------------------

    def run(self, code: str, *, inputs: dict[str, Any] | None = None,
            timeout: float | None = None) -> SandboxResult:
        """Run `code` in a fresh confined worker; never raises for errors of the code itself."""
        if not isinstance(code, str):
            raise SandboxError("code must be a string")
        wait = resolve_timeout(timeout, self.settings.timeout_seconds)
        request = {"op": "run", "code": code, "inputs": check_inputs(inputs)}
        if not self._slots.acquire(timeout=max(wait, 1.0)):
            return failure("SandboxBusy", "the sandbox is busy; try again shortly")
        try:
            child = self._take()
            try:
                result, _usable = self.call_worker(child, request, wait)
            finally:
                child.close()
        finally:
            self._slots.release()
            self._replenish()
        self.stats.runs += 1
        if not result.ok:
            self.stats.errors += 1
        return result

    async def arun(self, code: str, *, inputs: dict[str, Any] | None = None,
                   timeout: float | None = None) -> SandboxResult:
        """`run` for asyncio callers (the blocking wait happens in a worker thread)."""
        import asyncio

        return await asyncio.to_thread(self.run, code, inputs=inputs, timeout=timeout)

    def session(self, *, timeout: float | None = None) -> SandboxSession:
        """A namespace pinned to one worker that persists across calls (the Scheme bridge)."""
        with self._cond:
            if self._sessions >= MAX_SESSIONS:
                raise SandboxUnavailable(f"too many open sandbox sessions ({MAX_SESSIONS})")
            self._sessions += 1
        try:
            child = self._take()
        except BaseException:
            with self._cond:
                self._sessions -= 1
            raise
        self._replenish()
        wait = resolve_timeout(timeout, self.settings.timeout_seconds)
        return SandboxSession(self, child, wait)

    def session_closed(self) -> None:
        """A session gave its worker back (closed, failed or collected)."""
        with self._cond:
            self._sessions -= 1

    def close(self) -> None:
        """Stop every worker and the zygote; remove the working directory."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            spares = list(self._spare_children)
            self._spare_children.clear()
            self._cond.notify_all()
        for child in spares:
            child.kill()
        with self._zygote_lock:
            if self._zygote is not None:
                self._zygote.close()
                self._zygote = None
        shutil.rmtree(self._workdir, ignore_errors=True)

    @property
    def closed(self) -> bool:
        """True after close()."""
        return self._closed

    def __enter__(self) -> SandboxPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_POOLS: dict[SandboxSettings, SandboxPool] = {}
_POOLS_LOCK = threading.Lock()
_ALL_POOLS: weakref.WeakSet[SandboxPool] = weakref.WeakSet()


def get_pool(settings: Any = None) -> SandboxPool:
    """The process-wide pool for these settings (a Settings or SandboxSettings), started once."""
    sandbox = getattr(settings, "sandbox", settings) or SandboxSettings()
    with _POOLS_LOCK:
        pool = _POOLS.get(sandbox)
        if pool is None or pool.closed:
            pool = SandboxPool(sandbox)
            _POOLS[sandbox] = pool
        return pool


def close_pools() -> None:
    """Close every pool of this process (registered with atexit)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values()) + list(_ALL_POOLS)
        _POOLS.clear()
    for pool in pools:
        pool.close()


atexit.register(close_pools)
