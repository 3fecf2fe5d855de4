"""Reading a question about a pasted table: the columns it names, the cells it mentions, its comparisons.

`read_question(ql, columns, table, request) -> bool` fills a `Request` with every part of the question it
can place (column mentions, equality and number/date tests, blanks, top N) and says False when a
number, a comparison or a cell value is left unplaced or ambiguous: the table form then declines.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import dataclass, field

from rlm_bot.pipeline.compute.table_parse import Table
from rlm_bot.pipeline.compute.table_runtime import as_date, number

__all__ = ["ADJECTIVES", "COMPARISON_WORDS", "Column", "Condition", "MAX_WORDS", "MIN_WORDS", "QUESTION_WORDS", "Request",
           "STOP_VALUES", "add_short_names", "adjective_column", "describe", "free", "read_question", "tested"]

# A column is numeric when at least this share of its non-empty cells reads as a number.
NUMERIC_SHARE = 0.8
# Numeric columns whose numbers name rows rather than measure them ('order', 'ticket #'); a plural header
# counts things ('orders', 'tickets' per customer) and is a measure.
IDENTIFIER = re.compile(r"^(?:#|ids?|no|nr|num|number|order|ticket|invoice|row|index|key|code|zip|"
                        r"postcode|phone|year|sku|pr|issue|build|version|pid|port)(?: ?(?:id|#|no|number|nr))?$|"
                        r"(?:^| )(?:id|#|no|nr)$")
# Unit words a header may end with, and the words people write for abbreviated headers.
UNIT_WORDS = r"k|km2|m2|sqm|sqft|ft2|gb|mb|kb|tb|ms|s|sec|secs|min|mins|h|hrs|usd|eur|gbp|kg|g|cm|mm|m|km|pct|percent|count|num|nr"
ABBREVIATIONS = {"mem": "memory", "qty": "quantity", "amt": "amount", "dept": "department", "temp": "temperature",
                 "rev": "revenue", "env": "environment", "desc": "description", "cpu": "cpu usage", "pct": "percent",
                 "loc": "location", "addr": "address", "svc": "service", "msg": "message", "val": "value",
                 "conc": "concentration", "cat": "category", "pri": "priority", "avail": "available"}
# Spellings of the units a question may write after a number, by canonical name.
UNIT_SYNONYMS = {"ms": "ms", "msec": "ms", "millis": "ms", "s": "s", "sec": "s", "secs": "s", "seconds": "s",
                 "second": "s", "min": "min", "mins": "min", "minutes": "min", "minute": "min", "h": "h", "hr": "h",
                 "hrs": "h", "hours": "h", "hour": "h", "d": "d", "days": "d", "day": "d", "gb": "gb", "mb": "mb",
                 "kb": "kb", "tb": "tb", "kg": "kg", "g": "g", "cm": "cm", "mm": "mm", "km": "km", "km2": "km2",
                 "km²": "km2", "sqm": "m2", "m2": "m2", "m²": "m2", "sqft": "sqft", "ft2": "sqft"}
CURRENCY_HEADERS = frozenset({"$", "€", "£", "usd", "eur", "gbp", "usd $", "$ usd"})
QUESTION_UNIT = (r"(?:\s?(ms|msec|secs?|s|seconds?|mins?|minutes?|hrs?|h|hours?|days?|d|gb|mb|kb|tb|kg|g|cm|mm|km2|km²|km|"
                 r"m2|m²|sqm|sqft|ft2)(?![\w²]))?")
# Month columns ('mar', 'March') are also asked about by the other spelling.
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
OPS = (  # comparison words -> operator, most specific first
    (r"!=|≠|<>|not equal to|differs? from|(?:does not|doesn't|don't|do not) (?:match|equal)", "!="),
    (r">=|≥|at least|no less than|not less than|minimum of", ">="),
    (r"<=|≤|at most|no more than|not more than|maximum of|up to", "<="),
    (r"==|=|exactly|equal to|equals", "=="),
    (r">|more than|greater than|higher than|bigger than|larger than|over|above|exceeding|exceeds", ">"),
    (r"<|less than|fewer than|lower than|smaller than|under|below", "<"),
)
DATE_OPS = ((r"on or after|since", ">="), (r"on or before|until|through", "<="), (r"after|later than", ">"),
            (r"before|earlier than|prior to", "<"))
DATE_TOKEN = (r"\d{4}-\d{1,2}-\d{1,2}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]{3,9}\.?,?\s+\d{4}|"
              r"[a-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|(?:19|20)\d\d")
NUM = r"[-−]?[$€£¥₹]?\d[\d,]*(?:\.\d+)?(?:k|m|bn)?%?"
NUM_BEFORE_UNIT = NUM.replace("(?:k|m|bn)?", "(?:(?:k|m|bn)(?![a-z]))?")  # '300ms' is 300 in ms, not 300m + s
COMPARISON_WORDS = re.compile(r"!=|≠|\b(than|over|under|above|below|between|before|after|since|until|at least|at most|"
                              r"exceed\w*|within|equal\w*|exactly)\b|[<>=≤≥]")
# What a price adjective ('cheapest') and a speed adjective ('fastest': least time) are about.
PRICE = "price|cost|spend|spending|amount|fee|bill|charge"
FILL = "use|usage|utilization|utilisation|util|full|fill|occupancy|capacity used"  # how full (not 'used': an amount)
ELAPSED = "time|duration|latency|elapsed|ms|seconds|secs|minutes|mins|hours|hrs"
# adjective -> (column names it means, comparison it makes, the extreme it asks for)
ADJECTIVES = {
    "older": ("age", ">", None), "younger": ("age", "<", None), "oldest": ("age", None, "max"),
    "youngest": ("age", None, "min"),
    "taller": ("height", ">", None), "shorter": ("height|length|duration|" + ELAPSED, "<", None),
    "tallest": ("height", None, "max"),
    "shortest": ("height|length|duration", None, "min"), "longest": ("length|duration", None, "max"),
    "heavier": ("weight", ">", None), "lighter": ("weight", "<", None), "heaviest": ("weight", None, "max"),
    "lightest": ("weight", None, "min"),
    "more expensive": (PRICE, ">", None), "pricier": (PRICE, ">", None),
    "cheaper": (PRICE, "<", None), "most expensive": (PRICE, None, "max"),
    "cheapest": (PRICE, None, "min"), "least expensive": (PRICE, None, "min"),
    "fastest": (ELAPSED, None, "min"), "quickest": (ELAPSED, None, "min"), "slowest": (ELAPSED, None, "max"),
    "longer": ("length|duration|" + ELAPSED, ">", None),
    "faster": (ELAPSED, "<", None), "quicker": (ELAPSED, "<", None), "slower": (ELAPSED, ">", None),
    "highest paid": ("salary|pay|compensation|wage", None, "max"),
    "best paid": ("salary|pay|compensation|wage", None, "max"),
    "lowest paid": ("salary|pay|compensation|wage", None, "min"),
    "earns": ("salary|pay|compensation|wage|income|earnings", "", None),
    "earn": ("salary|pay|compensation|wage|income|earnings", "", None),
    "makes": ("salary|pay|compensation|wage|income|earnings", "", None),
    "costs": ("price|cost", "", None), "cost": ("price|cost", "", None),
    "spent": ("spend|spent|cost|amount", "", None),
    "fullest": (FILL, None, "max"), "most full": (FILL, None, "max"), "emptiest": (FILL, None, "min"),
}
MAX_WORDS = r"highest|largest|biggest|most|maximum|max|greatest|top|peak|busiest"
MIN_WORDS = r"lowest|smallest|least|minimum|min|fewest|bottom|quietest"
STOP_VALUES = frozenset({"a", "an", "the", "is", "of", "in", "on", "to", "and", "or", "-", "n/a", "na", "none", "",
                         "i", "it", "by", "for", "at", "me", "all", "any", "total", "yes", "no", "true", "false"})
# Headers that questions name by a verb.
VERB_NAMES = {"location": {"located"}, "loc": {"located"}, "end": {"finish", "finishes", "finished", "ends", "ended"},
              "end date": {"finish", "finishes", "ends"}, "start": {"begin", "begins"},
              "command": {"process", "processes", "program"}, "cmd": {"process", "processes", "program"},
              "mounted on": {"mount", "mounts", "mount point", "mountpoint"},
              "start date": {"begin", "begins"}}
# Answers a column of a form holds ('yes', 'no'): values only where the question names that column.
ANSWER_VALUES = frozenset({"yes", "no", "true", "false"})
# Cell values that are also words of an operation: a question naming one reads two ways.
OPERATION_WORDS = frozenset({"max", "min", "total", "sum", "average", "avg", "mean", "median", "top", "bottom",
                             "count", "first", "last", "most", "least", "highest", "lowest", "per", "each", "sort"})
# Words of questions that are not filters, even where a cell starts with them ('total' and 'Totals').
QUESTION_WORDS = frozenset("""what which whats many much have with from that this these those there their they
    total totals average mean median count highest lowest most least sum combined overall each every list show give
    does were when where than more less over under about rows entries records table column numbers please thanks
    into only also just like someone anyone tell know need want""".split())
NEGATION = re.compile(r"(?:\bnot|n't|\bexcept|\bexcluding|\bother than|\bbesides|\bbut not|\bwithout)\s+"
                      r"(?:(?:in|on|from|for|equal to|the|a|an|be|been|marked|set to|status|with)\s+){0,3}$")


@dataclass
class Column:
    """One column as the planner sees it: its index, name, the phrases that name it and its kind."""

    index: int
    name: str
    phrases: tuple[str, ...]
    numeric: bool
    dates: bool
    day_first: bool
    identifier: bool  # numbers that name rows (order 17, ticket #4, year): never summed or compared
    percent: bool  # cells written as percentages
    unique: bool
    values: frozenset[str]
    unit: str = ""  # the unit its header or cells name ('ms' for 'p95_ms' or '120 ms'), canonical spelling
    unit_only: bool = False  # the header is a unit and nothing else ('ms', 'USD', '$'): the question names it otherwise
    formula: tuple[int, str, int] | None = None  # a column the question derives: (left index, '*' or '/', right index)
    sign: str = ""  # the currency sign a derived column's cells carry


@dataclass
class Condition:
    """A test on a row: `column op value` (op: ==, !=, in, not in, >, <, >=, <=) and its wording."""

    column: Column
    op: str
    value: object
    text: str
    ref_row: int | None = None  # value names a row by this column: compare with its cell ("older than Bob")
    other: bool = False  # value is the index of another column of the same row ("spent > budget")


@dataclass
class Request:
    """What the question asks of the table, every part of it placed."""

    columns: list[tuple[Column, int, int]] = field(default_factory=list)  # mentions with spans
    conditions: list[Condition] = field(default_factory=list)
    used: list[tuple[int, int]] = field(default_factory=list)  # spans of the question explained
    top: tuple[str, int] | None = None  # 'top 3', 'bottom 5'
    share: bool = False  # 'what percentage of the rows ...': the count as a share of all rows
    conversion: bool = False  # 'lead→MQL conversion': a share where more is better


def describe(table: Table, i: int) -> Column:
    """Column `i` of `table` as the planner sees it (kind, phrases that name it, values)."""
    name = table.columns[i]
    cells = [r[i] for r in table.rows if r[i].strip()]
    numeric = bool(cells) and sum(number(c) is not None for c in cells) >= NUMERIC_SHARE * len(cells)
    dates = bool(cells) and not numeric and all(as_date(c) is not None or as_date(c, True) is not None for c in cells)
    day_first = dates and any(as_date(c) is None for c in cells)
    base = re.sub(r"\s*[(\[].*?[)\]]\s*", " ", name.lower())
    base = " ".join(re.sub(r"[_\-./#%$€£]+", " ", base).split())
    bare = re.sub(r"(?: (?:" + UNIT_WORDS + r"))+$", "", base)  # 'mem gb' -> 'mem', 'latency ms' -> 'latency'
    done = re.sub(r" (?:[a-z]{2,}ed|taken|sold|given|spent|paid|won|lost|made|done|seen|written|built|sent)$", "",
                  bare) if len(bare.split()) >= 2 else bare  # 'Deals closed', 'Days off taken': asked as 'deals'
    phrases = {name.lower().strip(), base, bare, done}
    phrases |= {ABBREVIATIONS[w] for w in (base, bare) if w in ABBREVIATIONS}
    phrases |= {" ".join(reversed(p.split())) for p in (base, bare) if len(p.split()) == 2}  # 'PRs open'

    for p in list(phrases):
        phrases |= {p + "s"} if not p.endswith("s") else {p[:-1]}
        if re.search(r"[^aeiou]y$", p):  # 'latency' asked as 'latencies'
            phrases.add(p[:-1] + "ies")
    for p in list(phrases):  # 'joined' is asked as 'when did dee join', 'started' as 'start'
        if re.fullmatch(r"[a-z]{3,}[^e\W]ed|[a-z]{2,}[^\W]ed", p):
            phrases |= {p[:-2], p[:-1]} | ({p[:-3]} if p[-3] == p[-4] else set())
    if base == "age":
        phrases.add("how old")
    phrases |= VERB_NAMES.get(base, set())  # 'where is the film located' (Location), 'when does it finish' (end)
    if base in ("qty", "quantity", "pcs", "pieces"):  # 'how many units of nut' over a qty column
        phrases |= {"units", "unit count"}
    if base in ("headcount", "head count"):  # 'budget per head', 'teams with more than 10 people'
        phrases |= {"head", "heads", "people", "persons"}
    for p in list(phrases):  # 'paper1' is asked as 'paper 1'
        if re.fullmatch(r"[a-z]{3,}\d{1,2}", p):
            phrases.add(re.sub(r"(?<=[a-z])(?=\d)", " ", p))
    phrases = {p for p in phrases if len(p) >= 2}
    for month in MONTH_NAMES:
        if base in (month, month[:3], "sept" if month == "september" else month):
            phrases |= {month, month[:3]}
    for day in DAY_NAMES:  # 'Wed' is asked as 'Wednesday'
        if base in (day, day[:3], day[:2], day[:4]):
            phrases |= {day, day[:3], day + "s"}
    values = frozenset(c.strip().lower() for c in cells)
    identifier = numeric and bool(IDENTIFIER.search(base))
    percent = numeric and all(v.endswith("%") for v in values if number(v) is not None)
    return Column(i, name, tuple(sorted(phrases, key=len, reverse=True)), numeric, dates,
                  day_first, identifier, percent, len(values) == len(table.rows), values,
                  _column_unit(base, values) if numeric else "",
                  numeric and (base in UNIT_SYNONYMS or name.strip().lower() in CURRENCY_HEADERS))


# Words of a header that qualify its measure rather than name it ('unit_price' is no count of units).
QUALIFIERS = frozenset({"unit", "per", "avg", "average", "net", "gross", "max", "min", "last", "first"})


def add_short_names(cols: list[Column]) -> None:
    """'price' for 'unit_price', 'bank' for 'bank_amt': a word of a two- or three-word header that no other header
    has names its column too (not an operation word, not a unit)."""
    words = [set(re.sub(r"[_\-./#%$€£()]+", " ", c.name.lower()).split()) for c in cols]
    for col, own in zip(cols, words):
        if not 2 <= len(own) <= 3:
            continue
        extra = {w for w in own if len(w) >= 3 and w not in QUESTION_WORDS and w not in OPERATION_WORDS
                 and w not in QUALIFIERS
                 and w not in STOP_VALUES and not re.fullmatch(UNIT_WORDS, w) and not any(w in o for o in words if o is not own)
                 and not any(w in c.values for c in cols)}
        if extra:
            col.phrases = tuple(sorted(set(col.phrases) | extra | {w + "s" for w in extra if not w.endswith("s")},
                                       key=len, reverse=True))


def _column_unit(base: str, values: frozenset[str]) -> str:
    """The unit a numeric column is in: its header's last word ('latency ms'), a unit word it starts with ('days
    overdue', 'hours worked') or its cells' common suffix."""
    last = base.split()[-1] if base.split() else ""
    if last in UNIT_SYNONYMS:
        return UNIT_SYNONYMS[last]
    first = base.split()[0] if len(base.split()) == 2 else ""
    if len(first) >= 2 and first in UNIT_SYNONYMS:
        return UNIT_SYNONYMS[first]
    tails = {m.group(1) for v in values if (m := re.search(r"\d\s*([a-z]{1,4})$", v))}
    return UNIT_SYNONYMS.get(tails.pop(), "") if len(tails) == 1 else ""


def same_unit(written: str, col: Column) -> bool:
    """Whether a unit written in the question ('300ms') is the column's (a column of bare numbers has none)."""
    unit = UNIT_SYNONYMS.get(written.strip().lower(), written.strip().lower())
    return not unit or unit == col.unit


