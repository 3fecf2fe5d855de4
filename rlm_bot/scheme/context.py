"""The run context: one per run, shared by every thread evaluating that run.

Primitives registered with `needs_run=True` receive it as their first argument. It holds the
limits, the step/usage counters, the bounded output, memory accounting, the cancel flag, the
per-run `state` dict of the runtime, and `apply` to call Scheme procedures from Python.
"""

from __future__ import annotations

import os
import random
import threading
import time
from typing import Any, Callable

from rlm_bot.config import SchemeLimits
from rlm_bot.scheme.errors import LimitExceeded
from rlm_bot.scheme.evaluator import apply_procedure
from rlm_bot.scheme.ports import CURRENT_OUTPUT, OutputPort
from rlm_bot.scheme.runstate import TICK, TLS, State, set_state
from rlm_bot.scheme.values import Parameter

RSS_CHECK_EVERY = 16  # ticks between two measurements of the process's resident memory
# Resident memory is process-wide: other threads (another run, a model loading) grow it too. So it
# is only a backstop for what charges cannot see (cells, closures, frames), at this many times the
# limit; allocations that primitives charge are checked against the limit itself.
RSS_BACKSTOP_FACTOR = 4
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096


def resident_bytes() -> int | None:
    """Resident memory of this process (Linux), or None when unknown."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * _PAGE
    except (OSError, ValueError, IndexError):
        return None


class RunContext:
    """Everything one run owns. Thread-safe: counters are updated under a lock."""

    def __init__(self, limits: SchemeLimits, *, seed: int | None = None, session: Any = None,
                 cancel: threading.Event | None = None) -> None:
        self.limits = limits
        self.session = session
        self.steps = 0
        self.tokens = 0
        self.cost = 0.0
        self.memory = 0
        self.state: dict[str, Any] = {}
        self.seed = seed if seed is not None else random.SystemRandom().randrange(2 ** 31)
        self.rng = random.Random(self.seed)
        self.output = OutputPort(limits.max_output_bytes, self, main=True)
        self.started = time.monotonic()
        self.deadline = self.started + limits.timeout_seconds
        self._cancel = cancel or threading.Event()
        self._lock = threading.Lock()
        self._ticks = 0
        self._rss0 = resident_bytes()
        self._cleanups: list[Callable[[], None]] = []

    # --- limits -------------------------------------------------------------------------------

    @property
    def cancelled(self) -> bool:
        """True once the run was cancelled (or a limit ended it)."""
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the run to stop at its next check (safe from any thread)."""
        self._cancel.set()

    def tick(self, st: State) -> None:
        """Called every TICK steps by the evaluator: count steps, check the limits."""
        with self._lock:
            self.steps += TICK - st.budget
            self._ticks += 1
        st.budget = TICK
        self.check()
        if self._ticks % RSS_CHECK_EVERY == 0:
            self._check_rss()

    def flush(self, st: State) -> None:
        """Add the steps a thread state has not reported yet."""
        with self._lock:
            self.steps += TICK - st.budget
        st.budget = TICK

    def check(self) -> None:
        """Raise LimitExceeded if the run is out of steps or time, or was cancelled."""
        if self.steps > self.limits.max_steps:
            raise LimitExceeded("max_steps", f"step limit exceeded: more than {self.limits.max_steps} "
                                "evaluation steps (max_steps)")
        if time.monotonic() > self.deadline:
            self._cancel.set()
            raise LimitExceeded("timeout_seconds", f"time limit exceeded: the run took longer than "
                                f"{self.limits.timeout_seconds:g} s (timeout_seconds)")
        if self._cancel.is_set():
            raise LimitExceeded("cancelled", "the run was cancelled")

    def remaining_seconds(self) -> float:
        """Wall time left before the run's deadline."""
        return max(0.0, self.deadline - time.monotonic())

    def charge_memory(self, nbytes: int, what: str = "value") -> None:
        """Account `nbytes` about to be allocated; refuse before building when over the limit."""
        limit = self.limits.max_memory_bytes
        if nbytes > limit:
            raise LimitExceeded("max_memory_bytes", f"memory limit exceeded: {what} would need about "
                                f"{nbytes} bytes; the limit is {limit} (max_memory_bytes)")
        with self._lock:
            self.memory += nbytes
            over = self.memory > limit
        if over:
            live = self._rss_growth()
            if live is None or live + nbytes > limit:
                raise LimitExceeded("max_memory_bytes", f"memory limit exceeded: the run holds more than "
                                    f"{limit} bytes (max_memory_bytes)")
            self.memory = live + nbytes

    def _rss_growth(self) -> int | None:
        now = resident_bytes()
        if now is None or self._rss0 is None:
            return None
        return max(0, now - self._rss0)

    def _check_rss(self) -> None:
        growth = self._rss_growth()
        if growth is not None and growth > self.limits.max_memory_bytes * RSS_BACKSTOP_FACTOR:
            raise LimitExceeded("max_memory_bytes", f"memory limit exceeded: the run grew the process by "
                                f"{growth} bytes; the limit is {self.limits.max_memory_bytes} (max_memory_bytes)")

    # --- output, usage, state -------------------------------------------------------------------

    def write(self, text: str) -> None:
        """Write to the current output port (respects `with-output-to-string`)."""
        self.current_output().write(text)

    def current_output(self) -> OutputPort:
        """The port `display` writes to on this thread."""
        port = self.parameter_value(CURRENT_OUTPUT)
        return port if isinstance(port, OutputPort) else self.output

    def add_usage(self, tokens: int = 0, cost: float = 0.0) -> None:
        """Charge model usage to this run (reported as `tokens` and `cost`)."""
        with self._lock:
            self.tokens += int(tokens)
            self.cost += float(cost)

    def add_cleanup(self, fn: Callable[[], None]) -> None:
        """Run `fn()` when the run ends, however it ends (cancel futures, close handles)."""
        self._cleanups.append(fn)

    def run_cleanups(self) -> None:
        """Run the registered cleanups once (errors in them are ignored)."""
        fns, self._cleanups = self._cleanups, []
        for fn in reversed(fns):
            try:
                fn()
            except Exception:  # noqa: BLE001 - cleanup must not mask the run's result
                pass

    # --- parameters and re-entry --------------------------------------------------------------

    def parameter_value(self, p: Parameter) -> Any:
        """The value of parameter `p` in force on this thread (respects `parameterize`)."""
        st = getattr(TLS, "st", None)
        if st is not None and st.run is self:
            return st.params.get(p, p.value)
        return p.value

    def parameterization(self) -> dict:
        """A snapshot of this thread's parameter bindings, to hand to `apply` in another thread."""
        st = getattr(TLS, "st", None)
        return dict(st.params) if st is not None and st.run is self else {}

    def apply(self, proc: Any, args: list | tuple = (), kwargs: dict | None = None, *,
              parameterization: dict | None = None) -> Any:
        """Call a Scheme procedure from Python, on any thread (re-entrant; counts steps)."""
        st = getattr(TLS, "st", None)
        if st is not None and st.run is self and parameterization is None:
            saved = (st.depth, st.sdepth)
            try:
                return apply_procedure(proc, list(args), kwargs)
            finally:  # the caller may catch a Scheme error: do not leak the depth it unwound
                st.depth, st.sdepth = saved
        params = dict(parameterization) if parameterization is not None else (
            dict(st.params) if st is not None and st.run is self else {})
        new = State(self, st.sdepth if st is not None and st.run is self else 0, params, depth=80)
        old = set_state(new)
        try:
            return apply_procedure(proc, list(args), kwargs)
        finally:
            self.flush(new)
            set_state(old)
