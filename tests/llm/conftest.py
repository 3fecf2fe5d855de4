"""Fixtures for the LLM client tests: a client wired to the fake provider, per transport."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from rlm_bot.config import load_settings
from rlm_bot.llm import LLMClient


@pytest.fixture
def make_client(fake_llm, monkeypatch) -> Iterator[Callable[..., LLMClient]]:
    """Build LLMClients from the environment (pointed at the fake provider) plus `env` overrides."""
    monkeypatch.setenv("RLM_LLM_RETRY_BACKOFF", "0.01")
    clients: list[LLMClient] = []

    def make(profiles=None, on_call=None, **env: str) -> LLMClient:
        for name, value in env.items():
            monkeypatch.setenv(name, str(value))
        client = LLMClient(load_settings().llm, profiles, on_call=on_call)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture(params=["http", "litellm"])
def transport(request) -> str:
    """Both transports: the lean OpenAI-compatible one and litellm."""
    return request.param


@pytest.fixture
def client(make_client, transport) -> LLMClient:
    """An LLMClient on the fake provider, once per transport."""
    return make_client(RLM_LLM_TRANSPORT=transport)

