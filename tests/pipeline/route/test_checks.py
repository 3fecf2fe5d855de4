"""Exact checks of worked answers and RouteLLM's offline metrics."""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks.routing_eval import apgr, cpt, oracle_quality, sweep
from rlm_bot.pipeline.route.verify import verify_worked_answer


@pytest.mark.parametrize(
    "text, wrong, has_final, follows, integer, truncated",
    [
        ("He runs 3 x 60 = <<3*60=180>>180 m, so 180 * 3 = <<180*3=540>>540.\n#### 540", 0, True, True, True, False),
        ("2 * 3 = 7\n#### 7", 1, True, True, True, False),
        ("It costs 93 - 10.5 = $<<93-10.5=82.5>>82.5\n#### 27.5", 0, True, False, False, False),
        ("Wendi gives 15 + 25 = <<15+2", 0, False, False, True, True),
        ("The total is 12 + 30 = 42 apples.", 0, False, True, True, False),
    ],
)
def test_verify_worked_answer(text, wrong, has_final, follows, integer, truncated):
    v = verify_worked_answer(text)
    assert v.wrong_equations == wrong
    assert v.has_final is has_final
    assert v.final_follows is follows
    assert v.final_is_integer is integer
    assert v.truncated is truncated


def test_verify_suspicion_orders_answers():
    good = verify_worked_answer("3 * 4 = <<3*4=12>>12\n#### 12").suspicion
    bad = verify_worked_answer("3 * 4 = <<3*4=13>>13\n#### 13.5").suspicion
    assert good < 0.3 < bad


def test_metrics_random_perfect_and_oracle():
    rng = np.random.default_rng(0)
    n = 4000
    weak = (rng.random(n) < 0.6).astype(float)
    strong = np.maximum(weak, (rng.random(n) < 0.5).astype(float))
    randoms = [apgr(rng.random(n), strong, weak) for _ in range(10)]
    assert np.mean(randoms) == pytest.approx(0.5, abs=0.03)
    assert cpt(rng.random(n), strong, weak, 0.5) == pytest.approx(0.5, abs=0.06)
    perfect = strong - weak + 1e-6 * rng.random(n)
    assert apgr(perfect, strong, weak) > 0.9
    assert cpt(perfect, strong, weak, 0.8) < 0.5
    curve = sweep(perfect, strong, weak)
    assert curve.share[0] == 0.0 and curve.share[-1] == 1.0 and len(curve.share) == 11
    share = float((strong > weak).mean())
    assert oracle_quality(strong, weak, share) == pytest.approx(float(np.maximum(strong, weak).mean()))
    assert oracle_quality(strong, weak, 0.0) == pytest.approx(weak.mean())
