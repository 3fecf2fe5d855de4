"""Tables of the learner beyond the first migration (revisions learning_0001 and learning_0002).

`outcome_learning` remembers which reward each outcome has already taught the adjustments, so a
reaction that arrives later, is removed, or is retried by Slack corrects the learned values
exactly once. `report_snapshots` keeps each posted report's figures, so the next report can say
what changed since. `answer_parts` links the later messages of an answer Slack got in several
parts to its outcome, so a reaction on any part counts (the outcome row holds the first).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from rlm_bot.storage.models import Base, utcnow


class OutcomeLearning(Base):
    """The reward an outcome has taught so far (None: nothing yet) and the rate it used."""

    __tablename__ = "outcome_learning"

    outcome_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("outcomes.id", ondelete="CASCADE"), primary_key=True
    )
    target: Mapped[float | None] = mapped_column(Float)
    rate: Mapped[float] = mapped_column(Float, default=0.1)
    predicted: Mapped[bool | None] = mapped_column(Boolean)
    version: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 onupdate=utcnow)


class ReportSnapshot(Base):
    """The figures of one posted (or saved) learning report."""

    __tablename__ = "report_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow,
                                                 index=True)
    period_key: Mapped[str | None] = mapped_column(String(64))
    since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)


class AnswerPart(Base):
    """One message after the first of an answer posted in several parts, and its outcome."""

    __tablename__ = "answer_parts"

    channel: Mapped[str] = mapped_column(String(64), primary_key=True)
    message_ts: Mapped[str] = mapped_column(String(32), primary_key=True)
    outcome_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("outcomes.id", ondelete="CASCADE"), index=True
    )
