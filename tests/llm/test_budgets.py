"""Budgets: refused before the call is sent, charged with real usage after it, nested meters."""

from __future__ import annotations

import asyncio

import pytest

from rlm_bot.config import load_settings
from rlm_bot.llm import BudgetExceededError, UsageMeter, estimate_tokens
from tests.fakes.fixtures import Reply


def test_budget_token_cap_refuses_before_sending(client, fake_llm):
    meter = UsageMeter(max_tokens=100)
    with pytest.raises(BudgetExceededError) as info:
        client.complete("haiku", "a question " * 10, max_tokens=90, meter=meter)
    assert "budget" in str(info.value) and "before sending" in str(info.value)
    assert fake_llm.calls == []  # the provider never saw it
    assert meter.tokens == 0 and meter.tokens_remaining() == 100
    assert client.status()["refused"] == 1


def test_budget_cost_cap_refuses_before_sending(client, fake_llm):
    meter = UsageMeter(max_cost=0.001)
    # opus: $25 per million output tokens -> 100 max_tokens alone may cost $0.0025
    with pytest.raises(BudgetExceededError, match="cost budget"):
        client.complete("opus", "hi", max_tokens=100, meter=meter)
    assert fake_llm.calls == []
    client.complete("haiku", "hi", max_tokens=100, meter=meter)  # haiku fits
    assert len(fake_llm.calls) == 1


def test_budget_charges_real_usage_not_the_estimate(client, fake_llm):
    fake_llm.script(Reply("x", prompt_tokens=40, completion_tokens=7), Reply("y", prompt_tokens=60, completion_tokens=3))
    meter = UsageMeter(max_tokens=10_000)
    client.complete("haiku", "first", max_tokens=500, meter=meter)
    client.complete("sonnet", "second", max_tokens=500, meter=meter)
    snap = meter.snapshot()
    assert (snap["prompt_tokens"], snap["completion_tokens"], snap["calls"]) == (100, 10, 2)
    assert snap["reserved_tokens"] == 0
    assert meter.cost == pytest.approx((40 * 1 + 7 * 5) * 1e-6 + (60 * 3 + 3 * 15) * 1e-6)
    assert meter.tokens_remaining() == 10_000 - 110


def test_budget_call_cap_and_run_defaults(make_client, fake_llm, transport):
    client = make_client(RLM_LLM_TRANSPORT=transport, RLM_RUN_MAX_CALLS="2")
    meter = UsageMeter.for_run(load_settings().llm)
    assert meter.max_calls == 2 and meter.max_tokens == load_settings().llm.run_max_tokens
    client.complete("haiku", "1", meter=meter)
    client.complete("haiku", "2", meter=meter)
    with pytest.raises(BudgetExceededError, match="call budget"):
        client.complete("haiku", "3", meter=meter)
    assert len(fake_llm.calls) == 2


def test_budget_child_meter_charges_parent_and_cannot_raise_its_limit(client, fake_llm):
    fake_llm.rule(lambda req: Reply("ok", prompt_tokens=20, completion_tokens=10))
    parent = UsageMeter(max_tokens=200)
    child = parent.child(max_tokens=10_000)  # asks for more than the parent has
    client.complete("haiku", "hi", max_tokens=50, meter=child)
    assert child.tokens == parent.tokens == 30
    assert child.tokens_remaining() == 170  # the parent's cap binds
    with pytest.raises(BudgetExceededError):
        client.complete("haiku", "hi", max_tokens=180, meter=child)
    assert len(fake_llm.calls) == 1


def test_budget_concurrent_calls_cannot_all_squeeze_through(client, fake_llm):
    fake_llm.set_latency(0.2)
    prompt = "hello"
    need = estimate_tokens([{"role": "user", "content": prompt}]) + 100
    meter = UsageMeter(max_tokens=need * 3 + need // 2)  # room for 3 reservations, not 4

    async def go():
        return await asyncio.gather(*(client.acomplete("haiku", prompt, max_tokens=100, meter=meter)
                                      for _ in range(6)), return_exceptions=True)

    results = asyncio.run(go())
    refused = [r for r in results if isinstance(r, BudgetExceededError)]
    assert len(refused) == 3 and len(fake_llm.calls) == 3


def test_budget_fallback_is_checked_too(client, fake_llm):
    from tests.fakes.fixtures import Fail

    fake_llm.script(*[Fail.server_error(500)] * 4, model="claude-sonnet-4-6")
    meter = UsageMeter(max_cost=0.0035)  # sonnet fits ($0.003 for 200 out); its fallback gpt ($0.004) does not
    with pytest.raises(BudgetExceededError, match="cost budget"):
        client.complete("sonnet", "hi", max_tokens=200, meter=meter)
    assert {c.model for c in fake_llm.calls} == {"claude-sonnet-4-6"}
    assert meter.snapshot()["reserved_tokens"] == 0 and meter.failed_calls == 1


@pytest.mark.parametrize("value, low, high", [
    ("", 0, 0),
    ("hello world", 2, 4),
    ("The quick brown fox jumps over the lazy dog. " * 20, 180, 300),
    ([{"role": "user", "content": "hi"}], 7, 10),
    ([{"role": "system", "content": "x" * 400}, {"role": "user", "content": [{"type": "text", "text": "look"}]}],
     110, 130),
])
def test_estimate_tokens_is_in_a_sane_range(value, low, high):
    assert low <= estimate_tokens(value) <= high
