"""Tables of the live learned router (migration route_0001): observations and query clusters.

`route_observations` keeps, for every answer the learned router routed, what its learner needs to
learn from that answer later: the query's embedding (float32 bytes) and side features, which tier
answered and the model pair the tiers stood for. The answer's outcome (the reward the learning
package was taught from users' satisfaction) is not copied here: it is read from the learning
package when it changes, so a reaction removed on another replica is seen as an undo.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from rlm_bot.storage.models import Base, utcnow


class RouteObservation(Base):
    """One routed answer: its query vector, side features, the tier used, and the routing choice."""

    __tablename__ = "route_observations"

    outcome_id: Mapped[str] = mapped_column(
        String(32), ForeignKey("outcomes.id", ondelete="CASCADE"), primary_key=True
    )
    workspace: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    embedder: Mapped[str] = mapped_column(String(128))  # model id the vector came from
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    side: Mapped[list[float]] = mapped_column(JSON)
    weak_model: Mapped[str] = mapped_column(String(128))
    strong_model: Mapped[str] = mapped_column(String(128))
    tier: Mapped[str] = mapped_column(String(8))  # "weak" | "strong": whose answer was used
    model: Mapped[str | None] = mapped_column(String(128))
    first_hop: Mapped[str] = mapped_column(String(8))  # the router's choice
    explored: Mapped[bool] = mapped_column(Boolean, default=False)
    cost_sensitivity: Mapped[float] = mapped_column(Float)
    p_weak: Mapped[float | None] = mapped_column(Float)
    p_strong: Mapped[float | None] = mapped_column(Float)
    cluster: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_route_observations_workspace_created", "workspace", "created_at"),)


class RouteCluster(Base):
    """One cluster of past queries' embeddings in a workspace: its centroid and member count."""

    __tablename__ = "route_clusters"

    workspace: Mapped[str] = mapped_column(String(64), primary_key=True)
    embedder: Mapped[str] = mapped_column(String(128), primary_key=True)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    centroid: Mapped[bytes] = mapped_column(LargeBinary)
    count: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
