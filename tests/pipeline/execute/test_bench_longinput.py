"""`rlm-bot bench longinput` on a tiny case: the long-input strategy's figures add up."""

from __future__ import annotations

import json

import pytest

from benchmarks.longinput import ideal_rounds, main, parse_sizes, service_log
from rlm_bot.config import load_settings
from rlm_bot.errors import UsageError
from rlm_bot.pipeline.execute.long_input import merge_calls

pytestmark = pytest.mark.slow  # a benchmark run against a latency-injecting provider

KEYS = {"input_chars", "parts", "relevant_parts", "calls", "notes", "merges", "answer", "provider_calls",
        "tokens_in", "tokens_out", "cost", "wall_s", "ideal_s", "ratio", "note_rounds", "merge_levels",
        "merge_rounds", "rounds", "largest_prompt_chars", "largest_prompt_share", "cpu_ms_per_call",
        "peak_in_flight", "direct"}


def test_bench_longinput_json_figures_are_consistent(capsys):
    assert main(["--sizes", "12000", "--latency", "0.01", "--json"], load_settings()) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["latency_s"] == 0.01 and result["concurrency"] >= 1 and result["fan_in"] >= 2
    [case] = result["cases"]
    assert KEYS <= set(case)
    assert abs(case["input_chars"] - 12_000) < 500

    # every call the provider saw is a part's notes, a merge or the answer, and the run counted them
    assert case["notes"] == case["parts"] >= 3 and case["answer"] == 1 and case["other_calls"] == 0
    assert case["calls"] == case["notes"] + case["merges"] + 1 == case["provider_calls"]
    assert case["merges"] == sum(case["merge_levels"]) == merge_calls(case["relevant_parts"]) >= 1
    assert case["rounds"] == case["note_rounds"] + case["merge_rounds"] + 1
    assert case["ideal_s"] == pytest.approx(case["rounds"] * 0.01)
    assert case["ratio"] >= 0.95  # the program cannot beat its own shape (no upper bound: shared CI)
    assert case["tokens_in"] > case["input_chars"] / 8 and case["tokens_out"] > 0 and case["cost"] > 0
    # the RLM property: no call held the whole text
    assert 0 < case["largest_prompt_chars"] < case["input_chars"]

    direct = case["direct"]
    assert direct["prompt_chars"] == case["input_chars"] and direct["fits"] is True
    assert direct["tokens_in"] > 0 and direct["model"] == result["worker"]


def test_ideal_rounds_count_each_level_by_the_concurrency():
    shape = ideal_rounds(101, 101, 4, 8)
    assert shape["merge_levels"] == [25, 7, 2, 1]
    assert (shape["note_rounds"], shape["merge_rounds"], shape["rounds"]) == (13, 4 + 1 + 1 + 1, 21)


def test_service_log_is_deterministic_and_ends_with_the_question():
    text = service_log(5_000)
    assert text == service_log(5_000) and text.rstrip().endswith("?") and "reconciliation" in text


@pytest.mark.parametrize("spec", ["12x", "0", "500", "20m", ",", "nan"])
def test_bad_sizes_are_one_clear_error(spec):
    with pytest.raises(UsageError, match="--sizes"):
        parse_sizes(spec)


def test_sizes_take_k_and_m_suffixes():
    assert parse_sizes("20k, 200k,1m,12000") == [20_000, 200_000, 1_000_000, 12_000]


@pytest.mark.parametrize("latency", ["-1", "nan", "31"])
def test_bad_latency_is_one_clear_error(latency):
    with pytest.raises(UsageError, match="--latency"):
        main(["--latency", latency], load_settings())
