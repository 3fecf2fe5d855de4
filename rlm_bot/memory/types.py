"""Dataclasses that cross the memory boundary: records, search hits, write results."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

# The kinds of memory the bot keeps.
KINDS = ("fact", "preference", "experience", "conversation", "document")
# Who may see a memory: the author in a DM, one channel, the whole workspace, or every
# workspace (shipped seed knowledge only).
VISIBILITIES = ("dm", "channel", "workspace", "global")
GLOBAL_WORKSPACE = "*"
SEARCH_MODES = ("hybrid", "vector", "keyword", "rrf", "rsf")  # rrf, rsf: older fusions, for comparison


@dataclass(frozen=True)
class MemoryRecord:
    """One stored memory with its metadata (the SQL row is the source of truth)."""

    id: str
    text: str
    kind: str
    workspace: str
    channel: str
    user: str
    visibility: str
    source: str
    created_at: datetime
    last_used_at: datetime
    use_count: int
    confidence: float
    base_confidence: float
    merged_count: int = 0
    meta: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        return {
            "id": self.id, "text": self.text, "kind": self.kind, "workspace": self.workspace,
            "channel": self.channel, "user": self.user, "visibility": self.visibility,
            "source": self.source, "created_at": self.created_at.isoformat(),
            "last_used_at": self.last_used_at.isoformat(), "use_count": self.use_count,
            "confidence": round(self.confidence, 4), "base_confidence": round(self.base_confidence, 4),
            "merged_count": self.merged_count, "meta": dict(self.meta),
        }


@dataclass(frozen=True)
class Hit:
    """One search result: the record, its fused score and how each index ranked it."""

    record: MemoryRecord
    score: float
    similarity: float | None = None  # cosine similarity from the vector index
    keyword_rank: int | None = None  # 1-based rank in the keyword index
    vector_rank: int | None = None  # 1-based rank in the vector index
    coverage: float | None = None  # share of the query's IDF weight in the text (hybrid only)

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data."""
        out = self.record.as_dict()
        out.update(score=round(self.score, 6), similarity=None if self.similarity is None
                   else round(self.similarity, 4), keyword_rank=self.keyword_rank,
                   vector_rank=self.vector_rank, coverage=None if self.coverage is None
                   else round(self.coverage, 4))
        return out


@dataclass(frozen=True)
class AddResult:
    """What a write did: the id kept, whether it merged into a near-duplicate, what was redacted."""

    id: str
    merged: bool = False
    redacted: tuple[str, ...] = ()
    similarity: float | None = None
