"""The learned computation detector: its features, its file, and where the stage lets it speak."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rlm_bot.errors import RlmError
from rlm_bot.pipeline.analyze import (DETECTOR_DIM, LEARNED_REASON, LearnedDetector, analyze, detector_features,
                                      load_detector, save_detector)
from rlm_bot.pipeline.analyze.learned import SHIPPED, shipped_detector, shipped_detector_or_none
from rlm_bot.types import Task


def _constant(bias: float, threshold: float = 0.8) -> LearnedDetector:
    """A real detector that reads nothing and says `sigmoid(bias)` of every message."""
    return LearnedDetector(weights=np.zeros(DETECTOR_DIM, dtype=np.float32), bias=bias, threshold=threshold)


def test_features_fold_digits_and_mentions_and_have_unit_length():
    a = detector_features("<@U024BE7LH> sum 12 and 40 pls")
    assert a == detector_features("sum 35 and 9001 pls")  # values never matter
    assert a == detector_features("sum 7 and 3 pls")
    assert abs(sum(v * v for v in a.values()) - 1.0) < 1e-9
    assert all(0 <= k < DETECTOR_DIM for k in a)
    assert detector_features("sum 7 and 3 pls") != detector_features("sort 7 and 3 pls")
    assert detector_features("") == {}


def test_a_long_paste_is_read_at_head_and_tail():
    middle_a, middle_b = "alpha beta gamma\n" * 400, "delta epsilon zeta\n" * 400
    assert detector_features("total of these?\n" + middle_a + "thanks") == \
        detector_features("total of these?\n" + middle_b.replace("delta epsilon zeta", "alpha beta gamma") + "thanks")
    assert detector_features("total?\n" + middle_a) != detector_features("median?\n" + middle_a)


def test_a_detector_file_round_trips_and_a_stale_one_is_refused(tmp_path):
    w = np.zeros(DETECTOR_DIM, dtype=np.float32)
    w[[3, 99, DETECTOR_DIM - 1]] = [0.5, -1.25, 2.0]
    path = save_detector(tmp_path / "d.npz", LearnedDetector(weights=w, bias=-0.75, threshold=0.8,
                                                             trained_on=("chat:10",), held_out={"rows": 3}))
    back = load_detector(path)
    assert back.bias == -0.75 and back.threshold == 0.8 and back.trained_on == ("chat:10",)
    assert back.held_out == {"rows": 3}
    assert np.allclose(back.weights, w)

    with np.load(path) as data:
        header = json.loads(bytes(data["header"]).decode())
        index, value = data["index"], data["value"]
    header["featurizer"] = "something-else"
    stale = tmp_path / "stale.npz"
    np.savez(stale, index=index, value=value,
             header=np.frombuffer(json.dumps(header).encode(), dtype=np.uint8))
    with pytest.raises(RlmError, match="retrain it"):
        load_detector(stale)
    with pytest.raises(RlmError, match="no computation detector"):
        load_detector(tmp_path / "missing.npz")
    (tmp_path / "junk.npz").write_bytes(b"not a zip")
    with pytest.raises(RlmError, match="not a computation detector"):
        load_detector(tmp_path / "junk.npz")


def test_the_shipped_detector_loads_and_says_what_it_was_trained_and_measured_on():
    d = shipped_detector()
    assert SHIPPED.is_file()
    assert 0.5 <= d.threshold < 1.0
    sources = {s.split(":")[0] for s in d.trained_on}
    assert "chat" in sources and "mmlu-non-stem-tune" in sources
    assert {"rules", "model", "both", "mmlu_holdout"} <= set(d.held_out)
    assert 0.0 <= d.probability("hey, how was the weekend?") <= 1.0


def test_the_detector_speaks_only_where_no_rule_fired_and_nothing_vetoed():
    says_yes, says_no = _constant(10.0), _constant(-10.0)
    ask = "any chance u could do the thing with 14 and 9?"
    claimed = analyze(Task(text=ask), detector=says_yes)
    assert claimed.computation and claimed.reasons[0].startswith(LEARNED_REASON)
    assert not claimed.is_simple  # a claimed computation goes to the compute stage
    assert not analyze(Task(text=ask), detector=says_no).computation
    # vetoed before the model is asked: world knowledge, a reason asked, a statement that asks nothing
    for text in ("As of 2016, about what percentage of adults aged 18 years or older were obese?",
                 "average response time went from 200ms to 350ms, why?",
                 "I'm off 14-23 Dec",
                 "ticket 4521 and 4522 are duplicates, closing one",  # a terse line that asks nothing
                 "how many vacation days do i have left?",  # nothing in the message to compute over
                 "update calc_total so it applies a 15% discount when the total is over $100",  # a code task
                 "when did WW2 end?",  # a short factual question
                 "which user logged in most? " + "12:00:01 login user=ana ok\n" * 120):  # a long paste: logs
        f = analyze(Task(text=text), detector=says_yes)
        assert not (f.computation and f.reasons[0].startswith(LEARNED_REASON)), text
    # a rule that fired is not second-guessed either way
    rule = analyze(Task(text="what is 1,284 * 37?"), detector=says_no)
    assert rule.computation and not rule.reasons[0].startswith(LEARNED_REASON)


def test_a_high_threshold_keeps_the_model_quiet():
    f = analyze(Task(text="any chance u could do the thing with 14 and 9?"), detector=_constant(1.0, threshold=0.9))  # p = 0.73
    assert not f.computation


def test_an_unreadable_detector_costs_the_second_opinion_not_the_message(tmp_path, caplog):
    junk = tmp_path / "damaged.npz"
    junk.write_bytes(b"PK not really")
    with caplog.at_level("WARNING"):
        assert shipped_detector_or_none(junk) is None
        assert shipped_detector_or_none(junk) is None  # remembered: one warning per process
    assert sum("computation detector unavailable" in r.getMessage() for r in caplog.records) == 1
    assert shipped_detector_or_none() is shipped_detector()
