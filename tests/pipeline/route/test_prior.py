"""The router's offline prior: fitting, the file format, and how the online router uses it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from benchmarks.routing_eval import train_prior
from rlm_bot.errors import RlmError
from rlm_bot.pipeline.route.features import PROMPT_FEATURE_NAMES
from rlm_bot.pipeline.route.learner import OnlineRouteLearner
from rlm_bot.pipeline.route.policy import PRIOR_WINDOW, BinaryRouter
from rlm_bot.pipeline.route.prior import (
    EMBEDDER,
    SHIPPED,
    PriorSet,
    load_priors,
    resolve_prior,
    save_priors,
    side_names,
)
from rlm_bot.pipeline.route.verify import FEATURE_NAMES as CHECK_NAMES

DIM = 8
SIDE = len(PROMPT_FEATURE_NAMES)


def _topic(rng, hard: bool) -> np.ndarray:
    """Unit vectors: hard queries point along axis 0, easy ones along axis 1 (plus noise)."""
    v = rng.normal(0, 0.2, DIM)
    v[0 if hard else 1] += 1.0
    return v / np.linalg.norm(v)


def _fitted(rng=None):
    """A prompt prior fitted on rows where the weak tier fails hard queries, the strong one rarely."""
    rng = rng or np.random.default_rng(0)
    hard = rng.random(600) < 0.4
    vectors = np.array([_topic(rng, h) for h in hard])
    sides = np.zeros((600, SIDE))
    weak = (rng.random(600) < np.where(hard, 0.2, 0.9)).astype(float)
    strong = (rng.random(600) < 0.9).astype(float)
    return train_prior("prompt", vectors, sides, strong, weak, trained_on=["toy:all:600"], embedder="toy")


def test_prior_learns_which_queries_the_weak_tier_fails():
    prior = _fitted()
    rng = np.random.default_rng(1)
    hard_weak, hard_strong = prior.predict(_topic(rng, True), [0.0] * SIDE)
    easy_weak, easy_strong = prior.predict(_topic(rng, False), [0.0] * SIDE)
    assert hard_weak < 0.45 < 0.75 < easy_weak
    assert hard_strong > 0.75 and easy_strong > 0.75
    assert hard_strong - hard_weak > easy_strong - easy_weak  # the strong tier's gain is on hard ones


def test_prior_file_round_trip(tmp_path):
    prior = _fitted()
    path = save_priors(tmp_path / "p.npz", [prior])
    loaded = load_priors(path)
    again = loaded.get("prompt")
    assert loaded.get("cascade") is None
    assert again.embedder == "toy" and again.trained_on == ("toy:all:600",) and again.dim == DIM
    x = _topic(np.random.default_rng(2), True)
    assert again.predict(x, [0.0] * SIDE) == pytest.approx(prior.predict(x, [0.0] * SIDE))
    assert loaded.trained_on() == ("toy:all:600",)


def test_bad_prior_files_are_clear_errors(tmp_path):
    with pytest.raises(RlmError, match="no route prior at"):
        load_priors(tmp_path / "missing.npz")
    junk = tmp_path / "junk.npz"
    junk.write_bytes(b"not a zip file at all")
    with pytest.raises(RlmError, match="is not a route prior file"):
        load_priors(junk)
    # a prior fitted on features the router no longer computes is refused, not misread
    path = save_priors(tmp_path / "p.npz", [_fitted()])
    with np.load(path) as data:
        arrays = {k: data[k] for k in data.files}
    header = json.loads(bytes(arrays["header"]).decode())
    header["priors"]["prompt"]["side_names"] = ["length", "digits"]
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    stale = tmp_path / "stale.npz"
    np.savez(stale, **arrays)
    with pytest.raises(RlmError, match="other features than the router computes now; retrain"):
        load_priors(stale)
    header["priors"]["prompt"]["side_names"] = list(side_names("prompt"))
    del header["priors"]["prompt"]["bias"]
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    np.savez(stale, **arrays)
    with pytest.raises(RlmError, match="header is damaged"):
        load_priors(stale)
    header["format"] = 99
    arrays["header"] = np.frombuffer(json.dumps(header).encode(), dtype=np.uint8)
    np.savez(stale, **arrays)
    with pytest.raises(RlmError, match="format 99"):
        load_priors(stale)


def test_fitting_needs_both_outcomes_and_matching_rows():
    rng = np.random.default_rng(0)
    vectors = np.array([_topic(rng, False) for _ in range(20)])
    with pytest.raises(RlmError, match="weak tier's outcomes are all 1"):
        train_prior("prompt", vectors, np.zeros((20, SIDE)), np.r_[np.ones(10), np.zeros(10)], np.ones(20))
    with pytest.raises(RlmError, match="side features per row"):
        train_prior("cascade", vectors, np.zeros((20, SIDE)), np.ones(20), np.ones(20))
    with pytest.raises(RlmError, match="unknown route prior kind"):
        side_names("sometimes")


def test_the_shipped_prior_matches_the_code():
    """Fails when the router's features change and the shipped prior was not refitted."""
    shipped = resolve_prior("shipped")
    assert shipped.path == str(SHIPPED)
    assert set(shipped.priors) == {"prompt", "cascade"}
    assert shipped.get("prompt").embedder == EMBEDDER and shipped.get("prompt").dim == 384
    assert side_names("cascade") == tuple(PROMPT_FEATURE_NAMES) + tuple(CHECK_NAMES)
    assert any(t.startswith("mmlu") for t in shipped.trained_on())
    assert resolve_prior("none") is None


