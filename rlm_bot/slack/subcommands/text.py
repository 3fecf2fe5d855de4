"""Small text helpers of the `/rlm` replies."""

from __future__ import annotations

import re

from rlm_bot.text import one_line as _one_line

CODE_CHARS = 2800


def short(text: object, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis."""
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def money(dollars: float) -> str:
    """Dollars as set: cents, or every significant digit of an amount under a cent."""
    if 0 < dollars < 0.01:
        return "$" + f"{dollars:.8f}".rstrip("0")
    return f"${dollars:,.2f}"


def unfence(text: str) -> str:
    """A program as typed: without a surrounding ``` fence and with Slack's &lt; &gt; &amp; undone."""
    text = text.strip()
    match = re.fullmatch(r"```(?:\w+\n)?(.*?)```", text, re.S)
    text = match.group(1) if match else text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def code(text: str) -> str:
    """`text` in a code block, cut to fit a message."""
    return "```" + short(text, CODE_CHARS) + "```"


def one_line(text: str, limit: int = 600) -> str:
    """`text` on one line, cut to `limit`."""
    return _one_line(text, limit)