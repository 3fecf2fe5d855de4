"""Find a table pasted into a message: CSV, TSV, semicolon-separated, Markdown or aligned columns.

`find_table(text) -> Pasted | None`: the one table of the message (header row + at least two data
rows, at least two columns) and the words around it (the question). None when there is no table,
or more than one, or the header is not a header (numbers, blanks, repeated names).
"""

from __future__ import annotations

import csv
from rlm_bot.pipeline import lazy_re as re
from dataclasses import dataclass

from rlm_bot.pipeline.compute.table_runtime import number

MIN_DATA_ROWS = 2
MAX_ROWS = 500
MAX_COLUMNS = 20
MAX_CELL_CHARS = 200
FENCE = re.compile(r"^\s*```(?:[\w+-]*\s*$)?|\s*```\s*$")  # '```csv' alone is a language tag; '```order_id,...' is a row
BULLET = re.compile(r"^\s*(?:[-*•◦▪‣]|\d{1,3}[.)])\s+")
TOTAL_ROW = re.compile(r"(?i)(?:grand |sub)?totals?:?|sum|overall|all")
MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$|"
                          r"^\s*\+?-{2,}(?:\+-{2,})+\+?\s*$")  # Markdown '|---|---|', psql/MySQL '----+----'
ROW_COUNT = re.compile(r"^\s*\(\d+ rows?\)\s*$")  # psql's footer under a result


@dataclass(frozen=True)
class Table:
    """A parsed table: column names and rows of cell text (every row as long as the header)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    layout: str  # "markdown" | "tsv" | "csv" | "semicolon" | "aligned" | "spaces"


@dataclass(frozen=True)
class Pasted:
    """A table found in a message and the message's other words (the question about it)."""

    table: Table
    question: str
    before: str = ""  # the words above the table
    after: str = ""  # the words below it


def find_table(text: str) -> Pasted | None:
    """The single table pasted in `text` and the text around it, or None.

    Slack's escapes (&amp; &lt; &gt;) are read as the characters they stand for; a closing row
    labelled Total / Sum / Grand total (a spreadsheet's footer) is not a data row."""
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    lines = _unglue(["" if ROW_COUNT.match(line) else FENCE.sub("", line) for line in text.splitlines()])
    found: list[tuple[int, int, Table]] = []
    for tier in TIERS:  # a weaker layout is tried only when no stronger one reads a table anywhere
        start = 0
        while start < len(lines):
            hit = next((h for splitter in tier if (h := _rows_from(lines, start, splitter))), None)
            if tier is TIERS[1]:  # `df -h`: single spaces inside the header, a value and a path in one gap
                gapped = _by_gaps(lines, start)
                if gapped is not None and (hit is None or gapped[1] > hit[1] or gapped[1] == hit[1] and len(
                        gapped[2].columns) > len(hit[2].columns)):
                    hit = gapped
            if hit is None:
                start += 1
                continue
            found.append(hit)
            start = hit[1]
        if found:
            break
    if len(found) != 1:
        return None
    first, end, table = found[0]
    before = " ".join(line.strip() for line in lines[:first] if line.strip() and not MD_SEPARATOR.match(line))
    after = " ".join(line.strip() for line in lines[end:] if line.strip() and not MD_SEPARATOR.match(line))
    # (a psql result's '+----+' borders above and below it are the table's, not words of the question)
    return Pasted(table, " ".join(x for x in (before, after) if x), before, after)


EMPHASIS = re.compile(r"^(\*\*|__|\*|_|`)(.+)\1$")  # '**Name**', '`api`': Markdown marks around a cell


def _cells_markdown(line: str) -> list[str] | None:
    if "|" not in line or MD_SEPARATOR.match(line):
        return None
    inner = line.strip()
    if inner.startswith("|"):  # '| a | b |': outer pipes; 'a | b |' keeps its empty last cell
        inner = inner[1:-1] if inner.endswith("|") and len(inner) > 1 else inner[1:]
    return [EMPHASIS.sub(r"\2", c.strip()).strip() for c in inner.split("|")]


def _cells_delimited(delimiter: str):
    def split(line: str) -> list[str] | None:
        if delimiter not in line:
            return None
        try:
            cells = next(csv.reader([line], delimiter=delimiter, skipinitialspace=True))
        except (csv.Error, StopIteration):
            return None
        return [c.strip() for c in cells]
    return split


