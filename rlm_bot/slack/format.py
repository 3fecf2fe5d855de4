"""A model's Markdown answer as Slack shows it well and safely, within Slack's limits.

The public face of the formatting modules; pure functions, no network:

    text = to_mrkdwn(answer)                       # message text, neutralised
    parts, as_file = long_answer_plan(text)        # ≤ 3,900 chars each; file if > 4 parts
    lead = summary_for_file(text)                  # posted beside the uploaded file
    chunks = split_for_stream(to_block_markdown(answer))  # appendStream markdown_text, exact
    blocks = markdown_block_chunks(answer)         # [{"type": "markdown", "text": …}, …]

`neutralize` makes mrkdwn or plain text unable to ping (`<!here>`, `<@U1>`, `@channel`) or to
disguise a link, escaping `&`, `<`, `>`; `to_mrkdwn` applies it itself. Standard Markdown (stream
`markdown_text`, `markdown` blocks) must not be entity-escaped: `to_block_markdown` makes it inert
without escaping, and `markdown_block_chunks` uses it.
"""

from __future__ import annotations

from rlm_bot.slack.mrkdwn import RULE, to_block_markdown, to_mrkdwn
from rlm_bot.slack.neutralize import neutralize
from rlm_bot.slack.split import (
    MESSAGE_LIMIT,
    STREAM_LIMIT,
    SplitError,
    long_answer_plan,
    split_for_stream,
    split_message,
    summary_for_file,
)

BLOCK_LIMIT = 12000  # characters of one `markdown` block
MAX_BLOCKS = 50  # blocks of one message
TRUNCATED = "_… the answer is too long for one message; the rest was left out._"


def markdown_block_chunks(markdown: str, limit: int = BLOCK_LIMIT) -> list[dict]:
    """The answer as `markdown` blocks (≤ `limit` chars each, at most 50), neutralised."""
    parts = split_message(to_block_markdown(markdown), limit)
    if len(parts) > MAX_BLOCKS:
        parts = parts[: MAX_BLOCKS - 1] + [TRUNCATED]
    return [{"type": "markdown", "text": part} for part in parts]


__all__ = [
    "BLOCK_LIMIT", "MAX_BLOCKS", "MESSAGE_LIMIT", "RULE", "STREAM_LIMIT", "SplitError",
    "long_answer_plan", "markdown_block_chunks", "neutralize", "split_for_stream", "split_message",
    "summary_for_file", "to_block_markdown", "to_mrkdwn",
]
