"""Read Markdown into fenced code, pipe tables and plain lines; render a table as aligned text.

The two renderers (`mrkdwn.to_mrkdwn` for message text, `mrkdwn.to_block_markdown` for Slack's
`markdown` block) walk the same pieces, so code and tables are found once, the same way.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_CELL_LINK = re.compile(r"!?\[([^\]\n]*)\]\(\s*<?([^\s)>]*)>?[^)]*\)")
_CELL_MARKS = re.compile(r"\*\*|__|~~|`")


@dataclass(frozen=True)
class Piece:
    """One piece of a Markdown text: `code` (body), `table` (rows of cells) or `line` (text)."""

    kind: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    aligns: tuple[str, ...] = ()


def pieces(markdown: str) -> Iterator[Piece]:
    """Split Markdown into fenced code blocks, pipe tables and single lines, in order."""
    lines = markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        fence = _FENCE_OPEN.match(line)
        if fence and not (fence["fence"][0] == "`" and "`" in fence["info"]):
            i, body = _read_fence(lines, i + 1, fence["fence"], len(fence["indent"]))
            yield Piece("code", text="\n".join(body))
            continue
        if "|" in line and i + 1 < n and _is_rule_of(lines[i + 1], header := _cells(line)):
            aligns = tuple(_align(cell) for cell in _cells(lines[i + 1]))
            rows = [header]
            i += 2
            while i < n and "|" in lines[i] and lines[i].strip():
                rows.append(_cells(lines[i]))
                i += 1
            yield Piece("table", rows=tuple(rows), aligns=aligns)
            continue
        yield Piece("line", text=line)
        i += 1


def _is_rule_of(line: str, header: tuple[str, ...]) -> bool:
    return bool(_TABLE_RULE.match(line)) and len(_cells(line)) == len(header)


def _read_fence(lines: list[str], i: int, fence: str, indent: int) -> tuple[int, list[str]]:
    closing = re.compile(r"^[ \t]*" + re.escape(fence[0]) + "{" + str(len(fence)) + r",}\s*$")
    body: list[str] = []
    while i < len(lines):
        if closing.match(lines[i]):
            return i + 1, body
        line = lines[i]
        strip = min(indent, len(line) - len(line.lstrip(" \t")))
        body.append(line[strip:])
        i += 1
    return i, body


def _cells(line: str) -> tuple[str, ...]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        text = text[:-1]
    return tuple(cell.strip().replace("\\|", "|") for cell in _CELL_SPLIT.split(text))


def _align(rule: str) -> str:
    rule = rule.strip()
    if rule.startswith(":") and rule.endswith(":"):
        return "center"
    return "right" if rule.endswith(":") else "left"


def plain_cell(cell: str) -> str:
    """A table cell as plain text: links as `label (url)`, emphasis and code marks dropped."""
    cell = _CELL_LINK.sub(lambda m: f"{m[1]} ({m[2]})" if m[1] and m[1] != m[2] else m[2], cell)
    return _CELL_MARKS.sub("", cell)


def width(text: str) -> int:
    """Columns a string takes in a monospace font (wide East Asian characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch)
               else 1 for ch in text)


def table_text(rows: tuple[tuple[str, ...], ...], aligns: tuple[str, ...]) -> str:
    """Rows of plain cells as aligned columns, the header underlined: for a code block."""
    cols = max(len(row) for row in rows)
    grid = [[plain_cell(row[c]) if c < len(row) else "" for c in range(cols)] for row in rows]
    widths = [max(1, *(width(row[c]) for row in grid)) for c in range(cols)]
    lines = []
    for r, row in enumerate(grid):
        cells = [_pad(cell, widths[c], aligns[c] if c < len(aligns) else "left")
                 for c, cell in enumerate(row)]
        lines.append(" | ".join(cells).rstrip())
        if r == 0:
            lines.append("-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def _pad(cell: str, size: int, align: str) -> str:
    gap = size - width(cell)
    if align == "right":
        return " " * gap + cell
    if align == "center":
        return " " * (gap // 2) + cell + " " * (gap - gap // 2)
    return cell + " " * gap
