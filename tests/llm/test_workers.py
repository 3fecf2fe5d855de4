"""litellm calls in worker processes (RLM_LLM_WORKERS): same client contract, one more process boundary."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from rlm_bot.errors import ConfigError
from rlm_bot.config import load_settings
from rlm_bot.llm import BudgetExceededError, CallCancelledError, ModelCallError, UsageLedger, UsageMeter
from rlm_bot.storage.models import Usage
from tests.fakes.fixtures import FAKE_LLM_API_KEY, Fail, Reply


@pytest.fixture
def pooled(make_client):
    """A client whose litellm calls run in two worker processes (started up front)."""
    client = make_client(RLM_LLM_TRANSPORT="litellm", RLM_LLM_WORKERS="2", RLM_LLM_MAX_RETRIES="0")
    assert len(client.start_workers(timeout=120)) == 2
    return client


def _wait(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.02)
    return predicate()


def test_workers_setting_is_validated(monkeypatch):
    monkeypatch.delenv("RLM_LLM_WORKERS")
    assert load_settings().llm.workers == 2  # the default
    monkeypatch.setenv("RLM_LLM_WORKERS", "-1")
    with pytest.raises(ConfigError, match="RLM_LLM_WORKERS"):
        load_settings()
    monkeypatch.setenv("RLM_LLM_WORKERS", "3")
    assert load_settings().llm.workers == 3


def test_calls_through_workers_land_in_usage(make_client, fake_llm, db):
    ledger = UsageLedger(db)
    client = make_client(on_call=ledger.record, RLM_LLM_TRANSPORT="litellm", RLM_LLM_WORKERS="2", RLM_LLM_MAX_RETRIES="0")
    client.start_workers(timeout=120)
    fake_llm.script(Reply("first", prompt_tokens=11, completion_tokens=4))
    meter = UsageMeter(run_id="run-w", workspace="W1")
    assert client.complete("haiku", "one", meter=meter).text == "first"

    async def many():
        return await asyncio.gather(*(client.acomplete("gpt-mini", f"q{i}", meter=meter) for i in range(40)))

    assert [r.text for r in asyncio.run(many())] == ["OK"] * 40
    pids = client.status()["worker_pids"]
    assert len(pids) == 2 and os.getpid() not in pids
    assert client.status()["transport"] == "litellm"
    assert meter.calls == 41 and client.status()["ok"] == 41
    assert ledger.flush()
    ledger.close()
    with db.session() as s:
        rows = s.execute(sa.select(Usage).order_by(Usage.id)).scalars().all()
    assert len(rows) == 41 and {r.run_id for r in rows} == {"run-w"}
    assert (rows[0].prompt_tokens, rows[0].completion_tokens, rows[0].ok) == (11, 4, True)
    assert rows[0].cost == pytest.approx(11e-6 + 4 * 5e-6)
    assert len(fake_llm.chat_calls) == 41


def test_budget_is_checked_before_a_worker_sees_the_call(pooled, fake_llm):
    meter = UsageMeter(max_tokens=100)
    with pytest.raises(BudgetExceededError, match="budget"):
        pooled.complete("haiku", "a question " * 10, max_tokens=90, meter=meter)
    assert fake_llm.calls == [] and pooled.status()["refused"] == 1


def test_provider_errors_and_retries_cross_the_process_boundary(make_client, fake_llm):
    client = make_client(RLM_LLM_TRANSPORT="litellm", RLM_LLM_WORKERS="1", RLM_LLM_MAX_RETRIES="2")
    client.start_workers(timeout=120)
    fake_llm.script(Fail.rate_limit(0.01), Fail.server_error(503), "third time")
    reply = client.complete("haiku", "retry me")
    assert reply.text == "third time" and reply.attempts == 3
    fake_llm.rule(lambda req: Fail.error(400, "bad request body"))
    with pytest.raises(ModelCallError, match="bad request body"):
        client.complete("haiku", "boom")


def test_cancel_a_call_held_by_a_worker(pooled, fake_llm):
    fake_llm.script(Fail.hang())

    async def go():
        call_id = pooled.new_call_id()
        task = asyncio.ensure_future(pooled.acomplete("haiku", "slow", call_id=call_id))
        await asyncio.to_thread(fake_llm.wait_for_calls, 1, 20.0)
        assert pooled.cancel(call_id) is True
        with pytest.raises(CallCancelledError):
            await task

    asyncio.run(go())
    # the worker dropped the request: the provider sees its client hang up
    assert _wait(lambda: fake_llm.chat_calls[0].outcome == "disconnected")
    assert pooled.status()["in_flight"] == 0 and pooled.status()["cancelled"] == 1
    assert pooled.complete("haiku", "after").text == "OK"  # the worker lives on


def test_a_killed_worker_fails_its_calls_clearly_and_is_replaced(make_client, fake_llm, tmp_path):
    models = tmp_path / "models.toml"  # one model, no fallback: the worker's failure is the last word
    models.write_text('[models.solo]\nmodel = "local-solo"\ninput_cost_per_1k = 0\noutput_cost_per_1k = 0\n'
                      "context_window = 8192\n")
    pooled = make_client(RLM_LLM_TRANSPORT="litellm", RLM_LLM_WORKERS="2", RLM_LLM_MAX_RETRIES="0", RLM_MODELS_FILE=str(models))
    pooled.start_workers(timeout=120)
    assert pooled.complete("solo", "warm").text == "OK"
    fake_llm.set_latency(30)

    async def go():
        return await asyncio.gather(*(pooled.acomplete("solo", f"q{i}") for i in range(4)),
                                    return_exceptions=True)

    async def kill_then_wait():
        calls = asyncio.ensure_future(go())
        await asyncio.to_thread(fake_llm.wait_for_calls, 5, 20.0)
        for pid in pooled.status()["worker_pids"]:
            os.kill(pid, signal.SIGKILL)
        return await asyncio.wait_for(calls, 20)

    results = asyncio.run(kill_then_wait())
    assert all(isinstance(r, ModelCallError) for r in results)
    assert all("llm worker process" in str(r) and "exited" in str(r) for r in results)
    fake_llm.set_latency(0)
    assert pooled.complete("solo", "again").text == "OK"  # the client lives on (in-process meanwhile)
    assert pooled.start_workers(timeout=120)  # and gets new workers


def test_streaming_still_works_with_workers(pooled, fake_llm):
    fake_llm.script("one two three four five six seven")
    pieces: list[str] = []
    reply = pooled.complete("haiku", "stream it", on_delta=pieces.append)
    assert "".join(pieces) == reply.text == "one two three four five six seven"


def test_the_key_reaches_workers_only_through_their_pipe(pooled, fake_llm, caplog):
    caplog.set_level(logging.DEBUG, logger="rlm_bot")
    fake_llm.rule(lambda req: Fail.error(401, f"invalid key {FAKE_LLM_API_KEY}"))
    with pytest.raises(ModelCallError) as info:
        pooled.complete("haiku", "hi")
    assert FAKE_LLM_API_KEY not in str(info.value)
    pids = pooled.status()["worker_pids"]
    assert pids
    for pid in pids:
        proc = Path(f"/proc/{pid}")
        if proc.exists():
            assert FAKE_LLM_API_KEY.encode() not in (proc / "cmdline").read_bytes()
            assert FAKE_LLM_API_KEY.encode() not in (proc / "environ").read_bytes()
    assert FAKE_LLM_API_KEY not in caplog.text


def test_close_stops_the_workers(make_client, fake_llm):
    client = make_client(RLM_LLM_TRANSPORT="litellm", RLM_LLM_WORKERS="2")
    client.start_workers(timeout=120)
    client.complete("haiku", "hi")
    pids = client.status()["worker_pids"]
    assert len(pids) == 2
    client.close()

    def gone(pid: int) -> bool:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] == "Z"

    assert _wait(lambda: all(gone(p) for p in pids))


def test_a_lone_call_starts_no_worker_but_a_fan_out_does(make_client, fake_llm):
    client = make_client(RLM_LLM_TRANSPORT="litellm", RLM_LLM_WORKERS="2")
    assert client.complete("haiku", "one question").text == "OK"
    assert client.status()["worker_pids"] == []  # served in this process, no process started
    fake_llm.set_latency(0.05)

    async def burst():
        return await asyncio.gather(*(client.acomplete("haiku", f"q{i}") for i in range(20)))

    assert len(asyncio.run(burst())) == 20  # in this process while the workers start
    assert _wait(lambda: len(client.status()["worker_pids"]) == 2, timeout=120)
    assert [r.text for r in asyncio.run(burst())] == ["OK"] * 20
    assert client.status()["ok"] == 41
