"""The learning benchmark runs end to end on a small replay and reports its figures."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from rlm_bot.config import load_settings

pytestmark = pytest.mark.slow  # a benchmark run (a 200-row replay)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "benchmarks" / "data" / "routing"


def _bench():
    spec = importlib.util.spec_from_file_location("bench_learning_under_test",
                                                  ROOT / "benchmarks" / "learning.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not DATA.is_dir(), reason="the routing data (benchmarks/data/routing) is missing")
def test_bench_learning_small_replay_reports_blocks_and_trajectory(tmp_path, capsys):
    bench = _bench()
    chart = tmp_path / "bench.png"
    code = bench.main(["--rows", "200", "--router", "adjustments", "--priors", "default", "--json",
                       "--chart", str(chart)], load_settings())
    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert result["rows"] == 200 and len(result["blocks"]) == 2
    for block in result["blocks"]:
        assert block["n"] == 100 and 0 <= block["strong_share"] <= 1
        assert block["quality_per_dollar"] > 0
    side = result["last_block_side_by_side"]
    assert side["always_strong"]["strong_share"] == 1 and side["always_weak"]["strong_share"] == 0
    assert {p["learner"] for p in result["trajectory"]} >= {"routing"}
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert isinstance(result["goal_met"], bool)


def test_bench_learning_rejects_too_few_rows(capsys):
    with pytest.raises(SystemExit):
        _bench().main(["--rows", "50"], load_settings())


@pytest.mark.skipif(not DATA.is_dir(), reason="the routing data (benchmarks/data/routing) is missing")
def test_bench_learning_default_router_starts_quality_first(tmp_path, capsys):
    bench = _bench()
    code = bench.main(["--rows", "300", "--json", "--chart", str(tmp_path / "b.png"),
                       "--embeddings", "lexical",  # fast hashed words; the default is MiniLM
                       "--data-dir", str(DATA)], load_settings())
    result = json.loads(capsys.readouterr().out)
    assert code == 0 and result["router"] == "routing"
    # knowing nothing, it answers with the strong model (bar the weak-model exploration)
    assert result["blocks"][0]["strong_share"] >= 0.6
    side = result["last_block_side_by_side"]
    assert side["oracle"]["quality"] >= max(side["always_strong"]["quality"],
                                            side["always_weak"]["quality"])
    assert len(result["quality_change_ci95"]) == 2
    # the same unseen rows, scored for the router as the first block left it and as it entered the
    # last block: one set of queries, so the difference is what was learned
    paired = result["same_rows_first_vs_last_router"]
    early, late = paired["after_first_block"], paired["before_last_block"]
    assert early["n"] == late["n"] == 100
    assert early["strong_share"] >= late["strong_share"]  # quality first, then cheaper
    low, high = paired["qpd_gain_ci95"]
    assert low <= high and paired["goal_met"] == (low > 0)
