"""Memory store: memory_items, plus its keyword index (FTS5 on SQLite, tsvector on PostgreSQL).

Revision ID: memory_0001
Revises: 0001_initial
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "memory_0001"
down_revision = "0001_initial"
branch_labels = ("memory",)
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create memory_items and the dialect's full-text index."""
    op.create_table(
        "memory_items",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("workspace", sa.String(64), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("user_id", sa.String(64), nullable=False),
        sa.Column("visibility", sa.String(16), nullable=False),
        sa.Column("source", sa.String(256), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.Column("updated_at", TS, nullable=False),
        sa.Column("last_used_at", TS, nullable=False),
        sa.Column("use_count", sa.Integer, nullable=False),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("base_confidence", sa.Float, nullable=False),
        sa.Column("merged_count", sa.Integer, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("seed_key", sa.String(512)),
        sa.Column("meta", sa.JSON),
    )
    op.create_index("ix_memory_scope", "memory_items", ["workspace", "visibility", "channel"])
    op.create_index("ix_memory_user", "memory_items", ["workspace", "user_id"])
    op.create_index("ix_memory_hash", "memory_items", ["content_hash"])
    op.create_index("ix_memory_seed", "memory_items", ["seed_key"])
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("CREATE VIRTUAL TABLE memory_fts USING fts5("
                   "id UNINDEXED, text, tokenize = 'porter unicode61')")
    elif dialect == "postgresql":
        op.execute("ALTER TABLE memory_items ADD COLUMN tsv tsvector "
                   "GENERATED ALWAYS AS (to_tsvector('english', text)) STORED")
        op.execute("CREATE INDEX ix_memory_tsv ON memory_items USING GIN (tsv)")


def downgrade() -> None:
    """Drop the memory store."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS memory_fts")
    op.drop_table("memory_items")
