"""The host side of the Python sandbox: a pool of pre-forked, confined worker processes.

`SandboxPool.run(code)` takes a pre-forked child, sends the job, and waits with a wall-clock
watchdog: a child that overruns is killed (SIGKILL, through a pidfd) and a fresh one is forked in
the background. Each child serves one run (or one session) and exits, so no state survives a run.
Replies are size-capped JSON frames; the host never unpickles or post-processes a large string.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rlm_bot.config import SandboxSettings
from rlm_bot.sandbox.errors import SandboxError, SandboxUnavailable
from rlm_bot.sandbox.files import FileGrant
from rlm_bot.sandbox.worker import FrameError, recv_frame, send_frame

ZYGOTE_START_TIMEOUT = 30.0     # seconds for the zygote to import everything and say hello
CHILD_HELLO_TIMEOUT = 10.0      # seconds for a forked child to confine itself and say hello
SESSION_CPU_FACTOR = 6          # a session may use this many times the per-run CPU seconds
MAX_SESSIONS = 32               # open sessions per pool
MAX_REQUEST_BYTES = 32 * 1024 * 1024
RECURSION_LIMIT = 3000
_BOOT = ("import sys; sys.path.insert(0, sys.argv[1]); "
         "from rlm_bot.sandbox.worker import zygote_main; zygote_main(sys.argv[2])")
# The only variables a sandbox process ever sees: no keys, tokens or database URLs.
_CLEAN_ENV = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


@dataclass(frozen=True)
class SandboxResult:
    """The outcome of one sandbox run.

    `value` is the JSON-decoded value of the last expression (or of a variable named `result`
    when the code ends in a statement); `value_json` is its JSON text, None when there is none.
    """

    ok: bool
    output: str = ""
    value: Any = None
    error: str | None = None
    error_type: str | None = None
    duration_ms: float = 0.0
    value_json: str | None = None
    truncated: bool = False

    @property
    def has_value(self) -> bool:
        """True when the run produced a value."""
        return self.value_json is not None

    def to_dict(self) -> dict[str, Any]:
        """The CLI/JSON shape: ok, output, value, error (+ error_type, duration_ms, truncated)."""
        return {"ok": self.ok, "output": self.output, "value": self.value, "error": self.error,
                "error_type": self.error_type, "duration_ms": self.duration_ms,
                "truncated": self.truncated}


def _result(reply: dict[str, Any], duration_ms: float) -> SandboxResult:
    value_json = reply.get("value")
    value = None
    if isinstance(value_json, str):
        try:
            value = json.loads(value_json)
        except ValueError:
            value, value_json = None, None
    else:
        value_json = None
    return SandboxResult(
        ok=bool(reply.get("ok")), output=str(reply.get("output") or ""), value=value,
        error=reply.get("error"), error_type=reply.get("error_type"),
        duration_ms=round(duration_ms, 3), value_json=value_json,
        truncated=bool(reply.get("truncated")))


def _failure(error_type: str, message: str, duration_ms: float = 0.0) -> SandboxResult:
    return SandboxResult(ok=False, error=message, error_type=error_type,
                         duration_ms=round(duration_ms, 3))


class _Child:
    """One forked sandbox process and the host's end of its socket."""

    def __init__(self, pid: int, sock: socket.socket, seccomp: bool) -> None:
        self.pid = pid
        self.sock = sock
        self.seccomp = seccomp
        self.pidfd: int | None = None
        try:
            self.pidfd = os.pidfd_open(pid)
        except (OSError, AttributeError):
            self.pidfd = None

    def kill(self) -> None:
        """SIGKILL the process (through its pidfd, so a recycled pid is never hit)."""
        try:
            if self.pidfd is not None:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
        except (ProcessLookupError, OSError):
            pass
        self.close()

    def close(self) -> None:
        """Close the socket (the child exits on EOF) and the pidfd."""
        try:
            self.sock.close()
        except OSError:
            pass
        if self.pidfd is not None:
            try:
                os.close(self.pidfd)
            except OSError:
                pass
            self.pidfd = None


