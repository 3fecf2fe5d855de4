"""The router: profiles × difficulty × cost sensitivity × learned adjustments → RouteDecision."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from rlm_bot.llm import load_profiles
from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.route import RoutingError, resolve_cost_sensitivity, route
from rlm_bot.pipeline.types import Task

ORDER = ("haiku", "sonnet", "opus")


@dataclass
class Stat:
    item: str
    value: float
    count: int


class Learned:
    """A tiny in-memory reader with the learning store's shape (scores/stats)."""

    def __init__(self, values: dict[tuple[str, str], tuple[float, int]]):
        self.values = values

    def scores(self, kind, scope):
        return {item: v for (s, item), (v, _) in self.values.items() if s == scope}

    def stats(self, kind, scope):
        return [Stat(item, v, n) for (s, item), (v, n) in self.values.items() if s == scope]


@pytest.fixture(scope="module")
def profiles():
    return load_profiles()


def test_route_simple_query_goes_to_cheapest(profiles):
    features = analyze(Task("what is 2+2?"))
    decision = route(features, profiles=profiles, cascade_order=ORDER, cost_sensitivity=0.5)
    assert decision.model == "haiku"
    assert decision.cascade[0] == "haiku" and decision.cascade[-1] == "opus"
    assert "haiku" in decision.reason and decision.estimated_cost > 0


def test_route_cost_sensitivity_moves_the_choice(profiles):
    text = ("Design a distributed rate limiter for a multi-region API gateway; compare token bucket "
            "and sliding window approaches, discuss clock skew, failure modes and give code.")
    features = analyze(Task(text))
    quality_first = route(features, profiles=profiles, cascade_order=ORDER, cost_sensitivity=0.0)
    cost_first = route(features, profiles=profiles, cascade_order=ORDER, cost_sensitivity=1.0)
    assert quality_first.model == "opus"
    assert cost_first.model == "haiku"
    assert len(quality_first.cascade) == 1


def test_route_learned_adjustment_changes_decision(profiles):
    features = analyze(Task("Refactor this function to remove the duplicated loop and explain why."))
    base = route(features, profiles=profiles, cascade_order=ORDER, cost_sensitivity=0.5)
    bad = {(features.query_type, base.model): (0.05, 20)}
    learned = route(features, profiles=profiles, cascade_order=ORDER, cost_sensitivity=0.5,
                    adjustments=Learned(bad))
    assert learned.model != base.model
    few = {(features.query_type, base.model): (0.05, 1)}  # too few observations: ignored
    assert route(features, profiles=profiles, cascade_order=ORDER, cost_sensitivity=0.5,
                 adjustments=Learned(few)).model == base.model


def test_route_max_escalations_limits_cascade(profiles):
    features = analyze(Task("hi"))
    decision = route(features, profiles=profiles, cascade_order=ORDER, cost_sensitivity=0.9, max_escalations=1)
    assert decision.cascade == ("haiku", "sonnet")


@pytest.mark.parametrize(
    "order, message",
    [((), "cascade is empty"), (("haiku", "nope"), "'nope' has no profile")],
)
def test_route_bad_cascade_is_one_clear_error(profiles, order, message):
    with pytest.raises(RoutingError, match=message):
        route(analyze(Task("hi")), profiles=profiles, cascade_order=order, cost_sensitivity=0.5)


def test_route_profile_without_prices_is_one_clear_error():
    profiles = {"cheap": {"quality": 0.7, "input_cost_per_1k": None, "output_cost_per_1k": 0.1}}
    with pytest.raises(RoutingError, match="'cheap' has no prices"):
        route(analyze(Task("hi")), profiles=profiles, cascade_order=["cheap"], cost_sensitivity=0.5)


def test_route_context_too_large_for_every_model():
    profiles = {"small": {"quality": 0.7, "input_cost_per_1k": 0.1, "output_cost_per_1k": 0.1,
                          "context_window": 100}}
    with pytest.raises(RoutingError, match="fits no model's context window"):
        route(analyze(Task("x " * 1000)), profiles=profiles, cascade_order=["small"], cost_sensitivity=0.5)


def test_cost_sensitivity_most_specific_wins():
    assert resolve_cost_sensitivity(0.5, workspace=0.2, channel=0.9) == 0.9
    assert resolve_cost_sensitivity(0.5, workspace=0.2, channel=0.9, request=0.0) == 0.0
    assert resolve_cost_sensitivity(0.5) == 0.5
    with pytest.raises(RoutingError, match="outside 0..1"):
        resolve_cost_sensitivity(0.5, request=1.5)
