"""The asyncio loop model calls run on, and each run's handle on it.

One daemon loop thread serves the process (HTTP clients cache connections per event loop, so a
loop per run would throw them away every run); each run owns a `RunLoop` that tracks the tasks it
started and cancels those still pending when the run ends.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
import time
from collections.abc import Callable, Coroutine
from typing import Any

LOOP_START_TIMEOUT_S = 5.0
CANCEL_TIMEOUT_S = 5.0

_shared_lock = threading.Lock()
_shared_loop: asyncio.AbstractEventLoop | None = None


def shared_loop() -> asyncio.AbstractEventLoop:
    """The process-wide background event loop, started on first use."""
    global _shared_loop
    with _shared_lock:
        if _shared_loop is None or _shared_loop.is_closed():
            ready = threading.Event()
            loop = asyncio.new_event_loop()

            def main() -> None:
                asyncio.set_event_loop(loop)
                loop.call_soon(ready.set)
                loop.run_forever()

            threading.Thread(target=main, name="rlm-model-loop", daemon=True).start()
            ready.wait(LOOP_START_TIMEOUT_S)
            _shared_loop = loop
        return _shared_loop


class RunLoop:
    """A run's view of the loop: submit coroutines, cancel whatever is unfinished at the end.

    `loop` picks the event loop: the model client's own loop when it offers one (a call then
    crosses threads once instead of three times), else the process-wide background loop.
    """

    def __init__(self, loop: Callable[[], asyncio.AbstractEventLoop] | None = None) -> None:
        self._loop = loop or shared_loop
        self._lock = threading.Lock()
        self._pending: dict[concurrent.futures.Future, threading.Event] = {}
        self._closed = False

    def submit(self, coro: Coroutine[Any, Any, Any]) -> concurrent.futures.Future:
        """Schedule `coro`; returns a thread-safe future of its result."""
        finished = threading.Event()

        async def tracked() -> Any:
            try:
                return await coro
            finally:
                finished.set()  # set when the coroutine has really unwound, not just cancelled

        with self._lock:
            if self._closed:
                coro.close()
                raise RuntimeError("the run has ended; no new calls can start")
            future = asyncio.run_coroutine_threadsafe(tracked(), self._loop())
            self._pending[future] = finished
        future.add_done_callback(self._forget)
        return future

    def _forget(self, future: concurrent.futures.Future) -> None:
        if future.cancelled():
            return  # keep it until its coroutine has unwound (see close)
        with self._lock:
            self._pending.pop(future, None)

    @property
    def pending(self) -> int:
        """Tasks of this run not finished yet."""
        with self._lock:
            return len(self._pending)

    def close(self) -> int:
        """Refuse new work and cancel every unfinished task of this run; returns how many."""
        with self._lock:
            self._closed = True
            pending = [(f, e) for f, e in self._pending.items() if not e.is_set()]
        cancelled = 0
        for future, _ in pending:
            cancelled += future.cancel()  # cancels the asyncio task on its loop thread
        deadline = time.monotonic() + CANCEL_TIMEOUT_S
        for _, finished in pending:  # wait until each coroutine has unwound (connections closed)
            finished.wait(max(0.0, deadline - time.monotonic()))
        with self._lock:
            self._pending.clear()
        return cancelled
