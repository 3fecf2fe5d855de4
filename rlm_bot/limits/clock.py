"""Times of the limits: everything in UTC, days start at 00:00 UTC, the rate window is 60 s."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

RATE_WINDOW = timedelta(seconds=60)
LOG_RETENTION = timedelta(days=1)  # request_log rows older than this are pruned


def utc(moment: datetime | None = None) -> datetime:
    """`moment` (default: now) as an aware UTC datetime; a naive one is taken to be UTC."""
    if moment is None:
        return datetime.now(timezone.utc)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def day_start(moment: datetime) -> datetime:
    """00:00 UTC of the day `moment` falls on."""
    return utc(moment).replace(hour=0, minute=0, second=0, microsecond=0)


def next_reset(moment: datetime) -> datetime:
    """The next 00:00 UTC after `moment`, when daily budgets start again."""
    return day_start(moment) + timedelta(days=1)
