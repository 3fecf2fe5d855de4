"""What a person typed, from the text Slack delivers.

Slack escapes `&`, `<` and `>` in message and command text (`&amp;`, `&lt;`, `&gt;`) and wraps
what it recognised in angle-bracket markup: mentions `<@U123>`, channels `<#C123|general>`, special
mentions `<!here>`, and links it auto-detected `<https://example.com|example.com>` or
`<mailto:a@b.co|a@b.co>`. The pipeline must see the text as written — `a < b & c`, `example.com`,
`a@b.co` — or a comparison, a pasted table or an e-mail address reaches it mangled. Markup is read
first (a literal `<` arrives escaped, so every real `<…>` is markup), then the entities decoded.
"""

from __future__ import annotations

import re

__all__ = ["as_written"]

_MARKUP = re.compile(r"<([^<>]*)>")
_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))  # &amp; last: "&amp;lt;" means "&lt;"


def as_written(text: str, *, bot_user_id: str | None = None, others: str | None = None) -> str:
    """`text` as the person typed it: the bot's own mention removed; other people as `@U123` by id,
    never by a label that can change (or `others` in their place when given); channels as
    `#name`; `<!here>` as `@here`; a link as its visible label when it has one, else its address
    (a `mailto:` link as the address)."""

    def markup(match: re.Match) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            user = target[1:]
            if bot_user_id and user == bot_user_id:
                return ""
            return others if others is not None else f"@{user}"  # the id: who it is, whatever the label
        if target.startswith("#"):
            return f"#{label or target[1:]}"
        if target.startswith("!"):
            name = target[1:].split("^", 1)[0]
            return f"@{label or name}"
        if label:
            return label
        return target[len("mailto:"):] if target.startswith("mailto:") else target

    plain = _MARKUP.sub(markup, text)
    for entity, char in _ENTITIES:
        plain = plain.replace(entity, char)
    return plain.strip()
