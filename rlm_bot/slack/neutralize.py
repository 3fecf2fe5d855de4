"""Make model output inert in Slack: no pings, no disguised links, `&`, `<`, `>` escaped.

Slack's special syntax (`<!here>`, `<!subteam^S1|@team>`, `<@U1>`, `<#C1|name>`, `<!date^…>`)
becomes readable plain text written with a full-width `＠`; the bare words `@here`, `@channel`,
`@everyone` too. A link keeps its label only when the scheme is http, https or mailto and the
label does not name another site than the target (`<https://evil.com|https://good.com>` is shown
as `<https://evil.com>`); other schemes are shown as text. Code is shown as written, with `&`, `<`,
`>` escaped so Slack parses nothing in it. `neutralize` is idempotent: `&amp;`, `&lt;`, `&gt;`
already in the text are kept as they are, so applying it to its own output changes nothing.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from urllib.parse import urlsplit

INERT_AT = "\uff20"  # full-width commercial at: reads as @, never pings
ZERO_WIDTH = "\u2060"  # word joiner, breaks `<!` in text Slack may parse but we cannot escape
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Top-level domains a link label must end in to "look like a site". Kept to common ones that are
# not also file extensions, so `[README.md](…)` or `[setup.py](…)` keep their labels.
LABEL_TLDS = frozenset(
    "com org net io dev ai co app edu gov mil int info biz me us uk eu de fr nl be ch at se no dk"
    " fi es it pt pl cz ru ua jp cn kr in au nz ca br mx ar za sg hk tw xyz site online tech cloud"
    " page link click shop store blog news live bank finance money pay login help support".split()
)

# One Slack angle token: a special command (`<!…>`, `<@…>`, `<#…>`) or a link with a scheme.
SLACK_TOKEN = re.compile(
    r"<(?:(?P<special>[!@#][^<>|\n]*)|(?P<url>[A-Za-z][A-Za-z0-9+.\-]*:[^<>|\s]*))"
    r"(?:\|(?P<label>[^<>\n]*))?>"
)
BARE_BROADCAST = re.compile(r"(?<![\w@\uff20])@(?=(?i:channel|here|everyone)\b)")
_ENTITY_KEPT = r"(?:amp|lt|gt);"
_PROSE = re.compile(
    SLACK_TOKEN.pattern
    + r"|(?P<quote>^[ \t]*>+)|(?P<amp>&(?!" + _ENTITY_KEPT + r"))|(?P<lt><)|(?P<gt>>)",
    re.M,
)
_CODE_IN_MRKDWN = re.compile(r"```.*?(?:```|\Z)|`[^`\n]+`", re.S)
_SOFT_CODE = re.compile(r"&(?!" + _ENTITY_KEPT + r")|<|>")
_HARD = re.compile(r"[&<>]")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_EMAIL = re.compile(r"^(?:mailto:)?[^@\s/]+@(?P<host>[^@\s/]+)$", re.I)
_SITE = re.compile(
    r"^(?:[a-z][a-z0-9+.\-]*://)?(?:[^@/\s]+@)?(?P<host>(?:[a-z0-9\-]+\.)+[a-z]{2,63})\.?"
    r"(?::\d+)?(?:[/?#]\S*)?$",
    re.I,
)


def escape_text(text: str) -> str:
    """Escape `&`, `<`, `>` for Slack, keeping `&amp;`/`&lt;`/`&gt;` already there."""
    return _SOFT_CODE.sub(lambda m: _ESCAPES[m.group()[0]], text)


def escape_code(text: str) -> str:
    """Escape every `&`, `<`, `>` of verbatim code, so Slack shows it exactly as written."""
    return _HARD.sub(lambda m: _ESCAPES[m.group()], text)


def decode_entities(text: str) -> str:
    """Decode HTML entities written with a semicolon (`&amp;`, `&#39;`), as Markdown does."""
    return _ENTITY.sub(lambda m: html.unescape(m.group()), text)


def inert_broadcasts(text: str) -> str:
    """Write the bare words @here, @channel, @everyone with a full-width at sign."""
    return BARE_BROADCAST.sub(INERT_AT, text)


def link_host(url: str) -> str | None:
    """The host a safe link leads to, lower-case without `www.`; None for an unsafe link."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in SAFE_SCHEMES:
        return None
    if scheme == "mailto":
        match = _EMAIL.match(url.split("?", 1)[0])
        return _bare_host(match.group("host")) if match else None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    return _bare_host(host) if host else None


