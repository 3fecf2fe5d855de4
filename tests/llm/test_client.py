"""LLMClient against the scripted provider: replies, accounting, retries, fallback, errors."""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import pytest

from rlm_bot.errors import RlmError
from rlm_bot.llm import (
    BudgetExceededError,
    CallCancelledError,
    LLMError,
    ModelCallError,
    ResponseFormatError,
    UnknownModelError,
    UsageMeter,
)
from tests.fakes.fixtures import FAKE_LLM_API_KEY, Fail, Reply


def test_client_complete_returns_reply_with_real_usage_and_profile_price(client, fake_llm):
    fake_llm.script(Reply("Paris.", prompt_tokens=123, completion_tokens=45))
    reply = client.complete("haiku", "Capital of France?", system="Be brief.", temperature=0.2, max_tokens=50)
    assert reply.text == "Paris."
    assert (reply.prompt_tokens, reply.completion_tokens) == (123, 45)
    # claude-haiku-4-5 in litellm's cost map: $1 / $5 per million tokens
    assert reply.cost == pytest.approx(123 * 1e-6 + 45 * 5e-6)
    assert reply.alias == reply.requested_alias == "haiku" and reply.model == "claude-haiku-4-5"
    assert reply.attempts == 1 and reply.latency_ms > 0 and not reply.usage_estimated
    call = fake_llm.calls[0]
    assert call.model == "claude-haiku-4-5"  # the model name reaches the endpoint unchanged
    assert call.messages == [{"role": "system", "content": "Be brief."},
                             {"role": "user", "content": "Capital of France?"}]
    assert call.params["temperature"] == 0.2 and call.params["max_tokens"] == 50
    assert call.api_key == FAKE_LLM_API_KEY


def test_client_missing_usage_is_estimated_and_flagged(client, fake_llm):
    fake_llm.script(Reply("four words in reply", include_usage=False))
    reply = client.complete("gpt-mini", [{"role": "user", "content": "say four words"}])
    assert reply.usage_estimated and reply.prompt_tokens > 0 and reply.completion_tokens > 0
    assert reply.cost > 0


def test_client_async_matches_sync_and_works_across_event_loops(client, fake_llm):
    fake_llm.rule(lambda req: req.last_user.upper())
    first = asyncio.run(client.acomplete("sonnet", "one"))
    second = asyncio.run(client.acomplete("sonnet", "two"))  # a new loop: no stale connections
    assert (first.text, second.text) == ("ONE", "TWO")
    assert client.complete("sonnet", "three").text == "THREE"


def test_client_retries_429_honouring_retry_after(client, fake_llm):
    fake_llm.script(Fail.rate_limit(retry_after=0.4), "after the wait")
    reply = client.complete("haiku", "hi")
    assert reply.text == "after the wait" and reply.attempts == 2
    first, second = fake_llm.calls
    assert first.status == 429 and second.status == 200
    assert second.started - first.ended >= 0.4  # waited as the server asked, not the 10 ms backoff


@pytest.mark.parametrize("failure", [Fail.server_error(500), Fail.server_error(503), Fail.drop(), Fail.malformed()],
                         ids=["500", "503", "drop", "malformed"])
def test_client_retries_transient_failures_then_succeeds(client, fake_llm, failure):
    fake_llm.script(failure, failure, "third time lucky")
    reply = client.complete("haiku", "hi")
    assert reply.text == "third time lucky" and reply.attempts == 3
    assert len(fake_llm.chat_calls) == 3
    assert client.status()["retries"] == 2


def test_client_timeout_is_retried(make_client, fake_llm, transport):
    client = make_client(RLM_LLM_TRANSPORT=transport, RLM_LLM_TIMEOUT="0.5")
    fake_llm.script(Fail.hang(), "answered")
    start = time.monotonic()
    reply = client.complete("haiku", "hi")
    assert reply.text == "answered" and reply.attempts == 2
    assert 0.45 < time.monotonic() - start < 5


