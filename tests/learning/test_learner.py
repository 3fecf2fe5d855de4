"""The learner: rewards move routing, strategy and tool values once, corrections stay exact."""

from __future__ import annotations

import pytest

from rlm_bot.config import LearningSettings
from rlm_bot.learning.adjustments import AdjustmentStore
from rlm_bot.learning.learner import ESCALATION_WEIGHT, Learner
from rlm_bot.learning.types import OutcomeRecord


def _record(**kw) -> OutcomeRecord:
    base = dict(query_text="q", query_type="math", intent="computation", strategy="direct",
                models=("haiku",), tools=("py_exec",))
    base.update(kw)
    return OutcomeRecord(**base)


def test_learner_reward_moves_all_three_kinds(db):
    learner = Learner(db, LearningSettings(learning_rate=0.2))
    store = AdjustmentStore(db)
    oid = learner.learn(_record())
    assert store.scores("routing", "math") == {}  # a success without feedback teaches nothing
    assert learner.reward(oid, 1.0) is True
    assert learner.reward(oid, 1.0) is False  # a retry changes nothing
    assert store.score("routing", "math", "haiku") == 1.0
    assert store.score("strategy", "math", "direct") == 1.0
    assert store.score("tool", "computation", "py_exec") == 1.0
    other = learner.learn(_record())
    learner.reward(other, 0.0)
    assert store.score("routing", "math", "haiku") == pytest.approx(0.8)
    assert store.stat("routing", "math", "haiku").count == 2


def test_learner_correction_and_withdrawal_are_exact(db):
    learner = Learner(db, LearningSettings(learning_rate=0.2))
    store = AdjustmentStore(db)
    first = learner.learn(_record())
    learner.reward(first, 1.0)
    second = learner.learn(_record())
    learner.reward(second, 1.0)
    assert store.score("routing", "math", "haiku") == pytest.approx(1.0)
    learner.reward(second, 0.0)  # the user changed their mind
    assert store.score("routing", "math", "haiku") == pytest.approx(0.8)
    assert store.stat("routing", "math", "haiku").count == 2
    learner.reward(second, None)  # and then removed the reaction
    assert store.score("routing", "math", "haiku") == pytest.approx(1.0)
    assert store.stat("routing", "math", "haiku").count == 1
    learner.reward(first, None)
    assert store.stat("routing", "math", "haiku") is None


def test_learner_failure_is_zero_and_escalations_are_weak_negatives(db):
    learner = Learner(db, LearningSettings(learning_rate=0.2))
    store = AdjustmentStore(db)
    learner.learn(_record(models=("haiku", "sonnet"), success=False, error_class="Timeout"))
    assert store.score("routing", "math", "sonnet") == 0.0
    assert store.score("routing", "math", "haiku") == 0.0
    ok = learner.learn(_record(models=("haiku",)))
    learner.reward(ok, 1.0)
    learner.learn(_record(models=("haiku", "sonnet")))
    # 0 → 1 (full rate 0.2) → toward 0 at the escalation rate
    expected = 0.2 * (1 - 0.2 * ESCALATION_WEIGHT)
    assert store.score("routing", "math", "haiku") == pytest.approx(expected)


def test_learner_predictions_feed_meta_learning(db):
    learner = Learner(db, LearningSettings(learning_rate=0.1), window=4)
    for target in (1.0, 0.0, 0.0, 0.0, 0.0):  # the first has no prediction to check
        learner.reward(learner.learn(_record(tools=())), target)
    # predictions "satisfies" (1.0 ≥ .5), then values 0.9, 0.81, 0.729 still ≥ .5: all wrong
    assert learner.meta.rate("routing") == pytest.approx(0.15)
    assert learner.meta.trajectory("routing")[-1].accuracy == 0.0


def test_learner_reward_of_unknown_outcome_raises(db):
    with pytest.raises(KeyError):
        Learner(db).reward("f" * 32, 1.0)


def test_learner_concurrent_rewards_touching_the_same_rows(db):
    import threading

    learner = Learner(db, LearningSettings(learning_rate=0.1))
    ids = [learner.learn(_record(tools=("grep", "git_blame") if i % 2 else ("git_blame", "grep")))
           for i in range(16)]
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def work(chunk: list[str]) -> None:
        try:
            barrier.wait()
            for oid in chunk:
                learner.reward(oid, 1.0)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(ids[i::4],)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    store = AdjustmentStore(db)
    assert store.stat("routing", "math", "haiku").count == 16
    assert store.stat("tool", "computation", "grep").count == 16
    assert store.stat("tool", "computation", "git_blame").count == 16