def label_host(label: str) -> str | None:
    """The site a link label names when the whole label looks like a URL, domain or address."""
    text = label.strip().strip("<>").rstrip(".,;:!?)").strip()
    match = _EMAIL.match(text) or _SITE.match(text)
    if not match:
        return None
    host = _bare_host(match.group("host"))
    has_scheme = "://" in text or text.lower().startswith("mailto:")
    if has_scheme or host.rsplit(".", 1)[-1] in LABEL_TLDS or text.lower().startswith("www."):
        return host
    return None


def is_disguised(url: str, label: str) -> bool:
    """Whether a link's label names a different site than the one it leads to."""
    named = label_host(label)
    if named is None:
        return False
    real = link_host(url) or ""
    return not (real == named or real.endswith("." + named))


def link_parts(url: str, label: str) -> tuple[str, str] | str:
    """(url, label) of a link safe to show (label "" when it would mislead), else plain text."""
    if link_host(url) is None:
        return f"{label} ({url})" if label and label != url else url
    if not label or label == url or is_disguised(url, label):
        return url, ""
    return url, label


def _bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def inert_special(body: str, label: str | None) -> str:
    """Readable, inert text for `<!…>`, `<@…>`, `<#…>` (without escaping)."""
    kind, rest = body[0], body[1:]
    label = (label or "").strip()
    if kind == "#":
        return "#" + (label.lstrip("#") or rest)
    if kind == "@":
        return INERT_AT + (label.lstrip("@") or rest)
    if rest.startswith("date^"):
        return label or _date_text(rest)
    if rest.startswith("subteam^"):
        return INERT_AT + (label.lstrip("@") or rest.split("^", 1)[1])
    word = re.split(r"[\^|\s]", rest, maxsplit=1)[0] or "mention"
    return INERT_AT + word


def _date_text(rest: str) -> str:
    stamp = rest.split("^")[1] if rest.count("^") >= 1 else ""
    try:
        return datetime.fromtimestamp(int(stamp), UTC).strftime("%Y-%m-%d %H:%M UTC")
    except (ValueError, OverflowError, OSError):
        return "a date"


def token_text(match: re.Match[str]) -> str:
    """Safe mrkdwn for one SLACK_TOKEN match: a mention as inert text, a link checked."""
    if match.group("special") is not None:
        text = inert_special(match.group("special"), match.group("label"))
        return inert_broadcasts(escape_text(text))
    parts = link_parts(match.group("url"), match.group("label") or "")
    if isinstance(parts, str):
        return inert_broadcasts(escape_text(parts))
    url, label = parts
    url = escape_text(url)
    return f"<{url}|{inert_broadcasts(escape_text(label))}>" if label else f"<{url}>"


def _prose_piece(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind == "quote":
        return match.group()
    if kind in ("amp", "lt", "gt"):
        return _ESCAPES[match.group()]
    return token_text(match)


def neutralize_prose(text: str) -> str:
    """Neutralise mrkdwn text that holds no code: tokens made safe, the rest escaped."""
    return inert_broadcasts(_PROSE.sub(_prose_piece, text))


def neutralize(text: str) -> str:
    """Make Slack mrkdwn (or plain text) unable to ping anyone or disguise a link."""
    out: list[str] = []
    last = 0
    for match in _CODE_IN_MRKDWN.finditer(text):
        out.append(neutralize_prose(text[last:match.start()]))
        out.append(_SOFT_CODE.sub(lambda m: _ESCAPES[m.group()[0]], match.group()))
        last = match.end()
    out.append(neutralize_prose(text[last:]))
    return "".join(out)


def break_slack_syntax(code: str) -> str:
    """Code for a Markdown block, where escaping would show: `<!`, `<@`, `<#` get a zero-width
    joiner after the `<`, and a ``` inside is broken so it cannot close the block."""
    code = re.sub(r"<(?=[!@#])", "<" + ZERO_WIDTH, code)
    return code.replace("```", "``" + ZERO_WIDTH + "`")
