"""Operands a query carries beyond plain numbers: a pasted table, a pasted list of lines, and things
people ask to have pulled out of pasted text that are not numbers (e-mail addresses, URLs, IPs, versions).

Each recogniser is general (any headers, any delimiter, any values) and bounded (it reads at most
`MAX_LINES` lines), so the analysis stage stays fast on long pastes.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import dataclass

# A table or a list needs at least this many lines (a header and two rows, or three items).
MIN_ROWS = 3
# Lines read when looking for a table or a list.
MAX_LINES = 200
# A table's cells are values: at most this long, and this many words; its rows at most this long.
MAX_CELL_CHARS = 40
MAX_CELL_WORDS = 4
MAX_ROW_CHARS = 200
# A line of a pasted list is short (an item, not a paragraph).
MAX_ITEM_CHARS = 80

_DELIMITERS = (",", "\t", "|", ";")
_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$")  # a Markdown |---|---| line
_ALIGNED_GAP = re.compile(r"\S(?: {2,}|\t)(?=\S)")
_BULLET = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s+\S")
_PAIR = re.compile(r"^\s*[\w@.#'+-]+(?:\s[\w@.#'+-]+)?\s*(?:[-–—:=]|\s)\s*[\w@.#'%$£€+-]+(?:\s[\w@.%$£€-]+)?\s*$")

EMAIL_RE = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
URL_RE = re.compile(r"\bhttps?://[^\s<>()\"']+|\bwww\.[\w-]+\.[\w.-]+", re.I)
MENTION_RE = re.compile(r"(?<![\w.@])@[A-Za-z][\w-]*\b(?!\.\w)")  # '@sara', '@ops-team' (not e-mail domains)
IP_RE = re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b")
VERSION_RE = re.compile(r"\bv?\d+\.\d+\.\d+(?:[-+.][\w.]+)?\b")


@dataclass(frozen=True)
class Operands:
    """What structured data a query holds (counts are capped; see `read_operands`)."""

    table_rows: int      # rows of the first pasted table (0 = none)
    list_items: int      # items of a pasted one-per-line list (0 = none)
    entities: int        # e-mails, URLs, IPs and versions found (amounts and dates count as numbers)


def read_operands(text: str) -> Operands:
    """The pasted table, pasted list and extractable entities of `text`."""
    lines = [ln for ln in text.replace("```", "\n").splitlines()[:MAX_LINES]]
    entities = 0
    if "@" in text:
        entities += len(EMAIL_RE.findall(text)) + len(MENTION_RE.findall(text))
    if "http" in text or "www." in text:
        entities += len(URL_RE.findall(text))
    if re.search(r"\d\.\d+\.\d", text):  # versions and IPs both have two dots between digits
        entities += len(VERSION_RE.findall(text)) + \
            len([ip for ip in IP_RE.findall(text) if not VERSION_RE.fullmatch(ip)])
    return Operands(table_rows=table_rows(lines), list_items=list_items(lines), entities=min(entities, 20))


def prose(text: str) -> str:
    """`text` without the rows of a pasted table: what the words of a request are counted on
    ('failed' in a status column is data, not a bug report)."""
    lines = text.splitlines()
    if len(lines) < MIN_ROWS or not table_rows(lines[:MAX_LINES]):
        return text
    return "\n".join(ln for ln in lines if not _row_like(ln))


def _row_like(line: str) -> bool:
    gaps = len(_ALIGNED_GAP.findall(line.strip()))
    return bool(_RULE.match(line)) or gaps >= 1 or any(line.count(d) and _cells_short(line, d) for d in _DELIMITERS)


def table_rows(lines: list[str]) -> int:
    """Rows of the longest run of lines sharing one delimiter count (CSV, TSV, Markdown, ';')
    or one count of aligned-column gaps (2+ spaces); 0 when there is no such run."""
    if len(lines) < MIN_ROWS:
        return 0
    rules = [bool(_RULE.match(ln)) if "--" in ln else False for ln in lines]
    best = 0
    for delim in _DELIMITERS:
        counts = [-1 if rule else (ln.count(delim) if delim in ln and _cells_short(ln, delim) else 0)
                  for ln, rule in zip(lines, rules)]
        if sum(c > 0 for c in counts) >= MIN_ROWS:
            best = max(best, _run(counts))
    gaps = [len(_ALIGNED_GAP.findall(ln.strip())) if ("  " in ln or "\t" in ln) and len(ln) <= MAX_ROW_CHARS else 0
            for ln in lines]
    if sum(g > 0 for g in gaps) >= MIN_ROWS:
        best = max(best, _run(gaps))
    return best


def _cells_short(line: str, delim: str) -> bool:
    """A table row holds short cells (values, not clauses of prose that happen to share a comma count)."""
    cells = [c.strip() for c in line.strip().strip("|").split(delim)]
    return len(line) <= MAX_ROW_CHARS and all(len(c) <= MAX_CELL_CHARS and len(c.split()) <= MAX_CELL_WORDS
                                              for c in cells)


def _run(cells: list[int]) -> int:
    """Longest run of consecutive lines with the same positive cell count (-1, a Markdown rule, is skipped)."""
    best = run = 0
    prev = None
    for n in cells:
        if n == -1:  # a Markdown header rule: part of the table, not a row
            continue
        if n > 0 and n == prev:
            run += 1
        else:
            run = 1 if n > 0 else 0
        prev = n if n > 0 else None
        best = max(best, run)
    return best if best >= MIN_ROWS else 0


def list_items(lines: list[str]) -> int:
    """Items of the longest run of short list lines (bullets, 'name - team', 'T-1 open')."""
    best = run = 0
    for ln in lines:
        stripped = ln.strip()
        item = bool(stripped) and len(stripped) <= MAX_ITEM_CHARS and (
            bool(_BULLET.match(ln)) or bool(_PAIR.match(stripped)) or len(stripped.split()) <= 3)
        run = run + 1 if item else 0
        best = max(best, run)
    return best if best >= MIN_ROWS else 0


def blank_data(text: str) -> str:
    """`text` with the lines of a pasted table or list blanked out (same length, so spans still point
    into `text`): what is left are the words of the request around the data."""
    lines = text.split("\n")
    if len(lines) < MIN_ROWS:
        return text
    data = [i for i, ln in enumerate(lines[:MAX_LINES])
            if ln.strip() and not ln.rstrip().endswith(("?", ":"))
            and (_BULLET.match(ln) or _PAIR.match(ln.strip()) or _row_like(ln))]
    if len(data) < MIN_ROWS:
        return text
    for i in data:
        lines[i] = " " * len(lines[i])
    return "\n".join(lines)
