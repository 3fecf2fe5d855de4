"""Markdown from a model → Slack mrkdwn for message text, or safe Markdown for a `markdown` block.

`to_mrkdwn`: `**b**`/`__b__` → `*b*`, `*i*` → `_i_`, `~~s~~` → `~s~`, `[l](u)` → `<u|l>` (http,
https and mailto only; a label naming another site is dropped for the real URL; other schemes are
shown as text), `# H` → `*H*`, bullets → `•`, numbered lists and quotes kept, fenced code kept
verbatim without its language tag, pipe tables as aligned code blocks, rules as `———`. Everything
is neutralised (see `neutralize`): code is escaped so `<!here>` in it shows as text.

`to_block_markdown`: Markdown stays Markdown (the block renders it), but tables become code blocks,
rules `———`, code loses its language tag, and mentions and disguised links are made inert.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rlm_bot.slack import neutralize as nz
from rlm_bot.slack.blocks import Piece, pieces, table_text

RULE = "———"
_PLACEHOLDER = re.compile("\ue000([0-9]+)\ue001")
_PRIVATE = re.compile("[\ue000-\ue002]")
_BOLD = "\ue002"
_MD_LINK = (
    r"(?P<mdlink>(?P<image>!?)\[(?P<mdlabel>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\(\s*<?(?P<mdurl>[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)>?"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'))?\s*\))"
)
_CODE_SPAN = r"(?P<code>(?<!`)(?P<ticks>`+)(?!`)(?P<codebody>.+?)(?<!`)(?P=ticks)(?!`))"
_INLINE = re.compile(
    _CODE_SPAN + r"|(?P<esc>\\[\\`*_{}\[\]()#+\-.!~|<>])|" + nz.SLACK_TOKEN.pattern + "|" + _MD_LINK
)
# Python names written bare in prose (`__init__`) stay as written instead of turning bold.
_DUNDERS = ("init", "main", "name", "file", "dict", "class", "all", "repr", "str", "call",
            "enter", "exit", "len", "getitem", "setitem", "iter", "next", "eq", "hash", "new",
            "del", "slots", "doc", "module", "future", "version", "post_init", "annotations",
            "builtins", "getattr", "setattr", "aenter", "aexit", "await", "bool", "contains")
# Emphasis rules, applied in order: (delimiter, opener, closer, left, right). A delimiter opens
# when text follows it and closes when text precedes it; `_pair` matches them in one pass.
_NOT_DUNDER = r"(?!(?:" + "|".join(_DUNDERS) + r")__(?!\w))"
_EMPHASIS = tuple(
    (re.compile(find), re.compile(opener), re.compile(closer), left, right)
    for find, opener, closer, left, right in (
        (r"\*\*\*", r"\*\*\*(?=\S)", r"(?<=\S)\*\*\*", _BOLD + "_", "_" + _BOLD),
        (r"\*\*", r"\*\*(?=\S)", r"(?<=\S)\*\*", _BOLD, _BOLD),
        (r"__", r"(?<!\w)__" + _NOT_DUNDER + r"(?=\S)", r"(?<=\S)__(?!\w)", _BOLD, _BOLD),
        (r"\*", r"(?<![\w*])\*(?![\s*])", r"(?<![\s*])\*(?![\w*])", "_", "_"),
        (r"~~", r"~~(?=\S)", r"(?<=\S)~~", "~", "~"),
    )
)
_LABEL_MARKS = re.compile(r"\*\*|__|~~|`")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
_HR = re.compile(r"^ {0,3}([-*_])[ \t]*(?:\1[ \t]*){2,}$")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)[-*+](?:[ \t]+(?P<rest>.*))?$")
_TASK = re.compile(r"^\[([ xX])\][ \t]+")
_NUMBERED = re.compile(r"^(?P<indent>[ \t]*)(?P<num>[0-9]{1,9})[.)][ \t]+(?P<rest>.*)$")
_QUOTE = re.compile(r"^ {0,3}>[ \t]?(?P<rest>.*)$")


def to_mrkdwn(markdown: str) -> str:
    """Convert a model's Markdown answer to neutralised Slack mrkdwn."""
    return _render(markdown, _mrkdwn_line, _mrkdwn_code,
                   lambda text: "*" + _mrkdwn_inline(_unbold(text)) + "*")


def to_block_markdown(markdown: str) -> str:
    """Markdown fit for a Slack `markdown` block: no tables or rules, mentions made inert."""
    return _render(markdown, _block_line, _block_code, lambda text: "## " + _block_inline(text))


def _render(markdown: str, line: Callable[[str], str], code: Callable[[str], str],
            heading: Callable[[str], str]) -> str:
    items = list(pieces(_PRIVATE.sub("", markdown)))
    out: list[str] = []
    i = 0
    while i < len(items):
        piece = items[i]
        if piece.kind == "code":
            if piece.text.strip():
                out.append("```\n" + code(piece.text) + "\n```")
        elif piece.kind == "table":
            out.append("```\n" + code(table_text(piece.rows, piece.aligns)) + "\n```")
        elif _is_setext(piece, items[i + 1] if i + 1 < len(items) else None):
            out.append(heading(piece.text.strip()))
            i += 1
        else:
            out.append(line(piece.text))
        i += 1
    return "\n".join(out).strip("\n")


def _is_setext(piece: Piece, nxt: Piece | None) -> bool:
    if nxt is None or nxt.kind != "line" or not _SETEXT.match(nxt.text) or not piece.text.strip():
        return False
    text = piece.text
    return not any(p.match(text) for p in (_HEADING, _HR, _BULLET, _NUMBERED, _QUOTE))


