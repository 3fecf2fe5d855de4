"""`rlm-bot bench slack` on a small burst: the served bot's figures add up and every event is
answered exactly once, retries included."""

from __future__ import annotations

import json

import pytest

from benchmarks.slack import main, percentiles, plan, question, size_pool
from rlm_bot.config import load_settings
from rlm_bot.errors import UsageError
from rlm_bot.pipeline.analyze import is_definitely_simple

pytestmark = pytest.mark.slow  # a benchmark run (`rlm-bot serve --http` under load)

SPREAD = {"n", "p50", "p95", "p99", "max"}


def test_bench_slack_small_burst_is_answered_exactly_once(capsys):
    argv = ["--events", "12", "--seconds", "2", "--mix", "0.6", "--retries", "0.5", "--json"]
    assert main(argv, load_settings()) == 0
    result = json.loads(capsys.readouterr().out)

    config, counts, provider = result["config"], result["counts"], result["provider"]
    assert config["events"] == 12 and config["warmup"] is True and config["queue"] == 12
    assert config["workers"] >= 4 and "headroom" in config["pool_reason"]
    for key in ("ack_s", "first_progress_s", "end_to_end_s"):
        assert set(result[key]) == SPREAD
    assert result["ack_s"]["n"] == 12 + counts["retries_sent"] and counts["retries_sent"] >= 1
    assert result["first_progress_s"]["n"] == result["end_to_end_s"]["n"] == 12
    # exactly once: one final answer per event, carrying that event's tag; one provider call each
    assert counts["answered"] == 12 and counts["duplicates"] == counts["missing"] == 0
    assert counts["wrong_answer"] == counts["retries_answered_twice"] == counts["non_200"] == 0
    assert provider["events_with_one_call"] == 12 and provider["calls"] == 12
    # progress shows before the answer, which waits at least for the model
    assert 0 <= result["first_progress_s"]["p50"] <= result["end_to_end_s"]["p50"]
    assert result["breakdown_s"]["provider"]["p50"] >= 0.3 * 0.9
    assert result["end_to_end_s"]["max"] >= 0.3
    assert set(result["by_kind"]) > {"mention"}  # the mix reached follow-ups or DMs
    assert result["bot"]["peak_rss_mb"] > 0
    assert result["bot"]["tracebacks"] == 0, result["bot"].get("log_tail")
    names = [t["name"] for t in result["targets"]]
    assert any(n.startswith("ack < 3 s") for n in names) and len(names) == 5
    assert all(isinstance(t["pass"], bool) for t in result["targets"])


def test_plan_spreads_events_evenly_and_seeds_each_follow_up_thread():
    events, seeds = plan(40, 4.0, mix=0.5, retries=0.25, seed=3, base=1_800_000_000)
    assert [round(ev.due, 6) for ev in events] == [round(i * 0.1, 6) for i in range(40)]
    assert len({ev.tag for ev in events}) == len({ev.event_id for ev in events}) == 40
    assert len({ev.key for ev in events}) == 40  # one event per reply thread: calls attribute cleanly
    follow_ups = [ev for ev in events if ev.kind == "followup"]
    assert [ev.thread_ts for ev in follow_ups] == [s.ts for s in seeds]
    assert all(ev.retry_due > ev.due for ev in events if ev.retry_due is not None)
    assert plan(40, 4.0, mix=0.5, retries=0.25, seed=3, base=1_800_000_000)[0][7].kind == events[7].kind


def test_questions_take_the_simple_path():
    events, seeds = plan(8, 1.0, mix=0.0, retries=0.0, seed=1)
    assert all(is_definitely_simple(question(ev)) for ev in events)


def test_pool_is_sized_for_the_arrival_rate():
    pool = size_pool(200, 10.0, 0.3, None, None)
    assert pool.workers == 32 and pool.queue == 200
    custom = size_pool(200, 10.0, 0.3, 5, 7)
    assert (custom.workers, custom.queue) == (5, 7)


def test_percentiles_use_the_nearest_rank():
    spread = percentiles([float(i) for i in range(1, 101)])
    assert (spread["p50"], spread["p95"], spread["p99"], spread["max"]) == (50.0, 95.0, 99.0, 100.0)
    assert percentiles([])["p50"] is None


@pytest.mark.parametrize("argv", [["--events", "0"], ["--seconds", "0"], ["--mix", "2"],
                                  ["--retries", "-0.1"], ["--latency", "nan"]])
def test_bad_arguments_are_one_clear_error(argv):
    with pytest.raises(UsageError):
        main(argv, load_settings())
