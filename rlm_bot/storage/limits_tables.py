"""Tables of the Slack app's usage limits (migration limits_0001): budgets and the request log.

`budgets` holds the daily dollar budgets admins set per user or channel of a workspace (a missing
row means the settings' default). `request_log` holds one row per admitted request, kept about a
day, so every replica counts the same requests of the last minute. Spend is not copied anywhere:
it is the sum of `outcomes.cost`, read through the two outcome indexes declared here.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Float, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from rlm_bot.storage.models import Base, Outcome, utcnow


class DailyBudget(Base):
    """A daily dollar budget an admin set for one user or one channel of a workspace."""

    __tablename__ = "budgets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # user | channel
    target: Mapped[str] = mapped_column(String(64))  # the user id or channel id
    daily_dollars: Mapped[float] = mapped_column(Float)
    set_by: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)

    __table_args__ = (UniqueConstraint("workspace", "kind", "target", name="uq_budgets_target"),)


class RequestLogEntry(Base):
    """One request the limits admitted: who, where, when (pruned after about a day)."""

    __tablename__ = "request_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    workspace: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (
        Index("ix_request_log_user_at", "workspace", "user_id", "at"),
        Index("ix_request_log_channel_at", "workspace", "channel", "at"),
        Index("ix_request_log_at", "at"),
    )


# Spend today per user / channel sums outcomes.cost over these (created by limits_0001 too).
OUTCOME_USER_SPEND_INDEX = Index("ix_outcomes_workspace_user_created",
                                 Outcome.workspace, Outcome.user_id, Outcome.created_at)
OUTCOME_CHANNEL_SPEND_INDEX = Index("ix_outcomes_workspace_channel_created",
                                    Outcome.workspace, Outcome.channel, Outcome.created_at)