def _mrkdwn_code(body: str) -> str:
    return nz.escape_code(body.replace("```", "``" + nz.ZERO_WIDTH + "`"))


def _block_code(body: str) -> str:
    return nz.break_slack_syntax(body)


def _mrkdwn_line(text: str) -> str:
    if not text.strip():
        return ""
    if heading := _HEADING.match(text):
        title = (heading[2] or "").strip()
        return "*" + _mrkdwn_inline(_unbold(title)) + "*" if title else ""
    if _HR.match(text):
        return RULE
    if bullet := _BULLET.match(text):
        rest = bullet["rest"] or ""
        if task := _TASK.match(rest):
            rest = ("☐ " if task[1] == " " else "☑ ") + rest[task.end():]
        return (bullet["indent"] + "• " + _mrkdwn_inline(rest)).rstrip()
    if numbered := _NUMBERED.match(text):
        return f"{numbered['indent']}{numbered['num']}. {_mrkdwn_inline(numbered['rest'])}"
    if quote := _QUOTE.match(text):
        inner = quote["rest"]
        while nested := _QUOTE.match(inner):
            inner = nested["rest"]
        return ("> " + _mrkdwn_line(inner)).rstrip()
    return _mrkdwn_inline(text.rstrip())


def _block_line(text: str) -> str:
    if _HR.match(text):
        return RULE
    return _block_inline(text.rstrip())


def _unbold(text: str) -> str:
    return re.sub(r"\*\*|__", "", text)


def _mrkdwn_inline(text: str) -> str:
    stash: list[str] = []

    def keep(rendered: str) -> str:
        stash.append(rendered)
        return f"\ue000{len(stash) - 1}\ue001"

    def piece(match: re.Match[str]) -> str:
        if match.group("code") is not None:
            return keep("`" + _mrkdwn_code(_code_body(match["codebody"])) + "`")
        if match.group("esc") is not None:
            return keep(nz.escape_code(match["esc"][1]))
        if match.group("mdlink") is not None:
            return keep(_mrkdwn_link(match))
        return keep(nz.token_text(match))

    text = _INLINE.sub(piece, text)
    for rule in _EMPHASIS:
        text = _pair(text, *rule)
    text = nz.inert_broadcasts(nz.escape_code(nz.decode_entities(text))).replace(_BOLD, "*")
    return _PLACEHOLDER.sub(lambda m: stash[int(m[1])], text)


def _pair(text: str, find: re.Pattern[str], opener: re.Pattern[str], closer: re.Pattern[str],
          left: str, right: str) -> str:
    """Replace each opener…closer pair of one delimiter, the nearest closer first (linear)."""
    out: list[str] = []
    last, pending = 0, None
    for match in find.finditer(text):
        at, end = match.span()
        if pending is not None and at > pending[1] and closer.match(text, at):
            out += [text[last:pending[0]], left, text[pending[1]:at], right]
            last, pending = end, None
        elif pending is None and opener.match(text, at):
            pending = (at, end)
    out.append(text[last:])
    return "".join(out)


def _code_body(body: str) -> str:
    if len(body) > 2 and body[0] == " " and body[-1] == " " and body.strip():
        return body[1:-1]
    return body


def _link_target(match: re.Match[str]) -> tuple[str, str]:
    url = nz.decode_entities(match["mdurl"])
    label = nz.decode_entities(_LABEL_MARKS.sub("", match["mdlabel"])).strip()
    if not label and match["image"]:
        label = "image"
    return url, label


def _mrkdwn_link(match: re.Match[str]) -> str:
    url, label = _link_target(match)
    parts = nz.link_parts(url, label)
    if isinstance(parts, str):
        return nz.inert_broadcasts(nz.escape_code(parts))
    url, label = parts
    url = nz.escape_code(_encode_url(url))
    return f"<{url}|{nz.inert_broadcasts(nz.escape_code(label))}>" if label else f"<{url}>"


def _encode_url(url: str) -> str:
    return re.sub(r"[\s|<>\"]", lambda m: "%{:02X}".format(ord(m.group())), url)


def _block_inline(text: str) -> str:
    def piece(match: re.Match[str]) -> str:
        if match.group("code") is not None:
            return nz.break_slack_syntax(match.group())
        if match.group("esc") is not None:
            return match.group()
        if match.group("mdlink") is not None:
            return _block_link(match)
        if match.group("special") is not None:
            return nz.inert_broadcasts(nz.inert_special(match["special"], match["label"]))
        parts = nz.link_parts(match["url"], match["label"] or "")
        return _block_link_text(parts)

    text = _INLINE.sub(piece, text)
    # What the pieces left, such as a mention inside a kept link's label, or `<!here` without `>`
    text = nz.SLACK_TOKEN.sub(
        lambda m: nz.inert_special(m["special"], m["label"]) if m["special"] else m.group(), text)
    return nz.inert_broadcasts(re.sub(r"<(?=[!@#])", "<" + nz.ZERO_WIDTH, text))


def _block_link(match: re.Match[str]) -> str:
    url, label = _link_target(match)
    parts = nz.link_parts(url, label)
    if not isinstance(parts, str) and parts[1] and not match["image"]:
        return match.group()  # a safe link whose label tells the truth stays as written
    return _block_link_text(parts)


def _block_link_text(parts: tuple[str, str] | str) -> str:
    if isinstance(parts, str):
        return nz.break_slack_syntax(parts.replace("[", "\\[").replace("]", "\\]"))
    url, label = parts
    url = re.sub(r"[\s()<>\[\]]", lambda m: "%{:02X}".format(ord(m.group())), url)
    if not label:
        return f"<{url}>"
    return "[" + label.replace("[", "\\[").replace("]", "\\]") + f"]({url})"
