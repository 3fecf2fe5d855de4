"""`rlm-bot bench llm` runs end to end (tiny sizes) and reports its figures as JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow  # runs `rlm-bot bench` in a subprocess


def test_bench_llm_runs_and_reports_ratios():
    out = subprocess.run(
        [sys.executable, "-m", "rlm_bot", "bench", "llm", "--calls", "20", "--concurrency", "5",
         "--latency", "0.02", "--repeat", "1", "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    data = json.loads(out.stdout)
    clients = {row["client"]: row for row in data["results"]}
    # litellm (both endpoint providers) and the http transport, side by side in one run
    assert set(clients) == {"bare aiohttp", "LLMClient async/litellm/openai",
                            "LLMClient async/litellm/hosted_vllm", "LLMClient async/http"}
    for name in ("LLMClient async/litellm/openai", "LLMClient async/litellm/hosted_vllm", "LLMClient async/http"):
        ours = clients[name]
        assert ours["calls"] == 20 and ours["ideal_s"] == 0.08 and ours["ratio"] >= 1.0
        assert ours["cpu_ms_per_call"] > 0 and ours["vs_bare"] > 0 and ours["vs_http"] > 0
        assert isinstance(ours["meets_target"], bool) and ours["cpu_floor_s"] > 0
    assert clients["LLMClient async/http"]["vs_http"] == 1.0 and data["target_ratio"] == 1.1


def test_bench_fanout_reports_the_default_configuration_and_cold_cli_side_by_side():
    out = subprocess.run(
        [sys.executable, "-m", "rlm_bot", "bench", "fanout", "--cases", "12x4", "--latency", "0.02", "--json",
         "--before", str(ROOT)],
        capture_output=True, text=True, timeout=600,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    data = json.loads(out.stdout)
    (label, config), = data["configs"].items()
    assert label.startswith("default (auto") and config["transport"] == "http"  # auto: the endpoint's transport
    kinds = {row["kind"]: row for row in config["rows"]}
    assert set(kinds) == {"client", "runtime-async", "runtime-sync"}
    assert all(r["calls"] == 12 and r["ideal_s"] == 0.06 and r["ratio"] >= 1.0 for r in kinds.values())
    (cold,) = config["cold"]["fan_out"]
    assert cold["items"] == 12 and cold["cold_cli_s"] > cold["threads_s"] > 0.06 and cold["vs_threads"] > 1.0
    for key in ("one_call", "no_call", "one_call_no_bytecode"):
        assert config["cold"][key]["wall_s"] > 0 and config["cold"][key]["cpu_s"] > 0
        assert data["before"][key]["wall_s"] > 0
    (before,) = data["before"]["fan_out"]  # the other checkout ran in the same loop, against the same threads
    assert before["threads_s"] == cold["threads_s"] and before["cold_cli_s"] >= 0.06
    assert data["cold_target_ratio"] == 1.25 and data["target_ratio"] == 1.1
