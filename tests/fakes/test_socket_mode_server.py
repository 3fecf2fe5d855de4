"""The fake Socket Mode server, driven by a raw WebSocket client and by Bolt's SocketModeHandler.

The Bolt tests run the path the bot takes against Slack: SocketModeHandler asks the fake Web API
for a URL (apps.connections.open with the app token), connects to the fake, receives envelopes,
acks them, and its listeners call the fake Web API. Nothing of the SDK or Bolt is replaced.
"""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from testing.fakes.slack_server import BOT_USER_ID, FakeSlack
from testing.fakes.slack_signing import block_action, command_form
from testing.fakes.socket_mode_server import FakeSocketMode, attach, connect_bolt

pytestmark = pytest.mark.slow  # Socket Mode over real websockets: connects, reconnects, waits

WAIT = 10.0


def mention(text: str = "hello", ts: str = "1700000000.000100") -> dict[str, Any]:
    """An app_mention event in channel C0GENERAL."""
    return {"type": "app_mention", "text": f"<@{BOT_USER_ID}> {text}", "user": "U0HUMAN01",
            "channel": "C0GENERAL", "ts": ts, "event_ts": ts}


def wait_until(condition, timeout: float = WAIT) -> None:
    """Poll `condition` until it holds, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        time.sleep(0.02)


def make_app(fake_slack: FakeSlack, **options: Any) -> App:
    """A plain Bolt App whose WebClient calls the fake Web API."""
    return App(client=WebClient(token=fake_slack.token, base_url=fake_slack.url), **options)


# --- the protocol, seen by a raw WebSocket client ------------------------------------------------


def test_socket_mode_server_says_hello_sends_envelopes_and_records_acks(fake_socket_mode):
    from websockets.sync.client import connect

    with connect(fake_socket_mode.url, open_timeout=WAIT) as ws:
        hello = json.loads(ws.recv(timeout=WAIT))
        assert hello["type"] == "hello"
        assert hello["connection_info"]["app_id"] == fake_socket_mode.app_id
        fake_socket_mode.wait_connected(WAIT)

        event_id = fake_socket_mode.send_event(mention(), retry_attempt=2)
        envelope = json.loads(ws.recv(timeout=WAIT))
        assert envelope["envelope_id"] == event_id
        assert envelope["type"] == "events_api"
        assert envelope["accepts_response_payload"] is False
        assert (envelope["retry_attempt"], envelope["retry_reason"]) == (2, "timeout")
        assert envelope["payload"]["type"] == "event_callback"
        assert envelope["payload"]["event"] == mention()

        command_id = fake_socket_mode.send_command(command_form("/rlm", "help"))
        envelope = json.loads(ws.recv(timeout=WAIT))
        assert (envelope["type"], envelope["accepts_response_payload"]) == ("slash_commands", True)
        assert envelope["payload"]["command"] == "/rlm"

        ws.send(json.dumps({"envelope_id": command_id, "payload": {"text": "ok"}}))
        ws.send(json.dumps({"envelope_id": event_id}))
        assert fake_socket_mode.wait_for_ack(command_id, WAIT).payload == {"text": "ok"}
        assert fake_socket_mode.wait_for_ack(event_id, WAIT).payload is None
        assert set(fake_socket_mode.acks) == {event_id, command_id}


def test_socket_mode_server_rejects_a_ticket_it_never_issued(fake_socket_mode):
    from websockets.exceptions import InvalidStatus
    from websockets.sync.client import connect

    with pytest.raises(InvalidStatus) as excinfo:
        connect(f"{fake_socket_mode.root}/link/?ticket=forged", open_timeout=WAIT)
    assert excinfo.value.response.status_code == 403
    assert fake_socket_mode.connection_count == 0


def test_socket_mode_server_reports_missing_connection_and_ack_with_a_timeout(fake_socket_mode):
    with pytest.raises(TimeoutError, match="connect the app first"):
        fake_socket_mode.send_event(mention(), timeout=0.2)
    with pytest.raises(TimeoutError, match="was not acked"):
        fake_socket_mode.wait_for_ack("never-sent", timeout=0.2)


def test_socket_mode_attach_answers_apps_connections_open_with_the_app_token(fake_slack,
                                                                             fake_socket_mode):
    client = WebClient(token=fake_slack.token, base_url=fake_slack.url)
    response = client.apps_connections_open(app_token=fake_socket_mode.app_token)
    assert response["url"].startswith(f"{fake_socket_mode.root}/link/?ticket=")
    assert fake_slack.calls_to("apps.connections.open")[0].token == fake_socket_mode.app_token


# --- Bolt's SocketModeHandler against the fakes --------------------------------------------------


def test_socket_mode_bolt_mention_is_acked_and_the_reply_reaches_the_web_api(fake_slack,
                                                                             fake_socket_mode):
    app = make_app(fake_slack)

    @app.event("app_mention")
    def reply(event, say):
        say(text=f"seen: {event['text']}", thread_ts=event["ts"])

    with connect_bolt(app, fake_socket_mode) as handler:
        envelope_id = fake_socket_mode.send_event(mention("what time is it?"))
        assert fake_socket_mode.wait_for_ack(envelope_id, WAIT).payload is None
        (post,) = fake_slack.wait_for("chat.postMessage", timeout=WAIT)
        assert post.params["channel"] == "C0GENERAL"
        assert post.params["thread_ts"] == "1700000000.000100"
        assert post.params["text"] == f"seen: <@{BOT_USER_ID}> what time is it?"
        assert post.token == fake_slack.token
        # the client's ping got the fake's pong
        wait_until(lambda: handler.client.current_session.last_ping_pong_time is not None)

    (opened,) = fake_slack.calls_to("apps.connections.open")
    assert opened.token == fake_socket_mode.app_token


def test_socket_mode_bolt_slash_command_acks_with_a_response_payload(fake_slack, fake_socket_mode):
    app = make_app(fake_slack)

    @app.command("/rlm")
    def command(ack, command):
        ack(text=f"working on: {command['text']}")

    with connect_bolt(app, fake_socket_mode):
        envelope_id = fake_socket_mode.send_command(command_form("/rlm", "summarise #general"))
        ack = fake_socket_mode.wait_for_ack(envelope_id, WAIT)
    assert ack.payload["text"] == "working on: summarise #general"


def test_socket_mode_bolt_block_action_is_acked_and_handled(fake_slack, fake_socket_mode):
    app = make_app(fake_slack)
    clicked: list[str] = []
    handled = threading.Event()

    @app.action("feedback_up")
    def on_click(ack, action):
        ack()
        clicked.append(action["value"])
        handled.set()

    with connect_bolt(app, fake_socket_mode):
        envelope_id = fake_socket_mode.send_action(block_action("feedback_up", "answer-42"))
        assert fake_socket_mode.wait_for_ack(envelope_id, WAIT).payload is None
        assert handled.wait(WAIT)
    assert clicked == ["answer-42"]
    assert fake_socket_mode.envelopes[-1]["accepts_response_payload"] is False


def test_socket_mode_bolt_sees_the_retry_number_in_the_request_headers(fake_slack,
                                                                       fake_socket_mode):
    # Bolt ≥ 1.29 copies the envelope's retry_attempt / retry_reason into the BoltRequest's
    # headers as x-slack-retry-num / x-slack-retry-reason (lists of strings, as in HTTP mode);
    # `context` carries nothing about retries.
    app = make_app(fake_slack)
    seen: list[tuple[list[str] | None, list[str] | None]] = []

    @app.event("app_mention")
    def record(request):
        seen.append((request.headers.get("x-slack-retry-num"),
                     request.headers.get("x-slack-retry-reason")))

    with connect_bolt(app, fake_socket_mode):
        first = fake_socket_mode.send_event(mention(), event_id="Ev0RETRIED1")
        fake_socket_mode.wait_for_ack(first, WAIT)
        retry = fake_socket_mode.send_event(mention(), event_id="Ev0RETRIED1", retry_attempt=1)
        assert retry != first
        fake_socket_mode.wait_for_ack(retry, WAIT)
        wait_until(lambda: len(seen) == 2)
    assert seen[0] == (["0"], [""])
    assert seen[1] == (["1"], ["timeout"])
    assert [e["payload"]["event_id"] for e in fake_socket_mode.envelopes] == ["Ev0RETRIED1"] * 2


def test_socket_mode_bolt_reconnects_after_disconnect_and_keeps_receiving(fake_slack,
                                                                          fake_socket_mode):
    app = make_app(fake_slack)

    @app.event("app_mention")
    def reply(event, say):
        say(text="pong", thread_ts=event["ts"])

    with connect_bolt(app, fake_socket_mode):
        assert fake_socket_mode.disconnect_all() == 1
        fake_socket_mode.wait_connected(WAIT, count=2)
        envelope_id = fake_socket_mode.send_event(mention(ts="1700000000.000200"))
        ack = fake_socket_mode.wait_for_ack(envelope_id, WAIT)
        assert ack.connection == 2
        fake_slack.wait_for("chat.postMessage", timeout=WAIT)
        wait_until(lambda: fake_socket_mode.open_connections == 1)  # the old link was closed
    assert len(fake_slack.calls_to("apps.connections.open")) == 2


def test_socket_mode_bolt_closes_without_leaving_threads(fake_slack):
    before = set(threading.enumerate())
    executor = ThreadPoolExecutor(max_workers=2)
    app = make_app(fake_slack, listener_executor=executor)

    @app.event("app_mention")
    def reply(say):
        say(text="bye")

    with FakeSocketMode() as socket_mode:
        attach(fake_slack, socket_mode)
        with connect_bolt(app, socket_mode):
            socket_mode.wait_for_ack(socket_mode.send_event(mention()), WAIT)
            fake_slack.wait_for("chat.postMessage", timeout=WAIT)
    executor.shutdown(wait=True)
    wait_until(lambda: set(threading.enumerate()) <= before)
