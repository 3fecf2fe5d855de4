"""Stage 7, learn: record the outcome, then turn rewards into routing, strategy and tool values.

A reward is the satisfaction users expressed (0 = unhappy … 1 = happy), or 0 for a failed
answer. Each outcome teaches at most one reward at a time: `outcome_learning` remembers the
reward already taught, so a reaction arriving days later, removed again, or delivered twice by
Slack's retries changes the learned values exactly once (a compare-and-swap on that row, in the
same transaction as the value updates). A later change of mind is applied as a correction of the
earlier step, not as a second observation.

Models the cascade passed over (their answer was not confident enough) are weak negative
evidence for that query type, learned at once at a reduced rate.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from rlm_bot.config import LearningSettings
from rlm_bot.learning.adjustments import AdjustmentStore, adjustment_key
from rlm_bot.learning.meta import DEFAULT_WINDOW, MetaLearner
from rlm_bot.learning.outcomes import record_outcome
from rlm_bot.learning.types import OutcomeRecord
from rlm_bot.learning.sql import insert_ignore
from rlm_bot.storage import Database
from rlm_bot.storage.learning_tables import OutcomeLearning
from rlm_bot.storage.models import Adjustment, Outcome, utcnow

ESCALATION_WEIGHT = 0.5  # a model the cascade escalated from: negative evidence at half rate
SATISFIED = 0.5  # a reward at or above this counts as "satisfied" for predictions
MAX_CAS_ATTEMPTS = 20
FAILURE_REWARD = 0.0
LEARNERS = ("routing", "strategy", "tool")


@dataclass(frozen=True)
class _Targets:
    """Which adjustment rows one outcome's reward moves, per learner."""

    routing: list[tuple[str, str]]
    strategy: list[tuple[str, str]]
    tool: list[tuple[str, str]]

    def by_learner(self) -> dict[str, list[tuple[str, str]]]:
        return {"routing": self.routing, "strategy": self.strategy, "tool": self.tool}