def _cells_aligned(line: str) -> list[str] | None:
    cells = re.split(r"\s{2,}|\t", line.strip())
    return cells if len(cells) >= 2 else None


def _cells_spaces(line: str) -> list[str] | None:
    cells = line.split()
    return cells if len(cells) >= 2 else None


TIERS = (
    (("markdown", _cells_markdown), ("tsv", _cells_delimited("\t")), ("csv", _cells_delimited(",")),
     ("semicolon", _cells_delimited(";"))),
    (("aligned", _cells_aligned),),
    (("spaces", _cells_spaces),),
)


def _rows_from(lines: list[str], start: int, splitter) -> tuple[int, int, Table] | None:
    """The table whose header is at `start` in `splitter`'s layout (rows up to the first misfit), or None.

    Layouts are tried tier by tier (TIERS): aligned columns only when no delimiter reads a table, single
    spaces last, so a question line above a TSV paste or under `kubectl get pods` output is not a row."""
    layout, split = splitter
    if layout != "markdown" and any(BULLET.match(line) for line in lines[start:start + 2]):
        return None  # '- ann, team=red' lines are a bulleted list, not CSV
    header = split(lines[start]) if lines[start].strip() else None
    headless = header is not None and _headless(lines, start, split, layout)
    if headless:  # 'Carter,2840.50' lines with no header: a name and an amount in each row
        header = list(HEADLESS_COLUMNS)
    elif not header or not 2 <= len(header) <= MAX_COLUMNS or not _is_header(header, layout):
        return None
    rows = []
    end = start if headless else start + 1
    while end < len(lines) and len(rows) < MAX_ROWS:
        line = lines[end]
        if (layout == "markdown" and MD_SEPARATOR.match(line) or RULE.match(line)) and end == start + 1:
            end += 1
            continue
        cells = split(line) if line.strip() else None
        if cells is not None and layout == "csv" and len(cells) > len(header):
            cells = _rejoin_thousands(cells, len(header))
        if layout == "aligned" and rows and line.strip() and (cells is None or len(cells) != len(header)):
            cells = _by_position(lines[start], line, len(header)) or (  # 'umbrella US' where a long name eats the gap
                line.split() if len(line.split()) == len(header) else None)
            if cells is not None and (line.rstrip().endswith("?") or [number(c) is None for c in cells] !=
                                      [number(c) is None for c in rows[-1]]):
                cells = None  # a question under the table, or a line not shaped like the rows above it
        if cells is None or len(cells) != len(header) or any(len(c) > MAX_CELL_CHARS for c in cells):
            break
        rows.append(tuple(cells))
        end += 1
    if layout in ("csv", "tsv", "semicolon") and rows and _question_row(rows[-1], rows[:-1]):
        rows.pop()
        end -= 1
    while rows and TOTAL_ROW.fullmatch(rows[-1][0].strip().strip("*_").strip()):
        rows.pop()
    if len(rows) < MIN_DATA_ROWS or all(all(not c for c in r[1:]) for r in rows):
        return None
    if any(_dated(h) and all(_dated(r[i]) for r in rows) for i, h in enumerate(header)):
        return None  # 'Audit  2027-03-31' above more dates in its column: a row of data, no header
    if layout != "markdown" and _header_below(rows):
        return None  # 'sort by revenue desc, just the names' above 'customer,revenue': a question, the header under it
    if layout == "spaces" and not any(any(number(c) is not None for c in r) for r in rows):
        return None  # words separated by single spaces are prose unless the rows carry numbers
    return start, end, Table(tuple(header), tuple(rows), layout)


