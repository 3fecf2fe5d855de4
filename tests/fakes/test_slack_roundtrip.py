"""Round trip: signed Slack requests → a Bolt app over HTTP → WebClient → the fake Web API."""

from __future__ import annotations

import time

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from testing.fakes.slack_signing import (
    block_action, post_action, post_command, post_event, post_signed, serve_bolt,
)

SECRET = "test-signing-secret-0123456789"


@pytest.fixture
def bolt_url(fake_slack):
    app = App(client=WebClient(token=fake_slack.token, base_url=fake_slack.url),
              signing_secret=SECRET, token_verification_enabled=False)

    @app.event("app_mention")
    def on_mention(event, say):
        say(text=f"you said: {event['text']}", thread_ts=event["ts"])

    @app.command("/rlm")
    def on_command(ack, command, client):
        ack("working on it")
        client.chat_postMessage(channel=command["channel_id"], text=f"command: {command['text']}")

    @app.action("feedback_up")
    def on_button(ack, body, client):
        ack()
        client.chat_postEphemeral(channel=body["channel"]["id"], user=body["user"]["id"],
                                  text="thanks")

    with serve_bolt(app) as url:
        yield url


def test_roundtrip_signed_app_mention_reaches_fake_slack(bolt_url, fake_slack):
    status, _ = post_event(bolt_url, SECRET, {"type": "app_mention", "user": "U1", "channel": "C1",
                                              "text": "<@U0FAKEBOT> hello", "ts": "1700000000.000100"})
    assert status == 200
    (call,) = fake_slack.wait_for("chat.postMessage")
    assert call.params["text"] == "you said: <@U0FAKEBOT> hello"
    assert call.params["thread_ts"] == "1700000000.000100" and call.params["channel"] == "C1"
    assert fake_slack.calls_to("auth.test"), "Bolt checks its token lazily with auth.test"


def test_roundtrip_signed_slash_command_acks_and_posts(bolt_url, fake_slack):
    status, body = post_command(bolt_url, SECRET, "/rlm", "report", channel_id="C7")
    assert status == 200 and "working on it" in body
    (call,) = fake_slack.wait_for("chat.postMessage")
    assert call.params["channel"] == "C7" and call.params["text"] == "command: report"


def test_roundtrip_signed_button_click(bolt_url, fake_slack):
    status, _ = post_action(bolt_url, SECRET, block_action("feedback_up", "1", channel_id="C3"))
    assert status == 200
    (call,) = fake_slack.wait_for("chat.postEphemeral")
    assert call.params["channel"] == "C3" and call.params["text"] == "thanks"


def test_roundtrip_wrong_signature_is_rejected(bolt_url, fake_slack):
    status, _ = post_command(bolt_url, "not-the-secret", "/rlm", "hi")
    assert status == 401
    stale = int(time.time()) - 60 * 10
    status, _ = post_command(bolt_url, SECRET, "/rlm", "hi", timestamp=stale)
    assert status == 401
    status, _ = post_signed(bolt_url, "wrong", '{"type":"event_callback"}',
                            content_type="application/json")
    assert status == 401
    time.sleep(0.2)
    assert fake_slack.calls_to("chat.postMessage") == []
