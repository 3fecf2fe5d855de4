"""Stage 6 entry: the cascade for direct answers, LATS when tools are needed; settings apply."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from rlm_bot.config import ConfigError, load_settings
from rlm_bot.llm import load_profiles
from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.execute import execute
from rlm_bot.pipeline.execute.tools import ToolRegistry
from rlm_bot.pipeline.route import route
from rlm_bot.pipeline.types import Task


def _decision(text: str, settings):
    return route(analyze(Task(text)), profiles=load_profiles(), cascade_order=settings.routing.cascade_order,
                 cost_sensitivity=settings.routing.cost_sensitivity,
                 max_escalations=settings.routing.max_escalations)


def test_execute_cascade_uses_routing_settings(fake_llm, llm_client, monkeypatch):
    monkeypatch.setenv("RLM_CASCADE_SAMPLES", "5")
    monkeypatch.setenv("RLM_SAMPLE_TEMPERATURE", "0.9")
    settings = load_settings()
    fake_llm.rule(lambda req: "#### 12")
    result = execute("What is 3 * 4?", decision=_decision("What is 3 * 4?", settings), client=llm_client,
                     settings=settings.routing)
    assert result.strategy == "cascade" and result.model == "haiku"
    assert result.calls == 5 and len(fake_llm.chat_calls) == 5
    assert {c.params["temperature"] for c in fake_llm.chat_calls} == {0.9}
    assert result.telemetry.stage == "execute" and "agreement 1.00" in result.telemetry.reason
    assert result.cost > 0 and result.tokens_in > 0


def test_execute_lats_when_tools_are_needed(fake_llm, llm_client):
    settings = load_settings()
    registry = ToolRegistry().register("echo", lambda s: f"value: {s.upper()}", capabilities=["compute"])

    def rule(req):
        text = req.last_user
        if text.startswith("You plan tool use"):
            if "value: ABC" in text:
                return json.dumps({"actions": [{"tool": "finish", "input": "ABC"}]})
            return json.dumps({"actions": [{"tool": "echo", "input": "abc"}]})
        return json.dumps({"score": 0.95, "critique": "ok"})

    fake_llm.rule(rule)
    result = execute("Upper-case abc", decision=_decision("Upper-case abc", settings), client=llm_client,
                     settings=settings.routing, tools=registry, use_tools=True, task_type="computation")
    assert result.strategy == "lats" and result.success and result.answer == "ABC"
    assert result.tools == ("echo",) and result.cost > 0
    assert {c.model for c in fake_llm.chat_calls} == {load_profiles()["sonnet"].wire_model}


@pytest.mark.parametrize("var, value", [("RLM_LATS_MAX_ROLLOUTS", "0"), ("RLM_SAMPLE_TEMPERATURE", "-1"),
                                        ("RLM_CASCADE_ORDER", " , "), ("RLM_SCHEME_STRATEGY", "maybe")])
def test_routing_settings_reject_bad_values(monkeypatch, var, value):
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError, match=var):
        load_settings()


def test_lats_limits_come_from_settings(monkeypatch):
    monkeypatch.setenv("RLM_LATS_MAX_ROLLOUTS", "4")
    monkeypatch.setenv("RLM_LATS_MAX_DEPTH", "3")
    monkeypatch.setenv("RLM_LATS_EXPLORATION", "2.0")
    routing = load_settings().routing
    assert (routing.lats_max_rollouts, routing.lats_max_depth, routing.lats_exploration_weight) == (4, 3, 2.0)
    assert replace(routing, samples=2).samples == 2


def test_execute_strategies_are_tried_in_order():
    from rlm_bot.pipeline.execute import STRATEGIES, ExecuteRequest, SchemeJob

    settings = load_settings()
    decision = _decision("Upper-case abc", settings)
    tools = ToolRegistry().register("echo", lambda s: s, capabilities=["compute"])

    def chosen(**fields) -> str:
        request = ExecuteRequest("Upper-case abc", decision, None, settings.routing, **fields)
        return next(s for s in STRATEGIES if s.applies(request)).name

    assert chosen() == "cascade"
    assert chosen(tools=tools, use_tools=True) == "lats"
    assert chosen(tools=tools) == "cascade"  # registered but not asked for
    assert chosen(tools=ToolRegistry(), use_tools=True) == "cascade"  # asked for, none registered
    assert chosen(tools=tools, use_tools=True, scheme=SchemeJob(settings)) == "scheme"
    assert STRATEGIES[-1].applies(ExecuteRequest("x", decision, None, settings.routing))