def _by_gaps(lines: list[str], start: int) -> tuple[int, int, Table] | None:
    """An aligned table cut at the character positions blank in every one of its lines (`df -h`, `docker ps`):
    a header of single-spaced names ('Used Avail Use%') and cells such as '82% /' are read by where they stand.

    Lines are taken while they keep the columns found so far (a question under the table would run across the
    gaps); a header word standing over no cells ('on' of 'Mounted on') joins the name before it."""
    header = lines[start].rstrip()
    if not header.strip() or header.lstrip().startswith(("|", "-", "#")) or "\t" in header or "  " not in header.strip():
        return None  # a header of aligned columns has wide gaps somewhere (a sentence has none)
    block = [header]
    columns: list[tuple[int, int]] = []
    end = start + 1
    while end < len(lines) and lines[end].strip() and not lines[end].rstrip().endswith("?") and len(block) <= MAX_ROWS:
        grown = block + [lines[end].rstrip()]
        spans = _spans(grown)
        if len(spans) < 2 or columns and _filled(spans, grown) < _filled(columns, block):
            break  # columns with cells run together (a header word over no cells, 'on' of 'Mounted on', may go)
        block.append(lines[end].rstrip())
        columns = spans
        end += 1
    if len(block) < MIN_DATA_ROWS + 1 or not 2 <= len(columns) <= MAX_COLUMNS:
        return None
    names = [header[a:b].strip() for a, b in columns]
    cells = [[line[a:b].strip() for a, b in columns] for line in block[1:]]
    padded = header.ljust(columns[-1][1])
    if any(name and padded[a] == " " and padded[b - 1] == " " for name, (a, b) in zip(names, columns)):
        return None  # a name standing inside its column, flush with neither edge: not a header over these cells
    merged_names: list[str] = []
    keep: list[int] = []
    for i, name in enumerate(names):
        if merged_names and name and all(not row[i] for row in cells):
            merged_names[-1] += " " + name  # 'Mounted on'
            continue
        if not name:
            return None  # cells under no header: not a table read this way
        merged_names.append(name)
        keep.append(i)
    rows = [tuple(row[i] for i in keep) for row in cells]
    if len(merged_names) < 2 or not _is_header(merged_names, "aligned") or any(not r[0] for r in rows):
        return None
    if not any(number(c) is not None for r in rows for c in r):
        return None  # prose lines that happen to share their blanks
    return start, end, Table(tuple(merged_names), tuple(rows), "aligned")


def _filled(spans: list[tuple[int, int]], block: list[str]) -> int:
    """How many of the columns hold a cell in some line under the header."""
    return sum(any(line[a:b].strip() for line in block[1:]) for a, b in spans)


def _spans(block: list[str]) -> list[tuple[int, int]]:
    """The runs of character positions where some line of `block` is not blank: its columns."""
    width = max(len(line) for line in block)
    used = [any(i < len(line) and line[i] != " " for line in block) for i in range(width)]
    spans: list[tuple[int, int]] = []
    for i, filled in enumerate(used):
        if filled and (i == 0 or not used[i - 1]):
            spans.append((i, i + 1))
        elif filled:
            spans[-1] = (spans[-1][0], i + 1)
    return spans


def _header_below(rows: list[tuple[str, ...]]) -> bool:
    """Whether the first row read is the real header: no number in it, a header's shape, and a column of numbers
    under it (its line above, split on the same commas, is the question)."""
    first, rest = rows[0], rows[1:]
    if len(rest) < MIN_DATA_ROWS or any(number(c) is not None for c in first) or not _is_header(list(first), "csv"):
        return False
    return any(all(number(r[i]) is not None or _dated(r[i]) for r in rest) for i in range(len(first)))


def _dated(cell: str) -> bool:
    """Whether a cell is a date ('2021-03-15', '05/01/2027')."""
    return bool(re.fullmatch(r"\s*(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{2,4})\s*", cell))


def _question_row(row: tuple[str, ...], above: list[tuple[str, ...]]) -> bool:
    """Whether the last row read is a question under the table split on its commas ('show the team by hire date,
    oldest first'): a cell of several words where the rows above hold numbers or dates in that column."""
    return len(above) >= MIN_DATA_ROWS and any(
        len(c.split()) >= 2 and all(number(r[i]) is not None or _dated(r[i]) for r in above)
        for i, c in enumerate(row))


def _by_position(header: str, line: str, width: int) -> list[str] | None:
    """A row of an aligned table cut where the header's columns start (each cut at a space), or None."""
    starts = [m.start() for m in re.finditer(r"\S+(?: \S+)*", header)]
    if len(starts) != width or len(line) <= starts[-1] or any(line[s - 1] != " " for s in starts[1:]):
        return None
    cells = [line[a:b].strip() for a, b in zip(starts, starts[1:] + [len(line)])]
    return cells if all(cells) else None


