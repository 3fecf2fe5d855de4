"""The whole request path: analyze → compute | (enrich → route → plan → execute) → learn,
against the real sandbox, the real SQL store, and a scripted provider that the client really calls."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys

import pytest

from rlm_bot.config import load_settings
from rlm_bot.errors import ConfigError
from rlm_bot.learning.adjustments import AdjustmentStore
from rlm_bot.pipeline.pipeline import Pipeline
from rlm_bot.pipeline.types import Task
from rlm_bot.storage import close_all

QUESTION = "Which year did the Berlin Wall fall, and what were the main political causes that led up to it?"


@pytest.fixture
def pipeline():
    pipe = Pipeline(load_settings())
    yield pipe
    close_all()


def test_pipeline_computes_without_a_model_and_records_the_outcome(pipeline):
    result = pipeline.run(Task("what is 17% of 2300?"))
    assert result.computed and result.answer == "391" and "2300" in result.code
    assert [s.stage for s in result.stages] == ["analyze", "compute"]
    from rlm_bot.commands.why import explain_outcome

    report = explain_outcome(pipeline.settings, result.outcome_id)
    assert report["outcome"]["answer"] == "391"
    assert [s["stage"] for s in report["stages"]] == ["analyze", "compute"]


def test_pipeline_question_without_a_model_is_a_clear_error(pipeline):
    with pytest.raises(ConfigError, match="RLM_LLM_API_BASE"):
        pipeline.run(Task(QUESTION))


def test_pipeline_simple_query_skips_to_the_cheapest_model(fake_llm):
    fake_llm.rule(lambda req: "Paris.")
    pipe = Pipeline(load_settings())
    try:
        result = pipe.run(Task("What is the capital of France?"))
    finally:
        close_all()
    assert result.answer == "Paris." and result.strategy == "simple" and result.model == "haiku"
    assert len(fake_llm.chat_calls) == 1
    assert [s.stage for s in result.stages] == ["analyze", "execute"]


@pytest.mark.slow
def test_pipeline_cascade_escalates_on_disagreement_and_learns_from_feedback(fake_llm):
    guesses = itertools.count(1)

    def rule(req):
        # the first tier's samples disagree (different years), later tiers agree
        if len(fake_llm.chat_calls) <= 3:
            return f"It fell in {1985 + next(guesses)}."
        return "It fell in 1989."

    fake_llm.rule(rule)
    pipe = Pipeline(load_settings())
    try:
        result = pipe.run(Task(QUESTION, user="U1", channel="C1"))
        stages = [s.stage for s in result.stages]
        assert stages == ["analyze", "enrich", "route", "plan", "execute"]
        assert result.strategy == "cascade" and len(result.models) >= 2
        assert result.answer == "It fell in 1989." and result.model == result.models[-1]
        assert result.cost > 0 and result.tokens_in > 0
        done = pipe.feedback(result.outcome_id, user="U1", value=1)
        assert done.satisfaction == pytest.approx(1.0)
        learned = AdjustmentStore(pipe.db).scores("routing", result.query_type)
        assert result.model in learned
    finally:
        close_all()


def _chat(lines: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rlm_bot", "chat", "--json", "--user", "U9"],
                          input="\n".join(lines) + "\n", capture_output=True, text=True,
                          env={**os.environ, **env}, timeout=180)


@pytest.mark.slow
def test_chat_answers_rates_and_explains(fake_llm):
    fake_llm.rule(lambda req: "Paris.")
    done = _chat(["What is the capital of France?", "+1", "why", "what is 2 + 2 * 3?", "quit"],
                 {"RLM_LLM_API_BASE": fake_llm.base_url, "RLM_LLM_API_KEY": "test"})
    assert done.returncode == 0, done.stderr
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert replies[0]["answer"] == "Paris." and replies[0]["outcome_id"]
    assert replies[1]["feedback"] == 1 and replies[1]["outcome_id"] == replies[0]["outcome_id"]
    assert [s["stage"] for s in replies[2]["stages"]] == ["analyze", "execute"]
    assert replies[3]["answer"] == "8" and replies[3]["computed"] is True


@pytest.mark.slow
def test_chat_bad_request_is_one_line_and_the_chat_goes_on():
    done = _chat(["-1", "Explain how averages can mislead", "what is 3 * 7?"], {})
    assert done.returncode == 0, done.stderr
    replies = [json.loads(line) for line in done.stdout.splitlines()]
    assert replies[0]["ok"] is False and "no answer to rate" in replies[0]["error"]
    assert replies[1]["ok"] is False and "RLM_LLM_API_BASE" in replies[1]["error"]
    assert replies[2]["answer"] == "21"
    assert "Traceback" not in done.stderr


def test_pipeline_rewrites_an_unsure_memory_question_and_bills_the_call(fake_llm):
    import sqlalchemy as sa

    from rlm_bot.memory.scope import Owner

    fact = "The payments service is written in Go and owned by the Billing squad"
    rewrite = "The payments service is written in Go.\ngolang, payments, billing"
    fake_llm.rule(lambda req: rewrite if "<question>" in req.last_user else "It is written in Go.")
    pipe = Pipeline(load_settings())
    try:
        memory = pipe.memory()
        for text in (fact, "Production deploys happen every Tuesday after the standup",
                     "The office coffee machine is on the third floor"):
            memory.add(text, owner=Owner("local", "cli", "local", "workspace"))
        result = pipe.run(Task("Which language is the billing backend built in, and what were the "
                               "main reasons that led the team to choose it?"))
        assert result.strategy == "cascade"
        enrich = next(s for s in result.stages if s.stage == "enrich")
        assert "rewritten by haiku" in enrich.data["gatherers"]["memory_rewrite"]
        assert enrich.data["items"][0]["source"].startswith("memory:")
        assert "rewrite searched" in enrich.data["items"][0]["reason"]
        rewrites = [c for c in fake_llm.chat_calls if "<question>" in json.dumps(c.messages)]
        assert len(rewrites) == 1
        with pipe.db.engine.connect() as conn:
            rows = conn.execute(sa.text("SELECT cost, prompt_tokens FROM usage WHERE outcome_id = :o"),
                                {"o": result.outcome_id}).all()
        assert len(rows) == len(fake_llm.chat_calls)  # the rewrite is one of the request's rows
        assert result.tokens_in == sum(r.prompt_tokens for r in rows)
    finally:
        close_all()