class _Zygote:
    """The pre-imported parent process that forks children on request."""

    def __init__(self, config: dict[str, Any], workdir: str) -> None:
        host_end, zygote_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        root = str(Path(__file__).resolve().parents[2])
        config = dict(config, ctrl_fd=zygote_end.fileno())
        env = dict(_CLEAN_ENV, HOME=workdir, TMPDIR=workdir)
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-B", "-c", _BOOT, root, json.dumps(config)],
                env=env, cwd=workdir, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, pass_fds=(zygote_end.fileno(),), close_fds=True,
                start_new_session=True)
        finally:
            zygote_end.close()
        self.ctrl = host_end
        self.lock = threading.Lock()
        self.ctrl.settimeout(ZYGOTE_START_TIMEOUT)
        try:
            hello = recv_frame(self.ctrl, 4096)
        except (FrameError, OSError) as exc:
            detail = self._stderr_tail()
            self.close()
            raise SandboxUnavailable(
                f"the sandbox process did not start ({exc}); {detail or 'no diagnostics'}"
            ) from None
        finally:
            if self.proc.stderr is not None:
                self.proc.stderr.close()
        self.pid = int(hello.get("pid", self.proc.pid))

    def _stderr_tail(self) -> str:
        try:
            self.proc.wait(timeout=1)
            data = self.proc.stderr.read(4000) if self.proc.stderr else b""
        except (subprocess.TimeoutExpired, OSError, ValueError):
            return ""
        lines = data.decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""

    def alive(self) -> bool:
        """True while the zygote process runs."""
        return self.proc.poll() is None

    def fork(self) -> _Child:
        """Fork a confined child and wait for its hello."""
        host_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with self.lock:
                self.ctrl.settimeout(CHILD_HELLO_TIMEOUT)
                socket.send_fds(self.ctrl, [b"F"], [child_end.fileno()])
                answer = recv_frame(self.ctrl, 4096)
        except (FrameError, OSError) as exc:
            host_end.close()
            raise SandboxUnavailable(f"the sandbox could not start a worker: {exc}") from None
        finally:
            child_end.close()
        pid = answer.get("pid")
        if not isinstance(pid, int):
            host_end.close()
            raise SandboxUnavailable(f"the sandbox could not fork: {answer.get('error')}")
        host_end.settimeout(CHILD_HELLO_TIMEOUT)
        try:
            hello = recv_frame(host_end, 4096)
        except (FrameError, OSError) as exc:
            host_end.close()
            raise SandboxUnavailable(f"a sandbox worker failed to start: {exc}") from None
        return _Child(pid, host_end, bool(hello.get("seccomp")))

    def close(self) -> None:
        """Stop the zygote (it exits when the control socket closes)."""
        try:
            self.ctrl.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=2)


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
        }
        self.stats = PoolStats()
        self._workdir = tempfile.mkdtemp(prefix="rlm-sandbox-")
        os.chmod(self._workdir, 0o700)
        self._zygote: _Zygote | None = None
        self._zygote_lock = threading.Lock()
        self._spare_children: deque[_Child] = deque()
        self._cond = threading.Condition()
        self._slots = threading.BoundedSemaphore(self.max_concurrency)
        self._sessions = 0
        self._closed = False
        self._ensure_zygote()
        self._refiller = threading.Thread(target=self._refill_loop, name="sandbox-refill",
                                          daemon=True)
        self._refiller.start()

    # --- process management ---------------------------------------------------------------

    def _ensure_zygote(self) -> _Zygote:
        with self._zygote_lock:
            if self._closed:
                raise SandboxUnavailable("the sandbox pool is closed")
            if self._zygote is None or not self._zygote.alive():
                if self._zygote is not None:
                    self._zygote.close()
                self._zygote = _Zygote(self._config, self._workdir)
                self.stats.zygote_starts += 1
            return self._zygote

    def _fork(self) -> _Child:
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

    def _take(self) -> _Child:
        with self._cond:
            child = self._spare_children.popleft() if self._spare_children else None
            self._cond.notify_all()
        return child if child is not None else self._fork()

    def warm(self, timeout: float = 10.0) -> None:
        """Block until the spare workers are forked (startup cost paid before the first run)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self._spare_children) < self.spares and time.monotonic() < deadline:
                self._cond.wait(timeout=0.05)

    # --- the exchange with one child ------------------------------------------------------

    def _exchange(self, child: _Child, request: dict[str, Any], timeout: float,
                  grant: FileGrant | None) -> dict[str, Any]:
        """Send a request and wait for the final reply, serving file requests meanwhile."""
        deadline = time.monotonic() + timeout
        send_frame(child.sock, request)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            child.sock.settimeout(remaining)
            frame = recv_frame(child.sock, self._reply_cap)
            if not isinstance(frame, dict):
                raise FrameError("reply is not an object")
            if frame.get("final", True):
                return frame
            send_frame(child.sock, self._host_call(frame, grant))

    def _host_call(self, frame: dict[str, Any], grant: FileGrant | None) -> dict[str, Any]:
        if grant is None:
            return {"ok": False, "error_type": "PermissionError",
                    "error": "no files root is granted to the sandbox "
                             "(set RLM_SANDBOX_FILES_ROOT)"}
        try:
            if frame.get("op") == "read":
                return {"ok": True, "result": grant.read(str(frame.get("path", "")))}
            if frame.get("op") == "list":
                return {"ok": True, "result": grant.list(str(frame.get("path", "")))}
        except (PermissionError, FileNotFoundError, ValueError, OSError) as exc:
            return {"ok": False, "error_type": type(exc).__name__, "error": str(exc)}
        return {"ok": False, "error_type": "PermissionError", "error": "unknown host request"}

    def _call(self, child: _Child, request: dict[str, Any], timeout: float,
              grant: FileGrant | None) -> tuple[SandboxResult, bool]:
        """One request on `child`; returns the result and whether the child is still usable."""
        started = time.perf_counter()
        try:
            reply = self._exchange(child, request, timeout, grant)
        except TimeoutError:
            child.kill()
            self.stats.timeouts += 1
            self.stats.killed += 1
            return _failure("TimeoutError", f"the code ran longer than {timeout:g} s and was "
                            "stopped", (time.perf_counter() - started) * 1000), False
        except FrameError as exc:
            child.kill()
            self.stats.killed += 1
            ms = (time.perf_counter() - started) * 1000
            if "exceeds" in str(exc):
                return _failure("OutputLimitExceeded", f"the sandbox reply was too large: {exc}",
                                ms), False
            return _failure("ResourceLimitExceeded",
                            "the sandbox process was stopped (CPU time or memory limit "
                            "exceeded, or it crashed)", ms), False
        except OSError as exc:
            child.kill()
            self.stats.killed += 1
            return _failure("SandboxCrashed", f"lost the sandbox process: {exc}",
                            (time.perf_counter() - started) * 1000), False
        result = _result(reply, (time.perf_counter() - started) * 1000)
        if reply.get("error_type") == "CPULimitExceeded":
            child.kill()
            return result, False
        return result, True

    def _grant(self) -> FileGrant | None:
        return FileGrant(self.files_root) if self.files_root is not None else None

    # --- public API -----------------------------------------------------------------------

    def run(self, code: str, *, inputs: dict[str, Any] | None = None,
            timeout: float | None = None) -> SandboxResult:
        """Run `code` in a fresh confined worker; never raises for errors of the code itself."""
        if not isinstance(code, str):
            raise SandboxError("code must be a string")
        wait = self.settings.timeout_seconds if timeout is None else float(timeout)
        request = {"op": "run", "code": code, "inputs": _check_inputs(inputs)}
        if not self._slots.acquire(timeout=max(wait, 1.0)):
            return _failure("SandboxBusy", "the sandbox is busy; try again shortly")
        try:
            child = self._take()
            try:
                result, _usable = self._call(child, request, wait, self._grant())
            finally:
                child.close()
        finally:
            self._slots.release()
        self.stats.runs += 1
        if not result.ok:
            self.stats.errors += 1
        return result

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
        wait = self.settings.timeout_seconds if timeout is None else float(timeout)
        return SandboxSession(self, child, wait)

    def _session_closed(self) -> None:
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


class SandboxSession:
    """A sandbox namespace that persists across calls, pinned to one worker process.

    `exec(code)` returns printed output, `eval(expr)` the value, `set(name, value)` binds a
    JSON-compatible value; each raises SandboxError when the code fails. `run(code)` returns the
    full SandboxResult instead. A call that overruns kills the worker and ends the session.
    """

    def __init__(self, pool: SandboxPool, child: _Child, timeout: float) -> None:
        self._pool = pool
        self._child: _Child | None = child
        self._timeout = timeout
        self._lock = threading.Lock()
        self._ended: str | None = None

    @property
    def alive(self) -> bool:
        """True until close() or a fatal error."""
        return self._child is not None

    def _request(self, request: dict[str, Any], timeout: float | None) -> SandboxResult:
        with self._lock:
            if self._child is None:
                raise SandboxError(f"the sandbox session has ended ({self._ended or 'closed'})")
            wait = self._timeout if timeout is None else float(timeout)
            result, usable = self._pool._call(self._child, request, wait, self._pool._grant())
            if not usable:
                self._ended = result.error or "worker stopped"
                self._finish()
            return result

    def run(self, code: str, *, timeout: float | None = None) -> SandboxResult:
        """Run code in the session namespace and return the full result."""
        if not isinstance(code, str):
            raise SandboxError("code must be a string")
        return self._request({"op": "exec", "code": code}, timeout)

    def exec(self, code: str, *, timeout: float | None = None) -> str:
        """Run statements; return what they printed (SandboxError when they fail)."""
        result = self.run(code, timeout=timeout)
        if not result.ok:
            raise SandboxError(result.error or "sandbox error", result=result)
        return result.output

    def eval(self, expr: str, *, timeout: float | None = None) -> Any:
        """Evaluate code ending in an expression; return its JSON-decoded value."""
        if not isinstance(expr, str):
            raise SandboxError("expression must be a string")
        result = self._request({"op": "eval", "code": expr}, timeout)
        if not result.ok:
            raise SandboxError(result.error or "sandbox error", result=result)
        return result.value

    def set(self, name: str, value: Any) -> None:
        """Bind a JSON-compatible value to `name` in the session namespace."""
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
            raise SandboxError(f"invalid sandbox variable name {name!r}")
        payload = _check_inputs({name: value})
        result = self._request({"op": "set", "name": name, "value": payload[name]}, None)
        if not result.ok:
            raise SandboxError(result.error or "sandbox error", result=result)

    def _finish(self) -> None:
        child, self._child = self._child, None
        if child is not None:
            try:
                send_frame(child.sock, {"op": "close"})
            except OSError:
                pass
            child.kill()
            self._pool._session_closed()

    def close(self) -> None:
        """End the session and its worker process."""
        with self._lock:
            self._finish()

    def __enter__(self) -> SandboxSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self) -> None:  # a forgotten session must not leak a process
        try:
            if self._child is not None:
                self._child.kill()
                self._pool._session_closed()
        except Exception:  # noqa: BLE001
            pass


def _check_inputs(inputs: dict[str, Any] | None) -> dict[str, Any]:
    if inputs is None:
        return {}
    if not isinstance(inputs, dict):
        raise SandboxError("inputs must be a dict of name -> JSON-compatible value")
    for name in inputs:
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
            raise SandboxError(f"invalid sandbox variable name {name!r}")
    try:
        return json.loads(json.dumps(inputs, default=_input_default))
    except (TypeError, ValueError) as exc:
        raise SandboxError(f"inputs must be JSON-compatible: {exc}") from None


def _input_default(obj: Any) -> Any:
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    raise TypeError(f"{type(obj).__name__} is not JSON-compatible")


_POOLS: dict[SandboxSettings, SandboxPool] = {}
_POOLS_LOCK = threading.Lock()


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
    """Close every pool made by get_pool (registered with atexit)."""
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.close()


atexit.register(close_pools)