def tested(req: Request) -> set[int]:
    """The indexes of the columns the question's tests read (both sides of 'spent > budget')."""
    return {c.column.index for c in req.conditions} | {c.value for c in req.conditions if c.other}


def free(req: Request, start: int, end: int) -> bool:
    """True when question[start:end] is not yet explained by a placed part."""
    return all(end <= a or start >= b for a, b in req.used)


def _find_columns(ql: str, cols: list[Column], req: Request) -> None:
    hits = []
    for col in cols:
        for phrase in col.phrases:
            for m in re.finditer(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", ql):
                if any(len(v) > len(phrase) and re.match(re.escape(v) + r"(?![\w])", ql[m.start():])
                       for v in col.values if not col.numeric):
                    continue  # 'band 6' over a band column holding 'Band 6', 'ward 5' over 'Ward 5': the cell, named
                hits.append((m.end() - m.start(), m.start(), m.end(), col))
    for _, start, end, col in sorted(hits, key=lambda h: -h[0]):
        if free(req, start, end):
            req.columns.append((col, start, end))
            req.used.append((start, end))
    req.columns.sort(key=lambda c: c[1])


def _find_values(ql: str, cols: list[Column], table: Table, req: Request) -> bool:
    """Cell values the question names become equality tests; False when one is ambiguous."""
    hits = []
    for col in cols:
        if col.numeric or col.dates:
            continue
        named = any(c.index == col.index for c, _, _ in req.columns)
        for value in col.values:
            if len(value) < 2:  # 'in room B': a one-letter value only right after its column's name
                for phrase in col.phrases:
                    for m in re.finditer(r"(?<![\w])" + re.escape(phrase) + r"\s+(" + re.escape(value) + r")(?![\w'])", ql):
                        hits.append((len(value), m.start(1), m.end(1), col, value))
                continue
            if value in STOP_VALUES and not (named and value in ANSWER_VALUES):
                continue  # ('how many rsvps are a yes': a yes of the column named)
            plural = r"(?:s|es|ed|d|ful)?" if value[-1].isalpha() else \
                r"(?:'?s)?" if re.fullmatch(r"[a-z]+[\d.]*\d", value) else ""  # 'the engineers' ('Engineer'), 'failed'
            # ('fail'), 'how many P1s' ('P1')
            for m in re.finditer(r"(?<![\w])" + re.escape(value) + plural + r"(?![\w])", ql):
                if value in OPERATION_WORDS:
                    return False  # 'max salary' when Max is a name: a row or the maximum?
                hits.append((len(value), m.start(), m.end(), col, value))
    taken: dict[tuple[int, int], list] = {}
    for _, start, end, col, value in sorted(hits, key=lambda h: -h[0]):
        if (start, end) in taken:
            taken[(start, end)].append((col, value))
            continue
        if free(req, start, end):
            taken[(start, end)] = [(col, value)]
            equals = re.search(r"(?:==?|\bequals|\bequal to|\bis)\s*$", ql[:start])  # 'region = EU'
            req.used.append((equals.start() if equals else start, end))
    if not _find_words(ql, cols, req):
        return False
    if _near_value(ql, cols, req):
        return False
    by_column: dict[int, list[tuple[str, bool]]] = {}
    for (start, end), owners in taken.items():
        if len(owners) > 1:
            return False  # 'ops' is a team and a status: which one is meant?
        negated = NEGATION.search(ql[:start])
        if negated:
            req.used.append((negated.start(), negated.end()))
        by_column.setdefault(owners[0][0].index, []).append((owners[0][1], bool(negated)))
    spans = _value_spans(ql, cols, table, taken, req)
    for index, found in by_column.items():
        col = cols[index]
        if index in spans:  # 'Jul through Nov' over a month column: every row from the one to the other
            first, last = spans[index]
            req.conditions.append(Condition(col, "in", tuple(sorted(_rows_between(table, index, first, last))),
                                            f"{col.name} from {first} to {last}"))
            continue
        kept = sorted({v for v, n in found if not n})
        dropped = sorted({v for v, n in found if n})
        shown = {c.strip().lower(): c.strip() for c in reversed([r[index] for r in table.rows])}
        if kept:
            op = "==" if len(kept) == 1 else "in"
            req.conditions.append(Condition(col, op, kept[0] if op == "==" else tuple(kept),
                                            f"{col.name} is {' or '.join(shown[v] for v in kept)}"))
        if dropped:
            req.conditions.append(Condition(col, "not in", tuple(dropped),
                                            f"{col.name} is not {' or '.join(shown[v] for v in dropped)}"))
    return True


# Between the two ends of a range of rows: 'Jul through Nov', 'Mon-Wed', 'from wk2 to wk4', 'between Q1 and Q3'.
ROW_SPAN = re.compile(r"\s*(?:through|thru|to|until|till|up to|-|–|—|\.\.)\s*")


def _value_spans(ql: str, cols: list[Column], table: Table, taken: dict, req: Request) -> dict[int, tuple[str, str]]:
    """The columns whose two named values are the ends of a range of rows ({index: (first, last)}): a column
    naming each row once, the two values written with 'through', 'to', '-' or 'between … and' between them."""
    spans: dict[int, tuple[str, str]] = {}
    by_col: dict[int, list[tuple[int, int, str]]] = {}
    for (start, end), owners in taken.items():
        if len(owners) == 1:
            by_col.setdefault(owners[0][0].index, []).append((start, end, owners[0][1]))
    for index, found in by_col.items():
        if len(found) != 2 or not cols[index].unique:
            continue
        (s1, e1, first), (s2, e2, last) = sorted(found)
        gap = ql[e1:s2]
        between = re.search(r"\bbetween\s+(?:the\s+)?$", ql[:s1]) and re.fullmatch(r"\s*and\s*", gap)
        if not (ROW_SPAN.fullmatch(gap) or between):
            continue
        if NEGATION.search(ql[:s1]):
            continue
        spans[index] = (first, last)
        req.used.append((e1, s2))
        if between:
            req.used.append((between.start(), s1))
    return spans


def _rows_between(table: Table, index: int, first: str, last: str) -> set[str]:
    """The cell values of column `index` from the row holding `first` to the row holding `last`, both included."""
    cells = [r[index].strip().lower() for r in table.rows]
    a, b = cells.index(first), cells.index(last)
    return set(cells[min(a, b):max(a, b) + 1])


def _find_words(ql: str, cols: list[Column], req: Request) -> bool:
    """A question word that is one word of some cells of one text column ('running ubuntu' over 'Ubuntu 22',
    'Debian 12') becomes a test that the cell has that word; False when two columns have it."""
    for m in re.finditer(r"[a-z][\w-]{2,}", ql):
        word = m.group(0)
        if word in QUESTION_WORDS or word in STOP_VALUES or word in OPERATION_WORDS or not free(req, m.start(), m.end()):
            continue
        owners = [c for c in cols if not c.numeric and not c.dates and word not in c.values
                  and 0 < sum(word in v.split() for v in c.values) < len(c.values)]
        if len(owners) > 1:
            return False
        if owners:
            negated = NEGATION.search(ql[:m.start()])
            col = owners[0]
            req.conditions.append(Condition(col, "lacks" if negated else "has", word,
                                            f"{col.name} {'does not have' if negated else 'has'} the word {word!r}"))
            req.used.append((negated.start() if negated else m.start(), m.end()))
    return True


def _near_value(ql: str, cols: list[Column], req: Request) -> bool:
    """A word of the question that is almost a cell value ('engineering' for 'Eng', 'sale' for 'sales team')
    but not one: a filter meant and not read, so the answer over every row would be wrong."""
    for m in re.finditer(r"[a-z][\w-]{3,}", ql):
        word = m.group(0)
        if word in QUESTION_WORDS or not free(req, m.start(), m.end()):
            continue
        for col in cols:
            if col.numeric or col.dates:
                continue
            if any(len(v) >= 3 and v not in STOP_VALUES and v != word and (word.startswith(v) or v.startswith(word))
                   for v in col.values):
                return True
    return False


# Headers of columns that hold money.
MONEY_HEADER = (r"[$€£¥₹]|\b(?:usd|eur|gbp|cost|costs|amount|price|spend|spent|paid|revenue|salary|budget|fee|fees|"
                r"total|value|income|expenses?|balance|mrr|arr)\b")


def _numeric_column(ql: str, cols: list[Column], req: Request, op_start: int, num_end: int, token: str) -> Column | None:
    """The column a comparison at ql[op_start:] is about: named just before it or just after the number."""
    before = [(c, s, e) for c, s, e in req.columns if e <= op_start and c.numeric and not c.identifier]
    if before:
        col, s, e = before[-1]
        gap = ql[e:op_start]
        if re.fullmatch(r"\s*(?:(?:is|are|was|were|of|that|which|with|has|have|had|a|an|the|value|amount|total|"
                        r"score|count|greater|not|at|be|been|s|')\s*)*", gap) and (col.percent or "%" not in token):
            return col
    after = [(c, s, e) for c, s, e in req.columns if s >= num_end and c.numeric and not c.identifier]
    if after and re.fullmatch(r"\s*(?:in\s+)?", ql[num_end:after[0][1]]) and (
            after[0][0].percent or "%" not in token or _percent_header(after[0][0])):
        return after[0][0]  # ('over 50% used' over Used and Use%: the column of percents)
    numeric = [c for c in cols if c.numeric and not c.identifier]
    if "%" in token:  # the column writing % in its cells, else the one whose header says it holds percents
        numeric = [c for c in numeric if any(v.endswith("%") for v in c.values)] or \
            [c for c in numeric if re.search(r"%|\bpct\b|percent", c.name.lower().replace("_", " "))]
    elif re.search(r"[$€£¥₹]", token):  # the column writing money in its cells, else one named as money
        numeric = [c for c in numeric if any(re.search(r"[$€£¥₹]", v) for v in c.values)] or \
            [c for c in numeric if re.search(MONEY_HEADER, c.name.lower().replace("_", " "))]
    unit = re.search(r"\d\s?([a-z][a-z²\d]*|m²)\s*$", ql[op_start:num_end])  # the unit written after the number
    united = [c for c in numeric if c.unit and unit and UNIT_SYNONYMS.get(unit.group(1)) == c.unit]
    if len(numeric) != 1 and len(united) == 1:
        return united[0]  # 'smaller than 100 km2': the one column measured in km2
    return numeric[0] if len(numeric) == 1 else None


def _percent_header(col: Column) -> bool:
    """Whether a column's header says it holds percents ('cpu_pct', 'Use %', 'util percent')."""
    return bool(re.search(r"%|\bpct\b|percent", col.name.lower().replace("_", " ")))


def _unit_column(rest: str, cols: list[Column]) -> Column | None:
    """The one measure column in the unit written after a comparison's number ('longer than 200 km' over a Km
    column), or None."""
    m = re.match("(?:" + NUM_BEFORE_UNIT + ")" + QUESTION_UNIT + r"(?![\w.])", rest)
    unit = UNIT_SYNONYMS.get((m.group(1) or "").strip(), (m.group(1) or "").strip()) if m else ""
    found = [c for c in cols if c.numeric and not c.identifier and unit and c.unit == unit]
    return found[0] if len(found) == 1 else None


def adjective_column(words: str, cols: list[Column]) -> Column | None:
    """The one measure column an adjective ('oldest', 'cheaper', 'earns') is about, or None."""
    names = ADJECTIVES[words][0].split("|")
    found = [c for c in cols if c.numeric and not c.identifier
             and any(p in names or any(w in names for w in p.split()) for p in c.phrases)]
    return found[0] if len(found) == 1 else None


def _find_comparisons(ql: str, cols: list[Column], req: Request) -> bool:
    """'age over 30', 'older than 30', 'older than Bob', 'earns over 100k' become tests; False if one is unplaced."""
    ops = "|".join(p for p, _ in OPS)
    _find_column_comparisons(ql, req, cols)
    for words, (names, op, _) in ADJECTIVES.items():
        if op is None:
            continue
        shape = (r"\b" + words + r"\s+than\s+" if op else r"\b" + words + r"\s+(" + ops + r")\s*")
        for m in re.finditer(shape, ql):
            if not free(req, m.end() - 1, m.end()):
                continue
            col = adjective_column(words, cols) or _unit_column(ql[m.end():], cols)
            if col is None:
                return False
            op_here = op or next(o for p, o in OPS if re.fullmatch(p, m.group(1)))
            if not _compare_with(ql, m, col, op_here, cols, req):
                return False
    for m in re.finditer(r"\b(" + ops + r")\s*(\d+)\s+years?\s+old\b|\baged\s+(" + ops + r")\s*(\d+)", ql):
        col = adjective_column("older", cols)
        if col is None:
            return False
        op = next(o for p, o in OPS if re.fullmatch(p, m.group(1) or m.group(3)))
        req.conditions.append(Condition(col, op, float(m.group(2) or m.group(4)), f"{col.name} {op} {m.group(2) or m.group(4)}"))
        req.used.append((m.start(), m.end()))
    if not _find_date_comparisons(ql, cols, req):
        return False
    for pattern, op in OPS:
        for m in re.finditer(r"(?<![\w<>=])(?:" + pattern + r")(?![\w<>=])\s*(?:the\s+)?(" + NUM_BEFORE_UNIT + r")" + QUESTION_UNIT
                             + r"(?![\w.])", ql):
            end = m.end()
            if not free(req, m.start(), end) and m.group(2) and free(req, m.start(), m.end(1)):
                end = m.end(1)  # 'more than 60 days overdue': the unit is the first word of the column's name
            if not free(req, m.start(), end):
                continue
            col = _numeric_column(ql, cols, req, m.start(), end, m.group(1))
            value = _literal_number(m.group(1))
            if col is None or value is None or not same_unit(m.group(2) or "", col):
                return False  # '> 2s' on a column in ms: left to the model rather than compared wrongly
            req.conditions.append(Condition(col, op, value, f"{col.name} {op} {m.group(1)}"))
            req.used.append((m.start(), end))
    for m in re.finditer(r"(" + NUM + r")\s*(?:years?\s+old\s+)?(?:(\+|or (?:more|above|higher|greater|over|older|later|"
                         r"after))|or (?:less|fewer|below|lower|under|younger|earlier|before))(?![\w])", ql):
        if free(req, m.start(), m.end()):
            aged = re.search(r"old|young", m.group(0))
            col = adjective_column("older", cols) if aged else _numeric_column(ql, cols, req, m.start(), m.end(),
                                                                                m.group(1))
            value = _literal_number(m.group(1))
            if col is None or value is None:
                return False
            op = ">=" if m.group(2) else "<="
            req.conditions.append(Condition(col, op, value, f"{col.name} {op} {m.group(1)}"))
            req.used.append((m.start(), m.end()))
    for m in re.finditer(r"\bbetween\s+(" + NUM + r")\s+and\s+(" + NUM + r")(?![\w.])", ql):
        if free(req, m.start(), m.end()):  # 'priced between 5 and 10': both ends included
            col = _numeric_column(ql, cols, req, m.start(), m.end(), m.group(1))
            low, high = _literal_number(m.group(1)), _literal_number(m.group(2))
            if col is None or low is None or high is None or low > high:
                return False
            req.conditions.append(Condition(col, ">=", low, f"{col.name} >= {m.group(1)}"))
            req.conditions.append(Condition(col, "<=", high, f"{col.name} <= {m.group(2)}"))
            req.used.append((m.start(), m.end()))
    return True


def _find_column_comparisons(ql: str, req: Request, cols: list[Column] | None = None) -> None:
    """'spent > budget', 'where actual is above target': one numeric column against another in the same row;
    'over their error budget' (errors > budget), 'over budget' (the one other measure > budget)."""
    ops = "|".join(p for p, _ in OPS)
    measures = [c for c in cols or [] if c.numeric and not c.identifier]
    for n, (col, start, end) in enumerate(req.columns):
        m = re.search(r"\b(" + ops + r")\s+(?:their|its|the|our)\s+(?:[\w-]+\s+)?$|\b(over|under|within)\s+$", ql[:start])
        if m is None or not col.numeric or col.identifier or not free(req, m.start(), m.start() + len(m.group(1) or m.group(2))):
            continue
        prev = req.columns[n - 1] if n else None
        if prev and prev[2] == start - 1 and prev[0].numeric and not prev[0].identifier and prev[1] > m.start():
            left, span = prev[0], (m.start(), end)  # 'over their error budget': errors against budget
        else:
            others = [c for c in measures if c.index != col.index]
            if len(others) != 1 or any(c is others[0] for c, _, _ in req.columns):
                continue
            left, span = others[0], (m.start(), end)
        word = m.group(1) or m.group(2)
        op = {"over": ">", "under": "<", "within": "<="}.get(word) or next(o for p, o in OPS if re.fullmatch(p, word))
        req.conditions.append(Condition(left, op, col.index, f"{left.name} {op} {col.name}", other=True))
        req.used.append(span)
    for (left, ls, le), (right, rs, re_) in zip(req.columns, req.columns[1:]):
        m = re.fullmatch(r"\s*(?:(?:is|are|was|were)\s+)?(" + ops + r")\s*(?:the\s+|its\s+|their\s+)?", ql[le:rs])
        if m is None or not (left.numeric and right.numeric) or left.identifier or right.identifier:
            continue
        op = next(o for p, o in OPS if re.fullmatch(p, m.group(1)))
        req.conditions.append(Condition(left, op, right.index, f"{left.name} {op} {right.name}", other=True))
        req.used.append((le, rs))


def _find_date_comparisons(ql: str, cols: list[Column], req: Request) -> bool:
    """'joined before 2022', 'since 2026-03-01', 'after 21 Nov 2026' on a date column; False if unplaced."""
    dated = [c for c in cols if c.dates]
    for pattern, op in DATE_OPS:
        for m in re.finditer(r"\b(?:" + pattern + r")\s+(" + DATE_TOKEN + r")(?![\w-])", ql):
            if not free(req, m.start(), m.end()):
                continue
            token = m.group(1)
            stamp = token if re.fullmatch(r"\d{4}", token) else as_date(token)
            named = [c for c, s, e in req.columns if c.dates and e <= m.start()]
            col = named[-1] if named else (dated[0] if len(dated) == 1 else None)
            if col is None or stamp is None:
                return False
            req.conditions.append(Condition(col, op, stamp, f"{col.name} {m.group(0)[:-len(token)].strip()} {token}"))
            req.used.append((m.start(), m.end()))
    return True


MONTH_WORD = (r"(january|february|march|april|may|june|july|august|september|october|november|december|"
              r"jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?")
PERIOD = re.compile(r"\b(?:(?:in|for|during|from|of|over)\s+)?(?:the\s+(?:month\s+of\s+)?)?(?:" + MONTH_WORD
                    + r"(?:\s+((?:19|20)\d\d))?|((?:19|20)\d\d))\b")


WHOLE_PERIOD = re.compile(r"\b(?:for|in|during|of|over)\s+(?:the\s+)?(?:q[1-4]|h[12]|fy\s?\d{2,4})(?:\s+(?:19|20)?\d\d)?\b")


def _find_periods(ql: str, cols: list[Column], req: Request) -> bool:
    """'total for november', 'in march 2026', 'during 2025' on the date column; False when one has no date column.

    A month or year the question names and the planner cannot place would be ignored, and the answer taken
    over every row: wrong, so it declines instead."""
    dated = [c for c in cols if c.dates]
    undated = not dated and not any(re.search(r"\b(?:q[1-4]|h[12]|fy\s?\d{2,4}|(?:19|20)\d\d|" + "|".join(
        n[:3] for n in MONTH_NAMES) + r")", v) for c in cols for v in list(c.values) + [c.name.lower()])
    # a table with no date, month, quarter or year anywhere: a period the question names is the whole paste's
    # ('total freight cost for november', 'variance for Q3')
    for m in WHOLE_PERIOD.finditer(ql):
        if undated and free(req, m.start(), m.end()):
            req.used.append((m.start(), m.end()))
    for m in PERIOD.finditer(ql):
        if not free(req, m.start(), m.end()):
            continue
        if undated and m.group(0).startswith(("in", "for", "during", "of", "over", "the")):
            req.used.append((m.start(), m.end()))
            continue
        month, year = m.group(1), m.group(2) or m.group(3)
        bare = not m.group(0).startswith(("in", "for", "during", "from", "of", "over", "the"))
        if month == "may" and bare or month in ("mar", "jan", "sep", "dec") and bare and not year:
            continue  # 'may', 'mar' and friends are words too; a date only after 'in'/'for'
        if month is None and bare:
            continue  # a bare year is a number: placed (or refused) with the other numbers
        named = [c for c, s, e in req.columns if c.dates]
        col = named[-1] if named else (dated[0] if len(dated) == 1 else None)
        if col is None:
            return False
        if month is not None:
            number_ = MONTH_NAMES.index(next(n for n in MONTH_NAMES if n.startswith(month[:3]))) + 1
            value = (year + "-" if year else "") + str(number_).zfill(2)
        else:
            value = year
        req.conditions.append(Condition(col, "period", value, f"{col.name} in {m.group(0).split(None, 1)[-1]}"
                                        if not bare else f"{col.name} in {m.group(0)}"))
        req.used.append((m.start(), m.end()))
    return True


def _literal_number(token: str) -> float | None:
    """A number written in the question ('100k', '$1,200', '2.5m' meaning millions, '30%')."""
    return number(re.sub(r"m$", "M", token.replace("−", "-")))


def _compare_with(ql: str, m: re.Match, col: Column, op: str, cols: list[Column], req: Request) -> bool:
    """The comparison that ends at m.end(): with a number, or with another row's cell ('than Bob')."""
    rest = ql[m.end():]
    nm = re.match("(" + NUM_BEFORE_UNIT + ")" + QUESTION_UNIT + r"(?![\w.])", rest)
    if nm and _literal_number(nm.group(1)) is not None:
        if not same_unit(nm.group(2) or "", col):
            return False
        if nm.group(1).endswith("%") and not col.percent:  # 'over 50% used' is of the Use% column, not 'Used'
            shares = [c for c in cols if c.percent]
            if len(shares) != 1:
                return False
            col = shares[0]
        req.conditions.append(Condition(col, op, _literal_number(nm.group(1)), f"{col.name} {op} {nm.group(0)}"))
        req.used.append((m.start(), m.end() + nm.end()))
        return True
    ref = _row_reference(rest, cols)
    if ref is None:
        return False
    key, ref_value, length = ref
    req.conditions.append(Condition(col, op, ref_value, f"{col.name} {op} {ref_value}'s", ref_row=key.index))
    req.used.append((m.start(), m.end() + length))
    return True


def _row_reference(text: str, cols: list[Column]) -> tuple[Column, str, int] | None:
    """The row a comparison names at the start of `text` ('bob', 'the emea row'), by a unique column."""
    for col in cols:
        if not col.unique or col.numeric:
            continue
        for value in sorted(col.values, key=len, reverse=True):
            m = re.match(r"(?:the\s+)?" + re.escape(value) + r"(?![\w])(?:'s)?", text)
            if m:
                return col, value, m.end()
    return None


FORMULA = re.compile(r"\s*(?:(\*|×|x|times|multiplied by)|(/|÷|divided by|per|for each|for every)|(\+|plus)|"
                     r"(-|−|minus)|(as a percentage of|as a share of|as % of)|(absolute gap))\s*")
SPAN = re.compile(r"[-–]|\s+(?:through|thru)\s+")  # 'Mon-Wed', 'Jan through Mar'
PERIOD_GROUP = re.compile(r"\b(?:(?:per|by|each|every|for each|for every)\s+(month|year|day|date)|"
                          r"(monthly|yearly|annual|daily))\b")
PERIOD_CHARS = {"month": 7, "monthly": 7, "year": 4, "yearly": 4, "annual": 4, "day": 10, "date": 10, "daily": 10}


def _find_formula(ql: str, cols: list[Column], req: Request) -> None:
    """'qty*price', 'value per deal', 'cost / users': two numeric columns made one, appended to `cols`.

    The two mentions become one mention of the derived column; its cells are computed in the sandbox."""
    for (left, ls, le), (right, rs, re_) in zip(req.columns, req.columns[1:]):
        if SPAN.fullmatch(ql[le:rs]) and right.index - left.index >= 2 and all(
                c.numeric and not c.identifier for c in cols[left.index:right.index + 1]):
            # 'Mon-Wed' over Mon, Tue, Wed columns: the columns from one to the other, added up in each row
            name = f"{left.name}-{right.name}"
            derived = Column(len(cols), name, (name.lower(),), True, False, False, False, False, False, frozenset(),
                             formula=(left.index, "span", right.index), sign=left.sign)
            cols.append(derived)
            req.columns[req.columns.index((left, ls, le)):req.columns.index((right, rs, re_)) + 1] = [(derived, ls, re_)]
            req.used.append((ls, re_))
            return
        if re.fullmatch(r"[-–]", ql[le:rs]) and right.index == left.index + 1:
            continue  # 'Mon-Tue' over neighbouring columns: both days, or Mon minus Tue? Not read as either
        m = FORMULA.fullmatch(ql[le:rs])
        if m is None or not (left.numeric and right.numeric) or left.identifier or right.identifier:
            continue
        op = "*" if m.group(1) else "/" if m.group(2) else "+" if m.group(3) else "%" if m.group(5) else \
            "gap" if m.group(6) else "-"
        signs = [c.sign or next((x for v in c.values for x in "$€£¥₹" if x in v), "") for c in (left, right)]
        sign = (signs[0] or signs[1]) if op == "*" else signs[0] if not signs[1] and op != "%" else ""
        name = f"|{left.name} - {right.name}|" if op == "gap" else f"{left.name} as % of {right.name}" if op == "%" else \
            f"{left.name} {op} {right.name}"
        derived = Column(len(cols), name, (name.lower(),), True, False, False, False, False, False, frozenset(),
                         formula=(left.index, op, right.index), sign=sign)
        cols.append(derived)
        req.columns[req.columns.index((left, ls, le)):req.columns.index((right, rs, re_)) + 1] = [(derived, ls, re_)]
        req.used.append((ls, re_))
        return


YES = frozenset({"yes", "y", "true", "✅", "done", "x"})
NO = frozenset({"no", "n", "false", "❌", "-", ""})


def _find_fractions(ql: str, req: Request) -> None:
    """'not ready' / 'ready' over a column of 'done/total' cells (kubectl's READY 0/1): incomplete / complete;
    'haven't shipped' / 'have shipped' over a column of yes/no cells: no / yes."""
    for col, start, end in req.columns:
        flags = col.values <= YES | NO and bool(col.values & YES) and bool(col.values & NO)
        if col.numeric or not col.values or not (flags or all(re.fullmatch(r"\d+/\d+", v) for v in col.values)):
            continue
        before = re.search(r"(?:(\bnot|n't|\bnever)|\b(are|is|was|were|fully|all|have|has|had|been))\s+"
                           r"(?:(?:yet|fully|all|been)\s+)?$",
                           ql[:start])
        if before is None:
            continue
        if flags:  # 'which orders haven't shipped' over a shipped column of yes/no
            free = re.match(r"[\s-]*free\b", ql[end:])  # 'gluten free' over a gluten column: gluten is no
            kept = tuple(sorted(NO & col.values if bool(before.group(1)) != bool(free) else YES & col.values))
            req.conditions.append(Condition(col, "in", kept, f"{col.name} is {' or '.join(kept)}"))
            if free:
                req.used.append((before.start(), end + free.end()))
                continue
        else:
            op = "partial" if before.group(1) else "full"
            req.conditions.append(Condition(col, op, "", f"{col.name} is {'not ' if op == 'partial' else ''}complete"))
        req.used.append((before.start(), end))


def _find_period_group(ql: str, cols: list[Column], req: Request) -> None:
    """'total per month', 'monthly spend': the date column's month (year, day) as a column to group by."""
    m = PERIOD_GROUP.search(ql)
    dated = [c for c in cols if c.dates]
    if m is None or len(dated) != 1 or not free(req, m.start(), m.end()):
        return
    word = m.group(1) or m.group(2)
    if word == "date" and dated[0].phrases and "date" in dated[0].phrases:
        return  # 'per date' over a 'date' column is that column
    derived = Column(len(cols), {4: "year", 7: "month", 10: "day"}[PERIOD_CHARS[word]], (), False, False,
                     dated[0].day_first, False, False, False, frozenset({"~"}), formula=(dated[0].index, "period",
                                                                                          PERIOD_CHARS[word]))
    cols.append(derived)
    start = m.start(1) if m.group(1) else m.start(2)
    req.columns.append((derived, start, m.end()))
    req.columns.sort(key=lambda c: c[1])
    req.used.append((start, m.end()))


def _find_blanks(ql: str, req: Request) -> None:
    """'with no owner', 'empty owner', 'owner is blank/missing' test for empty cells."""
    for col, start, end in req.columns:
        zero = re.search(r"\b(?:(zero|out of)|no|without(?: any)?)\s+$", ql[:start]) if col.numeric else None
        zeros = any(number(v) == 0 for v in col.values)
        if zero and (zero.group(1) or zeros):  # 'out of stock', 'with no sales': nothing of it (0, or blank)
            req.conditions.append(Condition(col, "zero", 0.0, f"{col.name} is 0"))
            req.used.append((zero.start(), end))
            continue
        before = re.search(r"\b(?:(no|without(?: an?)?|an? empty|empty|blank|missing)|(a|an|non-?empty|non-?blank))\s+$",
                           ql[:start])
        after = re.match(r"\s+(?:is|are)\s+(not\s+)?(?:empty|blank|missing)\b", ql[end:])
        if before and before.group(1) or after and not after.group(1):
            op, text = "==", f"{col.name} is blank"
        elif before and before.group(2) and re.search(r"non|with a|has a", ql[max(0, start - 12):start]) or after:
            op, text = "!=", f"{col.name} is not blank"
        else:
            continue
        req.conditions.append(Condition(col, op, "", text))
        req.used.append((before.start() if before else start, end + (after.end() if after else 0)))


def _find_keys(ql: str, req: Request) -> None:
    """'the price of sku 6001', 'order #5003': a key column named with one of its cells picks that row."""
    for col, start, end in list(req.columns):
        if not (col.identifier and col.unique) or col.formula:
            continue
        m = re.match(r"\s*(?:#|no\.?\s*|nr\.?\s*|number\s+)?([\w-]*\d[\w-]*)(?![\w.])", ql[end:])
        if m is None or m.group(1) not in col.values or not free(req, end, end + m.end()):
            continue
        value = number(m.group(1)) if col.numeric else m.group(1)
        if value is None:
            continue
        req.conditions.append(Condition(col, "==", value, f"{col.name} is {m.group(1)}"))
        req.used.append((start, end + m.end()))


WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "zero": 0}


