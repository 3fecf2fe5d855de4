"""`rlm-bot ask` and `rlm-bot analyze` in a subprocess: the computation path needs no model; other
questions need one (a clear one-line error without, a direct answer from the cheap alias with)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fakes.fixtures import Reply

pytestmark = pytest.mark.slow  # runs the CLI in subprocesses

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, stdin: str | None = None, env: dict | None = None, timeout: float = 120):
    full_env = {**os.environ, **(env or {})}
    full_env["PYTHONPATH"] = str(ROOT) + os.pathsep + full_env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "rlm_bot", *args], input=stdin, capture_output=True, text=True,
                          env=full_env, timeout=timeout, cwd=ROOT)


def test_ask_computes_without_a_model_json():
    proc = _run("ask", "--json", "how many days between 2024-01-15 and 2024-03-01?")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["answer"] == "46" and out["computed"] is True and out["ok"] is True
    assert "date(2024, 1, 15)" in out["code"] and out["explanation"]
    assert {"analyze_ms", "compute_ms", "sandbox_ms", "total_ms"} <= set(out["timings"])
    assert out["intent"] == "computation"


def test_ask_prints_answer_code_and_explanation():
    proc = _run("ask", "what's 17 * 23?")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "391"
    assert "```python" in proc.stdout and "17 * 23" in proc.stdout


def test_ask_reads_stdin_with_dash():
    proc = _run("ask", "-", stdin="sort these numbers: 42, 7, 19\n")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "7, 19, 42"


@pytest.mark.parametrize("question", ["What's the best way to sort a list in Python?",
                                      "How many people live in France?"])
def test_ask_without_a_model_says_how_to_configure_one(question):
    proc = _run("ask", question)
    assert proc.returncode == 1
    err = proc.stderr.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ")
    assert "RLM_LLM_API_BASE" in err[0] and "OPENAI_API_KEY" in err[0]
    assert "Traceback" not in proc.stderr


def test_ask_json_error_is_one_object():
    proc = _run("ask", "--json", "Explain how averages can mislead")
    assert proc.returncode == 1
    out = json.loads(proc.stdout)
    assert out["ok"] is False and "RLM_LLM_API_BASE" in out["error"]


def test_ask_answers_other_questions_with_the_cheap_model(fake_llm):
    fake_llm.script(Reply("Paris."))
    proc = _run("ask", "--json", "What is the capital of France?")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["answer"] == "Paris." and out["computed"] is False
    assert out["model_alias"] == "haiku"
    assert len(fake_llm.chat_calls) == 1
    assert fake_llm.chat_calls[0].messages[-1]["content"] == "What is the capital of France?"
    assert "sk-fake" not in proc.stdout + proc.stderr


def test_ask_model_writes_code_when_no_template_fits(fake_llm):
    fake_llm.script(Reply("```python\n# explanation: silver = (110 - 30) / 2, gold = silver + 30.\n"
                          "silver = (110 - 30) // 2\nsilver + 30\n```"))
    proc = _run("ask", "--json", "Gretchen has 110 coins. There are 30 more gold coins than silver coins. "
                                 "How many gold coins does she have?")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["answer"] == "70" and out["computed"] is True and out["source"] == "model"


def test_ask_empty_question_is_a_usage_error():
    proc = _run("ask", "   ")
    assert proc.returncode == 2
    assert "error" in proc.stderr and "Traceback" not in proc.stderr


def test_analyze_json_has_the_contract_keys():
    proc = _run("analyze", "--json", "what's 15% of 80")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    for key in ("intent", "computation", "triggers", "confidence", "difficulty", "is_simple"):
        assert key in out
    assert out["computation"] is True and out["intent"] == "computation"
    assert out["triggers"][0]["kind"] == "percentage"


def test_analyze_jsonl_one_object_per_line():
    queries = ["hi", "sort these: b, a, c", "How many people live in France?", "", "what's 2 + 2?"]
    proc = _run("analyze", "--jsonl", stdin="\n".join(queries) + "\n")
    assert proc.returncode == 0, proc.stderr
    rows = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["hi", "sort these: b, a, c", "How many people live in France?", "what's 2 + 2?"]
    assert [r["computation"] for r in rows] == [False, True, False, True]
    assert rows[0]["is_simple"] is True


def test_analyze_jsonl_with_text_is_a_usage_error():
    proc = _run("analyze", "--jsonl", "hello")
    assert proc.returncode == 2


def test_ask_computation_without_template_or_model_explains_what_is_missing():
    proc = _run("ask", "Gretchen has 110 coins. There are 30 more gold coins than silver coins. "
                       "How many gold coins does she have?")
    assert proc.returncode == 1
    err = proc.stderr.strip()
    assert err.startswith("error: this looks like a computation") and "RLM_LLM_API_BASE" in err
