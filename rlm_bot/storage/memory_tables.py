"""SQL tables of the memory store (migration memory_0001).

`memory_items` is the source of truth of every memory (text and metadata); Chroma holds the
vectors, keyed by the same id, and can be rebuilt from here. Keyword search uses an FTS5 table
`memory_fts` on SQLite and a generated `tsv` column with a GIN index on PostgreSQL; both are
created by the migration and queried with SQL text, so they are not mapped here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from rlm_bot.storage.models import Base, new_id, utcnow


class MemoryItem(Base):
    """One memory: what it says, whose it is, who may see it, how it has been used."""

    __tablename__ = "memory_items"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    workspace: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[str] = mapped_column(String(64))
    visibility: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(256), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    use_count: Mapped[int] = mapped_column(Integer, default=0)
    confidence: Mapped[float] = mapped_column(Float, default=1.0)
    base_confidence: Mapped[float] = mapped_column(Float, default=1.0)
    merged_count: Mapped[int] = mapped_column(Integer, default=0)
    content_hash: Mapped[str] = mapped_column(String(64))
    seed_key: Mapped[str | None] = mapped_column(String(512))
    meta: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (
        Index("ix_memory_scope", "workspace", "visibility", "channel"),
        Index("ix_memory_user", "workspace", "user_id"),
        Index("ix_memory_hash", "content_hash"),
        Index("ix_memory_seed", "seed_key"),
    )