def _find_counted(ql: str, req: Request) -> None:
    """'only one incident', 'laptops with 256 GB disks': a number written just before a measure's name is that
    measure's value (a test of equality)."""
    for col, start, end in list(req.columns):
        if not col.numeric or col.identifier or col.formula:
            continue
        m = re.search(r"(?:\b(?:only|exactly|just|with|have|has|had)\s+(" + "|".join(WORD_NUMBERS) + r")|"
                      r"(?<![\w.,$€£%-])(\d+(?:\.\d+)?))\s?(?:([a-z]{1,4})\s+)?$", ql[:start])
        if m is None or not free(req, m.start(), start) or m.group(3) and UNIT_SYNONYMS.get(m.group(3)) != col.unit:
            continue
        value = float(WORD_NUMBERS[m.group(1)]) if m.group(1) else float(m.group(2))
        req.conditions.append(Condition(col, "==", value, f"{col.name} is {m.group(1) or m.group(2)}"))
        req.used.append((m.start(1) if m.group(1) else m.start(2), end))


MOVED = re.compile(r"\b(?:(?:went|gone|go|goes|going|came)\s+(?:(down)|(up))|(dropped|fell|decreased|shrank|shrunk|"
                   r"declined|went backwards)|(increased|grew|rose|climbed|went up))\s+(?:from\s+|between\s+)?$")


