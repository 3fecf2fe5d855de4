"""Thread memory: answered exchanges kept as `conversation` memories, written in batches.

Embedding one exchange costs ~80 ms of CPU (MiniLM, Chroma, SQL); at a busy bot's rate that
would take the CPU its answers need. So answers only queue their exchange here, and one
background thread writes what has queued in one `add_many` (one embedding batch, one insert),
a few times a second at most. A full queue drops the newest exchange with a warning rather than
slow the answers down; `flush()` waits for what is queued (shutdown, tests).
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

from rlm_bot.memory.scope import Owner
from rlm_bot.memory.store import NewMemory
from rlm_bot.text import one_line

log = logging.getLogger(__name__)

MAX_BATCH = 64
MAX_QUEUE = 2000
QUESTION_CHARS = 600
ANSWER_CHARS = 1200


class ExchangeWriter:
    """Queues exchanges and writes them on one daemon thread with `memory.add_many`."""

    def __init__(self, memory: Callable[[], Any], *, max_queue: int = MAX_QUEUE) -> None:
        self._memory = memory
        self._queue: deque[Any] = deque()
        self._max_queue = max_queue
        self._cond = threading.Condition()
        self._busy = False
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="rlm-thread-memory", daemon=True)
        self._thread.start()

    def keep(self, *, question: str, answer: str, workspace: str, channel: str, user: str,
             is_dm: bool, source: str) -> bool:
        """Queue one exchange (a DM's stays private to its user); False when it was dropped."""
        owner = Owner(workspace=workspace, channel=channel, user=user,
                      visibility="dm" if is_dm else "channel")
        text = (f"Asked in Slack: {one_line(question, QUESTION_CHARS)}\n"
                f"Answered: {one_line(answer, ANSWER_CHARS)}")
        item = NewMemory(text=text, owner=owner, kind="conversation", source=source)
        with self._cond:
            if self._closed or len(self._queue) >= self._max_queue:
                log.warning("thread memory is behind (%d queued): an exchange was not kept",
                            len(self._queue))
                return False
            self._queue.append(item)
            self._cond.notify()
        return True

    def flush(self, timeout: float = 60.0) -> bool:
        """Wait until everything queued is written; False on timeout."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._queue and not self._busy, timeout)

    def close(self, timeout: float = 30.0) -> None:
        """Write what is queued, then stop."""
        self.flush(timeout)
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout)

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(lambda: self._queue or self._closed)
                if self._closed and not self._queue:
                    return
                batch = [self._queue.popleft() for _ in range(min(MAX_BATCH, len(self._queue)))]
                self._busy = True
            try:
                self._write(batch)
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def _write(self, batch: list[Any]) -> None:
        try:
            memory = self._memory()
        except Exception:  # noqa: BLE001 - memory is a bonus, never a reason to fail
            log.warning("thread memory unavailable; %d exchange(s) not kept", len(batch),
                        exc_info=True)
            return
        if memory is None:
            return
        try:
            memory.add_many(batch, merge=False)
        except Exception:  # noqa: BLE001 - one bad item must not lose the batch: one by one
            for item in batch:
                try:
                    memory.add_many([item], merge=False)
                except Exception:  # noqa: BLE001
                    log.warning("could not keep an exchange as a memory", exc_info=True)