def test_client_falls_back_when_the_model_keeps_failing(client, fake_llm):
    fake_llm.script(*[Fail.server_error(500)] * 4, model="claude-haiku-4-5")
    fake_llm.script("from the fallback", model="gpt-5.4-mini")
    reply = client.complete("haiku", "hi")
    assert reply.text == "from the fallback"
    assert (reply.alias, reply.requested_alias, reply.model) == ("gpt-mini", "haiku", "gpt-5.4-mini")
    assert [c.model for c in fake_llm.calls] == ["claude-haiku-4-5"] * 4 + ["gpt-5.4-mini"]
    assert reply.attempts == 5 and client.status()["fallbacks"] == 1


def test_client_long_retry_after_goes_to_fallback_at_once(make_client, fake_llm, transport):
    client = make_client(RLM_LLM_TRANSPORT=transport, RLM_LLM_MAX_RETRY_WAIT="1")
    fake_llm.script(Fail.rate_limit(retry_after=30), model="claude-sonnet-4-6")
    start = time.monotonic()
    reply = client.complete("sonnet", "hi")
    assert time.monotonic() - start < 20  # not the 30 s Retry-After (litellm loads on a first call: slow on a busy box)
    assert reply.alias == "gpt" and [c.model for c in fake_llm.calls] == ["claude-sonnet-4-6", "gpt-5.6"]


def test_client_all_failing_raises_one_clear_error(client, fake_llm):
    fake_llm.rule(lambda req: Fail.server_error(503, "upstream overloaded"))
    with pytest.raises(ModelCallError) as info:
        client.complete("haiku", "hi")
    err = info.value
    text = str(err)
    assert isinstance(err, RlmError) and err.alias == "haiku" and err.model == "claude-haiku-4-5"
    assert "'haiku'" in text and "claude-haiku-4-5" in text and "gpt-mini" in text
    assert "503" in text and "upstream overloaded" in text and "\n" not in text
    assert "Traceback" not in text and err.status == 503 and err.attempts == 8
    assert len(fake_llm.calls) == 8  # 4 attempts per model, haiku then its fallback gpt-mini


def test_client_bad_request_is_neither_retried_nor_sent_to_fallback(client, fake_llm):
    fake_llm.script(Fail.error(400, "messages: invalid role"))
    with pytest.raises(ModelCallError, match="invalid role"):
        client.complete("haiku", "hi")
    assert len(fake_llm.calls) == 1


def test_client_auth_failure_is_not_retried_but_falls_back(client, fake_llm):
    fake_llm.script(Fail.error(401, "bad key"), model="claude-haiku-4-5")
    reply = client.complete("haiku", "hi")
    assert reply.alias == "gpt-mini" and len(fake_llm.calls) == 2


def test_client_unknown_alias_fails_before_any_call(client, fake_llm):
    with pytest.raises(UnknownModelError) as info:
        client.complete("gpt-3", "hi")
    assert "gpt-3" in str(info.value) and "haiku" in str(info.value)
    assert fake_llm.calls == []


def test_client_resolves_a_profile_by_model_id(client, fake_llm):
    assert client.complete("claude-sonnet-4-6", "hi").alias == "sonnet"


def test_client_rejects_bad_messages(client, fake_llm):
    with pytest.raises(LLMError):
        client.complete("haiku", [])
    with pytest.raises(LLMError):
        client.complete("haiku", "hi", max_tokens=0)
    assert fake_llm.calls == []


def test_client_json_mode_asks_for_json_and_parses(client, fake_llm):
    fake_llm.rule(lambda req: '{"answer": 42}' if req.json_mode else "plain")
    reply = client.complete("gpt", "give json", json_mode=True)
    assert reply.json() == {"answer": 42}
    assert fake_llm.calls[0].params["response_format"] == {"type": "json_object"}