class Learner:
    """Records outcomes and learns from their rewards (thread- and replica-safe)."""

    def __init__(self, db: Database, settings: LearningSettings | None = None, *,
                 window: int | None = None) -> None:
        settings = settings or LearningSettings()
        window = window or getattr(settings, "meta_window", DEFAULT_WINDOW)
        self.db = db
        self.settings = settings
        self.adjustments = AdjustmentStore(db)
        self.meta = MetaLearner(db, initial_rate=settings.learning_rate, window=window)

    def learn(self, record: OutcomeRecord) -> str:
        """Record one outcome and learn what is known at once; returns the outcome id."""
        outcome_id = record_outcome(self.db, record)
        self._learn_escalations(record)
        if not record.success:
            self.reward(outcome_id, FAILURE_REWARD)
        return outcome_id

    def predict(self, query_type: str | None, model: str) -> float | None:
        """The learned chance that `model` satisfies `query_type` (None: nothing learned yet)."""
        return self.adjustments.score("routing", adjustment_key(query_type), model)

    def reward(self, outcome_id: str, target: float | None) -> bool:
        """Teach (or correct, or withdraw with None) an outcome's reward; True when it changed."""
        for _ in range(MAX_CAS_ATTEMPTS):
            done = self._try_reward(outcome_id, target)
            if done is not None:
                return done
        raise RuntimeError(f"outcome {outcome_id}: reward kept changing under us; try again")

    # --- internals -----------------------------------------------------------------------------

    def _try_reward(self, outcome_id: str, target: float | None) -> bool | None:
        """One compare-and-swap attempt: True/False when settled, None to retry."""
        if target is not None:
            target = min(1.0, max(0.0, float(target)))
        with self.db.session() as s:
            outcome = s.get(Outcome, outcome_id)
            if outcome is None:
                raise KeyError(outcome_id)
            targets = _targets_of(outcome)
            self._ensure_state(s, outcome_id)
            state = s.get(OutcomeLearning, outcome_id)
            old, version = state.target, state.version
            if old == target:
                return False
            first = old is None
            if first:
                rates = self.meta.rates(LEARNERS, session=s)
            else:
                rates = dict.fromkeys(LEARNERS, state.rate)
            predictions = self._predictions(s, targets) if first and target is not None else {}
            table = OutcomeLearning.__table__
            swapped = s.execute(sa.update(table).where(table.c.outcome_id == outcome_id,
                                                       table.c.version == version)
                                .values(target=target, version=version + 1,
                                        rate=rates["routing"], updated_at=utcnow(),
                                        **({"predicted": predictions.get("routing")}
                                           if first else {})))
            if swapped.rowcount != 1:
                s.rollback()
                return None
            for learner, rows in targets.by_learner().items():
                for scope, item in rows:
                    self._move(s, learner, scope, item, old, target, rates[learner])
        for learner, predicted in predictions.items():
            self.meta.record(learner, predicted == (target >= SATISFIED))
        return True

    def _move(self, s, kind: str, scope: str, item: str, old: float | None,
              new: float | None, rate: float) -> None:
        """Apply one observation, its correction, or its withdrawal to one row."""
        table = Adjustment.__table__
        where = (table.c.kind == kind, table.c.scope == scope, table.c.item == item)
        if old is None:
            _ensure_adjustment(s, self.db.dialect, kind, scope, item, new)
            s.execute(sa.update(table).where(*where).values(
                value=sa.case((table.c.count == 0, new),
                              else_=table.c.value + rate * (new - table.c.value)),
                count=table.c.count + 1, updated_at=utcnow()))
        elif new is None:
            undone = (table.c.value - rate * old) / (1.0 - rate) if rate < 1.0 else table.c.value
            s.execute(sa.update(table).where(*where).values(
                value=sa.case((table.c.count <= 1, table.c.value), else_=_clamp(undone)),
                count=sa.case((table.c.count > 0, table.c.count - 1), else_=0),
                updated_at=utcnow()))
            s.execute(sa.delete(table).where(*where, table.c.count == 0))
        else:
            moved = sa.case((table.c.count <= 1, new),
                            else_=table.c.value + rate * (new - old))
            s.execute(sa.update(table).where(*where).values(value=_clamp(moved),
                                                            updated_at=utcnow()))

    def _predictions(self, s, targets: _Targets) -> dict[str, bool]:
        """What each learner predicted for this outcome before learning from it."""
        out: dict[str, bool] = {}
        for learner, rows in targets.by_learner().items():
            values = []
            for scope, item in rows:
                row = s.get(Adjustment, (learner, scope, item))
                if row is not None and row.count > 0:
                    values.append(float(row.value))
            if values:
                out[learner] = sum(values) / len(values) >= SATISFIED
        return out

    def _learn_escalations(self, record: OutcomeRecord) -> None:
        answered = record.answered_by
        passed_over = [m for m in record.models if m != answered]
        if not passed_over:
            return
        rate = self.meta.rate("routing") * ESCALATION_WEIGHT
        for model in dict.fromkeys(passed_over):
            self.adjustments.observe("routing", adjustment_key(record.query_type), model, 0.0, rate)

    def _ensure_state(self, s, outcome_id: str) -> None:
        values = {"outcome_id": outcome_id, "target": None, "rate": self.settings.learning_rate,
                  "predicted": None, "version": 0, "updated_at": utcnow()}
        s.execute(insert_ignore(self.db.dialect, OutcomeLearning.__table__, values))


def _targets_of(outcome: Outcome) -> _Targets:
    scope = adjustment_key(outcome.query_type)
    model = outcome.model or ((outcome.models or [None])[-1])
    routing = [(scope, adjustment_key(model))] if model else []
    strategy_name = outcome.pattern or outcome.strategy
    strategy = [(scope, adjustment_key(strategy_name))] if strategy_name else []
    task = adjustment_key(outcome.intent or outcome.query_type)
    # sorted: concurrent transactions lock rows in one order, so they cannot deadlock
    tools = sorted((task, adjustment_key(t)) for t in dict.fromkeys(outcome.tools or []))
    return _Targets(routing, strategy, tools)


def _ensure_adjustment(s, dialect: str, kind: str, scope: str, item: str, value: float) -> None:
    values = {"kind": kind, "scope": scope, "item": item, "value": value, "count": 0,
              "updated_at": utcnow()}
    s.execute(insert_ignore(dialect, Adjustment.__table__, values))


def _clamp(expr):
    return sa.case((expr < 0.0, 0.0), (expr > 1.0, 1.0), else_=expr)
