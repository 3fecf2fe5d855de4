"""A tool-needing query through the whole pipeline: LATS runs the real tools, the outcome records
which tools its answer used, satisfaction teaches their values per task type, and the next plan
for that task type reads them (against the real sandboxes and a scripted provider)."""

from __future__ import annotations

import json

import pytest

from rlm_bot.config import load_settings
from rlm_bot.learning.adjustments import AdjustmentStore
from rlm_bot.pipeline.pipeline import Pipeline
from rlm_bot.pipeline.types import Task
from rlm_bot.storage import close_all

pytestmark = pytest.mark.slow  # LATS tool searches: many planner and tool rounds

TASK = ("Write a Python function that checks whether a string is a palindrome, run it on "
        "racecar and tell me the result.")
SCHEME_CHECK = '(let ([s "racecar"]) (string=? s (list->string (reverse (string->list s)))))'


def _tools_listed(prompt: str) -> list[str]:
    block = prompt.split("Tools (name:", 1)[1].split("Steps taken so far", 1)[0]
    return [line[2:].split(":", 1)[0] for line in block.splitlines() if line.startswith("- ")]


def _planner(req) -> str:
    text = req.last_user
    if text.startswith("You plan tool use"):
        history = text.split("Steps taken so far on this path", 1)[1].split("Lessons from", 1)[0]
        if "value:" in history:
            return json.dumps({"actions": [{"tool": "finish", "input": "Yes: racecar is a palindrome."}]})
        return json.dumps({"actions": [{"tool": "scheme", "input": SCHEME_CHECK, "why": "check it"}]})
    if text.startswith("Judge whether"):
        return json.dumps({"score": 1.0, "critique": "the program ran"})
    return json.dumps({"reflection": "n/a"})


@pytest.fixture
def pipeline(fake_llm):
    fake_llm.rule(_planner)
    pipe = Pipeline(load_settings())
    yield pipe
    close_all()


def test_lats_tools_are_recorded_learned_and_read_by_the_next_plan(fake_llm, pipeline):
    first = pipeline.run(Task(TASK, user="U1", channel="C1"))
    assert first.strategy == "lats" and first.success
    assert first.answer == "Yes: racecar is a palindrome."
    assert first.tools == ("scheme",)  # the real Scheme sandbox ran the check
    plans = [c.messages[-1]["content"] for c in fake_llm.chat_calls
             if c.messages[-1]["content"].startswith("You plan tool use")]
    listed = _tools_listed(plans[0])
    # the pipeline's tools carry the capability matrix's names and descriptions
    assert set(listed) == {"python", "scheme", "llm", "memory_search"}
    assert listed.index("python") < listed.index("scheme")  # equal fit, nothing learned: by name
    assert "input: the code" in plans[0] and "input: what to look for" in plans[0]

    store = AdjustmentStore(pipeline.db)
    assert store.score("tool", "code_task", "scheme") is None  # nothing until the person reacts
    pipeline.feedback(first.outcome_id, user="U1", value=1)
    assert store.score("tool", "code_task", "scheme") > 0.5

    fake_llm.reset()
    fake_llm.rule(_planner)
    second = pipeline.run(Task(TASK, user="U1", channel="C1"))
    assert second.strategy == "lats"
    plan = next(c.messages[-1]["content"] for c in fake_llm.chat_calls
                if c.messages[-1]["content"].startswith("You plan tool use"))
    listed = _tools_listed(plan)
    assert listed.index("scheme") < listed.index("python")  # the learned value moved it up


def test_an_unsolved_tool_search_is_a_failed_lats_outcome_at_once(fake_llm, pipeline):
    def never_right(req):
        text = req.last_user
        if text.startswith("You plan tool use"):
            return json.dumps({"actions": [{"tool": "python", "input": "1/0"}]})
        if text.startswith("Judge whether"):
            return json.dumps({"score": 0.0, "critique": "no"})
        return json.dumps({"reflection": "dividing by zero fails"})

    fake_llm.reset()
    fake_llm.rule(never_right)
    result = pipeline.run(Task(TASK, user="U1", channel="C1"))
    assert result.strategy == "lats" and not result.success
    store = AdjustmentStore(pipeline.db)
    stat = store.stat("strategy", result.query_type, "lats")
    assert stat is not None and stat.value < 0.5  # recorded as a failure at once
    # no path reached an answer, so no tool is blamed for the planner's failed attempts
    assert result.tools == () and store.score("tool", "code_task", "python") is None
