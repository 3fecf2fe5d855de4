"""Memory upkeep: decay by disuse, experience tallies, consolidation of repeated experiences."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import sqlalchemy as sa

from rlm_bot.memory.keyword import ITEMS
from rlm_bot.storage.memory_tables import MemoryItem

HALF_LIFE_DAYS = 30.0  # an unused memory's confidence halves every month
CONSOLIDATE_SIMILARITY = 0.85  # experiences this similar (same bucket) are one lesson
NO_DECAY_VISIBILITY = "global"  # shipped seed knowledge does not fade


def effective_confidence(base: float, last_used: datetime, visibility: str, now: datetime) -> float:
    """`base` halved for every HALF_LIFE_DAYS since last use (a pure function of timestamps)."""
    if visibility == NO_DECAY_VISIBILITY:
        return base
    if last_used.tzinfo is None:
        last_used = last_used.replace(tzinfo=timezone.utc)
    idle_days = max(0.0, (now - last_used).total_seconds() / 86400.0)
    return base * 0.5 ** (idle_days / HALF_LIFE_DAYS)


def tally_experience(meta: dict[str, Any], new: dict[str, Any], *, initial: bool = False) -> None:
    """Count one more occurrence of an experience (and whether it worked) into `meta`."""
    if initial:
        meta.setdefault("occurrences", 1)
        outcome = meta.get("outcome")
        meta.setdefault("successes", 1 if outcome == "success" else 0)
        meta.setdefault("failures", 1 if outcome == "failure" else 0)
        return
    meta["occurrences"] = int(meta.get("occurrences", 1)) + int(new.get("occurrences", 1))
    outcome = new.get("outcome")
    meta["successes"] = int(meta.get("successes", 0)) + int(
        new.get("successes", 1 if outcome == "success" else 0))
    meta["failures"] = int(meta.get("failures", 0)) + int(
        new.get("failures", 1 if outcome == "failure" else 0))
    if outcome:
        meta["last_outcome"] = outcome


def decay(store: Any, now: datetime, prune_below: float | None) -> dict[str, int]:
    """Write each memory's decayed confidence; delete those under `prune_below` (never seeds)."""
    updated = 0
    doomed: list[str] = []
    with store.db.session() as session:
        conn = session.connection()
        rows = conn.execute(sa.select(ITEMS.c.id, ITEMS.c.base_confidence, ITEMS.c.confidence,
                                      ITEMS.c.last_used_at, ITEMS.c.visibility)).all()
        for row in rows:
            value = effective_confidence(row.base_confidence, row.last_used_at, row.visibility, now)
            if prune_below is not None and value < prune_below and row.visibility != NO_DECAY_VISIBILITY:
                doomed.append(row.id)
            elif abs(value - row.confidence) > 1e-9:
                conn.execute(sa.update(ITEMS).where(ITEMS.c.id == row.id).values(confidence=value))
                updated += 1
    pruned = store.forget(doomed) if doomed else []
    return {"checked": len(rows), "updated": updated, "pruned": len(pruned)}


def consolidate(store: Any, workspace: str | None) -> dict[str, int]:
    """Greedy clustering of experiences per bucket; each cluster becomes one tallied memory."""
    import numpy as np

    stmt = sa.select(ITEMS).where(ITEMS.c.kind == "experience")
    if workspace:
        stmt = stmt.where(ITEMS.c.workspace == workspace)
    with store.db.engine.connect() as conn:
        rows = conn.execute(stmt).all()
    buckets: dict[tuple[str, ...], list[Any]] = {}
    for row in rows:
        key = (row.workspace, row.visibility,
               row.channel if row.visibility == "channel" else "",
               row.user_id if row.visibility == "dm" else "")
        buckets.setdefault(key, []).append(row)
    groups = removed = 0
    for members in buckets.values():
        if len(members) < 2:
            continue
        vectors = store.vectors.vectors({members[0].workspace: [m.id for m in members]})
        members = [m for m in members if m.id in vectors]
        # Representatives first: the most used, then the most recent.
        members.sort(key=lambda m: (m.use_count, m.updated_at), reverse=True)
        matrix = np.asarray([vectors[m.id] for m in members], dtype=np.float32)
        taken = [False] * len(members)
        for i, head in enumerate(members):
            if taken[i]:
                continue
            sims = matrix @ matrix[i]
            cluster = [j for j in range(i + 1, len(members))
                       if not taken[j] and sims[j] >= CONSOLIDATE_SIMILARITY]
            if not cluster:
                continue
            for j in cluster:
                taken[j] = True
            _absorb(store, head, [members[j] for j in cluster])
            groups += 1
            removed += len(cluster)
    return {"experiences": len(rows), "groups": groups, "removed": removed}


def _absorb(store: Any, head: Any, others: list[Any]) -> None:
    with store.db.session() as session:
        row = session.get(MemoryItem, head.id)
        meta = dict(row.meta or {})
        tally_experience(meta, {}, initial=True)
        for other in others:
            tally_experience(meta, dict(other.meta or {"occurrences": 1}) | {"outcome": None})
            row.use_count += other.use_count
            row.base_confidence = max(row.base_confidence, other.base_confidence)
            last = other.last_used_at if other.last_used_at.tzinfo else other.last_used_at.replace(
                tzinfo=timezone.utc)
            mine = row.last_used_at if row.last_used_at.tzinfo else row.last_used_at.replace(
                tzinfo=timezone.utc)
            row.last_used_at = max(mine, last)
        meta["consolidated_from"] = sorted(set(meta.get("consolidated_from", [])) | {o.id for o in others})
        row.meta = meta
        row.merged_count += len(others)
    store.forget([o.id for o in others])
