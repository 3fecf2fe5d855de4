"""Exactly once across retries and replicas: a request is claimed by a unique SQL row first.

Slack retries a delivery it thinks failed (`X-Slack-Retry-Num`), a user message can arrive twice
(as `app_mention` and as `message`), and several replicas may receive the same event. Before any
work, the app inserts the event's key into `slack_events` (primary key): the insert that commits
wins, every other one fails on the key and is dropped. Keys: `ev:<event_id>` for an event,
`msg:<channel>:<ts>` for a user message, `cmd:<trigger_id>` for a slash command.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from rlm_bot.storage import Database
from rlm_bot.storage.models import SlackEvent

log = logging.getLogger(__name__)
KEY_CHARS = 64  # the column's width
KEEP_FOR = timedelta(days=2)  # Slack stops retrying within an hour; older claims are pruned
PRUNE_EVERY = 500  # claims between two prunes (per process)


class Claims:
    """Claims request keys in SQL; `claim(key)` is True exactly once per key across processes."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._since_prune = 0

    def claim(self, key: str) -> bool:
        """Insert `key`; True when this call is the first to hold it."""
        return self.claim_all([key])

    def claim_all(self, keys: list[str]) -> bool:
        """Claim every key in one transaction: True only when none was held before."""
        keys = list(dict.fromkeys(k[:KEY_CHARS] for k in keys if k))
        try:
            with self.db.session() as s:
                for key in keys:
                    s.add(SlackEvent(event_id=key))
                    s.flush()
        except sa.exc.IntegrityError:
            return False
        self._since_prune += 1
        if self._since_prune >= PRUNE_EVERY:
            self._since_prune = 0
            self.prune()
        return True

    def prune(self, now: datetime | None = None) -> int:
        """Forget claims older than KEEP_FOR; returns how many were removed."""
        cutoff = (now or datetime.now(timezone.utc)) - KEEP_FOR
        try:
            with self.db.session() as s:
                done = s.execute(sa.delete(SlackEvent).where(SlackEvent.received_at < cutoff))
                return done.rowcount or 0
        except sa.exc.SQLAlchemyError as exc:
            log.warning("could not prune old Slack claims: %s", exc)
            return 0


def event_key(event_id: str) -> str:
    """The claim key of one Events API delivery."""
    return f"ev:{event_id}"


def message_key(channel: str, ts: str) -> str:
    """The claim key of one user message, however many events carry it."""
    return f"msg:{channel}:{ts}"


def command_key(trigger_id: str) -> str:
    """The claim key of one slash command invocation."""
    return f"cmd:{trigger_id}"
