"""Learning: every Slack message of a split answer leads to its outcome (answer_parts).

Revision ID: learning_0002
Revises: route_0001
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "learning_0002"
down_revision = "route_0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create answer_parts: the messages after the first of an answer posted in several parts."""
    op.create_table(
        "answer_parts",
        sa.Column("channel", sa.String(64), primary_key=True),
        sa.Column("message_ts", sa.String(32), primary_key=True),
        sa.Column("outcome_id", sa.String(32),
                  sa.ForeignKey("outcomes.id", ondelete="CASCADE"), nullable=False),
    )
    op.create_index("ix_answer_parts_outcome_id", "answer_parts", ["outcome_id"])


def downgrade() -> None:
    """Drop the table of this revision."""
    op.drop_index("ix_answer_parts_outcome_id", "answer_parts")
    op.drop_table("answer_parts")
