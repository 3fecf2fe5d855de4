"""Stage 5 strategy choice: direct, LATS or Scheme, with learned preferences."""

from __future__ import annotations

import pytest

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


LONG = "Summarise every section of this report:\n" + "Section text. " * 800


def test_plan_short_input_keeps_direct_or_lats_when_scheme_is_available():
    question = analyze(Task("Which year did the Berlin Wall fall, and what were the main political causes?"))
    assert plan(question, tools_available=True, scheme_available=True).strategy == "direct"
    compute = analyze(Task("Compute the standard deviation of 3, 9, 27, 81 and 243, then its log."))
    assert plan(compute, tools_available=True, scheme_available=True).strategy == "lats"


def test_plan_scheme_only_when_available():
    assert plan(analyze(Task(LONG)), scheme_available=False).strategy == "direct"


def test_plan_scheme_is_learned_for_and_against():
    """Outcomes are recorded under the execute stage's names: "scheme", and "cascade" for direct."""
    short = analyze(Task("Which year did the Berlin Wall fall, and what were the main political causes?"))
    assert plan(short, scheme_available=True, learned={"scheme": 0.9, "cascade": 0.5}).strategy == "scheme"
    long = analyze(Task(LONG))
    assert plan(long, scheme_available=True, learned={"scheme": 0.2, "cascade": 0.8}).strategy == "direct"
    assert plan(long, scheme_available=True, learned={"scheme": 0.5, "cascade": 0.6}).strategy == "scheme"


def test_plan_input_too_big_for_every_model_is_read_in_parts_whatever_was_learned():
    long = analyze(Task(LONG))
    choice = plan(long, scheme_available=True, learned={"scheme": 0.0, "cascade": 1.0}, fits_whole=False)
    assert choice.strategy == "scheme" and "fits no model" in choice.reason
    with pytest.raises(ValueError, match="needs the scheme strategy"):
        plan(long, scheme_available=False, fits_whole=False)


def test_plan_reads_in_parts_by_default_only_far_into_the_routed_models_window():
    long = analyze(Task(LONG))  # ~11k characters, ~2.8k tokens
    assert plan(long, scheme_available=True, window_tokens=200_000).strategy == "direct"
    choice = plan(long, scheme_available=True, window_tokens=8_000)
    assert choice.strategy == "scheme" and "8000-token window" in choice.reason
    assert plan(long, scheme_available=True).strategy == "scheme"  # window unknown: by length
    short = analyze(Task("Summarise: " + "word " * 300))  # under SCHEME_MIN_CHARS
    assert plan(short, scheme_available=True, window_tokens=1_000).strategy == "direct"
