"""SandboxSession: one worker and one namespace kept across calls (the Scheme bridge's path)."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Protocol

from rlm_bot.sandbox.errors import SandboxError
from rlm_bot.sandbox.inputs import check_inputs, resolve_timeout
from rlm_bot.sandbox.result import SandboxResult
from rlm_bot.sandbox.worker import send_frame

if TYPE_CHECKING:
    from rlm_bot.sandbox.process import Child


class WorkerHost(Protocol):
    """What a session needs of the pool that lent it a worker (SandboxPool is one)."""

    def call_worker(self, child: Child, request: dict[str, Any],
                    timeout: float) -> tuple[SandboxResult, bool]:
        """One request on `child`; the result and whether the child is still usable."""

    def session_closed(self) -> None:
        """The session is over: its worker is gone."""


class SandboxSession:
    """A sandbox namespace that persists across calls, pinned to one worker process.

    `exec(code)` returns printed output, `eval(expr)` the value, `set(name, value)` binds a
    JSON-compatible value; each raises SandboxError when the code fails. `run(code)` returns the
    full SandboxResult instead. A call that overruns kills the worker and ends the session.
    """

    def __init__(self, pool: WorkerHost, child: Child, timeout: float) -> None:
        self._pool = pool
        self._child: Child | None = child
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
            wait = resolve_timeout(timeout, self._timeout)
            result, usable = self._pool.call_worker(self._child, request, wait)
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
        payload = check_inputs({name: value})
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
            self._pool.session_closed()

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
                self._pool.session_closed()
        except Exception:  # noqa: BLE001
            pass
