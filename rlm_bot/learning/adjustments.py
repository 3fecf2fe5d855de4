"""Learned adjustments in SQL, updated atomically so concurrent replicas never lose an update.

Three kinds, each a table of values in [0, 1] (the estimated chance that the item satisfies):
`routing` (scope query_type, item model: `routing_adjustments[query_type:model]`), `strategy`
(scope query_type, item strategy) and `tool` (scope task type, item tool). Each observation
moves a value toward its target with the learning rate in one SQL statement,
`value = value + rate * (target - value)`, so two replicas updating the same row both count
(PostgreSQL re-evaluates the expression on the row it waited for; SQLite serialises writers).
The first observation of a row sets it to the target. The router, the planner and LATS read
through `scores(kind, scope)` / `stats(kind, scope)` (the pipeline's AdjustmentReader, in
pipeline/collaborators.py); the learner also reads `score(kind, scope, item)`.
"""

from __future__ import annotations

import sqlalchemy as sa

from rlm_bot.learning.types import KINDS, AdjustmentStat
from rlm_bot.learning.sql import insert_ignore
from rlm_bot.storage import Database
from rlm_bot.storage.models import Adjustment, utcnow

MAX_KEY_CHARS = 128
UNKNOWN_SCOPE = "general"


class AdjustmentStore:
    """Learned values in the `adjustments` table: read by the pipeline, written by the learner."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def scores(self, kind: str, scope: str) -> dict[str, float]:
        """Every learned value of one scope, by item."""
        return {s.item: s.value for s in self.stats(kind, scope)}

    def score(self, kind: str, scope: str, item: str) -> float | None:
        """One learned value, or None when nothing was learned yet."""
        stat = self.stat(kind, scope, item)
        return None if stat is None else stat.value

    def stat(self, kind: str, scope: str, item: str) -> AdjustmentStat | None:
        """One learned value with its observation count, or None."""
        _check_kind(kind)
        with self.db.session() as s:
            row = s.get(Adjustment, (kind, adjustment_key(scope), adjustment_key(item)))
            return None if row is None else _stat(row)

    def stats(self, kind: str, scope: str | None = None) -> list[AdjustmentStat]:
        """Learned values with counts: one scope, or every scope of the kind."""
        _check_kind(kind)
        query = sa.select(Adjustment).where(Adjustment.kind == kind)
        if scope is not None:
            query = query.where(Adjustment.scope == adjustment_key(scope))
        with self.db.session() as s:
            rows = s.scalars(query.order_by(Adjustment.scope, Adjustment.item)).all()
            return [_stat(r) for r in rows]

    def observe(self, kind: str, scope: str, item: str, target: float, rate: float) -> None:
        """Move one value toward `target` with learning rate `rate` (atomic, one statement)."""
        _check_kind(kind)
        target = _unit(target)
        rate = _unit(rate)
        key = (kind, adjustment_key(scope), adjustment_key(item))
        with self.db.session() as s:
            _ensure_row(s, self.db.dialect, key, target)
            table = Adjustment.__table__
            s.execute(sa.update(table).where(*_match(table, key)).values(
                value=sa.case((table.c.count == 0, target),
                              else_=table.c.value + rate * (target - table.c.value)),
                count=table.c.count + 1, updated_at=utcnow()))

    def shift(self, kind: str, scope: str, item: str, delta: float) -> None:
        """Add `delta` to one existing value, clamped to [0, 1] (a later correction; atomic)."""
        _check_kind(kind)
        table = Adjustment.__table__
        key = (kind, adjustment_key(scope), adjustment_key(item))
        moved = table.c.value + float(delta)
        with self.db.session() as s:
            s.execute(sa.update(table).where(*_match(table, key)).values(
                value=sa.case((moved < 0.0, 0.0), (moved > 1.0, 1.0), else_=moved),
                updated_at=utcnow()))


def _ensure_row(session, dialect: str, key: tuple[str, str, str], target: float) -> None:
    kind, scope, item = key
    values = {"kind": kind, "scope": scope, "item": item, "value": target, "count": 0,
              "updated_at": utcnow()}
    session.execute(insert_ignore(dialect, Adjustment.__table__, values))


def _match(table, key: tuple[str, str, str]) -> tuple:
    kind, scope, item = key
    return (table.c.kind == kind, table.c.scope == scope, table.c.item == item)


def _stat(row: Adjustment) -> AdjustmentStat:
    return AdjustmentStat(row.kind, row.scope, row.item, float(row.value), int(row.count))


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown adjustment kind {kind!r}; use one of {', '.join(KINDS)}")


def adjustment_key(text: str | None) -> str:
    """The scope or item name a value is kept under: stripped, cut to MAX_KEY_CHARS, and
    UNKNOWN_SCOPE when empty (the learner names its rows with it too)."""
    text = (text or UNKNOWN_SCOPE).strip() or UNKNOWN_SCOPE
    return text[:MAX_KEY_CHARS]


def _unit(value: float) -> float:
    return min(1.0, max(0.0, float(value)))
