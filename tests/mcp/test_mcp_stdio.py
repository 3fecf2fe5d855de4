"""`rlm-bot mcp` driven by the MCP SDK's own client over stdio, against the fake provider."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time

import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from tests.fakes.fixtures import FAKE_LLM_API_KEY

pytestmark = pytest.mark.slow  # starts `rlm-bot mcp` as a subprocess

TOOLS = {"get_usage_guide", "plan_strategy", "execute_scheme", "load_context", "get_pattern_doc",
         "get_code_generation_api_reference", "reset", "get_status", "get_scope_log", "cancel_call"}


def _params() -> StdioServerParameters:
    env = {k: v for k, v in os.environ.items() if k.startswith(("RLM_", "PYTHON", "LITELLM", "HF_"))}
    env["PYTHONPATH"] = os.pathsep.join([os.getcwd()] + sys.path)
    env["RLM_LLM_MAX_RETRIES"] = "0"
    return StdioServerParameters(command=sys.executable, args=["-m", "rlm_bot", "mcp"], env=env)


def _text(result) -> str:
    assert not result.is_error, result
    return result.content[0].text


def _json(result):
    return json.loads(_text(result))


def test_mcp_tools_over_stdio(fake_llm):
    fake_llm.rule(lambda req: req.last_user.upper())

    async def scenario():
        async with Client(_params(), read_timeout_seconds=60) as client:
            tools = await client.list_tools()
            assert TOOLS <= {t.name for t in tools.tools}

            guide = _text(await client.call_tool("get_usage_guide", {}))
            assert "map-async" in guide and "checkpoint!" in guide and "fan-out" in guide
            ref = _text(await client.call_tool("get_code_generation_api_reference", {}))
            assert "### `llm-query`" in ref
            listing = _text(await client.call_tool("get_pattern_doc", {}))
            assert listing.count("\n") == 15 and "tree-reduce" in listing
            doc = _text(await client.call_tool("get_pattern_doc", {"name": "ensemble-vote"}))
            assert doc.startswith("# Pattern: ensemble voting") and "## Cost and latency" in doc

            ok = _json(await client.call_tool("load_context", {"data": "one\ntwo", "name": "context"}))
            assert ok["ok"]
            ok = _json(await client.call_tool("load_context", {"data": '{"n": [1, 2]}', "name": "cfg",
                                                               "as_json": True}))
            assert ok["ok"]
            bad = _json(await client.call_tool("load_context", {"data": "{nope", "as_json": True}))
            assert not bad["ok"]
            cfg = _json(await client.call_tool("execute_scheme", {"code": "(hash-ref (get-context 'cfg) 'n)"}))
            assert cfg["value"] == [1, 2]
            run = _json(await client.call_tool("execute_scheme", {
                "code": '(define (shout s) (syntax-e (llm-query #:instruction s)))'
                        '(finish (map-async (lambda (l) (llm-query-async #:instruction l))'
                        ' (string-split context "\\n")))', "timeout": 20}))
            assert run["ok"] and run["value"] == ["ONE", "TWO"] and run["tokens"] > 0
            again = _json(await client.call_tool("execute_scheme", {"code": '(finish (shout "kept"))'}))
            assert again["value"] == "KEPT"  # definitions persist across calls

            bad = _json(await client.call_tool("execute_scheme", {"code": "(car '())"}))
            assert not bad["ok"] and bad["error"]

            status = _json(await client.call_tool("get_status", {}))
            assert status["session"]["calls"] == 3
            log = _json(await client.call_tool("get_scope_log", {"last": 10}))
            assert [e["kind"] for e in log].count("llm-query") == 3
            assert FAKE_LLM_API_KEY not in json.dumps(log) + json.dumps(status)

            plan = _json(await client.call_tool("plan_strategy", {
                "task": "Summarize each of 40 support tickets", "priority": "cost"}))
            assert plan["ok"] and plan["primary"]["program"] and len(plan["alternatives"]) == 2

            assert _json(await client.call_tool("reset", {}))["ok"]
            gone = _json(await client.call_tool("execute_scheme", {"code": '(shout "x")'}))
            assert not gone["ok"] and "shout" in gone["error"]
            assert _json(await client.call_tool("get_scope_log", {})) == []

    asyncio.run(scenario())


def test_mcp_cancel_call_stops_a_running_program(fake_llm):
    fake_llm.set_latency(10.0)

    async def scenario():
        async with Client(_params(), read_timeout_seconds=60) as client:
            task = asyncio.create_task(client.call_tool("execute_scheme", {
                "code": '(finish (with-handlers ([exn:fail? exn-message])'
                        ' (syntax-e (llm-query #:instruction "slow"))))', "timeout": 30}))
            await asyncio.to_thread(fake_llm.wait_for_calls, 1, 20)
            status = _json(await client.call_tool("get_status", {}))
            call_id = status["client"]["active_calls"][0]
            started = time.monotonic()
            assert _json(await client.call_tool("cancel_call", {"call_id": call_id}))["cancelled"]
            result = _json(await task)
            assert result["ok"] and "cancel" in result["value"]
            assert time.monotonic() - started < 5

    asyncio.run(scenario())


