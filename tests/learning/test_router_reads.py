"""The router stage reads what the learner wrote: unhappy users move a query type's routing."""

from __future__ import annotations

from types import SimpleNamespace

from rlm_bot.config import LearningSettings
from rlm_bot.learning.adjustments import AdjustmentStore
from rlm_bot.learning.learner import Learner
from rlm_bot.learning.types import OutcomeRecord
from rlm_bot.pipeline.route import route

PROFILES = {
    "cheap": {"quality": 0.8, "input_cost_per_1k": 0.0002, "output_cost_per_1k": 0.0006,
              "strengths": (), "context_window": 100_000},
    "strong": {"quality": 0.9, "input_cost_per_1k": 0.006, "output_cost_per_1k": 0.018,
               "strengths": (), "context_window": 100_000},
}
FEATURES = SimpleNamespace(query_type="sql", intent="question", is_simple=False,
                           difficulty=0.4, chars=800)


def _route(store):
    return route(FEATURES, profiles=PROFILES, cascade_order=("cheap", "strong"),
                 cost_sensitivity=0.5, adjustments=store)


def test_router_moves_off_the_model_users_dislike(db):
    store = AdjustmentStore(db)
    assert _route(store).model == "cheap"
    learner = Learner(db, LearningSettings(learning_rate=0.3))
    for _ in range(6):  # users keep giving the cheap model's SQL answers a thumbs down
        learner.reward(learner.learn(OutcomeRecord(query_text="q", query_type="sql",
                                                   models=("cheap",))), 0.0)
    decision = _route(store)
    assert decision.model == "strong"
    assert "learned" in decision.reason or any(c.learned == 0.0 for c in decision.candidates)
