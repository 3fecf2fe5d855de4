"""Concurrency: the global in-flight cap seen at the provider, rate limits, cancellation."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from rlm_bot.llm import CallCancelledError, load_profiles
from tests.fakes.fixtures import Fail


def test_in_flight_cap_is_observed_at_the_provider(make_client, fake_llm, transport):
    client = make_client(RLM_LLM_TRANSPORT=transport, RLM_LLM_MAX_IN_FLIGHT="5")
    fake_llm.set_latency(0.4)  # covers five request builds even on a loaded machine

    async def go():
        return await asyncio.gather(*(client.acomplete("haiku", f"q{i}") for i in range(15)))

    assert len(asyncio.run(go())) == 15
    assert fake_llm.max_concurrency == 5


def test_in_flight_cap_holds_for_sync_callers_in_threads(make_client, fake_llm, transport):
    client = make_client(RLM_LLM_TRANSPORT=transport, RLM_LLM_MAX_IN_FLIGHT="3")
    fake_llm.set_latency(0.3)
    threads = [threading.Thread(target=client.complete, args=("haiku", f"q{i}")) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(fake_llm.calls) == 12 and fake_llm.max_concurrency == 3


def test_many_async_calls_run_concurrently(make_client, fake_llm, transport):
    client = make_client(RLM_LLM_TRANSPORT=transport, RLM_LLM_MAX_IN_FLIGHT="100")
    fake_llm.set_latency(1.2)  # requests go out one at a time: 80 of them fit even on a loaded box

    async def go():
        return await asyncio.gather(*(client.acomplete("haiku", f"q{i}") for i in range(150)))

    results = asyncio.run(go())
    assert len(results) == 150 and len({r.call_id for r in results}) == 150
    # never above the cap, and nowhere near serialised (timing targets live in `bench llm`)
    assert 80 <= fake_llm.max_concurrency <= 100


def test_cancel_an_in_flight_async_call(client, fake_llm):
    fake_llm.script(Fail.hang())

    async def go():
        call_id = client.new_call_id()
        task = asyncio.ensure_future(client.acomplete("haiku", "slow", call_id=call_id))
        await asyncio.sleep(0.05)
        fake_llm.wait_for_calls(1)
        assert call_id in client.status()["active_calls"]
        assert client.cancel(call_id) is True
        with pytest.raises(CallCancelledError) as info:
            await task
        return call_id, info.value

    call_id, err = asyncio.run(go())
    assert call_id in str(err) and "cancelled" in str(err) and err.call_id == call_id
    assert client.status()["cancelled"] == 1 and client.status()["in_flight"] == 0
    deadline = time.monotonic() + 5
    while fake_llm.calls[0].outcome == "pending" and time.monotonic() < deadline:
        time.sleep(0.01)
    assert fake_llm.calls[0].outcome in {"disconnected", "hang"}  # the connection was dropped


def test_cancel_a_sync_call_from_another_thread(client, fake_llm):
    fake_llm.script(Fail.hang())
    call_id = "my-call-1"
    threading.Timer(0.3, client.cancel, args=(call_id,)).start()
    start = time.monotonic()
    with pytest.raises(CallCancelledError):
        client.complete("haiku", "slow", call_id=call_id)
    assert time.monotonic() - start < 5
    assert client.cancel(call_id) is False  # no longer known
    assert client.complete("haiku", "next").text == "OK"  # the client carries on


def test_cancel_a_call_waiting_for_a_slot(make_client, fake_llm, transport):
    client = make_client(RLM_LLM_TRANSPORT=transport, RLM_LLM_MAX_IN_FLIGHT="1")
    fake_llm.set_latency(0.5)

    async def go():
        first = asyncio.ensure_future(client.acomplete("haiku", "first"))
        await asyncio.sleep(0.1)
        second = asyncio.ensure_future(client.acomplete("haiku", "second", call_id="queued"))
        await asyncio.sleep(0.1)
        assert client.status()["waiting"] == 1
        client.cancel("queued")
        with pytest.raises(CallCancelledError):
            await second
        return await first

    assert asyncio.run(go()).text == "OK"
    assert len(fake_llm.calls) == 1  # the queued call never reached the provider


def test_caller_side_cancellation_stops_the_call(client, fake_llm):
    fake_llm.script(Fail.hang())

    async def go():
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(client.acomplete("haiku", "slow"), 0.3)

    asyncio.run(go())
    deadline = time.monotonic() + 5
    while client.status()["in_flight"] and time.monotonic() < deadline:
        time.sleep(0.01)
    assert client.status()["in_flight"] == 0


def test_rate_limit_per_model_spaces_requests(make_client, fake_llm, tmp_path, transport):
    models = tmp_path / "models.toml"
    models.write_text(
        '[models.fast]\nmodel = "local-fast"\ninput_cost_per_1k = 0\noutput_cost_per_1k = 0\n'
        "context_window = 8192\nrpm = 600\n"  # 10 per second, bursts of 10
        '[models.free]\nmodel = "local-free"\ninput_cost_per_1k = 0\noutput_cost_per_1k = 0\n'
        "context_window = 8192\n"
    )
    client = make_client(load_profiles(models), RLM_LLM_TRANSPORT=transport)

    async def go(alias, n):
        return await asyncio.gather(*(client.acomplete(alias, f"q{i}") for i in range(n)))

    start = time.monotonic()
    asyncio.run(go("fast", 25))
    limited = time.monotonic() - start
    assert limited >= 1.3  # 10 at once, then 15 more at 10/s
    state = client.status()["rate_limits"]["fast"]
    assert state["rpm"] == 600 and state["throttled"] >= 10
    asyncio.run(go("free", 25))
    assert "free" not in client.status()["rate_limits"]  # no rpm: never throttled


def test_clients_share_one_loop_so_litellm_runs_cleanly_for_both(make_client, fake_llm, capfd):
    # litellm's logging worker is bound to one event loop: two clients on two loops break it
    fake_llm.set_latency(0.05)
    first, second = (make_client(RLM_LLM_TRANSPORT="litellm"),
                     make_client(RLM_LLM_TRANSPORT="litellm", RLM_LLM_MAX_IN_FLIGHT="7"))
    results: list[int] = []

    def burst(client) -> None:
        async def many():
            return await asyncio.gather(*(client.acomplete("haiku", f"q{i}", max_tokens=8) for i in range(15)))
        results.append(len(asyncio.run(many())))

    threads = [threading.Thread(target=burst, args=(c,)) for c in (first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [15, 15]
    assert first.event_loop() is second.event_loop() and first.event_loop().is_running()
    first.close()  # closing one client leaves the other (and the shared loop) working
    assert second.complete("haiku", "still there").text == "OK"
    err = capfd.readouterr().err
    assert "LoggingWorker" not in err and "different event loop" not in err
