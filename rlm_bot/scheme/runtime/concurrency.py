"""Concurrency inside one run: futures, the evaluation lock and per-map call limiters.

Scheme evaluation is serialised by one lock per run (like CPython's GIL): a map-async worker
thread holds it while it evaluates `f`, and every blocking wait (a model call, an await, a
py-* call) releases it, so while one worker waits for its model reply the others evaluate and
start theirs. Model calls made inside a map-async worker also take one slot of that map's
limiter (and of every enclosing map's), so at most `#:max-concurrent` calls are in flight.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import itertools
import threading
from collections.abc import Callable, Iterator
from typing import Any

WAIT_SLICE_S = 0.05  # how often a blocked wait re-checks the run's limits
PRUNE_AT_LEAST = 64  # a map scope drops its finished futures when its list reaches this (or doubles)


class SchemeFuture:
    """An opaque Scheme value: a model call (or child run) that has started."""

    __slots__ = ("id", "label", "cf", "convert", "awaited")

    def __init__(self, call_id: str, label: str, cf: concurrent.futures.Future,
                 convert: Callable[[Any], Any] | None = None) -> None:
        self.id = call_id
        self.label = label
        self.cf = cf
        self.convert = convert  # result of cf -> Scheme value, run by the awaiting thread
        self.awaited = False

    @property
    def scheme_name(self) -> str:
        """How Scheme prints it: #<future c1a2b3-4 llm:haiku running>."""
        state = "done" if self.cf.done() else "running"
        return f"future {self.id} {self.label} {state}"

    def __repr__(self) -> str:
        return f"#<{self.scheme_name}>"


class EvalLock:
    """The run's evaluation lock; threads record whether they hold it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._local = threading.local()

    def held(self) -> bool:
        """Whether the calling thread holds the lock."""
        return getattr(self._local, "held", False)

    def acquire(self, check: Callable[[], None]) -> None:
        """Take the lock, re-checking the run's limits while waiting."""
        while not self._lock.acquire(timeout=WAIT_SLICE_S):
            check()
        self._local.held = True

    def release(self) -> None:
        """Give the lock back (only by the thread holding it)."""
        if self.held():
            self._local.held = False
            self._lock.release()

    @contextlib.contextmanager
    def released(self, check: Callable[[], None]) -> Iterator[None]:
        """Let other workers evaluate while this thread blocks; take the lock back after."""
        if not self.held():
            yield
            return
        self.release()
        try:
            yield
        finally:
            self.acquire(lambda: None)


class MapScope:
    """One map-async: its call limiter and the futures its workers started."""

    __slots__ = ("sem", "futures", "lock", "_prune_at")

    def __init__(self, n: int) -> None:
        self.sem = threading.BoundedSemaphore(n)
        self.futures: list[concurrent.futures.Future] = []
        self.lock = threading.Lock()
        self._prune_at = PRUNE_AT_LEAST

    def track(self, cf: concurrent.futures.Future) -> None:
        """Remember a call started inside this map. Finished calls are dropped from the list once
        it doubles, not on every call: checking each future's state under its lock on every
        call made a map of N calls at C concurrent cost ~N*C lock round trips."""
        with self.lock:
            self.futures.append(cf)
            if len(self.futures) >= self._prune_at:
                self.futures = [f for f in self.futures if not f.done()]
                self._prune_at = max(PRUNE_AT_LEAST, 2 * len(self.futures))

    def cancel_all(self) -> None:
        """Cancel the calls of this map still in flight (after one item failed)."""
        with self.lock:
            pending, self.futures = self.futures, []
        for cf in pending:
            cf.cancel()


class Limiters:
    """Per-thread stack of map scopes (one per enclosing map-async)."""

    def __init__(self) -> None:
        self._local = threading.local()

    def stack(self) -> tuple[MapScope, ...]:
        """The map scopes of the calling thread, outermost first."""
        return getattr(self._local, "stack", ())

    def set_stack(self, stack: tuple[MapScope, ...]) -> None:
        """Install a stack in the calling thread (a new worker inherits its parent's)."""
        self._local.stack = stack

    def track(self, cf: concurrent.futures.Future) -> None:
        """Record a new call in every enclosing map scope."""
        for scope in self.stack():
            scope.track(cf)

    def acquire_all(self, check: Callable[[], None]) -> tuple[threading.Semaphore, ...]:
        """Take one slot of every limiter of this thread, outermost first (no deadlock: slots
        are only held by calls in flight, which finish by themselves)."""
        taken: list[threading.Semaphore] = []
        try:
            for scope in self.stack():
                sem = scope.sem
                while not sem.acquire(timeout=WAIT_SLICE_S):
                    check()
                taken.append(sem)
        except BaseException:
            for sem in taken:
                sem.release()
            raise
        return tuple(taken)


def wait_result(cf: concurrent.futures.Future, check: Callable[[], None]) -> Any:
    """Block on `cf` in slices, calling `check` between them so run limits still apply."""
    while True:
        try:
            return cf.result(timeout=WAIT_SLICE_S)
        except concurrent.futures.TimeoutError:
            check()


def first_done(futures: list[concurrent.futures.Future], check: Callable[[], None]) -> int:
    """Index of the first future of `futures` to finish."""
    while True:
        done, _ = concurrent.futures.wait(futures, timeout=WAIT_SLICE_S,
                                          return_when=concurrent.futures.FIRST_COMPLETED)
        if done:
            for i, fut in enumerate(futures):
                if fut in done:
                    return i
        check()


class IdCounter:
    """Thread-safe ids like `call-7`."""

    def __init__(self, prefix: str) -> None:
        self._prefix = prefix
        self._count = itertools.count(1)
        self._lock = threading.Lock()

    def next(self) -> str:
        """The next id."""
        with self._lock:
            return f"{self._prefix}-{next(self._count)}"
