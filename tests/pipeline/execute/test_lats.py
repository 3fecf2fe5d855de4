"""LATS against the scripted provider with real tools: fallback and reflection beat the baseline."""

from __future__ import annotations

import json
import re

import pytest

from rlm_bot.pipeline.execute.lats import Node, react, search, ucb1
from rlm_bot.pipeline.execute.tools import ToolRegistry, execute, python_tool, scheme_tool


def _history(prompt: str) -> str:
    return prompt.split("Steps taken so far on this path", 1)[-1].split("Lessons from", 1)[0]


def _reply(obj) -> str:
    return json.dumps(obj)


@pytest.fixture(scope="module")
def pool():
    from rlm_bot.config import load_settings
    from rlm_bot.sandbox import get_pool

    return get_pool(load_settings())


def _broken_calc(text: str) -> str:
    raise ConnectionError("calculator service unreachable")


def test_lats_uses_fallback_tool_where_react_fails(fake_llm, llm_client, pool):
    registry = ToolRegistry()
    registry.register("calc", _broken_calc, capabilities=["compute"], fallbacks=["python"])
    registry.register("python", python_tool(pool))

    def rule(req):
        text = req.last_user
        if text.startswith("You plan tool use"):
            if "value: 396" in _history(text):
                return _reply({"actions": [{"tool": "finish", "input": "396"}]})
            return _reply({"actions": [{"tool": "calc", "input": "17*23+5"}]})
        if text.startswith("Judge whether"):
            answer = text.split("Proposed final answer:", 1)[1]
            return _reply({"score": 1.0 if "396" in answer else 0.0, "critique": "checked"})
        return _reply({"reflection": "n/a"})

    fake_llm.rule(rule)
    baseline = react("What is 17*23+5?", client=llm_client, registry=registry, planner="haiku",
                     task_type="computation")
    assert not baseline.success
    assert baseline.steps[0].tool == "calc" and not baseline.steps[0].ok

    result = search("What is 17*23+5?", client=llm_client, registry=registry, planner="haiku",
                    task_type="computation")
    assert result.success and result.answer == "396"
    assert result.steps[0].tried == ("calc", "python")  # the real sandbox computed it
    assert "value: 396" in result.steps[0].observation
    assert result.rollouts <= 10


def test_lats_reflects_on_a_wrong_first_plan(fake_llm, llm_client, pool):
    registry = ToolRegistry().register("python", python_tool(pool)).register("scheme", scheme_tool())
    experiences = []

    def rule(req):
        text = req.last_user
        if text.startswith("You plan tool use"):
            history = _history(text)
            if "value: 4" in history:
                return _reply({"actions": [{"tool": "finish", "input": "4"}]})
            if "count with code" in text:  # the reflection reached the planner
                code = "sum(1 for c in 'banana split' if c in 'aeiou')"
                return _reply({"actions": [{"tool": "python", "input": code}]})
            return _reply({"actions": [{"tool": "finish", "input": "3"}]})  # a confident guess
        if text.startswith("Judge whether"):
            answer = text.split("Proposed final answer:", 1)[1].strip()
            return _reply({"score": 1.0 if answer.startswith("4") else 0.1, "critique": "recount"})
        return _reply({"reflection": "Guessing miscounted; count with code instead."})

    fake_llm.rule(rule)
    task = "How many vowels are in 'banana split'?"
    baseline = react(task, client=llm_client, registry=registry, planner="haiku", task_type="computation")
    assert not baseline.success and baseline.answer == "3"

    result = search(task, client=llm_client, registry=registry, planner="haiku", task_type="computation",
                    on_experience=lambda t, approach, outcome: experiences.append((approach, outcome)))
    assert result.success and result.answer == "4"
    assert result.reflections and "count with code" in result.reflections[0]
    assert [s.tool for s in result.steps] == ["python", "finish"]
    assert experiences[0][1].startswith("failed:") and experiences[-1] == ("python → finish", "succeeded")


def test_lats_scheme_tool_runs_real_programs():
    registry = ToolRegistry().register("scheme", scheme_tool())
    ok = execute(registry, "scheme", "(+ 1 (* 6 7))")
    assert ok.ok and "43" in ok.observation
    bad = execute(registry, "scheme", "(car '())", use_fallbacks=False)
    assert not bad.ok and bad.observation.startswith("error:")


def test_ucb1_prefers_unvisited_then_balances():
    parent = Node(action=None, visits=10)
    fresh = Node(action=None, parent=parent)
    good = Node(action=None, parent=parent, visits=5, value_sum=4.0)
    poor = Node(action=None, parent=parent, visits=5, value_sum=0.5)
    assert ucb1(fresh, parent.visits) == float("inf")
    assert ucb1(good, parent.visits) > ucb1(poor, parent.visits)
    rare = Node(action=None, parent=parent, visits=1, value_sum=0.5)
    assert ucb1(rare, parent.visits) > ucb1(good, parent.visits)  # exploration term at w = 1.414


def test_registry_capabilities_preferences_and_fallbacks():
    registry = ToolRegistry()
    registry.register("python", lambda s: s).register("memory_search", lambda s: s)
    registry.register("web", lambda s: s, capabilities=["facts"], fallbacks=["memory_search", "python"])
    assert registry.matrix()["python"][0] == "compute"
    assert registry.ranked("computation")[0] == "python"
    assert registry.ranked("question")[0] == "memory_search"
    assert registry.fallback_chain("web") == ["web", "memory_search", "python"]
    with pytest.raises(ValueError, match="invalid tool name"):
        registry.register("finish", lambda s: s)
    missing = execute(registry, "nope", "x")
    assert not missing.ok and "no tool named 'nope'" in missing.observation