def test_client_json_mode_with_non_json_reply_is_a_clear_error_after_charging(client, fake_llm):
    fake_llm.script(Reply("Sure! Here it is: answer=42", prompt_tokens=10, completion_tokens=8))
    meter = UsageMeter()
    with pytest.raises(ResponseFormatError) as info:
        client.complete("gpt", "give json", json_mode=True, meter=meter)
    assert "not JSON" in str(info.value) and info.value.text.startswith("Sure!")
    assert meter.tokens == 18  # the provider was paid for those tokens


def test_client_json_reply_in_a_code_fence_parses(client, fake_llm):
    fake_llm.script('```json\n{"ok": true}\n```')
    assert client.complete("gpt", "x", json_mode=True).json() == {"ok": True}


def test_client_sync_call_from_many_threads(client, fake_llm):
    fake_llm.set_latency(0.05)
    fake_llm.rule(lambda req: req.last_user[::-1])
    results: dict[int, str] = {}

    def work(i: int) -> None:
        results[i] = client.complete("haiku", f"abc{i}").text

    threads = [threading.Thread(target=work, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert results == {i: f"abc{i}"[::-1] for i in range(20)}
    assert fake_llm.max_concurrency > 1


def test_client_on_call_hook_sees_successes_and_failures(make_client, fake_llm, transport):
    records = []
    client = make_client(on_call=records.append, RLM_LLM_TRANSPORT=transport)
    fake_llm.script(Reply("ok", prompt_tokens=3, completion_tokens=2))
    meter = UsageMeter(run_id="run-7", workspace="T1")
    client.complete("haiku", "hi", meter=meter)
    fake_llm.rule(lambda req: Fail.error(400, "nope"))
    with pytest.raises(ModelCallError):
        client.complete("haiku", "hi", meter=meter)
    ok, bad = records
    assert ok.ok and ok.tokens == 5 and ok.run_id == "run-7" and ok.workspace == "T1" and ok.cost > 0
    assert not bad.ok and "nope" in bad.error and bad.tokens == 0


def test_client_hook_that_raises_does_not_break_the_call(make_client, fake_llm, caplog):
    def broken(record):
        raise RuntimeError("hook exploded")

    client = make_client(on_call=broken)
    with caplog.at_level(logging.ERROR, logger="rlm_bot.llm"):
        assert client.complete("haiku", "hi").text == "OK"
    assert "hook exploded" in caplog.text


def test_client_status_reports_totals(client, fake_llm):
    fake_llm.script(Reply("a", prompt_tokens=10, completion_tokens=5), Fail.server_error(500), "b")
    client.complete("haiku", "1")
    client.complete("haiku", "2")
    status = client.status()
    assert status["calls"] == 2 and status["ok"] == 2 and status["retries"] == 1 and status["attempts"] == 3
    assert status["in_flight"] == 0 and status["tokens"] >= 15 and status["cost"] > 0
    assert status["transport"] in {"http", "litellm"}
    assert status["by_alias"]["haiku"]["ok"] == 2 and status["by_alias"]["haiku"]["tokens"] == status["tokens"]


def test_client_embeddings_through_litellm(client, fake_llm):
    vectors = client.embed(["the cat sat", "the cat sat", "stock prices"], "text-embedding-3-small")
    assert len(vectors) == 3 and vectors[0] == vectors[1] != vectors[2]
    assert fake_llm.embedding_calls[0].model == "text-embedding-3-small"
    assert asyncio.run(client.aembed(["x"]))[0] == client.embed(["x"])[0]


def test_client_closed_client_refuses_calls(make_client, fake_llm):
    client = make_client()
    client.close()
    with pytest.raises(LLMError, match="closed"):
        client.complete("haiku", "hi")


def test_shared_llm_client_fixture_reaches_the_fake(llm_client, fake_llm):
    fake_llm.script("from the shared fixture")
    assert llm_client.complete("opus", "hi").text == "from the shared fixture"
    assert llm_client.transport_name() == "http"  # an endpoint is configured: the lean transport


def test_http_is_the_default_for_an_endpoint_and_litellm_an_explicit_choice(make_client, fake_llm):
    default = make_client()
    assert default.transport_name() == "http" and default.complete("haiku", "hi").text == "OK"
    assert fake_llm.chat_calls[-1].headers.get("user-agent") == "rlm-bot"
    # litellm's OpenAI SDK path (the default endpoint provider, `openai/<model>`) and its own
    # handler for OpenAI-compatible servers both say who they are
    forced = make_client(RLM_LLM_TRANSPORT="litellm")
    assert forced.transport_name() == "litellm" and forced.complete("haiku", "hi").text == "OK"
    assert "openai" in fake_llm.chat_calls[-1].headers.get("user-agent", "").lower()
    own = make_client(RLM_LLM_TRANSPORT="litellm", RLM_LLM_ENDPOINT_PROVIDER="hosted_vllm")
    assert own.transport_name() == "litellm" and own.complete("haiku", "hi").text == "OK"
    assert fake_llm.chat_calls[-1].headers.get("user-agent", "").startswith("litellm/")
    explicit = make_client(RLM_LLM_TRANSPORT="http")
    assert explicit.transport_name() == "http" and explicit.complete("haiku", "hi").text == "OK"


def test_provider_models_without_an_endpoint_take_litellm(make_client, monkeypatch):
    monkeypatch.delenv("RLM_LLM_API_BASE", raising=False)
    client = make_client()
    assert client.settings.transport == "auto" and client.transport_name() == "litellm"
    assert client.status()["transport"] == "litellm"


def test_http_transport_adapts_to_renamed_and_refused_parameters(make_client, fake_llm):
    client = make_client(RLM_LLM_TRANSPORT="http")

    def strict(req):
        if "max_tokens" in req.params:
            return Fail.error(400, "Unsupported parameter: 'max_tokens' is not supported with this model. "
                                   "Use 'max_completion_tokens' instead.")
        if "temperature" in req.params:
            return Fail.error(400, "Unsupported value: 'temperature' does not support 0.2 with this model.")
        return "fine"

    fake_llm.rule(strict)
    assert client.complete("gpt", "hi", temperature=0.2, max_tokens=30).text == "fine"
    assert client.complete("gpt", "again", temperature=0.2, max_tokens=30).text == "fine"
    last = fake_llm.calls[-1]
    assert last.params.get("max_completion_tokens") == 30 and "temperature" not in last.params
    assert len(fake_llm.calls) == 4  # two lessons learnt once each, then straight through
    fake_llm.rule(lambda req: Fail.error(400, "messages: invalid role"))
    with pytest.raises(ModelCallError, match="invalid role"):
        client.complete("gpt", "x")


def test_client_passes_extra_params_and_returns_tool_calls(client, fake_llm):
    call = {"id": "call_1", "type": "function", "function": {"name": "lookup", "arguments": '{"q": "x"}'}}
    fake_llm.script(Reply("", tool_calls=[call], finish_reason="tool_calls"))
    tools = [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}]
    reply = client.complete("haiku", "find x", params={"tools": tools, "stop": ["END"], "seed": 7})
    sent = fake_llm.calls[0].params
    assert sent["tools"] == tools and sent["stop"] == ["END"] and sent["seed"] == 7
    assert reply.finish_reason == "tool_calls"
    assert reply.tool_calls[0]["function"]["name"] == "lookup"
    assert reply.tool_calls[0]["function"]["arguments"] == '{"q": "x"}'


def test_client_params_cannot_override_the_managed_ones(client, fake_llm):
    with pytest.raises(LLMError, match="max_tokens"):
        client.complete("gpt", "x", params={"max_tokens": 10**6})
    with pytest.raises(LLMError, match="messages must be"):
        client.complete("gpt", ["not a message"])
    assert fake_llm.calls == []


@pytest.mark.parametrize("base", ["ftp://127.0.0.1/v1", "http://127.0.0.1:1/v1"])
def test_client_unusable_endpoint_is_one_clear_error(make_client, transport, base):
    client = make_client(RLM_LLM_TRANSPORT=transport, RLM_LLM_API_BASE=base, RLM_LLM_MAX_RETRIES="0")
    with pytest.raises(ModelCallError) as info:
        client.complete("haiku", "hi")
    assert "'haiku'" in str(info.value) and "\n" not in str(info.value)


def test_shared_client_is_one_per_settings(fake_llm, monkeypatch):
    from rlm_bot.config import load_settings
    from rlm_bot.llm import close_shared_clients, shared_client

    try:
        first = shared_client(load_settings().llm)
        assert shared_client(load_settings().llm) is first
        monkeypatch.setenv("RLM_LLM_MAX_IN_FLIGHT", "7")
        other = shared_client(load_settings().llm)
        assert other is not first and other.settings.max_in_flight == 7
        assert first.complete("haiku", "hi").text == "OK"
    finally:
        close_shared_clients()
    with pytest.raises(LLMError, match="closed"):
        first.complete("haiku", "hi")


def test_prompt_longer_than_the_context_window_skips_to_a_larger_model(make_client, fake_llm, tmp_path):
    from rlm_bot.llm import load_profiles

    models = tmp_path / "models.toml"
    models.write_text(
        '[models.small]\nmodel = "tiny-local"\ninput_cost_per_1k = 0\noutput_cost_per_1k = 0\n'
        'context_window = 200\nfallback = "big"\n'
        '[models.big]\nmodel = "big-local"\ninput_cost_per_1k = 0\noutput_cost_per_1k = 0\n'
        "context_window = 100000\n"
    )
    client = make_client(load_profiles(models))
    long_prompt = "word " * 1000
    reply = client.complete("small", long_prompt)
    assert reply.alias == "big" and [c.model for c in fake_llm.calls] == ["big-local"]
    assert client.complete("small", "short").alias == "small"
    with pytest.raises(ModelCallError, match="context window"):
        client.complete("big", "word " * 200_000)
    assert len(fake_llm.calls) == 2  # the doomed calls were never sent


def test_unaffordable_fallback_still_records_the_failed_attempts(make_client, fake_llm, transport):
    records = []
    client = make_client(on_call=records.append, RLM_LLM_TRANSPORT=transport)
    fake_llm.script(*[Fail.server_error(500)] * 4, model="claude-sonnet-4-6")
    with pytest.raises(BudgetExceededError):
        client.complete("sonnet", "hi", max_tokens=200, meter=UsageMeter(max_cost=0.0035))
    assert len(records) == 1 and not records[0].ok and records[0].attempts == 4


def test_litellm_hosted_vllm_endpoint_provider_retries_falls_back_and_streams(make_client, fake_llm):
    # the documented alternative to the default openai provider (litellm's own handler) behaves the same
    client = make_client(RLM_LLM_TRANSPORT="litellm", RLM_LLM_ENDPOINT_PROVIDER="hosted_vllm")
    fake_llm.script(Fail.rate_limit(retry_after=0.2), Fail.server_error(503), Reply("done", prompt_tokens=9))
    reply = client.complete("haiku", "hi")
    assert reply.text == "done" and reply.attempts == 3 and reply.prompt_tokens == 9
    assert fake_llm.calls[1].started - fake_llm.calls[0].ended >= 0.2
    fake_llm.script(Fail.error(401, "bad key"), "from the fallback")
    assert client.complete("haiku", "hi").alias == "gpt-mini"
    pieces: list[str] = []
    fake_llm.script("one two three four five six seven")
    assert client.complete("haiku", "stream", on_delta=pieces.append).text == "".join(pieces)
    assert len(pieces) > 1 and all(c.headers["user-agent"].startswith("litellm/") for c in fake_llm.chat_calls)
