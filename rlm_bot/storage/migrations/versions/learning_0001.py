"""Learning: per-outcome applied reward (exactly-once corrections) and report snapshots.

Revision ID: learning_0001
Revises: 0001_initial
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "learning_0001"
down_revision = "0001_initial"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create outcome_learning and report_snapshots."""
    op.create_table(
        "outcome_learning",
        sa.Column("outcome_id", sa.String(32),
                  sa.ForeignKey("outcomes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("target", sa.Float),
        sa.Column("rate", sa.Float, nullable=False),
        sa.Column("predicted", sa.Boolean),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_table(
        "report_snapshots",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("period_key", sa.String(64)),
        sa.Column("since", TS),
        sa.Column("until", TS),
        sa.Column("summary", sa.JSON, nullable=False),
    )
    op.create_index("ix_report_snapshots_created_at", "report_snapshots", ["created_at"])


def downgrade() -> None:
    """Drop the tables of this revision."""
    op.drop_table("report_snapshots")
    op.drop_table("outcome_learning")
