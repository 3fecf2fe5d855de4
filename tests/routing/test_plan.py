"""Stage 5 strategy choice: direct, LATS or Scheme, with learned preferences."""

from __future__ import annotations

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.plan import plan
from rlm_bot.pipeline.types import Task


def test_plan_simple_is_direct():
    assert plan(analyze(Task("hi")), tools_available=True).strategy == "direct"


def test_plan_computation_uses_tools_when_registered():
    features = analyze(Task("Compute the standard deviation of 3, 9, 27, 81 and 243, then its log."))
    assert plan(features, tools_available=True).strategy == "lats"
    assert plan(features, tools_available=False).strategy == "direct"


def test_plan_long_input_goes_to_scheme():
    features = analyze(Task("Summarise every section of this report:\n" + "Section text. " * 800))
    assert plan(features, scheme_available=True).strategy == "scheme"


def test_plan_learned_preference_overrides_only_with_margin():
    features = analyze(Task("Compute the standard deviation of 3, 9, 27, 81 and 243, then its log."))
    assert plan(features, tools_available=True, learned={"direct": 0.9, "lats": 0.4}).strategy == "direct"
    assert plan(features, tools_available=True, learned={"direct": 0.55, "lats": 0.5}).strategy == "lats"
    assert plan(features, tools_available=False, learned={"lats": 1.0}).strategy == "direct"
