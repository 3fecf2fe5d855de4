"""One deadline per request: every model call, retry and escalation of it ends by then.

The front end (the pipeline's `run`) opens it with `request_deadline(seconds)`; the client reads
it when a call is made (`current_deadline()`, in the caller's thread), starts its clock at the
request's first call and caps each attempt's timeout and each retry wait by what is left. It is a
contextvar, so it follows the request into `asyncio.run`, tasks, the client's loop and Scheme runs,
and never leaks into another request's thread.
"""

from __future__ import annotations

import contextvars
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager


class Deadline:
    """`seconds` for the model calls of one request; the clock starts at its first model call, so
    a cold process loading its models does not eat into the time the provider gets."""

    def __init__(self, seconds: float) -> None:
        self.seconds = float(seconds)
        self.expires_at: float | None = None  # monotonic; set by the first call (`arm`)

    def arm(self) -> Deadline:
        """Start the clock now unless it already runs; returns self."""
        if self.expires_at is None:
            self.expires_at = time.monotonic() + self.seconds
        return self

    def remaining(self) -> float:
        """Seconds left (0 once passed); starts the clock."""
        return max(0.0, self.arm().expires_at - time.monotonic())

    def expired(self) -> bool:
        """True once the deadline has passed; starts the clock."""
        return time.monotonic() >= self.arm().expires_at


_CURRENT: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("rlm_request_deadline", default=None)


def current_deadline() -> Deadline | None:
    """The deadline of the request this code runs for (None: no request deadline)."""
    return _CURRENT.get()


@contextmanager
def request_deadline(seconds: float | None) -> Iterator[Deadline | None]:
    """Bound every model call made inside the block to `seconds` from now (None, <= 0 or not finite:
    no bound).

    A block nested in another request's keeps the outer deadline."""
    outer = _CURRENT.get()
    if outer is not None or seconds is None or not math.isfinite(seconds) or seconds <= 0:
        yield outer
        return
    deadline = Deadline(seconds)
    token = _CURRENT.set(deadline)
    try:
        yield deadline
    finally:
        _CURRENT.reset(token)
