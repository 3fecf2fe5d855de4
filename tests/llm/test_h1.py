"""The http transport's keep-alive pool (rlm_bot/llm/h1.py) against the scripted provider."""

from __future__ import annotations

import asyncio

from tests.fakes.fixtures import Fail


def test_h1_calls_share_kept_alive_connections(make_client, fake_llm):
    client = make_client(RLM_LLM_TRANSPORT="http")
    for i in range(8):
        assert client.complete("haiku", f"q{i}").text == "OK"
    pieces: list[str] = []
    fake_llm.script("one two three four five six seven")
    assert client.complete("haiku", "stream", on_delta=pieces.append).text == "one two three four five six seven"
    assert client.complete("haiku", "after the stream").text == "OK"
    assert fake_llm.connections == 1  # ten calls, streamed or not, on one connection


def test_h1_a_fan_out_opens_at_most_one_connection_per_call_in_flight(make_client, fake_llm):
    client = make_client(RLM_LLM_TRANSPORT="http", RLM_LLM_MAX_IN_FLIGHT="6")
    fake_llm.latency = 0.05

    async def fan_out() -> list[str]:
        replies = await asyncio.gather(*(client.acomplete("haiku", f"q{i}") for i in range(30)))
        return [r.text for r in replies]

    assert asyncio.run(fan_out()) == ["OK"] * 30
    assert fake_llm.max_concurrency <= 6 and fake_llm.connections <= 6


def test_h1_a_dropped_connection_is_replaced(make_client, fake_llm):
    client = make_client(RLM_LLM_TRANSPORT="http", RLM_LLM_MAX_RETRIES="0")
    assert client.complete("haiku", "warm").text == "OK"
    fake_llm.script(Fail.drop())
    reply = client.complete("haiku", "dropped")  # the drop fails haiku; its fallback answers
    assert reply.alias == "gpt-mini" and [c.outcome for c in fake_llm.chat_calls][1:] == ["drop", "reply"]
    assert client.complete("haiku", "again").text == "OK"
    assert fake_llm.connections == 2
