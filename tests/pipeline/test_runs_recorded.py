"""Every run is an outcome: a request that fails is recorded as a failed outcome with its stage
telemetry and its calls, every model call of the pipeline is a usage row attached to its outcome,
and text with undecodable bytes is stored, not lost. The CLI runs as a subprocess against the
scripted provider (testing/fakes/openai_server.py) and a real SQLite store."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from rlm_bot.config import load_settings
from rlm_bot.errors import RlmError
from rlm_bot.pipeline.pipeline import Pipeline
from rlm_bot.pipeline.types import Task
from rlm_bot.storage import close_all, open_database
from rlm_bot.storage.models import Outcome, StageEvent, Usage
from tests.fakes.fixtures import Fail

ROOT = Path(__file__).resolve().parents[2]
SIMPLE = "What is the capital of France?"
QUESTION = "Which year did the Berlin Wall fall, and what were the main political causes that led up to it?"


@pytest.fixture(autouse=True)
def _quick_retries(monkeypatch):
    monkeypatch.setenv("RLM_LLM_MAX_RETRIES", "1")
    monkeypatch.setenv("RLM_LLM_RETRY_BACKOFF", "0.01")
    yield
    close_all()


def _ask(*args: str, timeout: float = 240) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return subprocess.run([sys.executable, "-m", "rlm_bot", "ask", *args], capture_output=True,
                          timeout=timeout, env=env, cwd=ROOT)


def _rows(model, *where):
    with open_database(load_settings()).session() as s:
        return s.scalars(sa.select(model).where(*where)).all()


@pytest.mark.slow
def test_provider_500_is_a_failed_outcome_with_its_telemetry_and_calls(fake_llm):
    fake_llm.rule(lambda req: Fail.server_error())
    done = _ask(SIMPLE)
    assert done.returncode == 1, done.stderr
    assert b"Traceback" not in done.stderr

    outcomes = _rows(Outcome)
    assert len(outcomes) == 1
    failed = outcomes[0]
    assert failed.success is False and failed.error_class == "ModelCallError"
    assert failed.query_text == SIMPLE
    stages = _rows(StageEvent, StageEvent.outcome_id == failed.id)
    names = [s.stage for s in sorted(stages, key=lambda s: s.position)]
    assert names[0] == "analyze" and names[-1] == "failed"
    assert "ModelCallError" in stages[-1].decision or any(s.decision == "ModelCallError" for s in stages)

    usage = _rows(Usage)
    assert usage and all(not u.ok and u.error for u in usage)
    assert {u.outcome_id for u in usage} == {failed.id}
    assert len({u.run_id for u in usage}) == 1
    assert fake_llm.chat_calls  # the provider really was asked (and failed) for each of them


def test_a_failed_run_is_not_recorded_twice_and_record_false_records_nothing(fake_llm):
    fake_llm.rule(lambda req: Fail.error(400, "the model refuses"))
    with pytest.raises(RlmError) as caught:
        Pipeline(load_settings(), record=False).run(Task(SIMPLE))
    assert getattr(caught.value, "outcome_id", None) is None
    assert _rows(Outcome) == [] and _rows(Usage) == []

    with pytest.raises(RlmError) as caught:
        Pipeline(load_settings()).run(Task(SIMPLE, user="U1", channel="C1"))
    outcomes = _rows(Outcome)
    assert [o.id for o in outcomes] == [caught.value.outcome_id]  # the caller can tell it is recorded
    assert outcomes[0].user_id == "U1" and outcomes[0].channel == "C1"
    assert {u.outcome_id for u in _rows(Usage)} == {outcomes[0].id}


def test_a_configuration_error_is_a_failed_outcome(monkeypatch):
    with pytest.raises(RlmError) as caught:  # no model configured for a question that needs one
        Pipeline(load_settings()).run(Task(QUESTION))
    [outcome] = _rows(Outcome)
    assert outcome.id == caught.value.outcome_id
    assert outcome.success is False and outcome.error_class == "ConfigError" and outcome.cost == 0
    assert _rows(Usage) == []


@pytest.mark.slow
def test_simple_ask_writes_its_call_as_a_usage_row_of_its_outcome(fake_llm):
    fake_llm.rule(lambda req: "Paris.")
    done = _ask(SIMPLE, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    [outcome] = _rows(Outcome)
    assert outcome.id == result["outcome_id"] and outcome.success
    [row] = _rows(Usage)
    assert row.ok and row.outcome_id == outcome.id and row.model == "claude-haiku-4-5"
    assert row.cost == pytest.approx(outcome.cost) and row.cost > 0
    assert (row.prompt_tokens, row.completion_tokens) == (outcome.tokens_in, outcome.tokens_out)


@pytest.mark.slow
def test_cascade_writes_every_sample_as_a_usage_row_of_its_outcome(fake_llm, monkeypatch):
    monkeypatch.setenv("RLM_ROUTER", "profiles")
    fake_llm.rule(lambda req: "It fell in 1989.")
    result = Pipeline(load_settings()).run(Task(QUESTION, user="U1", channel="C1"))
    assert result.strategy == "cascade" and result.outcome_id
    usage = _rows(Usage)
    assert len(usage) == len(fake_llm.chat_calls) >= 2
    assert {u.outcome_id for u in usage} == {result.outcome_id}
    [outcome] = _rows(Outcome)
    assert outcome.cost == pytest.approx(sum(u.cost for u in usage)) and outcome.cost > 0
    assert outcome.tokens_in == sum(u.prompt_tokens for u in usage)


@pytest.mark.slow
def test_long_input_scheme_run_writes_a_usage_row_for_each_call(fake_llm, monkeypatch, tmp_path):
    from tests.helpers.long_input import long_log, note_taker
    from tests.scenarios.test_pipeline_scheme import WINDOWS_16K

    models = tmp_path / "windows-16k.toml"
    models.write_text(WINDOWS_16K)
    monkeypatch.setenv("RLM_MODELS_FILE", str(models))
    monkeypatch.setenv("RLM_LLM_MAX_RETRIES", "0")
    fake_llm.rule(note_taker)
    result = Pipeline(load_settings()).run(Task(long_log(), user="U1", channel="C1"))
    assert result.strategy == "scheme" and result.success
    usage = _rows(Usage)
    assert len(usage) == len(fake_llm.chat_calls) >= 5  # parts, merges and the answer
    assert {u.outcome_id for u in usage} == {result.outcome_id}
    assert sum(u.cost for u in usage) == pytest.approx(result.cost)
    [outcome] = _rows(Outcome)
    assert outcome.cost == pytest.approx(result.cost)


@pytest.mark.slow
def test_ask_with_undecodable_bytes_stores_its_outcome():
    done = _ask("what is 2+2 \udcff\udcfe?")  # how Python hands invalid UTF-8 argv bytes over
    outcomes = _rows(Outcome)
    assert len(outcomes) == 1, done.stderr
    assert outcomes[0].success and outcomes[0].answer == "4"
    assert outcomes[0].query_text == "what is 2+2 \ufffd\ufffd?"
    assert done.returncode == 0, done.stderr


def test_ledger_attaches_a_runs_rows_written_before_and_after_its_outcome(db):
    from rlm_bot.llm import CallRecord, UsageLedger

    def call(n: int, run_id: str) -> CallRecord:
        return CallRecord(call_id=f"c{n}", alias="haiku", model="m", prompt_tokens=1, completion_tokens=1,
                          cost=0.5, latency_ms=1.0, ok=True, run_id=run_id)

    ledger = UsageLedger(db)
    ledger.record(call(1, "run-a"))
    assert ledger.flush()  # written before the outcome is known
    ledger.record(call(2, "run-a"))  # queued, not yet written
    ledger.attach("run-a", "outcome-a")
    ledger.record(call(3, "run-a"))  # a straggler finishing after the outcome
    ledger.record(call(4, "run-b"))
    assert ledger.flush()
    ledger.close()
    with db.session() as s:
        rows = {r.id: r.outcome_id for r in s.scalars(sa.select(Usage).order_by(Usage.id))}
    assert list(rows.values()) == ["outcome-a", "outcome-a", "outcome-a", None]
