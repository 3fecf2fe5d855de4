"""Streaming: pieces reach on_delta as they arrive, the Completion carries the whole reply."""

from __future__ import annotations

import asyncio

import pytest

from rlm_bot.llm import ModelCallError, UsageMeter
from tests.fakes.fixtures import Fail, Reply

TEXT = "one two three four five six seven eight nine ten"


def test_stream_hands_pieces_to_on_delta_and_returns_the_whole_reply(client, fake_llm):
    fake_llm.script(Reply(TEXT, prompt_tokens=12, completion_tokens=10))
    pieces: list[str] = []
    meter = UsageMeter()
    reply = client.complete("haiku", "count", on_delta=pieces.append, meter=meter)
    assert reply.text == TEXT and "".join(pieces) == TEXT and len(pieces) >= 3
    assert (reply.prompt_tokens, reply.completion_tokens) == (12, 10) and not reply.usage_estimated
    assert meter.tokens == 22
    call = fake_llm.calls[0]
    assert call.stream is True and call.params["stream_options"] == {"include_usage": True}


def test_stream_async(client, fake_llm):
    fake_llm.script(TEXT)
    pieces: list[str] = []
    reply = asyncio.run(client.acomplete("gpt", "count", on_delta=pieces.append))
    assert "".join(pieces) == reply.text == TEXT


def test_stream_failure_before_any_text_is_retried(client, fake_llm):
    fake_llm.script(Fail.server_error(503), TEXT)
    pieces: list[str] = []
    reply = client.complete("haiku", "count", on_delta=pieces.append)
    assert reply.text == TEXT and "".join(pieces) == TEXT and reply.attempts == 2


def test_stream_broken_after_text_is_not_repeated_elsewhere(client, fake_llm):
    fake_llm.script(Fail.drop_midstream())
    pieces: list[str] = []
    with pytest.raises(ModelCallError, match="stream broke|interrupted|connection"):
        client.complete("haiku", "count", on_delta=pieces.append)
    assert pieces == ["partial"]
    assert len(fake_llm.calls) == 1  # neither retried nor sent to the fallback


def test_stream_consumer_that_raises_does_not_break_the_call(client, fake_llm):
    fake_llm.script(TEXT)

    def broken(piece: str) -> None:
        raise RuntimeError("slack update failed")

    assert client.complete("haiku", "count", on_delta=broken).text == TEXT


def test_stream_with_a_huge_piece(client, fake_llm):
    big = "x" * 200_000  # one SSE event far over aiohttp's 64 KiB line limit
    fake_llm.script(f"start {big} end")
    pieces: list[str] = []
    reply = client.complete("haiku", "big", on_delta=pieces.append)
    assert reply.text == f"start {big} end" == "".join(pieces)
