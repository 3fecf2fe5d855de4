"""Per-model request rate limits: an asyncio token bucket per profile with `rpm` set."""

from __future__ import annotations

import asyncio
import time

# A bucket holds at most one second's worth of requests (at least one), so a burst never
# exceeds what the provider would accept in a second at the configured rate.
BURST_SECONDS = 1.0


class RateLimiter:
    """Allow at most `rpm` requests per minute, smoothly; waiters are served in arrival order."""

    def __init__(self, rpm: int) -> None:
        self.rpm = rpm
        self.rate = rpm / 60.0
        self.capacity = max(1.0, self.rate * BURST_SECONDS)
        self._tokens = self.capacity
        self._stamp = time.monotonic()
        self._lock = asyncio.Lock()
        self.waiting = 0
        self.throttled = 0

    def _refill(self) -> None:
        now = time.monotonic()
        self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
        self._stamp = now

    async def acquire(self) -> None:
        """Wait until one request may start."""
        self.waiting += 1
        try:
            async with self._lock:  # FIFO: asyncio.Lock wakes waiters in order
                self._refill()
                if self._tokens < 1.0:
                    self.throttled += 1
                    await asyncio.sleep((1.0 - self._tokens) / self.rate)
                    self._refill()
                self._tokens -= 1.0
        finally:
            self.waiting -= 1

    def state(self) -> dict[str, float | int]:
        """Configured rate, requests available now, callers waiting, times throttled (read-only:
        safe from any thread)."""
        available = min(self.capacity, self._tokens + (time.monotonic() - self._stamp) * self.rate)
        return {"rpm": self.rpm, "available": round(max(0.0, available), 2), "waiting": self.waiting,
                "throttled": self.throttled}
