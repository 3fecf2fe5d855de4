"""The `fake_socket_mode` fixture: a fake Socket Mode server wired to the test's `fake_slack`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from testing.fakes.slack_server import FakeSlack
from testing.fakes.socket_mode_server import FakeSocketMode, attach


@pytest.fixture
def fake_socket_mode(fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
                     ) -> Iterator[FakeSocketMode]:
    """A running FakeSocketMode whose URL `fake_slack` hands out on apps.connections.open.

    SLACK_APP_TOKEN is its app token (accepted by `fake_slack`) for load_settings(). Close any
    SocketModeHandler inside the test (or use `connect_bolt`), before this fixture stops the server.
    """
    server = FakeSocketMode().start()
    attach(fake_slack, server)
    monkeypatch.setenv("SLACK_APP_TOKEN", server.app_token)
    try:
        yield server
    finally:
        server.stop()
