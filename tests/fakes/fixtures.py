"""Pytest fixtures that start the loopback fakes (loaded by the root conftest's pytest_plugins).

Each fake is a real server on 127.0.0.1 that the code under test reaches over HTTP; tests script
it and assert on what it received. Add one section per fake below.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from testing.fakes.openai_server import Call, ChatRequest, FakeOpenAIServer, Fail, Reply

__all__ = ["FAKE_LLM_API_KEY", "Call", "ChatRequest", "Fail", "Reply", "fake_llm", "fake_llm_server", "llm_client"]

# --- OpenAI-compatible provider --------------------------------------------------------------------

# The key the fixture hands to the client; tests check it reaches the server and never a log line.
FAKE_LLM_API_KEY = "sk-fake-loopback-0123456789abcdef"


@pytest.fixture
def fake_llm_server() -> Iterator[FakeOpenAIServer]:
    """A fresh scripted OpenAI-compatible server on 127.0.0.1, without touching the environment."""
    server = FakeOpenAIServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_llm(fake_llm_server: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAIServer:
    """The scripted provider, with RLM_LLM_API_BASE/RLM_LLM_API_KEY pointing every model at it.

    Use `.base_url` (ends in /v1), `.script(...)`, `.rule(fn)`, `.set_latency(s)`, `.calls`,
    `.chat_calls`, `.max_concurrency`, `.wait_for_calls(n)`; see testing/fakes/openai_server.py.
    Settings built with `load_settings()` after this fixture runs use the fake provider.
    """
    monkeypatch.setenv("RLM_LLM_API_BASE", fake_llm_server.base_url)
    monkeypatch.setenv("RLM_LLM_API_KEY", FAKE_LLM_API_KEY)
    return fake_llm_server


@pytest.fixture
def llm_client(fake_llm: FakeOpenAIServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """An `rlm_bot.llm.LLMClient` on the fake provider (through litellm, the default transport) with
    10 ms retry backoff; closed afterwards."""
    from rlm_bot.config import load_settings
    from rlm_bot.llm import LLMClient

    monkeypatch.setenv("RLM_LLM_RETRY_BACKOFF", "0.01")
    client = LLMClient(load_settings().llm)
    try:
        yield client
    finally:
        client.close()


# --- Slack Web API ---------------------------------------------------------------------------------

from tests.fakes.slack_fixtures import fake_slack  # noqa: E402,F401  (the fake Slack Web API)
from tests.fakes.socket_fixtures import fake_socket_mode  # noqa: E402,F401  (fake Socket Mode)
