"""Scenario: reactions and feedback buttons on a bot answer, sent as signed Slack requests to a
Bolt app over HTTP, become satisfaction — retried deliveries count once."""

from __future__ import annotations

import time

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from rlm_bot.config import LearningSettings
from rlm_bot.learning.adjustments import AdjustmentStore
from rlm_bot.learning.feedback import Satisfaction
from rlm_bot.learning.learner import Learner
from rlm_bot.learning.outcomes import attach_message
from rlm_bot.slack.feedback_events import (
    feedback_button_value, on_feedback_action, on_reaction_event,
)
from rlm_bot.learning.types import OutcomeRecord
from testing.fakes.slack_server import BOT_USER_ID
from testing.fakes.slack_signing import block_action, post_action, post_event, serve_bolt

SECRET = "learning-signing-secret"
WAIT_SECONDS = 5.0


def _wait_for(predicate, timeout: float = WAIT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not reached in time")
        time.sleep(0.02)


@pytest.fixture
def bot(sqlite_db, fake_slack):
    settings = LearningSettings()
    sat = Satisfaction(sqlite_db, settings, Learner(sqlite_db, settings))
    app = App(client=WebClient(token=fake_slack.token, base_url=fake_slack.url),
              signing_secret=SECRET, token_verification_enabled=False,
              process_before_response=True)

    @app.event("reaction_added")
    @app.event("reaction_removed")
    def on_reaction(event):
        on_reaction_event(sat, event, bot_user_id=BOT_USER_ID)

    @app.action({"action_id": "rlm_feedback_up"})
    @app.action({"action_id": "rlm_feedback_down"})
    def on_button(ack, body):
        ack()
        on_feedback_action(sat, body)

    # the bot answered in C1; its message ts is what reactions point at
    answer = WebClient(token=fake_slack.token, base_url=fake_slack.url).chat_postMessage(
        channel="C1", text="42")
    oid = sat.learner.learn(OutcomeRecord(query_text="6*7?", query_type="math",
                                          models=("haiku",), channel="C1", user_id="U1"))
    attach_message(sqlite_db, oid, channel="C1", message_ts=answer["ts"])
    with serve_bolt(app) as url:
        yield url, sat, oid, answer["ts"]


def _reaction(kind: str, ts: str, user: str, emoji: str, at: float) -> dict:
    return {"type": kind, "user": user, "reaction": emoji, "item_user": BOT_USER_ID,
            "item": {"type": "message", "channel": "C1", "ts": ts}, "event_ts": f"{at:.6f}"}


def test_slack_feedback_reactions_and_retries_over_http(bot, sqlite_db):
    url, sat, oid, ts = bot
    now = time.time()
    added = _reaction("reaction_added", ts, "U2", "+1", now)
    assert post_event(url, SECRET, added, event_id="Ev1")[0] == 200
    # Slack retries the same event (e.g. our ack was slow): it must count once
    assert post_event(url, SECRET, added, event_id="Ev1", retry_num=1)[0] == 200
    post_event(url, SECRET, _reaction("reaction_added", ts, "U3", "thumbsdown", now + 1))
    post_event(url, SECRET, _reaction("reaction_added", ts, BOT_USER_ID, "+1", now + 2))
    _wait_for(lambda: sat.of(oid) == 0.5)
    stat = AdjustmentStore(sqlite_db).stat("routing", "math", "haiku")
    assert stat.count == 1 and stat.value == pytest.approx(0.5)
    post_event(url, SECRET, _reaction("reaction_removed", ts, "U3", "thumbsdown", now + 3))
    _wait_for(lambda: sat.of(oid) == 1.0)


def test_slack_feedback_button_click_over_http(bot):
    url, sat, oid, ts = bot
    payload = block_action("rlm_feedback_down", feedback_button_value(oid, -1), user_id="U5",
                           channel_id="C1", message_ts=ts)
    assert post_action(url, SECRET, payload)[0] == 200
    _wait_for(lambda: sat.of(oid) == 0.0)


def test_slack_feedback_ignores_malformed_payloads(bot):
    _, sat, _, _ = bot
    assert on_feedback_action(sat, {"user": {"id": "U1"}, "actions": [
        {"action_id": "rlm_feedback_up", "value": "garbage"}]}).outcome_id is None
    assert on_feedback_action(sat, {"actions": []}).outcome_id is None
    assert on_reaction_event(sat, {"type": "reaction_added", "user": "U1", "reaction": "+1",
                                   "item": {"type": "file", "file": "F1"}}).outcome_id is None
