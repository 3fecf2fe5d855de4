"""SQLAlchemy table models of the first migration (0001_initial).

The schema itself is created by Alembic migrations (rlm_bot/storage/migrations), never by
`create_all`; these classes are the ORM view of it. Areas that need more tables add a module
`rlm_bot/storage/<area>_tables.py` using `Base` and a migration branching from 0001_initial.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Timezone-aware current time in UTC (every timestamp column stores UTC)."""
    return datetime.now(timezone.utc)


def new_id() -> str:
    """A new random 32-hex-digit identifier."""
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    """Declarative base of every rlm_bot table."""


class Outcome(Base):
    """One answered task: what was asked, what the pipeline did, what it cost, how it landed."""

    __tablename__ = "outcomes"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    workspace: Mapped[str] = mapped_column(String(64), default="local", index=True)
    channel: Mapped[str | None] = mapped_column(String(64))
    user_id: Mapped[str | None] = mapped_column(String(64))
    thread_ts: Mapped[str | None] = mapped_column(String(32))
    message_ts: Mapped[str | None] = mapped_column(String(32))
    source: Mapped[str] = mapped_column(String(16), default="cli")
    query_text: Mapped[str] = mapped_column(Text, default="")
    features: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    intent: Mapped[str | None] = mapped_column(String(32))
    query_type: Mapped[str | None] = mapped_column(String(64), index=True)
    difficulty: Mapped[float | None] = mapped_column(Float)
    strategy: Mapped[str | None] = mapped_column(String(64))
    pattern: Mapped[str | None] = mapped_column(String(64))
    models: Mapped[list[str] | None] = mapped_column(JSON)  # the cascade path, in order
    model: Mapped[str | None] = mapped_column(String(128))  # the model whose answer was used
    depth: Mapped[int] = mapped_column(Integer, default=0)
    tools: Mapped[list[str] | None] = mapped_column(JSON)
    success: Mapped[bool] = mapped_column(Boolean, default=True)
    error_class: Mapped[str | None] = mapped_column(String(128))
    confidence: Mapped[float | None] = mapped_column(Float)
    tokens_in: Mapped[int] = mapped_column(Integer, default=0)
    tokens_out: Mapped[int] = mapped_column(Integer, default=0)
    cost: Mapped[float] = mapped_column(Float, default=0.0)
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    satisfaction: Mapped[float | None] = mapped_column(Float)
    answer: Mapped[str | None] = mapped_column(Text)

    __table_args__ = (Index("ix_outcomes_channel_message_ts", "channel", "message_ts"),)


class StageEvent(Base):
    """Telemetry of one pipeline stage for one outcome (duration, decision, reason)."""

    __tablename__ = "stage_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outcome_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("outcomes.id", ondelete="CASCADE"), index=True
    )
    stage: Mapped[str] = mapped_column(String(32))
    position: Mapped[int] = mapped_column(Integer, default=0)
    duration_ms: Mapped[float] = mapped_column(Float, default=0.0)
    decision: Mapped[str] = mapped_column(String(256), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Feedback(Base):
    """One user's satisfaction signal on one answer (reaction, button or command)."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    outcome_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("outcomes.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # reaction | button | command
    emoji: Mapped[str] = mapped_column(String(64), default="")
    value: Mapped[int] = mapped_column(Integer)  # +1 or -1
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    removed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("outcome_id", "user_id", "kind", "emoji", name="uq_feedback_signal"),
    )


class SlackEvent(Base):
    """A Slack event id already processed (Slack retries deliveries; each is handled once)."""

    __tablename__ = "slack_events"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)


class Checkpoint(Base):
    """A value saved by `(checkpoint! key value)`, namespaced per workspace."""

    __tablename__ = "checkpoints"

    namespace: Mapped[str] = mapped_column(String(128), primary_key=True)
    key: Mapped[str] = mapped_column(String(512), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class Usage(Base):
    """One model call: who, which model, tokens, dollars, latency, and whether it worked."""

    __tablename__ = "usage"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    run_id: Mapped[str | None] = mapped_column(String(64), index=True)
    outcome_id: Mapped[str | None] = mapped_column(String(32))
    workspace: Mapped[str] = mapped_column(String(64), default="local")
    model: Mapped[str] = mapped_column(String(128))
    prompt_tokens: Mapped[int] = mapped_column(Integer, default=0)
    completion_tokens: Mapped[int] = mapped_column(Integer, default=0)
    cost: Mapped[float] = mapped_column(Float, default=0.0)
    latency_ms: Mapped[float] = mapped_column(Float, default=0.0)
    ok: Mapped[bool] = mapped_column(Boolean, default=True)
    error: Mapped[str | None] = mapped_column(String(256))


class Adjustment(Base):
    """A learned value: routing (query_type → model), strategy (query_type → strategy),
    tool (task_type → tool). Updated atomically in place by the learner."""

    __tablename__ = "adjustments"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)  # routing | strategy | tool
    scope: Mapped[str] = mapped_column(String(128), primary_key=True)
    item: Mapped[str] = mapped_column(String(128), primary_key=True)
    value: Mapped[float] = mapped_column(Float, default=0.0)
    count: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class LearningRate(Base):
    """The current learning rate of one learner and how well its predictions have held."""

    __tablename__ = "learning_rates"

    learner: Mapped[str] = mapped_column(String(64), primary_key=True)
    rate: Mapped[float] = mapped_column(Float)
    predictions: Mapped[int] = mapped_column(Integer, default=0)
    correct: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class LearningTrajectory(Base):
    """One point of a learner's learning-rate trajectory (meta-learning history)."""

    __tablename__ = "learning_trajectory"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    learner: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    rate: Mapped[float] = mapped_column(Float)
    accuracy: Mapped[float | None] = mapped_column(Float)


class ReportPost(Base):
    """A report period claimed for posting: the primary key makes one post per period."""

    __tablename__ = "report_posts"

    period_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    channel: Mapped[str | None] = mapped_column(String(64))
    ts: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="claimed")  # claimed | posted | failed
