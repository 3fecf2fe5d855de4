"""The online router learns from the used tier's outcome only, and ranks needy queries first."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.routing_eval import apgr
from rlm_bot.pipeline.route.learner import OnlineRouteLearner
from rlm_bot.pipeline.route.policy import BinaryRouter, gain_bar


def _topics(n: int, seed: int = 0):
    """Two topics: the weak tier fails topic 0 half the time, never topic 1; strong always right."""
    rng = np.random.default_rng(seed)
    topic = rng.integers(0, 2, n)
    centres = np.eye(16, dtype=np.float32)[:2]
    vectors = centres[topic] + 0.3 * rng.standard_normal((n, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    weak = np.where(topic == 0, rng.random(n) < 0.5, rng.random(n) < 0.97).astype(float)
    strong = np.ones(n)
    return vectors, weak, strong, topic


def test_router_learns_topics_online_without_peeking():
    vectors, weak, strong, topic = _topics(1200)
    router = BinaryRouter(dim=16, cascade=False, cost_sensitivity=0.5, seed=1)
    scores, used = [], []
    for i in range(len(vectors)):
        d = router.decide("Which option is right?\nA. x\nB. y", vectors[i])
        scores.append(d.score)
        used.append(d.strong)
        router.feedback(d, strong[i] if d.strong else weak[i])
    scores = np.array(scores)
    late = slice(600, None)
    assert scores[late][topic[late] == 0].mean() > scores[late][topic[late] == 1].mean() + 0.1
    assert apgr(scores[late], strong[late], weak[late]) > 0.7
    learner = router.learner
    assert learner.observations("weak") + learner.observations("strong") == len(vectors)
    assert learner.observations("weak") == len(vectors) - sum(used)


def test_router_cascade_reads_the_weak_answer():
    router = BinaryRouter(dim=0, cascade=True, cost_sensitivity=0.5, explore=False)
    clean = router.decide("q", None, "3 * 4 = <<3*4=12>>12\n#### 12")
    broken = router.decide("q", None, "3 * 4 = <<3*4=13>>13 so about 13.5")
    assert broken.score > clean.score and broken.weak_called
    with pytest.raises(ValueError, match="weak tier's answer"):
        router.decide("q", None, None)


def test_learner_rejects_bad_input():
    learner = OnlineRouteLearner(4, 1)
    with pytest.raises(ValueError, match="4 numbers"):
        learner.estimate(np.zeros(3), [0.0])
    with pytest.raises(ValueError, match="1 side features"):
        learner.estimate(np.zeros(4), [])
    with pytest.raises(ValueError, match="unknown tier"):
        learner.update(np.zeros(4), [0.0], "medium", 1.0)


def test_gain_bar_follows_cost_sensitivity():
    assert gain_bar(0.0) == 0.0 and gain_bar(1.0) == 1.0
    assert gain_bar(0.2) < gain_bar(0.5) < gain_bar(0.8)
    with pytest.raises(ValueError):
        gain_bar(1.5)
