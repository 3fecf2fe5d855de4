"""Meta-learning: the rate rises when predictions fail, falls when they hold, within bounds."""

from __future__ import annotations

import threading

import pytest

from rlm_bot.learning.meta import MAX_RATE, MIN_RATE, MetaLearner, next_rate


@pytest.mark.parametrize("rate, accuracy, expected", [
    (0.1, 0.30, 0.15), (0.1, 0.59, 0.15), (0.1, 0.60, 0.1), (0.1, 0.80, 0.1),
    (0.1, 0.81, 0.07), (0.4, 0.0, MAX_RATE), (0.012, 1.0, MIN_RATE),
])
def test_meta_next_rate_table(rate, accuracy, expected):
    assert next_rate(rate, accuracy) == pytest.approx(expected)


def test_meta_windows_move_the_rate_and_keep_the_trajectory(db):
    meta = MetaLearner(db, initial_rate=0.1, window=10)
    assert meta.rate("routing") == 0.1
    for i in range(10):  # 3 of 10 right: behind the world, learn faster
        meta.record("routing", i < 3)
    assert meta.rate("routing") == pytest.approx(0.15)
    for _ in range(10):  # all right: slow down
        meta.record("routing", True)
    assert meta.rate("routing") == pytest.approx(0.105)
    meta.record("routing", True)
    assert meta.state("routing").predictions == 1
    points = meta.trajectory("routing")
    assert [round(p.rate, 4) for p in points] == [0.1, 0.15, 0.105]
    assert [p.accuracy for p in points] == [None, 0.3, 1.0]
    assert meta.trajectory("tool") == []


def test_meta_concurrent_predictions_close_each_window_once(db):
    meta = MetaLearner(db, initial_rate=0.1, window=10)
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        for _ in range(10):
            meta.record("strategy", False)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    points = meta.trajectory("strategy")
    assert len(points) == 1 + 4  # the start and four full windows of ten
    assert meta.state("strategy").predictions == 0
    assert meta.rate("strategy") == pytest.approx(min(MAX_RATE, 0.1 * 1.5 ** 4))
