"""Dollars spent: the sum of `outcomes.cost` of a workspace, per user and/or channel, since a time."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from rlm_bot.limits.clock import utc
from rlm_bot.storage.models import Outcome


def spend_between(session: Session, workspace: str, *, user: str | None = None,
                  channel: str | None = None, since: datetime,
                  until: datetime | None = None) -> float:
    """Dollars the workspace's outcomes (of the user, in the channel, when given) cost in [since, until)."""
    query = sa.select(sa.func.sum(Outcome.cost)).where(Outcome.workspace == workspace,
                                                       Outcome.created_at >= utc(since))
    if user is not None:
        query = query.where(Outcome.user_id == user)
    if channel is not None:
        query = query.where(Outcome.channel == channel)
    if until is not None:
        query = query.where(Outcome.created_at < utc(until))
    return float(session.scalar(query) or 0.0)
