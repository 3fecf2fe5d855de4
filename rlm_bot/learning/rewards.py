"""Public readers of the rewards the learner was taught, for the stages that learn from them too.

An outcome's reward is what `Learner.reward` last taught for it: the users' aggregated
satisfaction (0 … 1), 0 for an answer that failed, or None when nothing is taught (nobody has
voted yet, or every vote was withdrawn). `version` grows by one with every change, on whichever
replica made it, so a reader can tell a newer state from one it has already applied.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from rlm_bot.storage import Database
from rlm_bot.storage.learning_tables import OutcomeLearning

CHUNK = 500  # ids per IN (...) query


@dataclass(frozen=True)
class Reward:
    """The reward currently taught for one outcome."""

    outcome_id: str
    target: float | None
    version: int
    updated_at: datetime


def rewards_changed_since(db: Database, since: datetime | None) -> list[Reward]:
    """Rewards whose state changed at or after `since` (all of them when None), oldest first."""
    query = sa.select(OutcomeLearning.outcome_id, OutcomeLearning.target, OutcomeLearning.version,
                      OutcomeLearning.updated_at)
    if since is not None:
        query = query.where(OutcomeLearning.updated_at >= since)
    with db.session() as s:
        rows = s.execute(query.order_by(OutcomeLearning.updated_at)).all()
    return [Reward(*row) for row in rows]


def rewards_of(db: Database, outcome_ids: Iterable[str]) -> dict[str, Reward]:
    """The current reward state of each given outcome that has one."""
    ids = list(dict.fromkeys(outcome_ids))
    out: dict[str, Reward] = {}
    with db.session() as s:
        for start in range(0, len(ids), CHUNK):
            rows = s.execute(sa.select(OutcomeLearning.outcome_id, OutcomeLearning.target,
                                       OutcomeLearning.version, OutcomeLearning.updated_at)
                             .where(OutcomeLearning.outcome_id.in_(ids[start:start + CHUNK]))).all()
            out.update((row[0], Reward(*row)) for row in rows)
    return out
