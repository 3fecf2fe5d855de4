"""Round trips through litellm to the scripted OpenAI-compatible server (the test harness itself)."""

from __future__ import annotations

import asyncio
import json
import math
import urllib.request

import pytest

import rlm_bot.config  # noqa: F401  - sets LITELLM_LOCAL_MODEL_COST_MAP before litellm loads
from tests.fakes.fixtures import FAKE_LLM_API_KEY, Fail, Reply
from testing.fakes.openai_server import FakeOpenAIServer


@pytest.fixture(params=[False, True], ids=["asyncio", "fast-loop"])
def fake_llm_server(request):
    """Both loops the server runs on: asyncio's (tests) and uvloop's when installed (benchmarks)."""
    server = FakeOpenAIServer(fast_loop=request.param).start()
    try:
        yield server
    finally:
        server.stop()


def _litellm():
    import litellm

    litellm.suppress_debug_info = True
    return litellm


def _kw(fake) -> dict:
    return {"api_base": fake.base_url, "api_key": FAKE_LLM_API_KEY, "num_retries": 0, "max_retries": 0}


def test_fake_provider_completion_round_trip(fake_llm):
    fake_llm.script(Reply("Paris is the capital.", completion_tokens=6))
    resp = _litellm().completion(
        model="openai/gpt-4o-mini",
        messages=[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Capital of France?"}],
        temperature=0.1,
        max_tokens=20,
        **_kw(fake_llm),
    )
    assert resp.choices[0].message.content == "Paris is the capital."
    assert resp.usage.completion_tokens == 6
    assert resp.usage.prompt_tokens == fake_llm.calls[0].prompt_tokens > 0
    call = fake_llm.calls[0]
    assert call.model == "gpt-4o-mini"
    assert call.messages[-1] == {"role": "user", "content": "Capital of France?"}
    assert call.params["temperature"] == 0.1 and call.params["max_tokens"] == 20
    assert call.api_key == FAKE_LLM_API_KEY
    assert call.outcome == "reply" and call.status == 200


def test_fake_provider_streaming_round_trip(fake_llm):
    text = "one two three four five six seven"
    fake_llm.script(text)
    chunks = list(
        _litellm().completion(
            model="openai/gpt-4o-mini", messages=[{"role": "user", "content": "count"}], stream=True,
            stream_options={"include_usage": True}, **_kw(fake_llm),
        )
    )
    pieces = [c.choices[0].delta.content or "" for c in chunks if c.choices]
    assert "".join(pieces) == text
    assert len([p for p in pieces if p]) >= 3  # really streamed in several chunks
    assert fake_llm.calls[0].stream is True


def test_fake_provider_embeddings_are_deterministic_and_similar_for_shared_words(fake_llm):
    litellm = _litellm()
    texts = ["the cat sat on the mat", "the cat sat on a mat", "quarterly revenue forecast"]
    first = litellm.embedding(model="openai/text-embedding-3-small", input=texts, **_kw(fake_llm))
    again = litellm.embedding(model="openai/text-embedding-3-small", input=texts[:1], **_kw(fake_llm))
    vecs = [d["embedding"] for d in first.data]
    assert vecs[0] == again.data[0]["embedding"]
    dot = lambda a, b: sum(x * y for x, y in zip(a, b))  # noqa: E731
    assert math.isclose(dot(vecs[0], vecs[0]), 1.0, rel_tol=1e-6)
    assert dot(vecs[0], vecs[1]) > 0.6 > dot(vecs[0], vecs[2])
    assert fake_llm.embedding_calls[0].input == texts


def test_fake_provider_rate_limit_then_success(fake_llm):
    litellm = _litellm()
    fake_llm.script(Fail.rate_limit(retry_after=2), "recovered")
    with pytest.raises(litellm.RateLimitError) as info:
        litellm.completion(model="openai/gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], **_kw(fake_llm))
    headers = info.value.litellm_response_headers
    assert headers["retry-after"] == "2" and headers["retry-after-ms"] == "2000"
    resp = litellm.completion(model="openai/gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], **_kw(fake_llm))
    assert resp.choices[0].message.content == "recovered"
    assert [c.status for c in fake_llm.calls] == [429, 200]


def test_fake_provider_async_calls_overlap_latency(fake_llm):
    litellm = _litellm()
    fake_llm.set_latency(0.3)

    async def many():
        return await asyncio.gather(*(
            litellm.acompletion(model="openai/gpt-4o-mini", messages=[{"role": "user", "content": f"q{i}"}],
                                **_kw(fake_llm))
            for i in range(20)
        ))

    results = asyncio.run(many())
    assert len(results) == 20
    assert fake_llm.max_concurrency >= 15  # not serialised
    assert max(c.duration for c in fake_llm.calls) < 2.0


@pytest.mark.parametrize("failure, error", [
    (Fail.server_error(503), "ServiceUnavailableError"),
    (Fail.malformed(), "APIError"),
    (Fail.drop(), "InternalServerError"),  # litellm reports a dropped connection as "Connection error."
])
def test_fake_provider_injected_failures_reach_the_client(fake_llm, failure, error):
    litellm = _litellm()
    fake_llm.script(failure)
    with pytest.raises(Exception) as info:
        litellm.completion(model="openai/gpt-4o-mini", messages=[{"role": "user", "content": "hi"}], **_kw(fake_llm))
    assert error in type(info.value).__name__ or error in [c.__name__ for c in type(info.value).__mro__]


def test_fake_provider_hang_is_seen_as_a_timeout_and_the_hangup_is_recorded(fake_llm):
    litellm = _litellm()
    fake_llm.script(Fail.hang())
    with pytest.raises(litellm.Timeout):
        litellm.completion(model="openai/gpt-4o-mini", messages=[{"role": "user", "content": "hi"}],
                           timeout=0.5, **_kw(fake_llm))
    fake_llm.wait_for_calls(1)
    assert fake_llm.calls[0].outcome in {"pending", "hang", "disconnected"}


def test_fake_provider_rules_models_queue_and_listing(fake_llm):
    litellm = _litellm()
    fake_llm.rule(lambda req: json.dumps({"echo": req.last_user}) if req.json_mode else None)
    fake_llm.script("for the big one", model="gpt-4o")
    big = litellm.completion(model="openai/gpt-4o", messages=[{"role": "user", "content": "a"}], **_kw(fake_llm))
    js = litellm.completion(model="openai/gpt-4o-mini", messages=[{"role": "user", "content": "b"}],
                            response_format={"type": "json_object"}, **_kw(fake_llm))
    plain = litellm.completion(model="openai/gpt-4o-mini", messages=[{"role": "user", "content": "c"}], **_kw(fake_llm))
    assert big.choices[0].message.content == "for the big one"
    assert json.loads(js.choices[0].message.content) == {"echo": "b"}
    assert plain.choices[0].message.content == "OK"
    with urllib.request.urlopen(fake_llm.base_url + "/models", timeout=5) as resp:
        listed = [m["id"] for m in json.load(resp)["data"]]
    assert "gpt-4o-mini" in listed
