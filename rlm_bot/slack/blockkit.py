"""Block Kit pieces of an answer: its text sections, the context line and the feedback buttons."""

from __future__ import annotations

from typing import Any

from rlm_bot.slack.feedback_events import FEEDBACK_ACTION_PREFIX, feedback_button_value

SECTION_CHARS = 3000  # a section block's text limit
FEEDBACK_ACTION_ID = f"{FEEDBACK_ACTION_PREFIX}_buttons"
CONTEXT_BLOCK_ID = "rlm_context"
FEEDBACK_BLOCK_ID = "rlm_feedback"


def sections(mrkdwn: str) -> list[dict[str, Any]]:
    """The text as section blocks of at most SECTION_CHARS each (cut at line ends when possible)."""
    blocks = []
    rest = mrkdwn
    while rest:
        if len(rest) <= SECTION_CHARS:
            piece, rest = rest, ""
        else:
            cut = rest.rfind("\n", 0, SECTION_CHARS)
            cut = cut if cut > SECTION_CHARS // 2 else SECTION_CHARS
            piece, rest = rest[:cut], rest[cut:].lstrip("\n")
        if piece.strip():
            blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": piece}})
    return blocks


def context_line(result: Any) -> str:
    """One line saying who answered, how, at what cost and in how long."""
    models = list(dict.fromkeys(result.models or ((result.model,) if result.model else ())))
    who = " → ".join(models) if models else "no model"
    if result.computed:
        who = "computed in the sandbox" + (f" (code by {models[0]})" if models else "")
    seconds = result.latency_ms / 1000.0
    parts = [who, result.strategy, f"${result.cost:.4f}", f"{seconds:.1f} s"]
    if result.outcome_id:
        parts.append(f"id `{result.outcome_id[:8]}`")
    return " · ".join(parts)


def context_block(text: str) -> dict[str, Any]:
    """A context block with one mrkdwn line."""
    return {"type": "context", "block_id": CONTEXT_BLOCK_ID,
            "elements": [{"type": "mrkdwn", "text": text}]}


def feedback_block(outcome_id: str, chosen: int | None = None) -> dict[str, Any]:
    """The 👍/👎 feedback buttons of one answer (Slack's `feedback_buttons` element)."""
    up = "Good answer" if chosen != 1 else "Good answer ✓"
    down = "Bad answer" if chosen != -1 else "Bad answer ✓"
    return {"type": "context_actions", "block_id": FEEDBACK_BLOCK_ID,
            "elements": [{"type": "feedback_buttons", "action_id": FEEDBACK_ACTION_ID,
                          "positive_button": {"text": {"type": "plain_text", "text": up},
                                              "accessibility_label": "Mark this answer as good",
                                              "value": feedback_button_value(outcome_id, 1)},
                          "negative_button": {"text": {"type": "plain_text", "text": down},
                                              "accessibility_label": "Mark this answer as bad",
                                              "value": feedback_button_value(outcome_id, -1)}}]}


def answer_footer(result: Any) -> list[dict[str, Any]]:
    """The blocks that end an answer: context line, then feedback buttons when it was recorded."""
    blocks = [context_block(context_line(result))]
    if result.outcome_id:
        blocks.append(feedback_block(result.outcome_id))
    return blocks
