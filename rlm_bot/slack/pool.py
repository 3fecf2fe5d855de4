"""A bounded pool for the work that follows an ack: N run at once, M wait, the rest are refused.

Slack wants an ack within 3 s, so listeners only claim the request and hand the work here. When
every worker is busy the job waits in a queue of fixed length and the caller learns its position
(to tell the user "busy — queued, position n"); when the queue is full the job is refused at
once (to tell the user "busy, try again in a minute") instead of piling up in silence.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Admission:
    """What happened to a submitted job: started, queued at `position` (1 = next), or refused."""

    accepted: bool
    position: int = 0  # 0: a worker took it at once


class WorkPool:
    """Runs jobs on `workers` daemon threads with a waiting queue of `queue_size`."""

    def __init__(self, workers: int, queue_size: int, *, name: str = "rlm-slack") -> None:
        self.workers = max(1, workers)
        self.queue_size = max(0, queue_size)
        self._queue: deque[Callable[[], None]] = deque()
        self._lock = threading.Condition()
        self._busy = 0
        self._closed = False
        self._threads = [threading.Thread(target=self._loop, name=f"{name}-{i}", daemon=True)
                         for i in range(self.workers)]
        for thread in self._threads:
            thread.start()

    def submit(self, job: Callable[[], None]) -> Admission:
        """Queue `job`; refused when the pool is closed or the queue is full."""
        with self._lock:
            if self._closed:
                return Admission(False)
            idle = self.workers - self._busy - len(self._queue)
            if idle <= 0 and len(self._queue) >= self.queue_size:
                return Admission(False)
            self._queue.append(job)
            position = 0 if idle > 0 else len(self._queue)
            self._lock.notify()
            return Admission(True, position)

    def stats(self) -> dict[str, int]:
        """Running and waiting jobs, and the pool's limits."""
        with self._lock:
            return {"running": self._busy, "queued": len(self._queue), "workers": self.workers,
                    "queue_size": self.queue_size}

    def close(self, timeout: float = 5.0) -> None:
        """Stop taking jobs; running jobs finish (waited for up to `timeout` seconds)."""
        with self._lock:
            self._closed = True
            self._queue.clear()
            self._lock.notify_all()
        for thread in self._threads:
            thread.join(timeout)

    def _loop(self) -> None:
        while True:
            with self._lock:
                while not self._queue and not self._closed:
                    self._lock.wait()
                if self._closed and not self._queue:
                    return
                job = self._queue.popleft()
                self._busy += 1
            try:
                job()
            except Exception:  # noqa: BLE001 - a job's failure must not kill a worker
                log.exception("a Slack job failed outside its own error handling")
            finally:
                with self._lock:
                    self._busy -= 1
