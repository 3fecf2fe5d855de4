"""The "quality" operating point: cost sensitivity sets a quality target and the strong share
follows from what the outcomes show; the quality-first warm-up; the extremes; bad input."""

from __future__ import annotations

import numpy as np
import pytest

from rlm_bot.pipeline.route.learner import OnlineRouteLearner
from rlm_bot.pipeline.route.policy import BUDGET_EXPONENT, BinaryRouter, quality_target

PROMPT = "Which option is right?\nA. x\nB. y"


def _replay(weak_rate: float, cost_sensitivity: float, n: int = 900, seed: int = 0,
            operating_point: str = "quality"):
    """Replay n queries over two topics; the strong tier is right 90% of the time everywhere, the
    weak one `weak_rate` of the time. Returns (strong share of the last third, its quality ratio)."""
    rng = np.random.default_rng(seed)
    topic = rng.integers(0, 2, n)
    vectors = np.eye(8, dtype=np.float32)[topic] + 0.2 * rng.standard_normal((n, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    strong = (rng.random(n) < 0.9).astype(float)
    weak = (rng.random(n) < weak_rate).astype(float)
    router = BinaryRouter(dim=8, cascade=False, cost_sensitivity=cost_sensitivity, seed=seed,
                          operating_point=operating_point)
    used = []
    for i in range(n):
        decision = router.decide(PROMPT, vectors[i])
        used.append(decision.strong)
        router.feedback(decision, strong[i] if decision.strong else weak[i])
    late = slice(2 * n // 3, n)
    chosen = np.array(used)[late]
    quality = np.where(chosen, strong[late], weak[late]).mean()
    return float(chosen.mean()), float(quality / strong[late].mean()), router


def test_quality_target_maps_cost_sensitivity():
    assert quality_target(0.0) == 1.0 and quality_target(1.0) == 0.0
    assert quality_target(0.5) == pytest.approx(0.96)
    assert quality_target(0.3) > quality_target(0.5) > quality_target(0.7) > 0.0
    for bad in (-0.1, 1.5, float("nan"), "0.5"):
        with pytest.raises(ValueError, match="cost_sensitivity must be a number between 0 and 1"):
            quality_target(bad)  # type: ignore[arg-type]


def test_share_is_small_when_the_weak_tier_is_as_good_and_large_when_it_is_not():
    cheap_share, cheap_ratio, _ = _replay(weak_rate=0.9, cost_sensitivity=0.5)
    dear_share, dear_ratio, _ = _replay(weak_rate=0.3, cost_sensitivity=0.5)
    assert cheap_share < 0.35  # the weak tier keeps the target: spend little
    assert dear_share > 0.75  # the weak tier loses most of the quality: stay strong
    assert cheap_ratio > 0.9 and dear_ratio > 0.9


def test_higher_cost_sensitivity_spends_less():
    frugal, _, _ = _replay(weak_rate=0.7, cost_sensitivity=0.8)
    careful, _, _ = _replay(weak_rate=0.7, cost_sensitivity=0.2)
    assert frugal < careful - 0.2


def test_warmup_starts_quality_first_then_reaches_the_budget():
    rng = np.random.default_rng(4)
    router = BinaryRouter(dim=8, cascade=False, cost_sensitivity=0.5, seed=3, explore=False,
                          warmup=100)
    assert router.strong_share() == 1.0
    used = []
    for i in range(400):
        vector = rng.standard_normal(8).astype(np.float32)
        decision = router.decide(PROMPT, vector / np.linalg.norm(vector))
        used.append(decision.strong)
        router.feedback(decision, float(rng.random() < 0.7))
    assert np.mean(used[:20]) >= 0.9
    assert router.strong_share() == pytest.approx(1 - 0.5**BUDGET_EXPONENT) == pytest.approx(0.5)
    assert abs(np.mean(used[200:]) - router.strong_share()) < 0.1


@pytest.mark.parametrize("operating_point", ["budget", "quality", "expected"])
@pytest.mark.parametrize(("cost_sensitivity", "strong"), [(0.0, True), (1.0, False)])
def test_extremes_are_always_strong_or_always_weak(cost_sensitivity, strong, operating_point):
    share, _, router = _replay(weak_rate=0.6, cost_sensitivity=cost_sensitivity, n=300,
                               operating_point=operating_point)
    assert share == (1.0 if strong else 0.0)
    decision = router.decide(PROMPT, np.eye(8, dtype=np.float32)[1])
    assert decision.strong is strong and not decision.explored and decision.propensity == 1.0


def test_router_rejects_bad_input():
    with pytest.raises(ValueError, match="cost_sensitivity"):
        BinaryRouter(dim=4, cascade=False, cost_sensitivity=2.0)
    with pytest.raises(ValueError, match="dim and warmup must be >= 0"):
        BinaryRouter(dim=-1, cascade=False, cost_sensitivity=0.5)
    with pytest.raises(ValueError, match="operating_point must be one of budget, quality"):
        BinaryRouter(dim=4, cascade=False, cost_sensitivity=0.5, operating_point="cheap")
    router = BinaryRouter(dim=4, cascade=False, cost_sensitivity=0.5)
    decision = router.decide(PROMPT, np.ones(4, dtype=np.float32) / 2)
    with pytest.raises(ValueError, match="success must be between 0 and 1"):
        router.feedback(decision, 1.5)
    with pytest.raises(ValueError, match="expected an embedding of 4 numbers"):
        router.decide(PROMPT, np.ones(3, dtype=np.float32))


def test_learner_weighs_important_outcomes_more():
    plain, weighted = OnlineRouteLearner(0), OnlineRouteLearner(0)
    plain.update(None, [], "weak", 0.0)
    weighted.update(None, [], "weak", 0.0, weight=5.0)
    assert weighted.estimate(None).weak.p < plain.estimate(None).weak.p
    with pytest.raises(ValueError, match="weight must be a positive number"):
        plain.update(None, [], "weak", 1.0, weight=0.0)
