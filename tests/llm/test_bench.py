"""`rlm-bot bench llm` runs end to end (tiny sizes) and reports its figures as JSON."""

from __future__ import annotations

import json
import subprocess
import sys


def test_bench_llm_runs_and_reports_ratios():
    out = subprocess.run(
        [sys.executable, "-m", "rlm_bot", "bench", "llm", "--calls", "20", "--concurrency", "5",
         "--latency", "0.02", "--repeat", "1", "--transport", "http", "--json"],
        capture_output=True, text=True, timeout=120,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    data = json.loads(out.stdout)
    clients = {row["client"]: row for row in data["results"]}
    assert set(clients) == {"bare aiohttp", "LLMClient async/http"}
    ours = clients["LLMClient async/http"]
    assert ours["calls"] == 20 and ours["ideal_s"] == 0.08 and ours["ratio"] >= 1.0
    assert ours["cpu_ms_per_call"] > 0 and ours["vs_bare"] > 0 and data["target_ratio"] == 1.1
