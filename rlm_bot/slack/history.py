"""A thread's or a DM's earlier messages as conversation context, newest kept first, in budget.

Slack gives a thread oldest first (`conversations.replies`) and a DM's history newest first
(`conversations.history`). Either way the newest messages are kept while they fit the token
budget, then put back in reading order: who said what ("user" or "assistant"), with the bot's
mention stripped, the request being answered left out, and nothing but text kept.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from rlm_bot.llm.tokens import estimate_tokens
from rlm_bot.slack.incoming import as_written
from rlm_bot.slack.reply import api_error

log = logging.getLogger(__name__)

FETCH_LIMIT = 100  # messages read back (one page)
DM_FETCH_LIMIT = 30


@dataclass(frozen=True)
class Turn:
    """One earlier message: who said it and its text."""

    role: str  # "user" | "assistant"
    text: str
    user: str = ""


def thread_turns(client: Any, *, channel: str, thread_ts: str, exclude_ts: str | None,
                 bot_user_id: str | None, budget_tokens: int) -> list[Turn]:
    """The earlier messages of a thread, newest kept first within `budget_tokens`."""
    if budget_tokens <= 0:
        return []
    try:
        response = client.conversations_replies(channel=channel, ts=thread_ts, limit=FETCH_LIMIT)
    except (SlackApiError, OSError) as exc:
        log.info("cannot read thread %s in %s: %s", thread_ts, channel, api_error(exc))
        return []
    messages = list(response.get("messages") or [])
    return _fit(reversed(messages), exclude_ts, bot_user_id, budget_tokens)


def dm_turns(client: Any, *, channel: str, exclude_ts: str | None, bot_user_id: str | None,
             budget_tokens: int) -> list[Turn]:
    """The recent messages of a DM (top level), newest kept first within `budget_tokens`."""
    if budget_tokens <= 0:
        return []
    try:
        response = client.conversations_history(channel=channel, limit=DM_FETCH_LIMIT)
    except (SlackApiError, OSError) as exc:
        log.info("cannot read DM history of %s: %s", channel, api_error(exc))
        return []
    return _fit(list(response.get("messages") or []), exclude_ts, bot_user_id, budget_tokens)


def render_turns(turns: list[Turn]) -> str:
    """The turns as a labelled transcript for the prompt ('' when there are none)."""
    if not turns:
        return ""
    lines = [f"{'assistant' if t.role == 'assistant' else 'user'}: {t.text}" for t in turns]
    return "\n\n".join(lines)


def _fit(newest_first, exclude_ts: str | None, bot_user_id: str | None,
         budget_tokens: int) -> list[Turn]:
    kept: list[Turn] = []
    used = 0
    for message in newest_first:
        turn = _turn(message, exclude_ts, bot_user_id)
        if turn is None:
            continue
        cost = estimate_tokens(turn.text) + 4
        if used + cost > budget_tokens:
            if not kept and budget_tokens >= 50:  # the newest alone is too long: keep its tail
                keep_chars = budget_tokens * 3
                kept.append(Turn(turn.role, "…" + turn.text[-keep_chars:], turn.user))
            break
        kept.append(turn)
        used += cost
    kept.reverse()
    return kept


def _turn(message: dict[str, Any], exclude_ts: str | None, bot_user_id: str | None) -> Turn | None:
    if message.get("ts") == exclude_ts:
        return None
    subtype = message.get("subtype")
    if subtype and subtype not in ("bot_message", "file_share", "thread_broadcast", "me_message"):
        return None
    text = as_written(str(message.get("text") or ""), bot_user_id=bot_user_id, others="@someone")
    if not text:
        return None
    from_bot = bool(message.get("bot_id")) or (bot_user_id and message.get("user") == bot_user_id)
    if from_bot and _is_status(text):
        return None
    return Turn("assistant" if from_bot else "user", text, str(message.get("user") or ""))


def _is_status(text: str) -> bool:
    """A placeholder or status line of ours (`_analysing…_`), not an answer."""
    return text.startswith("_") and text.endswith("…_") and len(text) < 200
