"""Live learned router: route_observations, route_clusters, and an index on reward changes.

Revision ID: route_0001
Revises: learning_0001
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "route_0001"
down_revision = "learning_0001"
branch_labels = ("route",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create route_observations and route_clusters; index outcome_learning.updated_at for incremental syncs."""
    op.create_table(
        "route_observations",
        sa.Column("outcome_id", sa.String(32),
                  sa.ForeignKey("outcomes.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(64)),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("embedder", sa.String(128), nullable=False),
        sa.Column("dim", sa.Integer, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
        sa.Column("side", sa.JSON, nullable=False),
        sa.Column("weak_model", sa.String(128), nullable=False),
        sa.Column("strong_model", sa.String(128), nullable=False),
        sa.Column("tier", sa.String(8), nullable=False),
        sa.Column("model", sa.String(128)),
        sa.Column("first_hop", sa.String(8), nullable=False),
        sa.Column("explored", sa.Boolean, nullable=False),
        sa.Column("cost_sensitivity", sa.Float, nullable=False),
        sa.Column("p_weak", sa.Float),
        sa.Column("p_strong", sa.Float),
        sa.Column("cluster", sa.Integer),
    )
    op.create_index("ix_route_observations_workspace_created", "route_observations",
                    ["workspace", "created_at"])
    op.create_table(
        "route_clusters",
        sa.Column("workspace", sa.String(64), primary_key=True),
        sa.Column("embedder", sa.String(128), primary_key=True),
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("centroid", sa.LargeBinary, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
    )
    op.create_index("ix_outcome_learning_updated_at", "outcome_learning", ["updated_at"])


def downgrade() -> None:
    """Drop what this revision created."""
    op.drop_index("ix_outcome_learning_updated_at", "outcome_learning")
    op.drop_table("route_clusters")
    op.drop_table("route_observations")
