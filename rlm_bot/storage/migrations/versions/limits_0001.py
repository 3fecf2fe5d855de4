"""Usage limits: budgets, request_log, and outcome indexes for spend per user and channel.

Revision ID: limits_0001
Revises: 0001_initial
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "limits_0001"
down_revision = "0001_initial"
branch_labels = ("limits",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create budgets and request_log; index outcomes by (workspace, user|channel, created_at)."""
    op.create_table(
        "budgets",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("target", sa.String(64), nullable=False),
        sa.Column("daily_dollars", sa.Float, nullable=False),
        sa.Column("set_by", sa.String(64)),
        sa.Column("updated_at", TS, nullable=False),
        sa.UniqueConstraint("workspace", "kind", "target", name="uq_budgets_target"),
    )
    op.create_table(
        "request_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(64)),
        sa.Column("at", TS, nullable=False),
    )
    op.create_index("ix_request_log_user_at", "request_log", ["workspace", "user_id", "at"])
    op.create_index("ix_request_log_channel_at", "request_log", ["workspace", "channel", "at"])
    op.create_index("ix_request_log_at", "request_log", ["at"])
    op.create_index("ix_outcomes_workspace_user_created", "outcomes",
                    ["workspace", "user_id", "created_at"])
    op.create_index("ix_outcomes_workspace_channel_created", "outcomes",
                    ["workspace", "channel", "created_at"])


def downgrade() -> None:
    """Drop what this revision created."""
    op.drop_index("ix_outcomes_workspace_channel_created", "outcomes")
    op.drop_index("ix_outcomes_workspace_user_created", "outcomes")
    op.drop_table("request_log")
    op.drop_table("budgets")
