"""A circuit breaker per endpoint (or per alias without one): stop calling what keeps failing.

After FAILURE_THRESHOLD consecutive failures (a refused connection is one; so is a call whose
every attempt failed) the circuit opens for COOL_DOWN_SECONDS: calls to it fail at once with a
message saying why and when it will be tried again. After the cool-down one trial call goes
through (half-open): success closes the circuit, failure opens it for another cool-down.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

FAILURE_THRESHOLD = 5
COOL_DOWN_SECONDS = 30.0


@dataclass
class _Circuit:
    failures: int = 0
    opened_at: float | None = None
    trial: bool = False  # a half-open trial call is out


class CircuitBreaker:
    """Consecutive failures per key; `allow(key)` is None to go ahead, else seconds until a retry."""

    def __init__(self, threshold: int = FAILURE_THRESHOLD, cool_down: float = COOL_DOWN_SECONDS) -> None:
        self.threshold = threshold
        self.cool_down = cool_down
        self._circuits: dict[str, _Circuit] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> float | None:
        """None when a call to `key` may go out now; else the seconds left of its cool-down."""
        with self._lock:
            circuit = self._circuits.get(key)
            if circuit is None or circuit.opened_at is None:
                return None
            left = circuit.opened_at + self.cool_down - time.monotonic()
            if left > 0:
                return left
            if circuit.trial:  # half-open: one trial at a time, the others wait for its verdict
                return 0.0
            circuit.trial = True
            return None

    def succeeded(self, key: str) -> None:
        """A call to `key` got an answer: close its circuit."""
        with self._lock:
            self._circuits.pop(key, None)

    def release(self, key: str) -> None:
        """A call to `key` ended without a verdict (cancelled): let another trial through."""
        with self._lock:
            circuit = self._circuits.get(key)
            if circuit is not None:
                circuit.trial = False

    def failed(self, key: str) -> bool:
        """Count one failure of `key`; True when that (re)opens its circuit."""
        with self._lock:
            circuit = self._circuits.setdefault(key, _Circuit())
            circuit.failures += 1
            if circuit.trial or (circuit.opened_at is None and circuit.failures >= self.threshold):
                circuit.opened_at, circuit.trial = time.monotonic(), False
                return True
            return False

    def state(self) -> dict[str, dict[str, float | int | str]]:
        """Per key: state (closed, open, half-open) and consecutive failures."""
        now = time.monotonic()
        with self._lock:
            out: dict[str, dict[str, float | int | str]] = {}
            for key, c in self._circuits.items():
                if c.opened_at is None:
                    out[key] = {"state": "closed", "failures": c.failures}
                else:
                    left = c.opened_at + self.cool_down - now
                    out[key] = {"state": "open" if left > 0 else "half-open", "failures": c.failures,
                                "retry_in": round(max(0.0, left), 1)}
            return out
