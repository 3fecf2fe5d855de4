"""Adjustments: incremental updates with a learning rate, atomic under concurrent replicas."""

from __future__ import annotations

import multiprocessing
import threading

import pytest

from rlm_bot.learning.adjustments import AdjustmentStore
from tests.learning.hammer import hammer_adjustment

HAMMER_THREADS = 4
HAMMER_PROCESSES = 3
UPDATES_EACH = 25


def test_adjustments_first_observation_sets_then_moves_by_rate(db):
    store = AdjustmentStore(db)
    assert store.score("routing", "math", "haiku") is None
    store.observe("routing", "math", "haiku", 1.0, 0.1)
    assert store.score("routing", "math", "haiku") == pytest.approx(1.0)
    store.observe("routing", "math", "haiku", 0.0, 0.1)
    assert store.score("routing", "math", "haiku") == pytest.approx(0.9)
    store.observe("routing", "math", "sonnet", 0.0, 0.1)
    assert store.scores("routing", "math") == pytest.approx({"haiku": 0.9, "sonnet": 0.0})
    assert store.stat("routing", "math", "haiku").count == 2
    store.shift("routing", "math", "haiku", 0.5)
    assert store.score("routing", "math", "haiku") == 1.0  # clamped
    assert store.scores("strategy", "math") == {}


def test_adjustments_reject_unknown_kind(db):
    with pytest.raises(ValueError, match="unknown adjustment kind"):
        AdjustmentStore(db).observe("vibes", "x", "y", 1.0, 0.1)


def _expected_after(n: int, rate: float, target: float) -> float:
    """Value after n observations of `target` from a first observation of 0.0."""
    value = 0.0
    for _ in range(n - 1):
        value += rate * (target - value)
    return value


def test_adjustments_threads_hammering_one_row_lose_nothing(db):
    store = AdjustmentStore(db)
    store.observe("routing", "hot", "haiku", 0.0, 0.05)
    barrier = threading.Barrier(HAMMER_THREADS)
    errors: list[BaseException] = []

    def hammer() -> None:
        try:
            barrier.wait()
            for _ in range(UPDATES_EACH):
                store.observe("routing", "hot", "haiku", 1.0, 0.05)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=hammer) for _ in range(HAMMER_THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    n = 1 + HAMMER_THREADS * UPDATES_EACH
    stat = store.stat("routing", "hot", "haiku")
    assert stat.count == n
    # With the same target every update commutes, so the value is exact only if none was lost.
    assert stat.value == pytest.approx(_expected_after(n, 0.05, 1.0), abs=1e-9)


def test_adjustments_processes_hammering_one_row_lose_nothing(db):
    store = AdjustmentStore(db)
    store.observe("tool", "debug", "grep", 0.0, 0.05)
    ctx = multiprocessing.get_context("spawn")
    start = ctx.Event()
    procs = [ctx.Process(target=hammer_adjustment, args=(db.url, start, UPDATES_EACH))
             for _ in range(HAMMER_PROCESSES)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=120)
        assert p.exitcode == 0
    n = 1 + HAMMER_PROCESSES * UPDATES_EACH
    stat = store.stat("tool", "debug", "grep")
    assert stat.count == n
    assert stat.value == pytest.approx(_expected_after(n, 0.05, 1.0), abs=1e-9)