def test_learner_starts_at_the_prior_and_corrects_it_with_residuals():
    prior = _fitted()
    rng = np.random.default_rng(3)
    learner = OnlineRouteLearner(DIM, SIDE, prior=prior)
    hard = _topic(rng, True)
    before = learner.estimate(hard, [0.0] * SIDE)
    assert (before.weak.p, before.strong.p) == pytest.approx(prior.predict(hard, [0.0] * SIDE))
    # The weak tier is used where it was expected to do well: easy queries, which it answers well,
    # as predicted. Raw neighbour outcomes would lift its estimate on hard queries; residuals do not.
    for _ in range(30):
        easy = _topic(rng, False)
        learner.update(easy, [0.0] * SIDE, "weak", 1.0)
    after = learner.estimate(hard, [0.0] * SIDE)
    assert after.weak.p == pytest.approx(before.weak.p, abs=0.05)
    # Users thumbs-down the weak tier's answers on a topic: the estimate for that topic falls.
    for _ in range(6):
        learner.update(_topic(rng, True), [0.0] * SIDE, "weak", 0.0)
    assert learner.estimate(hard, [0.0] * SIDE).weak.p < before.weak.p - 0.05


def test_learner_refuses_a_prior_of_another_shape():
    with pytest.raises(RlmError, match="reads 8-number embeddings"):
        OnlineRouteLearner(16, SIDE, prior=_fitted())


def test_router_with_a_prior_routes_well_from_the_first_query():
    prior = PriorSet({"prompt": _fitted()})
    router = BinaryRouter(dim=DIM, cascade=False, cost_sensitivity=0.5, explore=False, prior=prior)
    rng = np.random.default_rng(5)
    picks = []
    for i in range(60):
        hard = i % 3 == 0  # a third of the queries are hard; the budget at c = 0.5 is half
        decision = router.decide("a question", _topic(rng, hard))
        picks.append((hard, decision.strong))
    # no feedback at all yet: hard queries go to the strong tier, easy ones mostly to the weak one
    hard_strong = sum(s for h, s in picks if h)
    easy_strong = sum(s for h, s in picks if not h)
    assert hard_strong == 20 and easy_strong <= 12
    assert router._recent.maxlen == PRIOR_WINDOW
    assert router.exploration_rate() == 0.0


def test_router_without_a_matching_kind_learns_from_scratch():
    prior = PriorSet({"prompt": _fitted()})
    router = BinaryRouter(dim=DIM, cascade=True, cost_sensitivity=0.5, prior=prior)
    assert router.prior is None and router.learner.prior is None


def test_expected_operating_point_plans_the_share_from_calibrated_estimates():
    prior = PriorSet({"prompt": _fitted()})
    router = BinaryRouter(dim=DIM, cascade=False, cost_sensitivity=0.5, explore=False, prior=prior,
                          operating_point="expected")
    rng = np.random.default_rng(6)
    picks = [(i % 3 == 0, router.decide("a question", _topic(rng, i % 3 == 0)).strong) for i in range(90)]
    # a third of the queries are hard and the strong tier's gain is all there: keeping 96% of
    # always-strong quality takes most of them and none of the easy ones
    assert 0.2 < router.expected_share() < 0.34
    assert sum(s for h, s in picks[30:] if not h) == 0 and sum(s for h, s in picks[30:] if h) >= 12
