"""`rlm-bot bench routing` end to end on a small table, in a subprocess like a user runs it."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.slow  # runs `rlm-bot bench` in subprocesses
ROOT = Path(__file__).resolve().parents[3]
KEYS = ("rows", "quality", "quality_ratio", "strong_share", "cost_per_query", "apgr", "cpt50", "cpt80")


def _table(path: Path, n: int = 160, *, weak_response: bool = True) -> Path:
    rng = np.random.default_rng(3)
    with path.open("w", newline="") as handle:
        columns = ["query_id", "prompt", "strong_correct", "weak_correct", "contaminated"]
        writer = csv.DictWriter(handle, columns + (["weak_response"] if weak_response else []))
        writer.writeheader()
        for i in range(n):
            hard = rng.random() < 0.4
            weak_ok = int(rng.random() < (0.3 if hard else 0.9))
            a, b = int(rng.integers(2, 50)), int(rng.integers(2, 50))
            row = {"query_id": f"q{i}", "prompt": f"Tom has {a} apples and buys {b} more. How many?",
                   "strong_correct": int(rng.random() < 0.9), "weak_correct": weak_ok,
                   "contaminated": int(i % 40 == 0)}
            if weak_response:
                shown = a + b if weak_ok else a + b + 1
                row["weak_response"] = f"{a} + {b} = <<{a}+{b}={shown}>>{shown}\n#### {shown}"
            writer.writerow(row)
    return path


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rlm_bot", "bench", "routing", *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_bench_routing_json_and_sweep(tmp_path):
    data = _table(tmp_path / "tiny.csv")
    plot = tmp_path / "curve.png"
    done = _run("--data", str(data), "--json", "--embeddings", "lexical", "--sweep", "--plot", str(plot))
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    for key in KEYS:
        assert key in result and key + "_last_half" in result
    assert result["rows"] == 156  # contaminated rows skipped
    assert result["apgr"] > 0.8  # the weak answers' own arithmetic gives the failures away
    assert result["baselines"]["random"]["apgr"] < result["apgr"]
    assert plot.stat().st_size > 1000 and plot.read_bytes()[:4] == b"\x89PNG"


def test_bench_routing_missing_column_is_one_clear_error(tmp_path):
    data = tmp_path / "bad.csv"
    data.write_text("prompt,strong_correct\nhi,1\n")
    done = _run("--data", str(data))
    assert done.returncode == 1
    assert "lacks column(s) weak_correct" in done.stderr or "lacks column(s) weak_correct" in done.stdout
    assert "Traceback" not in done.stderr


def test_bench_routing_prompt_only_table(tmp_path):
    data = _table(tmp_path / "plain.csv", weak_response=False)
    done = _run("--data", str(data), "--json", "--embeddings", "none", "--cost-sensitivity", "0.2")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["cascade"] is False and result["cost_sensitivity"] == 0.2


def test_bench_routing_judge_scores(tmp_path):
    """MT-Bench-style tables carry 1-10 judge scores instead of 0/1 correctness."""
    rng = np.random.default_rng(5)
    data = tmp_path / "judge.csv"
    with data.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["prompt", "strong_correct", "weak_correct"])
        for i in range(80):
            writer.writerow([f"Write a poem about topic {i % 7}", round(8 + 2 * rng.random(), 2),
                             round(5 + 4 * rng.random(), 2)])
    done = _run("--data", str(data), "--json", "--embeddings", "lexical")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert 5 <= result["quality"] <= 10 and result["rows"] == 80


def _bench(name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rlm_bot", "bench", name, *args],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_bench_routing_prior_fitted_on_one_side_judged_on_the_other(tmp_path):
    data = _table(tmp_path / "tiny.csv")
    prior = tmp_path / "prior.npz"
    done = _bench("routing_prior", "--data", str(data), "--part", "tune", "--out", str(prior), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["kinds"] == ["prompt", "cascade"]
    assert len(report["trained_on"]) == 1 and report["trained_on"][0].startswith("tiny:tune:")
    # the cascade prior reads the weak answers' arithmetic: it ranks the failures on unseen rows
    assert report["held_out"]["tiny:cascade"]["apgr"] > 0.8
    held = _run("--data", str(data), "--part", "holdout", "--prior", str(prior), "--json")
    assert held.returncode == 0, held.stderr
    result = json.loads(held.stdout.strip().splitlines()[-1])
    assert result["prior"] == str(prior) and result["prior_overlap"] is False
    assert result["embeddings"] == "minilm" and result["apgr"] > 0.8
    # replaying rows the prior was fitted on is flagged, in JSON and in words
    seen = _run("--data", str(data), "--prior", str(prior))
    assert seen.returncode == 0, seen.stderr
    assert "these figures are not held out" in seen.stdout


def test_bench_routing_prior_bad_inputs(tmp_path):
    data = _table(tmp_path / "tiny.csv")
    done = _bench("routing_prior", "--data", str(data), "--c-prompt", "0")
    assert done.returncode == 2 and "must be positive" in done.stderr and "Traceback" not in done.stderr
    done = _run("--data", str(data), "--prior", str(tmp_path / "nope.npz"))
    assert done.returncode == 1 and "no route prior at" in done.stderr and "Traceback" not in done.stderr
