"""The asyncio event loop in a daemon thread where every LLMClient's calls run.

All clients of a process share one loop (`shared_loop()`): litellm keeps process-wide state
bound to the loop it first ran on (its async logging worker's queue), and two loops calling
litellm at once make that worker fail on every call, logging a traceback each time. One loop
also keeps every call on one thread, which is all the GIL allows anyway.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any


class LoopThread:
    """An asyncio loop in a daemon thread (use `shared_loop()`)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, name="rlm-llm-loop", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()

    def submit(self, coro: Any) -> concurrent.futures.Future:
        """Run a coroutine on the loop; a concurrent future for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop)

    async def run_from(self, coro: Any) -> Any:
        """Await `coro` run on this loop from another running loop: one thread hop each way, no
        concurrent.futures layer; cancelling the awaiting task cancels the call."""
        caller = asyncio.get_running_loop()
        result = caller.create_future()
        holder: list[asyncio.Task] = []

        def deliver(task: asyncio.Task) -> None:
            if result.done():
                return
            if task.cancelled():
                result.cancel()
            elif task.exception() is not None:
                result.set_exception(task.exception())
            else:
                result.set_result(task.result())

        def start() -> None:
            task = self.loop.create_task(coro)
            holder.append(task)
            if result.cancelled():  # the caller gave up before the call started
                task.cancel()
            task.add_done_callback(lambda t: _call_soon(caller, deliver, t))

        self.loop.call_soon_threadsafe(start)
        try:
            return await result
        except asyncio.CancelledError:
            if holder:
                self.loop.call_soon_threadsafe(holder[0].cancel)
            else:  # not started yet: start() sees the cancelled result and cancels the task at once
                pass
            raise


_SHARED: LoopThread | None = None
_SHARED_LOCK = threading.Lock()


def shared_loop() -> LoopThread:
    """The process-wide loop thread for model calls (started on first use)."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None or _SHARED.loop.is_closed() or not _SHARED.thread.is_alive():
            _SHARED = LoopThread()
        return _SHARED


def _call_soon(loop: asyncio.AbstractEventLoop, fn: Any, *args: Any) -> None:
    try:
        loop.call_soon_threadsafe(fn, *args)
    except RuntimeError:  # the caller's loop is closed: nobody is waiting any more
        pass