def _rejoin_thousands(cells: list[str], width: int) -> list[str] | None:
    """'acme,$1,200.50' pasted unquoted: amounts' thousands groups put back together when that, and only that,
    gives the row the header's width; otherwise the row is not the table's (None)."""
    head = re.compile(r"\(?[-+]?[$€£]?\d{1,3}")
    group = re.compile(r"\d{3}(?:\.\d+)?\)?")
    out: list[str] = []
    joins = 0
    for cell in cells:
        if out and group.fullmatch(cell) and (head.fullmatch(out[-1]) or joins and re.fullmatch(
                r"\(?[-+]?[$€£]?\d{1,3}(?:,\d{3})+", out[-1])):
            out[-1] += "," + cell
            joins += 1
            continue
        out.append(cell)
    return out if len(out) == width else None


REQUEST = re.compile(r"(?:group|sort|order|list|show|which|what|how|count|sum|total|give|find|can|could|please|pls|"
                     r"put|rank|split|bucket|organi[sz]e|arrange|tell|calculate|work out)\b")
# A question that ends where the header starts on the same line ('which accounts does each owner have? account,owner').
GLUED_HEADER = re.compile(r"^(.*\S\s*[?:])\s+(\S[^?:]*)$")
RULE = re.compile(r"^\s*[-=]{3,}(?:\s+[-=]{2,})+\s*$")  # '-------  ----  ---' under an aligned header


def _unglue(lines: list[str]) -> list[str]:
    """A header written after the question on its line is put on a line of its own, when the line below has
    as many delimited cells as that tail."""
    out = []
    for i, line in enumerate(lines):
        m = GLUED_HEADER.match(line)
        below = lines[i + 1] if i + 1 < len(lines) else ""
        if m and len(m.group(1).split()) >= 3:
            tail = m.group(2)
            delimiter = next((d for d in ("\t", ",", ";") if d in tail), None)
            if delimiter and tail.count(delimiter) == below.count(delimiter) >= 1:
                out += [m.group(1), tail]
                continue
        out.append(line)
    return out


# The columns of a pasted two-column CSV without a header ('Carter,2840.50'): what its cells are.
HEADLESS_COLUMNS = ("name", "amount")
MIN_HEADLESS_ROWS = 3


def _headless(lines: list[str], start: int, split, layout: str) -> bool:
    """Whether a run of at least MIN_HEADLESS_ROWS delimited lines starts at `start`, each a name then a number
    ('Gdansk,1840.50'), the line above not one of them (a header would be): a table without its header."""
    if layout not in ("csv", "semicolon"):
        return False  # (tab-separated name/value lines are the list reader's: 'Pens<TAB>12')
    if start > 0 and lines[start - 1].strip() and split(lines[start - 1]) is not None and \
            len(split(lines[start - 1])) == 2:
        return False  # a header (or a row) above: the table starts there
    run = 0
    for line in lines[start:]:
        cells = split(line) if line.strip() else None
        if not cells or len(cells) != 2 or number(cells[0]) is not None or number(cells[1]) is None or \
                not re.search(r"[A-Za-z]", cells[0]) or re.search(r"\d$|\s{2,}|\t", cells[0].strip()):
            break  # ('acme     EU      12,400': an aligned row whose thousands comma is no delimiter)
        run += 1
    return run >= MIN_HEADLESS_ROWS


def _is_header(cells: list[str], layout: str) -> bool:
    names = [c.strip().lower() for c in cells]
    if any(not n or len(n) > 40 or number(n) is not None for n in names) or len(set(names)) != len(names):
        return False
    if layout not in ("markdown",) and len(names[0].split()) >= 3 and REQUEST.match(names[0]):
        return False  # 'group the returns by reason, thanks' above 'RMA,reason': the question split on its comma
    if any(re.search(r":\s|[:?!.]$", n) for n in names) or any(len(n.split()) > 5 for n in names):
        return False  # 'sort these: apple, pear' / 'sort the table below by population, largest first.': a sentence
    if layout in ("aligned", "spaces"):
        return all(re.fullmatch(r"[\w#%()./$€£-]+(?: [\w#%()./$€£-]+)*", n) for n in names)
    return all(re.search(r"[a-z]", n) for n in names)
