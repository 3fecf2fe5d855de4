"""Query types from embedding clusters of past queries (online, per workspace, kept in SQL).

Each routed query's embedding joins the nearest cluster of its workspace when their cosine
similarity reaches `NEW_CLUSTER_SIMILARITY`; otherwise it starts a new cluster (up to
`MAX_CLUSTERS`; then it joins the nearest). A cluster's centroid is the running mean of its
members. The pipeline keys what the learner learns per query type (`routing` and `strategy`
adjustments, the report's groupings) by `<analysed query type>/c<cluster>`, so "explanation
questions about tax law" and "explanation questions about cooking" are learned apart.

Replicas share the clusters through `route_clusters`: before assigning, a replica reads the
clusters changed since its last look (with an overlap for clock skew); a new cluster claims the
next id with an insert that fails harmlessly when another replica took it first; a centroid moves
by a compare-and-swap on its member count, and a move that loses that race is skipped (the query
keeps its cluster; only the centroid's drift is a little less precise).
"""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

import numpy as np
import sqlalchemy as sa

from rlm_bot.learning.sql import insert_ignore, inserted

if TYPE_CHECKING:  # annotations only
    from rlm_bot.storage import Database

# MiniLM cosine: unrelated questions ~0.0-0.15, questions of one domain ~0.2-0.5 (pairwise; a
# member's similarity to its cluster's centroid is higher, ~0.5-0.7)
NEW_CLUSTER_SIMILARITY = 0.2
MAX_CLUSTERS = 200
SYNC_OVERLAP = timedelta(seconds=120)
MAX_CLAIM_ATTEMPTS = 5


class _Space:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids: list[int] = []
        self.centroids = np.zeros((0, 0), dtype=np.float32)
        self.counts: list[int] = []
        self.watermark: datetime | None = None


class QueryClusters:
    """Online nearest-centroid clustering of query embeddings, shared through SQL."""

    def __init__(self, db: Database, embedder_id: str) -> None:
        self.db = db
        self.embedder_id = embedder_id[:128]
        self._lock = threading.Lock()
        self._spaces: dict[str, _Space] = {}

    def assign(self, workspace: str, vector: np.ndarray) -> int:
        """The cluster id of a query embedding (unit length) in `workspace`; it joins or founds one."""
        with self._lock:
            space = self._spaces.setdefault(workspace, _Space())
        vector = np.asarray(vector, dtype=np.float32).reshape(-1)
        with space.lock:
            for _ in range(MAX_CLAIM_ATTEMPTS):
                self._refresh(space, workspace, len(vector))
                if space.ids:
                    sims = space.centroids @ vector
                    best = int(np.argmax(sims))
                    if sims[best] >= NEW_CLUSTER_SIMILARITY or len(space.ids) >= MAX_CLUSTERS:
                        self._join(space, workspace, best, vector)
                        return space.ids[best]
                new_id = max(space.ids, default=-1) + 1
                if self._found(workspace, new_id, vector):
                    self._put(space, new_id, vector, 1)
                    return new_id
            raise RuntimeError("query clusters kept changing under us; try again")

    def warm(self, workspace: str, dim: int) -> None:
        """Read the workspace's clusters now (what `assign` would read first), assigning nothing."""
        with self._lock:
            space = self._spaces.setdefault(workspace, _Space())
        with space.lock:
            self._refresh(space, workspace, dim)

    def count(self, workspace: str) -> int:
        """How many clusters this replica knows in `workspace`."""
        space = self._spaces.get(workspace)
        return len(space.ids) if space else 0

    # --- internals ----------------------------------------------------------------------------

    def _table(self):
        # deferred: the ORM tables (sqlalchemy.orm), only to write
        from rlm_bot.storage.route_tables import RouteCluster

        return RouteCluster.__table__

    def _refresh(self, space: _Space, workspace: str, dim: int) -> None:
        table = self._table()
        started = datetime.now(timezone.utc)
        query = sa.select(table.c.id, table.c.centroid, table.c.count).where(
            table.c.workspace == workspace, table.c.embedder == self.embedder_id)
        if space.watermark is not None:
            query = query.where(table.c.updated_at >= space.watermark - SYNC_OVERLAP)
        with self.db.session() as s:
            rows = s.execute(query).all()
        space.watermark = started
        if space.centroids.shape[1:] != (dim,):
            space.centroids = np.zeros((0, dim), dtype=np.float32)
        for row in rows:
            centroid = np.frombuffer(row.centroid, dtype=np.float32)
            if len(centroid) == dim:
                self._put(space, int(row.id), centroid, int(row.count))

    def _put(self, space: _Space, cluster_id: int, centroid: np.ndarray, count: int) -> None:
        if cluster_id in space.ids:
            i = space.ids.index(cluster_id)
            if count >= space.counts[i]:
                space.centroids[i] = centroid
                space.counts[i] = count
            return
        space.ids.append(cluster_id)
        space.counts.append(count)
        space.centroids = np.vstack([space.centroids, centroid[None, :].astype(np.float32)])

    def _found(self, workspace: str, cluster_id: int, vector: np.ndarray) -> bool:
        values = {"workspace": workspace, "embedder": self.embedder_id, "id": cluster_id,
                  "centroid": vector.astype(np.float32).tobytes(), "count": 1,
                  "updated_at": datetime.now(timezone.utc)}
        with self.db.session() as s:
            return inserted(s, insert_ignore(self.db.dialect, self._table(), values))

    def _join(self, space: _Space, workspace: str, index: int, vector: np.ndarray) -> None:
        old, count = space.centroids[index], space.counts[index]
        moved = old * count + vector
        moved = (moved / max(float(np.linalg.norm(moved)), 1e-12)).astype(np.float32)
        table = self._table()
        with self.db.session() as s:
            done = s.execute(sa.update(table).where(
                table.c.workspace == workspace, table.c.embedder == self.embedder_id,
                table.c.id == space.ids[index], table.c.count == count,
            ).values(centroid=moved.tobytes(), count=count + 1,
                     updated_at=datetime.now(timezone.utc))).rowcount == 1
        if done:
            space.centroids[index] = moved
            space.counts[index] = count + 1
