"""A private asyncio event loop in a daemon thread: where every call of an LLMClient runs."""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any


class LoopThread:
    """A private asyncio loop in a daemon thread."""

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

    def abandon(self) -> None:
        """Stop the loop without cleanup (the client was garbage-collected unclosed)."""
        if not self.loop.is_closed():
            try:
                self.loop.call_soon_threadsafe(self.loop.stop)
            except RuntimeError:
                pass

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

    def stop(self, cleanup: Any) -> None:
        """Run the `cleanup` coroutine, stop the loop, join the thread and close the loop."""
        if self.loop.is_closed():
            return
        try:
            asyncio.run_coroutine_threadsafe(cleanup, self.loop).result(10)
        except (concurrent.futures.TimeoutError, RuntimeError):
            pass
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        if not self.thread.is_alive():
            self.loop.close()


def _call_soon(loop: asyncio.AbstractEventLoop, fn: Any, *args: Any) -> None:
    try:
        loop.call_soon_threadsafe(fn, *args)
    except RuntimeError:  # the caller's loop is closed: nobody is waiting any more
        pass
