"""The run evaluating on this thread: its per-thread `State`, kept in one thread-local.

Everything that needs the current run (the evaluator, numbers' bignum limit, regexp timeouts,
the context primitives, compiled code) reads it from here, so none of them imports the
evaluator for it. `TLS.st` is the State (absent outside a run); hot paths read it directly.
"""

from __future__ import annotations

import sys
import threading
from typing import Any

__all__ = ["FRAME_MARGIN", "TICK", "TLS", "State", "active_state", "current_run",
           "current_state", "set_state"]

TICK = 1000  # steps between two checks of clock, cancel flag and limits
FRAME_MARGIN = 380  # Python frames kept free above the hop threshold (printer, primitives)

TLS = threading.local()  # TLS.st: the State of the run evaluating on this thread


class State:
    """Per-thread evaluation state of one run."""

    __slots__ = ("run", "budget", "depth", "sdepth", "max_sdepth", "hop_at", "params")

    def __init__(self, run: Any, sdepth: int = 0, params: dict | None = None, depth: int = 0) -> None:
        self.run = run
        self.budget = TICK
        self.depth = depth  # estimated Python frames in use on this thread
        self.sdepth = sdepth  # nested non-tail Scheme calls (across hops)
        self.max_sdepth = run.limits.max_depth
        self.hop_at = max(200, sys.getrecursionlimit() - FRAME_MARGIN)
        self.params = params if params is not None else {}


def active_state() -> State | None:
    """The evaluation state of this thread, or None outside a run."""
    return getattr(TLS, "st", None)


def current_state() -> State:
    """The evaluation state of this thread (raises RuntimeError outside a run)."""
    st = getattr(TLS, "st", None)
    if st is None:
        raise RuntimeError("no Scheme run is active on this thread")
    return st


def current_run() -> Any:
    """The RunContext of the run evaluating on this thread."""
    return current_state().run


def set_state(st: State | None) -> State | None:
    """Install `st` as this thread's state; returns the previous one."""
    old = getattr(TLS, "st", None)
    TLS.st = st
    return old
