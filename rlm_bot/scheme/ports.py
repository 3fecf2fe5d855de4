"""Output ports of a run: the bounded text sink and the parameter naming the current port.

The run context owns the main port; `with-output-to-string` and friends (primitives/output.py)
parameterize CURRENT_OUTPUT with a string port. Both sides import this module, not each other.
"""

from __future__ import annotations

import threading
from typing import Protocol

from rlm_bot.scheme.errors import LimitExceeded
from rlm_bot.scheme.values import Parameter

__all__ = ["CURRENT_OUTPUT", "MemoryCharge", "OutputPort"]

# The current output port (a parameter, so `with-output-to-string` is a `parameterize`).
CURRENT_OUTPUT = Parameter(None, name="current-output-port")


class MemoryCharge(Protocol):
    """What a string port charges its growth to: the run that owns it."""

    def charge_memory(self, nbytes: int, what: str) -> None:
        """Charge `nbytes` of `what` to the run (raises LimitExceeded past its limit)."""


class OutputPort:
    """A bounded text sink. The run's main port ends the run when `max_output_bytes` is passed."""

    scheme_name = "output-port"

    def __init__(self, limit: int, run: MemoryCharge | None, main: bool) -> None:
        self.parts: list[str] = []
        self.size = 0
        self.limit = limit
        self.run = run
        self.main = main
        self._lock = threading.Lock()

    def write(self, text: str) -> None:
        """Append `text`, or fail with a limit error naming the limit (thread-safe)."""
        with self._lock:
            self._write(text)

    def _write(self, text: str) -> None:
        n = len(text) if text.isascii() else len(text.encode("utf-8", "replace"))
        if self.size + n > self.limit:
            room = max(0, self.limit - self.size)
            self.parts.append(text[:room])
            self.size = self.limit
            if self.main:
                raise LimitExceeded("max_output_bytes", f"output limit exceeded: more than {self.limit} "
                                    "bytes written (max_output_bytes); output was truncated")
            raise LimitExceeded("max_memory_bytes", f"memory limit exceeded: a string port grew past "
                                f"{self.limit} bytes (max_memory_bytes)")
        if not self.main and self.run is not None:
            self.run.charge_memory(n, "string port")
        self.parts.append(text)
        self.size += n

    def getvalue(self) -> str:
        """Everything written so far."""
        with self._lock:
            if len(self.parts) > 1:
                self.parts = ["".join(self.parts)]
            return self.parts[0] if self.parts else ""
