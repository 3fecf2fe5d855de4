"""Runtime state: what lives for a whole session (contexts, Python namespace, scope log, totals)
and what lives for one run (budgets ledger, loop handle, futures, workers)."""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field
from typing import Any

from rlm_bot.scheme.runtime.budget import RunLedger
from rlm_bot.scheme.runtime.concurrency import EvalLock, IdCounter, Limiters, SchemeFuture
from rlm_bot.scheme.runtime.errors import RunCapExceeded
from rlm_bot.scheme.runtime.loop import RunLoop

DEFAULT_MAX_CONCURRENT = 10
MAX_CONCURRENT_CAP = 100  # #:max-concurrent above this is clamped
MAX_FUTURES_IN_FLIGHT = 256  # unfinished futures one run may hold at once
MAX_WORKER_THREADS = 256  # map-async worker threads alive in one run (nested maps included)
MAX_RECURSION_DEPTH = 3  # #:recursive levels below the top-level program
DEFAULT_MAX_TOKENS = 1024  # reply tokens reserved when #:max-tokens is not given
MIN_REPLY_TOKENS = 16
MAX_REPLY_TOKENS = 32_768
MAX_PROMPT_CHARS = 400_000


@dataclass(frozen=True)
class RuntimeLimits:
    """Run-wide caps (from settings.llm) and per-run concurrency bounds."""

    max_calls: int = 500
    max_tokens: int = 2_000_000
    max_cost: float = math.inf
    max_concurrent_cap: int = MAX_CONCURRENT_CAP
    max_futures: int = MAX_FUTURES_IN_FLIGHT
    max_threads: int = MAX_WORKER_THREADS
    max_depth: int = MAX_RECURSION_DEPTH

    @classmethod
    def from_settings(cls, settings: Any) -> RuntimeLimits:
        """The limits configured by RLM_RUN_MAX_CALLS / RLM_RUN_MAX_TOKENS / RLM_RUN_MAX_COST /
        RLM_LLM_MAX_IN_FLIGHT."""
        llm = settings.llm
        max_cost = getattr(llm, "run_max_cost", None)
        return cls(max_calls=llm.run_max_calls, max_tokens=llm.run_max_tokens,
                   max_cost=math.inf if max_cost is None else float(max_cost),
                   max_concurrent_cap=min(MAX_CONCURRENT_CAP, llm.max_in_flight))


@dataclass
class Totals:
    """Usage summed over every run of a session."""

    runs: int = 0
    calls: int = 0
    tokens: int = 0
    cost: float = 0.0


@dataclass
class RunState:
    """Everything one run (and its map-async workers and child runs) shares."""

    ledger: RunLedger
    depth: int = 0
    loop: RunLoop = field(default_factory=RunLoop)
    eval_lock: EvalLock = field(default_factory=EvalLock)
    limiters: Limiters = field(default_factory=Limiters)
    ids: IdCounter | None = None
    futures: dict[str, SchemeFuture] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    threads_alive: int = 0
    unfinished: int = 0
    cancelled: threading.Event = field(default_factory=threading.Event)

    def register(self, fut: SchemeFuture, limit: int) -> None:
        """Track a new future; refuse when too many are unfinished."""
        with self.lock:
            if self.unfinished >= limit:
                raise RunCapExceeded(
                    f"{limit} futures already in flight in this run; await some before starting more")
            self.unfinished += 1
            self.futures[fut.id] = fut
        fut.cf.add_done_callback(self._finished)

    def _finished(self, _cf) -> None:
        with self.lock:
            self.unfinished -= 1

    def take_threads(self, wanted: int, limit: int) -> int:
        """Reserve up to `wanted` worker threads; returns how many were granted."""
        with self.lock:
            granted = max(0, min(wanted, limit - self.threads_alive))
            self.threads_alive += granted
            return granted

    def give_thread(self) -> None:
        """A worker thread ended."""
        with self.lock:
            self.threads_alive -= 1

    def close(self) -> int:
        """End of run: cancel unawaited futures and in-flight calls; returns how many."""
        self.cancelled.set()
        pending = [f for f in self.futures.values() if not f.cf.done()]
        for fut in pending:
            fut.cf.cancel()
        self.loop.close()  # cancels what is left on the loop and waits for it to unwind
        return len(pending)
