"""The Python sandbox session behind py-exec / py-eval / py-set! (one worker, one namespace)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rlm_bot.scheme.runtime.errors import BridgeError


class PythonBridge:
    """A sandbox session whose calls are bounded by the Scheme run's remaining time."""

    def __init__(self, session: Any, default_timeout: float) -> None:
        self._session = session
        self._default = default_timeout
        self.time_left: Callable[[], float | None] = lambda: None

    def _timeout(self) -> float:
        left = self.time_left()
        return self._default if left is None else max(0.05, min(self._default, left))

    def exec(self, code: str) -> str:
        """Run statements; their printed output."""
        return self._call(lambda: self._session.exec(code, timeout=self._timeout()))

    def eval(self, expr: str) -> Any:
        """Evaluate an expression; its JSON-decoded value."""
        return self._call(lambda: self._session.eval(expr, timeout=self._timeout()))

    def set(self, name: str, value: Any) -> None:
        """Bind a variable in the namespace."""
        self._call(lambda: self._session.set(name, value))

    def _call(self, op: Callable[[], Any]) -> Any:
        # deferred: the sandbox loads on the first py-* call of a run
        from rlm_bot.sandbox import SandboxError, SandboxUnavailable

        try:
            return op()
        except SandboxUnavailable as exc:
            raise BridgeError(f"the Python sandbox is unavailable: {exc}") from None
        except SandboxError as exc:
            raise BridgeError(" ".join(str(exc).split())[:300]) from None

    def close(self) -> None:
        """Give the worker back."""
        self._session.close()


def open_python(settings: Any) -> PythonBridge:
    """A fresh sandbox session from the shared pool."""
    # deferred: the sandbox loads on the first py-* call of a run
    from rlm_bot.sandbox import get_pool

    pool = get_pool(settings)
    timeout = settings.sandbox.timeout_seconds
    return PythonBridge(pool.session(timeout=timeout), timeout)
