"""Cut a long answer into Slack-sized pieces, and decide when it should go as a file instead.

`split_message` makes separate messages (each ≤ `limit`, 3,900 by default, under Slack's ~4,000):
it cuts at a blank line, else at a line end, else between words, else anywhere that is not inside
a `<…>` link or an `&…;` entity, and it never leaves a ``` block open: a cut inside one closes it
and the next part reopens it. A preferred boundary is taken only if it keeps at least a third of
the room, so no part is a stub. The text between parts that is dropped is whitespace only.

`split_for_stream` is not the same function with another limit: the chunks of one
`chat.appendStream` stream join into one message, so a fence closed and reopened between chunks
would show as two code blocks. It cuts at the same boundaries but adds and drops nothing:
`"".join(chunks) == text`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from rlm_bot.errors import RlmError
from rlm_bot.slack.neutralize import neutralize

MESSAGE_LIMIT = 3900  # chat.postMessage / chat.update text; Slack refuses ~4,000 and more
STREAM_LIMIT = 12000  # markdown_text of one chat.appendStream call
MAX_MESSAGES = 4  # more parts than this and the answer goes as an uploaded file
SUMMARY_LIMIT = 600
MIN_LIMIT = 16  # room for a reopened and a closing fence around some content
FENCE = "```"
_OPEN, _CLOSE = FENCE + "\n", "\n" + FENCE
_PROTECTED = re.compile(r"<[^<>\n]*>|&#?[A-Za-z0-9]{1,10};")
_LEADING_BLANK = re.compile(r"\s*\n")
_HEADING_LINE = re.compile(r"\*[^*\n]+\*")
_SENTENCE_END = re.compile(r"[.!?…](?=\s)")


class SplitError(RlmError, ValueError):
    """A split was asked with a limit too small to hold any text."""


@dataclass
class _Text:
    """A text with its fence toggles and no-cut spans found once."""

    text: str
    fences: bool
    toggles: list[int] = field(default_factory=list)
    toggle_ends: list[int] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        at = self.text.find(FENCE)
        while at >= 0:
            self.toggles.append(at)
            self.toggle_ends.append(at + 3)
            at = self.text.find(FENCE, at + 3)
        self.spans = [m.span() for m in _PROTECTED.finditer(self.text)]
        self.spans += [(t, t + 3) for t in self.toggles]
        self.spans.sort()
        self._starts = [s for s, _ in self.spans]

    def in_code(self, at: int) -> bool:
        """Whether position `at` lies inside a ``` block (toggles wholly before it counted)."""
        return self.fences and bisect.bisect_right(self.toggle_ends, at) % 2 == 1

    def inside(self, at: int) -> tuple[int, int] | None:
        """The no-cut span that `at` falls strictly inside, if any."""
        k = bisect.bisect_left(self._starts, at) - 1  # the last span starting before `at`
        for j in (k, k - 1):
            if j >= 0 and self.spans[j][0] < at < self.spans[j][1]:
                return self.spans[j]
        return None


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Split mrkdwn into messages of at most `limit` characters with every ``` block closed."""
    if limit < MIN_LIMIT:
        raise SplitError(f"a message limit of {limit} is too small; use at least {MIN_LIMIT}")
    doc = _Text(text, fences=True)
    parts: list[str] = []
    pos = _skip(doc, 0)
    while pos < len(text):
        room = limit - (len(_OPEN) if doc.in_code(pos) else 0)
        end = len(text)
        if _cost(doc, pos, end) > room:
            end, pos_next = _choose(doc, pos, room)
        else:
            pos_next = end
        if (before := _drop_trailing_opener(doc, pos, end)) != end:
            end = pos_next = before
        part = _wrap(doc, pos, end)
        if part.strip():
            parts.append(part)
        pos = _skip(doc, pos_next)
    return parts


def split_for_stream(text: str, limit: int = STREAM_LIMIT) -> list[str]:
    """Split text into chunks of at most `limit` characters that join back to exactly `text`."""
    if limit < MIN_LIMIT:
        raise SplitError(f"a stream chunk limit of {limit} is too small; use at least {MIN_LIMIT}")
    doc = _Text(text, fences=False)
    chunks: list[str] = []
    pos = 0
    while pos < len(text):
        cut = len(text)
        if cut - pos > limit:
            cut = min(_choose(doc, pos, limit - 2)[1], pos + limit)
        chunks.append(text[pos:cut])
        pos = cut
    return chunks


def long_answer_plan(text: str, *, message_limit: int = MESSAGE_LIMIT,
                     max_messages: int = MAX_MESSAGES) -> tuple[list[str], bool]:
    """The messages of an mrkdwn answer, and whether it should go as a file (too many parts)."""
    parts = split_message(text, message_limit)
    return parts, len(parts) > max_messages


def _cost(doc: _Text, start: int, end: int) -> int:
    """Characters of text[start:end] once a fence left open at `end` is closed."""
    return end - start + (len(_CLOSE) if doc.in_code(end) else 0)


def _choose(doc: _Text, pos: int, room: int) -> tuple[int, int]:
    """Where the part that starts at `pos` ends, and where the next one starts."""
    text, hi = doc.text, pos + room
    low = pos + max(1, room // 3)
    for sep in ("\n\n", "\n", " "):
        stop = hi + len(sep)
        while (at := text.rfind(sep, low, stop)) >= 0:
            if _cost(doc, pos, at) <= room and doc.inside(at) is None:
                nxt = at + len(sep)
                while sep == " " and nxt < len(text) and text[nxt] == " ":
                    nxt += 1
                return at, nxt
            stop = at + len(sep) - 1
    end = hi
    while end > pos + 1:
        span = doc.inside(end)
        if span is not None and span[0] > pos:
            end = span[0]
            continue
        if _cost(doc, pos, end) <= room:
            break
        end -= 1
    return end, end


def _drop_trailing_opener(doc: _Text, start: int, end: int) -> int:
    """Move a cut that falls just after an opening fence to before that fence."""
    if not doc.in_code(end):
        return end
    k = bisect.bisect_right(doc.toggle_ends, end) - 1
    opener = doc.toggles[k] if k >= 0 else -1
    if opener > start and not doc.text[opener + 3:end].strip() and doc.text[start:opener].strip():
        return opener
    return end


def _wrap(doc: _Text, start: int, end: int) -> str:
    body = doc.text[start:end].rstrip()
    if doc.in_code(start):
        body = _OPEN + body
    if doc.in_code(end):
        body += _CLOSE
    return body


def _skip(doc: _Text, pos: int) -> int:
    """Skip the blank lines where a part starts, and a closing fence our own fence replaced."""
    if (blank := _LEADING_BLANK.match(doc.text, pos)) is not None:
        pos = blank.end()
    if doc.in_code(pos) and doc.text.startswith(FENCE, pos):
        pos += len(FENCE)
        if (blank := _LEADING_BLANK.match(doc.text, pos)) is not None:
            pos = blank.end()
    return pos


def summary_for_file(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """A short mrkdwn lead for an answer sent as a file: its first paragraphs, cut with "…"."""
    if limit < MIN_LIMIT:
        raise SplitError(f"a summary limit of {limit} is too small; use at least {MIN_LIMIT}")
    text = neutralize(text)
    prose = re.sub(r"```.*?(?:```|\Z)", "\n\n", text, flags=re.S)
    kept: list[str] = []
    for paragraph in re.split(r"\n[ \t]*\n", prose):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        if len("\n\n".join([*kept, paragraph])) <= limit:
            kept.append(paragraph)
            continue
        if not kept:
            kept.append(_cut(paragraph, limit))
        break
    if len(kept) > 1 and _HEADING_LINE.fullmatch(kept[-1]):
        kept.pop()  # a heading whose section did not fit says nothing on its own
    lead = "\n\n".join(kept)
    if not lead and text.strip():
        code = re.sub(r"```", "", text).strip()
        lead = _OPEN + _cut(code, limit - 8) + _CLOSE
    return lead


def _cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a sentence end or a word, with "…" added."""
    if len(text) <= limit:
        return text
    window = text[: limit - 2]
    doc = _Text(window, fences=False)
    sentences = [m.end() for m in _SENTENCE_END.finditer(window)
                 if m.end() >= limit // 2 and doc.inside(m.end()) is None]
    if sentences:
        return window[: sentences[-1]] + " …"
    at = window.rfind(" ", limit // 3)
    while at > 0 and doc.inside(at) is not None:
        at = window.rfind(" ", limit // 3, at)
    if at <= 0:
        at = len(window)
        span = doc.inside(at)
        if span is not None and span[0] > 0:
            at = span[0]
    return window[:at].rstrip() + "…"
