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
