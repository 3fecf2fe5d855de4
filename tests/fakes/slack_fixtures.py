"""The `fake_slack` fixture: a fresh fake Slack Web API on 127.0.0.1 for one test."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from testing.fakes.slack_server import FakeSlack


@pytest.fixture
def fake_slack(monkeypatch) -> Iterator[FakeSlack]:
    """A running FakeSlack; SLACK_API_URL and SLACK_BOT_TOKEN point at it for load_settings()."""
    server = FakeSlack().start()
    monkeypatch.setenv("SLACK_API_URL", server.url)
    monkeypatch.setenv("SLACK_BOT_TOKEN", server.token)
    try:
        yield server
    finally:
        server.stop()
