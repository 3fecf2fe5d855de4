"""Meta-learning: each learner's rate follows how often its predictions came true.

Before a reward is learned, the learner predicts it from what it has learned so far (e.g. "the
cheap model will satisfy this query type": value >= 0.5). Every `window` predictions the
window's accuracy sets the next rate: below 60% the learner is behind the world, so the rate
goes up; above 80% it has it right, so the rate goes down; always within [MIN_RATE, MAX_RATE].
Each window closes as one point of the `learning_trajectory`. Counting and closing happen in one
transaction that holds the learner's row (a row lock on PostgreSQL, the write lock on SQLite), so
concurrent replicas never lose a prediction nor close a window twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from rlm_bot.learning.sql import insert_ignore, inserted
from rlm_bot.storage import Database
from rlm_bot.storage.models import LearningRate, LearningTrajectory, utcnow

MIN_RATE = 0.01
MAX_RATE = 0.5
LOW_ACCURACY = 0.6
HIGH_ACCURACY = 0.8
RAISE_FACTOR = 1.5
LOWER_FACTOR = 0.7
DEFAULT_WINDOW = 20


@dataclass(frozen=True)
class TrajectoryPoint:
    """One closed window of a learner: when, the rate chosen after it, the window's accuracy."""

    learner: str
    at: datetime
    rate: float
    accuracy: float | None


@dataclass(frozen=True)
class RateState:
    """A learner's current rate and the open window's counts."""

    learner: str
    rate: float
    predictions: int
    correct: int


def next_rate(rate: float, accuracy: float) -> float:
    """The rate after a window with `accuracy`: up when < 60%, down when > 80%, within bounds."""
    if accuracy < LOW_ACCURACY:
        rate *= RAISE_FACTOR
    elif accuracy > HIGH_ACCURACY:
        rate *= LOWER_FACTOR
    return min(MAX_RATE, max(MIN_RATE, rate))


class MetaLearner:
    """Learning rates per learner, in `learning_rates`, with their trajectory."""

    def __init__(self, db: Database, *, initial_rate: float = 0.1,
                 window: int = DEFAULT_WINDOW) -> None:
        self.db = db
        self.initial_rate = min(MAX_RATE, max(MIN_RATE, initial_rate))
        self.window = max(1, int(window))

    def rate(self, learner: str) -> float:
        """The learner's current rate (the initial rate until it has a row)."""
        with self.db.session() as s:
            rate = s.scalar(sa.select(LearningRate.rate).where(LearningRate.learner == learner))
            return self.initial_rate if rate is None else float(rate)

    def rates(self, learners: tuple[str, ...], session=None) -> dict[str, float]:
        """Current rates of several learners in one query (inside `session` when given)."""
        query = sa.select(LearningRate.learner, LearningRate.rate).where(
            LearningRate.learner.in_(learners))
        if session is None:
            with self.db.session() as s:
                found = dict(s.execute(query).all())
        else:
            found = dict(session.execute(query).all())
        return {name: float(found.get(name, self.initial_rate)) for name in learners}

    def state(self, learner: str) -> RateState:
        """The current rate and the open window's counts."""
        with self.db.session() as s:
            row = s.get(LearningRate, learner)
            if row is None:
                return RateState(learner, self.initial_rate, 0, 0)
            return RateState(learner, float(row.rate), int(row.predictions), int(row.correct))

    def record(self, learner: str, correct: bool) -> float:
        """Count one prediction; close the window when full. Returns the rate now in force."""
        table = LearningRate.__table__
        with self.db.session() as s:
            self._ensure_row(s, learner)
            row = s.execute(
                sa.update(table).where(table.c.learner == learner)
                .values(predictions=table.c.predictions + 1,
                        correct=table.c.correct + (1 if correct else 0), updated_at=utcnow())
                .returning(table.c.rate, table.c.predictions, table.c.correct)).one()
            rate, predictions, hits = float(row.rate), int(row.predictions), int(row.correct)
            if predictions < self.window:
                return rate
            accuracy = hits / predictions
            new = next_rate(rate, accuracy)
            s.execute(sa.update(table).where(table.c.learner == learner)
                      .values(rate=new, predictions=0, correct=0, updated_at=utcnow()))
            s.add(LearningTrajectory(learner=learner, rate=new, accuracy=accuracy))
            return new

    def trajectory(self, learner: str | None = None,
                   since: datetime | None = None) -> list[TrajectoryPoint]:
        """The closed windows, oldest first (one learner or all)."""
        query = sa.select(LearningTrajectory)
        if learner is not None:
            query = query.where(LearningTrajectory.learner == learner)
        if since is not None:
            query = query.where(LearningTrajectory.at >= since)
        with self.db.session() as s:
            rows = s.scalars(query.order_by(LearningTrajectory.at, LearningTrajectory.id)).all()
            return [TrajectoryPoint(r.learner, r.at, float(r.rate), r.accuracy) for r in rows]

    def _ensure_row(self, session, learner: str) -> None:
        values = {"learner": learner, "rate": self.initial_rate, "predictions": 0, "correct": 0,
                  "updated_at": utcnow()}
        if inserted(session, insert_ignore(self.db.dialect, LearningRate.__table__, values)):
            # the trajectory starts at the initial rate
            session.add(LearningTrajectory(learner=learner, rate=self.initial_rate, accuracy=None))
