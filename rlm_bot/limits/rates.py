"""Requests of the last minute, counted in `request_log` so that every replica sees them.

`admit` runs `lock_and_prune`, the count and the insert in one transaction. The lock makes the
count-then-insert of admits in one workspace happen one after the other across every process on
the database, so the rate limit is never exceeded (margin 0): on PostgreSQL a transaction-level
advisory lock keyed by the workspace; on SQLite the prune is the transaction's first statement
and a write, so it takes the database's write lock (waiting up to the busy timeout) until commit.
"""

from __future__ import annotations

import zlib
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import InstrumentedAttribute, Session

from rlm_bot.limits.clock import LOG_RETENTION, RATE_WINDOW, utc
from rlm_bot.storage.limits_tables import RequestLogEntry

PG_LOCK_NAMESPACE = 0x726C6D6C  # "rlml": the first key of pg_advisory_xact_lock(int4, int4)
COLUMNS: dict[str, InstrumentedAttribute] = {"user": RequestLogEntry.user_id,
                                             "channel": RequestLogEntry.channel}


def lock_and_prune(session: Session, dialect: str, workspace: str, now: datetime) -> int:
    """Serialise admits of the workspace until commit, then drop rows older than a day; returns how many."""
    if dialect == "postgresql":
        key = zlib.crc32(workspace.encode()) - (1 << 31)  # into int4's range
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:ns, :key)"),
                        {"ns": PG_LOCK_NAMESPACE, "key": key})
    result = session.execute(sa.delete(RequestLogEntry)
                             .where(RequestLogEntry.at < utc(now) - LOG_RETENTION))
    return result.rowcount or 0


def usage(session: Session, workspace: str, kind: str, target: str, *, limit: int,
          now: datetime) -> tuple[int, datetime | None]:
    """Requests of the user/channel in the minute up to `now`, and when one more fits if none does."""
    now = utc(now)
    where = (RequestLogEntry.workspace == workspace, COLUMNS[kind] == target,
             RequestLogEntry.at > now - RATE_WINDOW, RequestLogEntry.at <= now)
    count = session.scalar(sa.select(sa.func.count()).select_from(RequestLogEntry).where(*where))
    count = int(count or 0)
    if limit <= 0 or count < limit:
        return count, None
    # the request whose leaving the window brings the count below the limit
    pivot = session.scalar(sa.select(RequestLogEntry.at).where(*where)
                           .order_by(RequestLogEntry.at, RequestLogEntry.id)
                           .offset(count - limit).limit(1))
    return count, utc(pivot) + RATE_WINDOW


def record(session: Session, *, workspace: str, user: str, channel: str | None,
           now: datetime) -> None:
    """Log one admitted request."""
    session.add(RequestLogEntry(workspace=workspace, user_id=user, channel=channel, at=utc(now)))
