"""The litellm transport's send gate: calls build their requests one at a time, in arrival order,
and go out through the transport's own aiohttp session (litellm's `shared_session`)."""

from __future__ import annotations

import asyncio

import aiohttp

from rlm_bot.llm.litellm_transport import LitellmTransport
from rlm_bot.llm.loop import shared_loop
from rlm_bot.llm.profiles import load_profiles
from tests.fakes.fixtures import FAKE_LLM_API_KEY, Fail

MODEL = "openai/" + load_profiles(None).resolve("haiku").wire_model


def _run(coro, timeout: float = 60.0):
    """On the process-wide LLM loop, where litellm's loop-bound state lives (see rlm_bot.llm.loop)."""
    return shared_loop().submit(coro).result(timeout)


def _transport(fake_llm, trace_configs: tuple = ()) -> LitellmTransport:
    return LitellmTransport(api_base=fake_llm.base_url, api_key=FAKE_LLM_API_KEY, timeout=30,
                            trace_configs=trace_configs)


def _send_order() -> tuple[aiohttp.TraceConfig, list[str]]:
    """A trace of the order in which aiohttp starts the requests (the moment the gate lets the
    next call build its own), each named by its x-call header."""
    started: list[str] = []

    async def on_start(session, ctx, params) -> None:  # noqa: ARG001 - aiohttp's trace signature
        started.append(params.headers.get("x-call", "?"))

    trace = aiohttp.TraceConfig()
    trace.on_request_start.append(on_start)
    return trace, started


def _ask(transport: LitellmTransport, text: str, **params):
    return transport.chat(MODEL, [{"role": "user", "content": text}], {"max_tokens": 8, **params})


def test_fanned_out_calls_are_sent_in_the_order_they_were_made_through_our_session(fake_llm):
    # The order is read where the client decides it: aiohttp starting each request. Arrival at
    # the provider can differ by a neighbour now and then (aiohttp writes each body in its own
    # task, the server reads sockets as they wake; seen once in ~12 runs on a loaded box). The
    # order alone does not show the gate (asyncio's round robin keeps it without one); what the
    # gate changes is when requests go out, which `rlm-bot bench fanout` measures.
    trace, started = _send_order()
    transport = _transport(fake_llm, (trace,))

    async def fan_out(prefix: str, n: int) -> list[str]:
        replies = await asyncio.gather(*(_ask(transport, f"{prefix}{i}", extra_headers={"x-call": f"{prefix}{i}"})
                                         for i in range(n)))
        return [r.text for r in replies]

    try:
        assert _run(fan_out("warm", 30)) == ["OK"] * 30  # a warm pool: no connect to race
        fake_llm.reset()
        started.clear()
        assert _run(fan_out("q", 30)) == ["OK"] * 30
        assert started == [f"q{i}" for i in range(30)]
        assert sorted(c.messages[-1]["content"] for c in fake_llm.chat_calls) == sorted(started)
        assert [c.headers.get("x-call") for c in fake_llm.chat_calls] == \
            [c.messages[-1]["content"] for c in fake_llm.chat_calls]  # the header named its call
        assert transport.gated and transport.sent_through_session == 60
    finally:
        _run(transport.close())


def test_a_reply_that_never_used_the_session_turns_the_gate_off(fake_llm):
    # litellm's own mock_response answers without any HTTP request: gating would only serialise
    transport = _transport(fake_llm)
    try:
        assert _run(_ask(transport, "hi", mock_response="canned")).text == "canned"
        assert not transport.gated and transport.sent_through_session == 0
        assert _run(_ask(transport, "real")).text == "OK"  # still calls the endpoint, ungated
        assert [c.messages[-1]["content"] for c in fake_llm.chat_calls] == ["real"]
    finally:
        _run(transport.close())


def test_failed_and_cancelled_calls_leave_the_gate_open(fake_llm):
    transport = _transport(fake_llm)

    async def scenario() -> list[str]:
        fake_llm.script(Fail.server_error(500), Fail.hang(), Fail.hang())
        failed = await asyncio.gather(_ask(transport, "boom"), return_exceptions=True)
        hung = [asyncio.ensure_future(_ask(transport, f"hang{i}")) for i in range(2)]
        waiting = [asyncio.ensure_future(_ask(transport, f"w{i}")) for i in range(5)]
        await asyncio.sleep(0)
        for task in waiting[:3]:  # cancelled while queued at the gate
            task.cancel()
        await asyncio.sleep(0.5)
        for task in hung:  # cancelled with the request out
            task.cancel()
        done = await asyncio.gather(*waiting, *hung, return_exceptions=True)
        assert type(failed[0]).__name__ == "ProviderFailure"
        assert all(isinstance(x, asyncio.CancelledError) for x in done[:3] + done[5:])
        after = await asyncio.wait_for(asyncio.gather(*(_ask(transport, f"a{i}") for i in range(5))), 10)
        return [r.text for r in done[3:5]] + [r.text for r in after]

    try:
        assert _run(scenario()) == ["OK"] * 7
        assert transport.gated
    finally:
        _run(transport.close())
