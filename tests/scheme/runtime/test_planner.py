"""plan_strategy: heuristic plans from task features, model re-ranking, runnable programs."""

from __future__ import annotations

import json

import pytest

from rlm_bot.scheme.patterns import catalog
from rlm_bot.scheme.runtime.planner import EXPERIMENTAL, plan_strategy
from tests.helpers.runtime import run_ok, smart_rule


def test_many_documents_plan_a_fan_out_or_tree():
    plan = plan_strategy("Summarize each of these 200 documents", {"items": 200}, None, "balanced")
    assert plan.primary.patterns[0] in ("parallel-fan-out", "tree-aggregation", "stream-processing")
    assert len(plan.alternatives) == 2 and plan.experimental.name in EXPERIMENTAL
    names = [plan.primary.name] + [a.name for a in plan.alternatives] + [plan.experimental.name]
    assert len(set(names)) == 4
    assert plan.primary.estimated_calls >= 50 and plan.primary.estimated_cost > 0
    assert plan.source == "heuristic"


def test_computation_plans_code_generation():
    plan = plan_strategy("Calculate the average and standard deviation of these numbers")
    assert plan.primary.name == "code-generation"


def test_quality_priority_uses_stronger_models_than_cost_priority():
    q = plan_strategy("Classify the sentiment of each of 50 reviews", {"items": 50}, None, "quality")
    c = plan_strategy("Classify the sentiment of each of 50 reviews", {"items": 50}, None, "cost")
    assert q.primary.estimated_cost > c.primary.estimated_cost


def test_constraints_are_written_into_the_program():
    plan = plan_strategy("Write a product announcement email", None, {"max_tokens": 4000, "max_cost": 0.05})
    assert "[token-budget 4000]" in plan.primary.program and "cost-budget" in plan.primary.program


def test_a_model_can_rerank_and_bad_replies_fall_back():
    ask = lambda prompt: json.dumps({"primary": "ensemble-voting", "alternatives": ["critique-refine", "nope"],
                                     "experimental": "consensus-protocol", "reason": "r"})
    plan = plan_strategy("Is this claim true?", ask=ask)
    assert plan.source == "llm" and plan.primary.name == "ensemble-voting"
    fallback = plan_strategy("Is this claim true?", ask=lambda prompt: "I cannot decide")
    assert fallback.source == "heuristic"


@pytest.mark.parametrize("bad", ["", "   "])
def test_empty_task_is_refused(bad):
    with pytest.raises(ValueError):
        plan_strategy(bad)


@pytest.mark.parametrize("task,data", [
    ("Summarize each of these reviews", "great\nbad\nfine"),
    ("Calculate the sum of squares from 1 to 10", ""),
    ("Write a short release note and improve it", ""),
])
def test_planned_programs_run(rt, fake_llm, task, data):
    fake_llm.rule(smart_rule)
    plan = plan_strategy(task, {"items": 3} if data else None)
    if data:
        escaped = data.replace("\n", "\\n")
        run_ok(rt, f'(load-context "{escaped}")')
    out = run_ok(rt, plan.primary.program, timeout=30)
    assert out.calls >= 1


def test_every_pattern_template_is_valid_scheme(rt, fake_llm):
    from rlm_bot.scheme.runtime.planner import _program, default_models

    fake_llm.rule(smart_rule)
    models = default_models()
    for p in catalog():
        roles = {role: "gpt-mini" for role in p.roles}
        program = _program(p, "Tag it.", roles, 3, {})
        out = rt.execute(program, timeout=20)
        assert "syntax" not in (out.error or "") and "unbound" not in (out.error or ""), (p.name, out.error)
    assert models


def test_planner_prompt_goes_to_a_real_model(fake_llm):
    from rlm_bot.config import load_settings
    from rlm_bot.llm import LLMClient
    from rlm_bot.scheme.runtime.planner import model_asker

    fake_llm.script(json.dumps({"primary": "tree-aggregation", "alternatives": ["parallel-fan-out",
                                "stream-processing"], "experimental": "recursive-delegation",
                                "reason": "many long documents"}))
    client = LLMClient(load_settings().llm)
    try:
        plan = plan_strategy("Digest 500 long reports", {"items": 500}, {"max_cost": 5.0}, "quality",
                             ask=model_asker(client))
    finally:
        client.close()
    assert plan.source == "llm" and plan.primary.name == "tree-aggregation"
    assert plan.experimental.name == "recursive-delegation"
    call = fake_llm.chat_calls[0]
    assert "Digest 500 long reports" in call.messages[-1]["content"]
    assert call.params.get("response_format") == {"type": "json_object"}


def test_summarising_many_items_composes_fan_out_and_tree_aggregation(rt, fake_llm):
    fake_llm.rule(smart_rule)
    plan = plan_strategy("Summarize these 6 reviews into one overall report", None,
                         {"max_cost": 1.0, "max_tokens": 50000}, "balanced")
    assert plan.primary.patterns == ["parallel-fan-out", "tree-aggregation"]
    assert set(plan.primary.models) == {"worker", "reducer"}
    assert plan.primary.estimated_calls >= 6 + 1
    run_ok(rt, '(load-context "good\\nbad\\nfine\\ngreat\\nmeh\\nok")')
    out = run_ok(rt, plan.primary.program, timeout=30)
    assert isinstance(out.value, str) and out.calls == 6 + 2 + 1  # 6 maps; 6 -> 2 -> 1
