"""Bolt listeners: Slack payloads → claimed `BotRequest`s for the bot, feedback, home and prompts.

Every event is acknowledged at once (Bolt acks events before the listener runs; commands and
actions ack first thing). A user message is claimed in SQL by its event id and by channel + ts
before anything else, so a retried delivery, a second replica or the same message arriving as
`app_mention` and as `message` is answered once. Bots (the bot itself included), edits,
deletions, joins and other subtypes are never answered.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from typing import Any

from rlm_bot.learning.feedback import NOT_AN_ANSWER
from rlm_bot.slack.blockkit import FEEDBACK_BLOCK_ID, feedback_block
from rlm_bot.slack.bot import BotRequest, SlackBot
from rlm_bot.slack.claims import event_key, message_key
from rlm_bot.slack.incoming import as_written
from rlm_bot.slack.feedback_events import on_feedback_action, on_reaction_event
from rlm_bot.slack.home import register_home
from rlm_bot.slack.slash import register_commands
from rlm_bot.text import clean_text

log = logging.getLogger(__name__)
# a reaction on a message posted less than RECENT_MESSAGE_S ago that is not yet a known answer is
# tried again after each of these delays (about 15 s in all) before it is let go
REACTION_RETRY_S = (0.5, 1.0, 2.0, 4.0, 8.0)
RECENT_MESSAGE_S = 120.0

# message subtypes that are a person writing (others are edits, deletions, joins, bots, ...)
USER_SUBTYPES = (None, "", "file_share", "thread_broadcast")
SUGGESTED_PROMPTS = (
    {"title": "Compute something", "message": "What is 18% of 2,450, and how many weeks is 1,000 days?"},
    {"title": "Explain a concept", "message": "Explain the difference between TCP and UDP with an example."},
    {"title": "Read a long text", "message": "Summarise the key decisions in this thread."},
    {"title": "What do you remember?", "message": "What did we decide about the retry policy?"},
)


def register(app: Any, bot: SlackBot) -> None:
    """Attach every listener of the bot to the Bolt `app`."""
    @app.event("app_mention")
    def on_mention(body: dict, event: dict, context: Any, request: Any) -> None:
        _mention(bot, body, event, context, request)

    @app.event("message")
    def on_message(body: dict, event: dict, context: Any, request: Any) -> None:
        _message(bot, body, event, context, request)

    @app.event("reaction_added")
    def on_reaction_added(event: dict, context: Any) -> None:
        _reaction(bot, event, context)

    @app.event("reaction_removed")
    def on_reaction_removed(event: dict, context: Any) -> None:
        _reaction(bot, event, context)

    @app.event("assistant_thread_started")
    def on_thread_started(event: dict, client: Any) -> None:
        thread = event.get("assistant_thread") or {}
        _suggest(client, thread.get("channel_id"), thread.get("thread_ts"))

    @app.event("assistant_thread_context_changed")
    def on_context_changed() -> None:
        return None  # nothing to keep: the thread's channel context is read when asked

    @app.action(re.compile(r"^rlm_feedback"))
    def on_feedback(ack: Any, body: dict, client: Any) -> None:
        ack()
        _feedback(bot, body, client)

    register_home(app, bot, SUGGESTED_PROMPTS)
    register_commands(app, bot)

    @app.event(re.compile(r".*"))
    def on_other_event() -> None:
        return None  # acknowledged (an unhandled event would be retried by Slack)


def _suggest(client: Any, channel: str | None, thread_ts: str | None) -> None:
    from slack_sdk.errors import SlackApiError

    if not channel:
        return
    try:
        kwargs: dict[str, Any] = {"channel_id": channel, "prompts": list(SUGGESTED_PROMPTS),
                                  "title": "Ask me anything — I compute, recall and read long texts"}
        if thread_ts:
            kwargs["thread_ts"] = thread_ts
        client.assistant_threads_setSuggestedPrompts(**kwargs)
    except SlackApiError as exc:
        log.info("could not set suggested prompts: %s", exc)


def _mention(bot: SlackBot, body: dict, event: dict, context: Any, request: Any) -> None:
    if _from_bot(event, context) or event.get("subtype") not in USER_SUBTYPES:
        return
    _take(bot, body, event, context, request, thread_ts=event.get("thread_ts") or event.get("ts"),
          history="thread" if event.get("thread_ts") else "")


def _message(bot: SlackBot, body: dict, event: dict, context: Any, request: Any) -> None:
    if _from_bot(event, context) or event.get("subtype") not in USER_SUBTYPES:
        return
    if event.get("hidden") or not event.get("user"):
        return
    channel_type = event.get("channel_type") or ""
    thread_ts = event.get("thread_ts")
    if channel_type == "im":
        if thread_ts:
            _take(bot, body, event, context, request, thread_ts=thread_ts, history="thread",
                  is_dm=True, agent_thread=True)
        else:
            _take(bot, body, event, context, request, thread_ts=None, history="dm", is_dm=True)
        return
    bot_user = context.get("bot_user_id")
    if bot_user and f"<@{bot_user}" in str(event.get("text") or ""):
        _take(bot, body, event, context, request, thread_ts=thread_ts or event.get("ts"),
              history="thread" if thread_ts else "")
    elif (thread_ts and not _addresses_someone_else(str(event.get("text") or ""), bot_user)
          and bot.answered_thread(event.get("channel", ""), thread_ts)):
        _take(bot, body, event, context, request, thread_ts=thread_ts, history="thread")


def _take(bot: SlackBot, body: dict, event: dict, context: Any, request: Any, *,
          thread_ts: str | None, history: str, is_dm: bool = False,
          agent_thread: bool = False) -> None:
    channel, ts = str(event.get("channel") or ""), str(event.get("ts") or "")
    if not channel or not ts:
        return
    keys = [message_key(channel, ts)]
    if body.get("event_id"):
        keys.append(event_key(str(body["event_id"])))
    try:
        claimed = bot.claims.claim_all(keys)
    except Exception:  # noqa: BLE001 - no store, no exactly-once: say so rather than go silent
        log.exception("cannot claim message %s/%s; the database is unavailable", channel, ts)
        bot.unavailable(channel=channel, user=str(event.get("user") or ""), thread_ts=thread_ts,
                        is_dm=is_dm)
        return
    if not claimed:
        retry = _header(request, "x-slack-retry-num")
        log.info("message %s/%s already claimed (retry %s): not answered again", channel, ts, retry)
        return
    bot_user = context.get("bot_user_id")
    bot.bot_user_id = bot.bot_user_id or bot_user
    text = clean_text(as_written(str(event.get("text") or ""), bot_user_id=bot_user))
    files = tuple(f for f in event.get("files") or [] if isinstance(f, dict))
    if not text.strip() and not files:
        text = "hello"
    team = str(context.get("team_id") or body.get("team_id") or event.get("team") or "local")
    bot.accept(BotRequest(text=text, user=str(event.get("user")), channel=channel, team=team, ts=ts,
                          thread_ts=thread_ts, is_dm=is_dm, agent_thread=agent_thread, files=files,
                          history=history, bot_user_id=bot_user))


def _reaction(bot: SlackBot, event: dict, context: Any) -> None:
    _record_reaction(bot, event, context.get("bot_user_id"), 0)


def _record_reaction(bot: SlackBot, event: dict, bot_user_id: str | None, attempt: int) -> None:
    """Record a reaction; one on a message posted moments ago that is not (yet) a known answer is
    tried again later, off the listener thread: the answer is visible in Slack a moment before the
    bot has stored which outcome it is, and a quick reaction must not be lost in between."""
    try:
        done = on_reaction_event(bot.satisfaction(), event, bot_user_id=bot_user_id)
    except Exception:  # noqa: BLE001 - feedback must never take the listener down
        log.warning("could not record a reaction", exc_info=True)
        return
    if done.reason == NOT_AN_ANSWER and attempt < len(REACTION_RETRY_S) and _posted_recently(event):
        retry = threading.Timer(REACTION_RETRY_S[attempt], _record_reaction,
                                (bot, event, bot_user_id, attempt + 1))
        retry.daemon = True
        retry.start()
        return
    log.info("reaction %s: %s", event.get("reaction"), done.reason or done.satisfaction)


def _posted_recently(event: dict) -> bool:
    """Whether the message reacted to was posted within RECENT_MESSAGE_S (by its Slack ts)."""
    try:
        posted = float(str((event.get("item") or {}).get("ts", "")))
    except ValueError:
        return False
    return time.time() - posted < RECENT_MESSAGE_S


def _feedback(bot: SlackBot, body: dict, client: Any) -> None:
    from slack_sdk.errors import SlackApiError

    try:
        done = on_feedback_action(bot.satisfaction(), body)
    except Exception:  # noqa: BLE001
        log.warning("could not record a feedback click", exc_info=True)
        return
    user = (body.get("user") or {}).get("id")
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    action = (body.get("actions") or [{}])[0]
    verdict = 1 if str(action.get("value", "")).endswith("+1") else -1
    message = body.get("message") or {}
    try:
        if done.outcome_id and message.get("blocks") and channel:
            blocks = [feedback_block(done.outcome_id, verdict)
                      if b.get("block_id") == FEEDBACK_BLOCK_ID else b for b in message["blocks"]]
            client.chat_update(channel=channel, ts=message.get("ts"), text=message.get("text") or " ",
                               blocks=blocks)
        if channel and user:
            text = ("Thanks — noted that this answer helped." if verdict > 0
                    else "Thanks — noted that this answer missed; I'll learn from it.")
            if done.outcome_id is None:
                text = "I could not find that answer any more, so the feedback was not recorded."
            kwargs: dict[str, Any] = {"channel": channel, "user": user, "text": text}
            thread = message.get("thread_ts")
            if thread:
                kwargs["thread_ts"] = thread
            client.chat_postEphemeral(**kwargs)
    except SlackApiError as exc:
        log.info("could not acknowledge a feedback click: %s", exc)


def _addresses_someone_else(text: str, bot_user: str | None) -> bool:
    """A thread reply that mentions people but not the bot is talk between people."""
    mentioned = set(re.findall(r"<@([UW][A-Z0-9]+)", text))
    return bool(mentioned) and bot_user not in mentioned


def _from_bot(event: dict, context: Any) -> bool:
    if event.get("bot_id") or event.get("bot_profile") or event.get("subtype") == "bot_message":
        return True
    bot_user = context.get("bot_user_id")
    return bool(bot_user) and event.get("user") == bot_user


def _header(request: Any, name: str) -> str | None:
    try:
        value = request.headers.get(name)
    except AttributeError:
        return None
    if isinstance(value, list):
        return value[0] if value else None
    return value
