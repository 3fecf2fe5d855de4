"""Secrets never reach error messages or log lines, whatever the provider echoes back."""

from __future__ import annotations

import logging

import pytest

from rlm_bot.llm import LLMError, ModelCallError
from tests.fakes.fixtures import Fail

CANARY = "sk-canary-7d1f0c9e2b4a6f8d0e1c3b5a"


@pytest.fixture
def canary_client(make_client, transport):
    return make_client(RLM_LLM_TRANSPORT=transport, RLM_LLM_API_KEY=CANARY)


@pytest.mark.parametrize("failure", [
    Fail.error(401, f"Incorrect API key provided: {CANARY}. You can find your API key at ..."),
    Fail.server_error(500, f"upstream said Authorization: Bearer {CANARY}"),
    Fail.rate_limit(0.01, f"rate limited for key {CANARY}"),
], ids=["401", "500", "429"])
def test_secrets_never_in_errors_or_logs(canary_client, fake_llm, caplog, failure):
    fake_llm.rule(lambda req: failure)
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(ModelCallError) as info:
            canary_client.complete("haiku", "hi")
    assert fake_llm.calls[0].api_key == CANARY  # the key did reach the provider
    assert CANARY not in str(info.value) and CANARY not in repr(info.value.__dict__)
    assert CANARY[:12] not in caplog.text and CANARY not in caplog.text
    assert caplog.records  # the failures were logged, scrubbed


def test_secrets_not_in_success_logs_or_status(canary_client, fake_llm, caplog):
    with caplog.at_level(logging.DEBUG):
        canary_client.complete("haiku", "hi")
    assert CANARY not in caplog.text
    assert CANARY not in repr(canary_client.status())
    assert CANARY not in repr(canary_client.settings)


def test_secrets_not_in_connection_errors(make_client, caplog, transport):
    client = make_client(RLM_LLM_TRANSPORT=transport, RLM_LLM_API_KEY=CANARY,
                         RLM_LLM_API_BASE="http://127.0.0.1:9/v1", RLM_LLM_MAX_RETRIES="1")
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(LLMError) as info:
            client.complete("haiku", "hi")
    assert "reached" in str(info.value) or "connection" in str(info.value).lower()
    assert CANARY not in str(info.value) and CANARY not in caplog.text
