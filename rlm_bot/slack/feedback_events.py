"""Slack payloads → satisfaction signals: reaction events and feedback-button clicks.

Thin adapters for the Slack app's listeners: they read the fields Slack sends and hand them to
`Satisfaction`. Retried deliveries are harmless (the feedback rows compare event times).
"""

from __future__ import annotations

from typing import Any

from rlm_bot.learning.feedback import Satisfaction
from rlm_bot.learning.types import FeedbackResult

REACTION_EVENTS = ("reaction_added", "reaction_removed")
FEEDBACK_ACTION_PREFIX = "rlm_feedback"  # action_id of the answer's buttons: rlm_feedback_up / _down


def on_reaction_event(sat: Satisfaction, event: dict[str, Any], *,
                      bot_user_id: str | None = None) -> FeedbackResult:
    """Handle a `reaction_added` / `reaction_removed` event on a message."""
    kind = event.get("type")
    item = event.get("item") or {}
    if kind not in REACTION_EVENTS or item.get("type") != "message":
        return FeedbackResult(None, None, False, "not a reaction on a message")
    user = event.get("user") or ""
    if not user or user == bot_user_id:
        return FeedbackResult(None, None, False, "the bot's own reaction")
    return sat.reaction(channel=str(item.get("channel", "")), message_ts=str(item.get("ts", "")),
                        user_id=user, emoji=str(event.get("reaction", "")),
                        added=kind == "reaction_added", event_ts=event.get("event_ts"))


def feedback_button_value(outcome_id: str, value: int) -> str:
    """The `value` of a feedback button: which answer and which verdict."""
    return f"{outcome_id}:{'+1' if value > 0 else '-1'}"


def on_feedback_action(sat: Satisfaction, body: dict[str, Any]) -> FeedbackResult:
    """Handle a click on an answer's feedback button (a `block_actions` payload)."""
    user = (body.get("user") or {}).get("id") or ""
    for action in body.get("actions") or []:
        if not str(action.get("action_id", "")).startswith(FEEDBACK_ACTION_PREFIX):
            continue
        outcome_id, _, verdict = str(action.get("value", "")).partition(":")
        if not outcome_id or verdict not in ("+1", "-1") or not user:
            return FeedbackResult(None, None, False, "malformed feedback button value")
        return sat.button(outcome_id=outcome_id, user_id=user, value=int(verdict))
    return FeedbackResult(None, None, False, "no feedback button in this payload")
