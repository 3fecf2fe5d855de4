"""Initial schema: outcomes, stage events, feedback, Slack events, checkpoints, usage, learning.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the tables of the early capabilities."""
    op.create_table(
        "outcomes",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(64)),
        sa.Column("user_id", sa.String(64)),
        sa.Column("thread_ts", sa.String(32)),
        sa.Column("message_ts", sa.String(32)),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("query_text", sa.Text, nullable=False),
        sa.Column("features", sa.JSON),
        sa.Column("intent", sa.String(32)),
        sa.Column("query_type", sa.String(64)),
        sa.Column("difficulty", sa.Float),
        sa.Column("strategy", sa.String(64)),
        sa.Column("pattern", sa.String(64)),
        sa.Column("models", sa.JSON),
        sa.Column("model", sa.String(128)),
        sa.Column("depth", sa.Integer, nullable=False),
        sa.Column("tools", sa.JSON),
        sa.Column("success", sa.Boolean, nullable=False),
        sa.Column("error_class", sa.String(128)),
        sa.Column("confidence", sa.Float),
        sa.Column("tokens_in", sa.Integer, nullable=False),
        sa.Column("tokens_out", sa.Integer, nullable=False),
        sa.Column("cost", sa.Float, nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
        sa.Column("satisfaction", sa.Float),
        sa.Column("answer", sa.Text),
    )
    op.create_index("ix_outcomes_created_at", "outcomes", ["created_at"])
    op.create_index("ix_outcomes_workspace", "outcomes", ["workspace"])
    op.create_index("ix_outcomes_query_type", "outcomes", ["query_type"])
    op.create_index("ix_outcomes_channel_message_ts", "outcomes", ["channel", "message_ts"])

    op.create_table(
        "stage_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("outcome_id", sa.String(32),
                  sa.ForeignKey("outcomes.id", ondelete="CASCADE"), nullable=False),
        sa.Column("stage", sa.String(32), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("duration_ms", sa.Float, nullable=False),
        sa.Column("decision", sa.String(256), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("data", sa.JSON),
    )
    op.create_index("ix_stage_events_outcome_id", "stage_events", ["outcome_id"])

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("outcome_id", sa.String(32),
                  sa.ForeignKey("outcomes.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("emoji", sa.String(64), nullable=False),
        sa.Column("value", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("removed_at", TS),
        sa.UniqueConstraint("outcome_id", "user_id", "kind", "emoji", name="uq_feedback_signal"),
    )
    op.create_index("ix_feedback_outcome_id", "feedback", ["outcome_id"])

    op.create_table(
        "slack_events",
        sa.Column("event_id", sa.String(64), primary_key=True),
        sa.Column("received_at", TS, nullable=False),
    )
    op.create_index("ix_slack_events_received_at", "slack_events", ["received_at"])

    op.create_table(
        "checkpoints",
        sa.Column("namespace", sa.String(128), primary_key=True),
        sa.Column("key", sa.String(512), primary_key=True),
        sa.Column("value", sa.JSON),
        sa.Column("updated_at", TS, nullable=False),
    )

    op.create_table(
        "usage",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("run_id", sa.String(64)),
        sa.Column("outcome_id", sa.String(32)),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("model", sa.String(128), nullable=False),
        sa.Column("prompt_tokens", sa.Integer, nullable=False),
        sa.Column("completion_tokens", sa.Integer, nullable=False),
        sa.Column("cost", sa.Float, nullable=False),
        sa.Column("latency_ms", sa.Float, nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("error", sa.String(256)),
    )
    op.create_index("ix_usage_created_at", "usage", ["created_at"])
    op.create_index("ix_usage_run_id", "usage", ["run_id"])

    op.create_table(
        "adjustments",
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("scope", sa.String(128), primary_key=True),
        sa.Column("item", sa.String(128), primary_key=True),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )

    op.create_table(
        "learning_rates",
        sa.Column("learner", sa.String(64), primary_key=True),
        sa.Column("rate", sa.Float, nullable=False),
        sa.Column("predictions", sa.Integer, nullable=False),
        sa.Column("correct", sa.Integer, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )

    op.create_table(
        "learning_trajectory",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("learner", sa.String(64), nullable=False),
        sa.Column("at", TS, nullable=False),
        sa.Column("rate", sa.Float, nullable=False),
        sa.Column("accuracy", sa.Float),
    )
    op.create_index("ix_learning_trajectory_learner", "learning_trajectory", ["learner"])

    op.create_table(
        "report_posts",
        sa.Column("period_key", sa.String(64), primary_key=True),
        sa.Column("claimed_at", TS, nullable=False),
        sa.Column("channel", sa.String(64)),
        sa.Column("ts", sa.String(32)),
        sa.Column("status", sa.String(16), nullable=False),
    )


def downgrade() -> None:
    """Drop every table of this revision."""
    for table in ("report_posts", "learning_trajectory", "learning_rates", "adjustments", "usage",
                  "checkpoints", "slack_events", "feedback", "stage_events", "outcomes"):
        op.drop_table(table)