def _find_movement(ql: str, req: Request) -> None:
    """'which regions went down from q1 to q2': the second column's cell below the first's (above, for 'grew')."""
    for (left, ls, le), (right, rs, re_) in zip(req.columns, req.columns[1:]):
        m = MOVED.search(ql[:ls])
        if m is None or not re.fullmatch(r"\s*(?:to|and|->|→)\s*", ql[le:rs]) or not (left.numeric and right.numeric) \
                or left.identifier or right.identifier or not free(req, m.start(), ls):
            continue
        op = "<" if m.group(1) or m.group(3) else ">"
        req.conditions.append(Condition(right, op, left.index, f"{right.name} {op} {left.name}", other=True))
        req.used.append((m.start(), re_))


def read_question(ql: str, cols: list[Column], table: Table, req: Request) -> bool:
    """Fill `req` from the question `ql`; False when a number, comparison or value is left unplaced or ambiguous."""
    _find_columns(ql, cols, req)
    _find_formula(ql, cols, req)
    for col, start, _ in req.columns:  # 'monthly total = seats x price': the '=' names the formula that follows
        defined = re.search(r"(?<![<>!=])=\s*$", ql[:start])
        if col.formula is not None and col.formula[1] in "*/+-" and defined:
            req.used.append((defined.start(), defined.end()))
    _find_period_group(ql, cols, req)
    _find_movement(ql, req)
    _find_blanks(ql, req)
    _find_fractions(ql, req)
    top = re.search(r"\b(top|bottom|first|last)\s+(\d{1,3})\b", ql)
    if top:
        req.top = (top.group(1), int(top.group(2)))
        req.used.append((top.start(), top.end()))
    _find_keys(ql, req)
    if not _find_comparisons(ql, cols, req):
        return False
    _find_counted(ql, req)  # after the comparisons: 'more than 1000 users' is theirs
    if not _find_values(ql, cols, table, req):
        return False
    if not _find_periods(ql, cols, req):
        return False
    # every number and comparison of the question must have been placed
    if any(free(req, m.start(), m.end()) for m in re.finditer(r"\d", ql)):
        return False
    if any(free(req, m.start(), m.end()) for m in COMPARISON_WORDS.finditer(ql)):
        return False
    if re.search(r"\bor\b", ql) and len({c.column.index for c in req.conditions}) > 1:
        return False  # 'status failed or age over 30': one test or the other, not both — left to the model
    return True
