"""Questions over a table pasted in the message: lookup, filter, count, sum, average, max/min, sort, group.

`solve_table(q) -> Plan | None`. The host finds the table (table_parse), reads the question into a
`Request` — which columns it names, which cell values it mentions, which comparisons it makes and
what it wants done — and writes code that does the work in the sandbox over the table's rows. When
any part of the question is left unexplained (a number, a comparison, a column it cannot place) the
answer is None: a wrong table answer is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rlm_bot.pipeline.compute_arith import Query
from rlm_bot.pipeline.compute_plan import Plan, lit
from rlm_bot.pipeline.compute_ship import shipped
from rlm_bot.pipeline.table_parse import Table, find_table
from rlm_bot.pipeline.table_runtime import as_date, listing, markdown, number, show

__all__ = ["has_table", "solve_table"]

# The question around a table is one or two sentences; a long text around it is a story or a puzzle.
MAX_QUESTION_CHARS = 300
# A column is numeric when at least this share of its non-empty cells reads as a number.
NUMERIC_SHARE = 0.8
# Numeric columns whose numbers name rows rather than measure them.
IDENTIFIER = re.compile(r"^(?:#|ids?|no|nr|num|number|orders?|tickets?|invoices?|rows?|index|keys?|codes?|zip|"
                        r"postcode|phone|years?|sku|pr|issues?|build|version)(?: ?(?:id|#|no|number|nr))?$|"
                        r"(?:^| )(?:id|#|no|nr)$")
# Month columns ('mar', 'March') are also asked about by the other spelling.
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
# Requests for an opinion, a summary or prose about the data are the model's.
NOT_COMPUTED = re.compile(
    r"\b(summari[sz]e|summary|tl;?dr|what do you (?:think|make)|thoughts?|opinion|explain|why|insights?|trends?|"
    r"analy[sz]e|analysis|interpret|anything (?:odd|weird|interesting|wrong|off|stand)|stand out|look (?:right|ok|"
    r"good|fine)|review|compare|comparison|chart|plot|graph|visuali[sz]e|convert|reformat|format|rewrite|"
    r"translate|fix|clean|json|yaml|sql|query|code|script|pandas|excel|formula|pivot|should|recommend|suggest|"
    r"better|best|worse|worst|prefer\w*|good|bad|"
    r"predict|forecast|estimate|correlat\w*|percent(?:age)?|share|ratio|rate|proportion|growth|change|difference|"
    r"vs\.?|versus)\b")

OPS = (  # comparison words -> operator, most specific first
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
COMPARISON_WORDS = re.compile(r"\b(than|over|under|above|below|between|before|after|since|until|at least|at most|"
                              r"exceed\w*|within|equal\w*|exactly)\b|[<>=≤≥]")
# adjective -> (column names it means, comparison it makes, the extreme it asks for)
ADJECTIVES = {
    "older": ("age", ">", None), "younger": ("age", "<", None), "oldest": ("age", None, "max"),
    "youngest": ("age", None, "min"),
    "taller": ("height", ">", None), "shorter": ("height", "<", None), "tallest": ("height", None, "max"),
    "shortest": ("height|length|duration", None, "min"), "longest": ("length|duration", None, "max"),
    "heavier": ("weight", ">", None), "lighter": ("weight", "<", None), "heaviest": ("weight", None, "max"),
    "lightest": ("weight", None, "min"),
    "more expensive": ("price|cost", ">", None), "pricier": ("price|cost", ">", None),
    "cheaper": ("price|cost", "<", None), "most expensive": ("price|cost", None, "max"),
    "cheapest": ("price|cost", None, "min"), "least expensive": ("price|cost", None, "min"),
    "highest paid": ("salary|pay|compensation|wage", None, "max"),
    "best paid": ("salary|pay|compensation|wage", None, "max"),
    "lowest paid": ("salary|pay|compensation|wage", None, "min"),
    "earns": ("salary|pay|compensation|wage|income|earnings", "", None),
    "earn": ("salary|pay|compensation|wage|income|earnings", "", None),
    "makes": ("salary|pay|compensation|wage|income|earnings", "", None),
    "costs": ("price|cost", "", None), "cost": ("price|cost", "", None),
    "spent": ("spend|spent|cost|amount", "", None),
}
MAX_WORDS = r"highest|largest|biggest|most|maximum|max|greatest|top|peak"
MIN_WORDS = r"lowest|smallest|least|minimum|min|fewest|bottom"
STOP_VALUES = frozenset({"a", "an", "the", "is", "of", "in", "on", "to", "and", "or", "-", "n/a", "na", "none", "",
                         "i", "it", "by", "for", "at", "me", "all", "any", "total", "yes", "no", "true", "false"})
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
    unique: bool
    values: frozenset[str]


@dataclass
class Condition:
    """A test on a row: `column op value` (op: ==, !=, in, not in, >, <, >=, <=) and its wording."""

    column: Column
    op: str
    value: object
    text: str
    ref_row: int | None = None  # value names a row by this column: compare with its cell ("older than Bob")


@dataclass
class Request:
    """What the question asks of the table, every part of it placed."""

    columns: list[tuple[Column, int, int]] = field(default_factory=list)  # mentions with spans
    conditions: list[Condition] = field(default_factory=list)
    used: list[tuple[int, int]] = field(default_factory=list)  # spans of the question explained
    top: tuple[str, int] | None = None  # 'top 3', 'bottom 5'


def has_table(q: Query) -> bool:
    """True when the message carries a pasted table (then only the table form may answer it)."""
    return find_table(q.body) is not None


def solve_table(q: Query) -> Plan | None:
    """A plan answering the question about the table pasted in the message, or None."""
    pasted = find_table(q.body)
    if pasted is None:
        return None
    question = " ".join(pasted.question.split())
    if not question or len(question) > MAX_QUESTION_CHARS:
        return None
    ql = re.sub(r"[?!.]+$", "", question.lower()).replace("’", "'").strip()
    ql = re.sub(r"^(?:(?:hey|hi|ok|so|pls|please|quick q(?:uestion)?|q)\b[\s,:!-]*)+", "", ql)
    ql = re.sub(r"[:\s]+$", "", ql)
    if NOT_COMPUTED.search(ql):
        return None
    cols = [_describe(pasted.table, i) for i in range(len(pasted.table.columns))]
    req = Request()
    if not _read(ql, cols, pasted.table, req):
        return None
    return _plan(ql, question, pasted.table, cols, req)


# --- reading the question ----------------------------------------------------------------------------

def _describe(table: Table, i: int) -> Column:
    name = table.columns[i]
    cells = [r[i] for r in table.rows if r[i].strip()]
    numeric = bool(cells) and sum(number(c) is not None for c in cells) >= NUMERIC_SHARE * len(cells)
    dates = bool(cells) and not numeric and all(as_date(c) is not None or as_date(c, True) is not None for c in cells)
    day_first = dates and any(as_date(c) is None for c in cells)
    base = re.sub(r"\s*[(\[].*?[)\]]\s*", " ", name.lower())
    base = " ".join(re.sub(r"[_\-./#]+", " ", base).split())
    phrases = {name.lower().strip(), base}
    for p in list(phrases):
        phrases |= {p + "s"} if not p.endswith("s") else {p[:-1]}
    phrases = {p for p in phrases if len(p) >= 2}
    for month in MONTH_NAMES:
        if base in (month, month[:3], "sept" if month == "september" else month):
            phrases |= {month, month[:3]}
    values = frozenset(c.strip().lower() for c in cells)
    identifier = numeric and bool(IDENTIFIER.search(base))
    return Column(i, name, tuple(sorted(phrases, key=len, reverse=True)), numeric, dates,
                  day_first, identifier, len(values) == len(table.rows), values)


def _free(req: Request, start: int, end: int) -> bool:
    return all(end <= a or start >= b for a, b in req.used)


def _find_columns(ql: str, cols: list[Column], req: Request) -> None:
    hits = []
    for col in cols:
        for phrase in col.phrases:
            for m in re.finditer(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", ql):
                hits.append((m.end() - m.start(), m.start(), m.end(), col))
    for _, start, end, col in sorted(hits, key=lambda h: -h[0]):
        if _free(req, start, end):
            req.columns.append((col, start, end))
            req.used.append((start, end))
    req.columns.sort(key=lambda c: c[1])


def _find_values(ql: str, cols: list[Column], table: Table, req: Request) -> bool:
    """Cell values the question names become equality tests; False when one is ambiguous."""
    hits = []
    for col in cols:
        if col.numeric or col.dates:
            continue
        for value in col.values:
            if value in STOP_VALUES or len(value) < 2:
                continue
            for m in re.finditer(r"(?<![\w])" + re.escape(value) + r"(?![\w])", ql):
                hits.append((len(value), m.start(), m.end(), col, value))
    taken: dict[tuple[int, int], list] = {}
    for _, start, end, col, value in sorted(hits, key=lambda h: -h[0]):
        if (start, end) in taken:
            taken[(start, end)].append(col)
            continue
        if _free(req, start, end):
            taken[(start, end)] = [col]
            req.used.append((start, end))
    by_column: dict[int, list[tuple[str, bool]]] = {}
    for (start, end), owners in taken.items():
        if len(owners) > 1:
            return False  # 'ops' is a team and a status: which one is meant?
        negated = NEGATION.search(ql[:start])
        if negated:
            req.used.append((negated.start(), negated.end()))
        by_column.setdefault(owners[0].index, []).append((ql[start:end], bool(negated)))
    for index, found in by_column.items():
        col = cols[index]
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


def _numeric_column(ql: str, cols: list[Column], req: Request, op_start: int, num_end: int, token: str) -> Column | None:
    """The column a comparison at ql[op_start:] is about: named just before it or just after the number."""
    before = [(c, s, e) for c, s, e in req.columns if e <= op_start and c.numeric and not c.identifier]
    if before:
        col, s, e = before[-1]
        gap = ql[e:op_start]
        if re.fullmatch(r"\s*(?:(?:is|are|was|were|of|that|which|with|has|have|had|a|an|the|value|amount|total|"
                        r"score|count|greater|not|at|be|been|s|')\s*)*", gap):
            return col
    after = [(c, s, e) for c, s, e in req.columns if s >= num_end and c.numeric and not c.identifier]
    if after and re.fullmatch(r"\s*(?:in\s+)?", ql[num_end:after[0][1]]):
        return after[0][0]
    numeric = [c for c in cols if c.numeric and not c.identifier]
    if "%" in token:
        numeric = [c for c in numeric if any(v.endswith("%") for v in c.values)]
    elif re.search(r"[$€£¥₹]", token):
        numeric = [c for c in numeric if any(re.search(r"[$€£¥₹]", v) for v in c.values)]
    return numeric[0] if len(numeric) == 1 else None


def _adjective_column(words: str, cols: list[Column]) -> Column | None:
    names = ADJECTIVES[words][0].split("|")
    found = [c for c in cols if c.numeric and not c.identifier
             and any(p in names or p.split()[0] in names for p in c.phrases)]
    return found[0] if len(found) == 1 else None


def _find_comparisons(ql: str, cols: list[Column], req: Request) -> bool:
    """'age over 30', 'older than 30', 'older than Bob', 'earns over 100k' become tests; False if one is unplaced."""
    ops = "|".join(p for p, _ in OPS)
    for words, (names, op, _) in ADJECTIVES.items():
        if op is None:
            continue
        shape = (r"\b" + words + r"\s+than\s+" if op else r"\b" + words + r"\s+(" + ops + r")\s*")
        for m in re.finditer(shape, ql):
            col = _adjective_column(words, cols)
            if col is None:
                return False
            op_here = op or next(o for p, o in OPS if re.fullmatch(p, m.group(1)))
            if not _compare_with(ql, m, col, op_here, cols, req):
                return False
    for m in re.finditer(r"\b(" + ops + r")\s*(\d+)\s+years?\s+old\b|\baged\s+(" + ops + r")\s*(\d+)", ql):
        col = _adjective_column("older", cols)
        if col is None:
            return False
        op = next(o for p, o in OPS if re.fullmatch(p, m.group(1) or m.group(3)))
        req.conditions.append(Condition(col, op, float(m.group(2) or m.group(4)), f"{col.name} {op} {m.group(2) or m.group(4)}"))
        req.used.append((m.start(), m.end()))
    if not _find_date_comparisons(ql, cols, req):
        return False
    for pattern, op in OPS:
        for m in re.finditer(r"(?<![\w<>=])(?:" + pattern + r")(?![\w<>=])\s*(" + NUM + r")(?![\w.])", ql):
            if not _free(req, m.start(), m.end()):
                continue
            col = _numeric_column(ql, cols, req, m.start(), m.end(), m.group(1))
            value = _literal_number(m.group(1))
            if col is None or value is None:
                return False
            req.conditions.append(Condition(col, op, value, f"{col.name} {op} {m.group(1)}"))
            req.used.append((m.start(), m.end()))
    for m in re.finditer(r"(" + NUM + r")\s*(?:\+|or (?:more|above|higher|greater))", ql):
        if _free(req, m.start(), m.end()):
            col = _numeric_column(ql, cols, req, m.start(), m.end(), m.group(1))
            value = _literal_number(m.group(1))
            if col is None or value is None:
                return False
            req.conditions.append(Condition(col, ">=", value, f"{col.name} >= {m.group(1)}"))
            req.used.append((m.start(), m.end()))
    return True


def _find_date_comparisons(ql: str, cols: list[Column], req: Request) -> bool:
    """'joined before 2022', 'since 2026-03-01', 'after 21 Nov 2026' on a date column; False if unplaced."""
    dated = [c for c in cols if c.dates]
    for pattern, op in DATE_OPS:
        for m in re.finditer(r"\b(?:" + pattern + r")\s+(" + DATE_TOKEN + r")(?![\w-])", ql):
            if not _free(req, m.start(), m.end()):
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


def _literal_number(token: str) -> float | None:
    """A number written in the question ('100k', '$1,200', '2.5m' meaning millions, '30%')."""
    return number(re.sub(r"m$", "M", token.replace("−", "-")))


def _compare_with(ql: str, m: re.Match, col: Column, op: str, cols: list[Column], req: Request) -> bool:
    """The comparison that ends at m.end(): with a number, or with another row's cell ('than Bob')."""
    rest = ql[m.end():]
    nm = re.match(NUM + r"(?![\w.])", rest)
    if nm and _literal_number(nm.group(0)) is not None:
        req.conditions.append(Condition(col, op, _literal_number(nm.group(0)), f"{col.name} {op} {nm.group(0)}"))
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


def _find_blanks(ql: str, req: Request) -> None:
    """'with no owner', 'empty owner', 'owner is blank/missing' test for empty cells."""
    for col, start, end in req.columns:
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


def _read(ql: str, cols: list[Column], table: Table, req: Request) -> bool:
    _find_columns(ql, cols, req)
    _find_blanks(ql, req)
    top = re.search(r"\b(top|bottom|first|last)\s+(\d{1,3})\b", ql)
    if top:
        req.top = (top.group(1), int(top.group(2)))
        req.used.append((top.start(), top.end()))
    if not _find_comparisons(ql, cols, req) or not _find_values(ql, cols, table, req):
        return False
    # every number and comparison of the question must have been placed
    if any(_free(req, m.start(), m.end()) for m in re.finditer(r"\d", ql)):
        return False
    if any(_free(req, m.start(), m.end()) for m in COMPARISON_WORDS.finditer(ql)):
        return False
    if re.search(r"\bor\b", ql) and len({c.column.index for c in req.conditions}) > 1:
        return False  # 'status failed or age over 30': one test or the other, not both — left to the model
    return True


# --- what to do, and the code that does it -------------------------------------------------------------

SORT = re.compile(r"\b(sort|sorted|rank|ranked|arrange|arranged)\b|"
                  r"\b(?:order|ordered)\s+(?:(?:it|them|this|these|everything|the \w+|rows)\s+)?by\b")
GROUP = r"(?:per|by|for each|for every|each|grouped by|broken down by|breakdown by|split by)\s+"
COUNT = re.compile(r"\b(how many|count|number of)\b")
SUM = re.compile(r"\b(total|sum|combined|altogether|add up|added up|overall|how much)\b")
AVERAGE = re.compile(r"\b(average|avg|mean)\b")
MEDIAN = re.compile(r"\bmedian\b")
DESCENDING = re.compile(r"\b(desc|descending|highest first|largest first|biggest first|most first|newest first|"
                        r"latest first|high to low|z to a|z-a|reverse|decreasing)\b")
FILTER = re.compile(r"^(which|who|whom|what|list|show|find|give|get|filter|select|display|any)\b|\b(which|who)\b")
TABLE_OUT = re.compile(r"\b(rows|entries|records|lines|table)\b")


def _plan(ql: str, question: str, table: Table, cols: list[Column], req: Request) -> Plan | None:
    extreme = _extreme(ql, cols, req)
    if not (req.columns or req.conditions or extreme or COUNT.search(ql) or SUM.search(ql) or AVERAGE.search(ql)
            or MEDIAN.search(ql)):
        return None
    cond_cols = {c.column.index for c in req.conditions}
    mentioned = [c for c, _, _ in req.columns]
    targets = [c for c in mentioned if c.numeric and not c.identifier and c.index not in cond_cols]
    label = _label_column(ql, cols, req)

    def placed(*roles: Column | None) -> bool:
        """Every column the question names has a part in the answer (else it asked something else)."""
        return {c.index for c in mentioned} <= cond_cols | {c.index for c in roles if c is not None}

    sort = SORT.search(ql)
    if sort:
        return _sort_plan(ql, table, cols, req, label, sort, placed)
    group = _group_column(ql, req)
    counted = COUNT.search(ql)
    summed = [c for c, s, _ in req.columns if counted and s == counted.end() + 1 and c.numeric and not c.identifier]
    if summed:  # 'how many requests did billing get': the requests column, added up
        counted, targets = None, summed
    agg = ("count" if counted else "sum" if summed else "average" if AVERAGE.search(ql) else
           "median" if MEDIAN.search(ql) else "sum" if SUM.search(ql) else None)
    if group is not None:
        targets = [c for c in targets if c.index != group.index]
        if agg is None and extreme is None and len(targets) == 1:
            agg = "sum"  # 'spend per team'
        if agg == "count":
            return _group_plan(table, req, group, None, "count") if placed(group) else None
        if agg is None and extreme is not None:  # 'highest score in each team'
            return _group_plan(table, req, group, extreme[0], extreme[1]) if placed(group, extreme[0]) else None
        if agg is None or len(targets) != 1 or not placed(group, targets[0]):
            return None
        return _group_plan(table, req, group, targets[0], agg)
    if req.top is not None:
        target = extreme[0] if extreme else (targets[0] if len(targets) == 1 else None)
        if target is None or not placed(target, label) or not label.unique:
            return None
        return _top_plan(table, req, label, target, req.top)
    if agg == "count":
        noun = [c for c, s, _ in req.columns if re.search(r"\b(?:how many|number of|count(?: the)?)\s+"
                                                       r"(?:(?:unique|distinct|different)\s+)?$", ql[:s])]
        if (targets and not req.conditions) or not placed(label, *noun[:1]):
            return None  # 'how many tickets does ops have' with a count column: a sum in disguise
        if re.search(r"\b(unique|distinct|different)\b", ql) and not noun:
            return None
        if noun and not noun[0].numeric and not noun[0].unique:  # 'how many customers' over orders
            return _distinct_plan(table, req, noun[0])
        return _count_plan(table, req, label)
    if agg is not None:
        measures = [c for c in cols if c.numeric and not c.identifier and c.index not in cond_cols]
        if not targets and len(measures) == 1:
            targets = measures  # 'what's the total for Q3?' over a table with one measure
        if extreme is not None or len(targets) != 1 or not placed(targets[0]):
            return None
        return _aggregate_plan(table, req, targets[0], agg)
    if extreme is not None and not label.unique:
        return None  # 'who logged the most hours' over several rows per person: a row, or a total?
    if extreme is not None:
        return _extreme_plan(table, req, label, *extreme) if placed(extreme[0], label) else None
    rows_named = [c for c in req.conditions if c.column.unique and c.op == "=="]
    lookups = [c for c in mentioned if c.index not in cond_cols]
    if lookups and rows_named:  # 'what's Bob's salary', 'which team is Carol on'
        return _lookup_plan(table, req, rows_named[0].column, lookups)
    if req.conditions and FILTER.search(ql) and placed(label):
        return _filter_plan(ql, table, req, label)
    return None


def _label_column(ql: str, cols: list[Column], req: Request) -> Column:
    """The column naming a row in the answer: the one asked for ('which region'), else the first unique text column."""
    for col, start, _ in req.columns:
        if re.search(r"\b(?:which|what|list|show|the|how many)\s+$", ql[:start]) and not col.numeric:
            return col
    keyed = ([c for c in cols if c.unique and not c.numeric] or [c for c in cols if c.unique and c.identifier]
             or [c for c in cols if not c.numeric] or cols)
    return keyed[0]


def _group_column(ql: str, req: Request) -> Column | None:
    for col, start, _ in req.columns:
        if re.search(r"\b" + GROUP + r"$", ql[:start]) and not col.numeric and not col.unique:
            return col
    return None


def _extreme(ql: str, cols: list[Column], req: Request) -> tuple[Column, str, str | None] | None:
    """The column, direction and adjective of a superlative ('highest revenue', 'the oldest'), or None."""
    for words, (names, op, extreme) in ADJECTIVES.items():
        if extreme and re.search(r"\b" + words + r"\b", ql):
            col = _adjective_column(words, cols)
            return (col, extreme, words) if col is not None else None
    m = re.search(r"\b(" + MAX_WORDS + r")\b|\b(" + MIN_WORDS + r")\b", ql)
    if m is None or not _free(req, m.start(), m.end()):
        return None
    direction = "max" if m.group(1) else "min"
    cond_cols = {c.column.index for c in req.conditions}
    after = [c for c, s, _ in req.columns if s >= m.end() and c.numeric and not c.identifier
             and c.index not in cond_cols]
    if after and re.fullmatch(r"\s*(?:\w+\s+){0,1}", ql[m.end():[s for c, s, _ in req.columns if c is after[0]][0]]):
        return after[0], direction, None
    numeric = [c for c, _, _ in req.columns if c.numeric and not c.identifier and c.index not in cond_cols]
    return (numeric[0], direction, None) if len(numeric) == 1 else None


def _prelude(table: Table, req: Request, *helpers) -> str:
    """Shipped helpers, the table as data, and `keep`: the rows that pass the question's tests."""
    if any(c.column.dates for c in req.conditions) and as_date not in helpers:
        helpers = (as_date, *helpers)
    code = "import re\n\n\n" + shipped(number, *helpers) + "\n\n\n"
    code += f"columns = {lit(list(table.columns))}\nrows = [\n"
    code += "".join(f"    {lit(list(r))},\n" for r in table.rows) + "]\n"
    tests = []
    for n, c in enumerate(req.conditions):
        cell = f"r[{c.column.index}]"
        if c.ref_row is not None:
            code += (f"reference{n} = [number(x[{c.column.index}]) for x in rows "
                     f"if x[{c.ref_row}].strip().lower() == {lit(c.value)}][0]\n")
            tests.append(f"number({cell}) is not None and number({cell}) {c.op} reference{n}")
        elif c.column.dates and isinstance(c.value, str) and c.op in ("<", ">", "<=", ">="):
            day = f"as_date({cell}, {c.column.day_first})"
            tests.append(f"{day} is not None and {day}[:{len(c.value)}] {c.op} {lit(c.value)}")
        elif c.value == "":
            tests.append(f"{cell}.strip() {c.op} ''")
        elif c.column.numeric or not isinstance(c.value, (str, tuple)):
            tests.append(f"number({cell}) is not None and number({cell}) {c.op} {c.value!r}")
        else:
            tests.append(f"{cell}.strip().lower() {c.op} {lit(c.value)}")
    code += f"keep = [r for r in rows if {' and '.join(tests)}]\n" if tests else "keep = rows\n"
    return code


def _where(req: Request) -> str:
    return " and ".join(c.text for c in req.conditions)


def _plan_of(kind: str, code: str, explanation: str) -> Plan:
    return Plan("table_aggregation", code, explanation, specificity=0.93, template=f"table_{kind}")


def _count_plan(table: Table, req: Request, label: Column) -> Plan:
    where = _where(req)
    code = _prelude(table, req, listing)
    if where:
        code += (f"names = [r[{label.index}] for r in keep]\n"
                 f"answer = str(len(keep)) + ' of ' + str(len(rows)) + {lit(f' rows match ({where})')}\n"
                 "answer + (': ' + listing(names) if 0 < len(names) <= 10 else '.')")
    else:
        code += "str(len(keep)) + ' rows.'"
    return _plan_of("count", code, "Counted the table's rows" + (f" where {where}." if where else "."))


def _distinct_plan(table: Table, req: Request, col: Column) -> Plan:
    where = _where(req)
    code = _prelude(table, req, listing)
    code += (f"seen = []\nfor r in keep:\n    if r[{col.index}].strip() and r[{col.index}].strip().lower() not in "
             f"[s.lower() for s in seen]:\n        seen.append(r[{col.index}].strip())\n"
             f"str(len(seen)) + {lit(' different ' + col.name + ' values' + (f' where {where}' if where else '') + ': ')}"
             " + listing(seen)")
    return _plan_of("count", code, f"Counted the different {col.name!r} values"
                    + (f" in the rows where {where}." if where else "."))


def _aggregate_plan(table: Table, req: Request, target: Column, agg: str) -> Plan:
    where = _where(req)
    i = target.index
    code = _prelude(table, req, show)
    code += f"values = [number(r[{i}]) for r in keep if number(r[{i}]) is not None]\n"
    if agg == "sum":
        code += "value = sum(values)\n"
    elif agg == "average":
        code += "value = sum(values) / len(values)\n"
    else:
        code += ("ordered = sorted(values)\nmiddle = len(ordered) // 2\n"
                 "value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2\n")
    word = {"sum": "Total", "average": "Average", "median": "Median"}[agg]
    tail = f" where {where}" if where else ""
    code += (f"cells = [r[{i}] for r in rows]\n"
             f"{lit(word + ' ' + target.name + ': ')} + show(value, cells, {agg != 'sum'}) + ' (' + str(len(values)) + "
             f"(' row' if len(values) == 1 else ' rows') + {lit(tail + ')')}")
    return _plan_of(agg, code, f"Took the {agg} of the {target.name!r} column over the rows{tail}.")


def _extreme_plan(table: Table, req: Request, label: Column, target: Column, direction: str,
                  adjective: str | None) -> Plan:
    where = _where(req)
    i = target.index
    word = {"max": "highest", "min": "lowest"}[direction]
    code = _prelude(table, req, listing)
    code += (f"scored = [r for r in keep if number(r[{i}]) is not None]\n"
             f"best = {direction}(number(r[{i}]) for r in scored)\n"
             f"winners = [r[{label.index}] for r in scored if number(r[{i}]) == best]\n"
             f"cell = [r[{i}] for r in scored if number(r[{i}]) == best][0]\n")
    among = f" + {lit(' among the rows where ' + where)}" if where else ""
    if adjective:
        code += (f"verb = ' is' if len(winners) == 1 else ' are'\n"
                 f"listing(winners) + verb + {lit(' the ' + str(adjective))}{among} + {lit(' (' + target.name + ' ')} + cell + ').'")
    else:
        code += (f"verb = ' has' if len(winners) == 1 else ' have'\n"
                 f"listing(winners) + verb + {lit(' the ' + word + ' ' + target.name)}{among} + ': ' + cell + '.'")
    return _plan_of(direction, code, f"Found the {word} {target.name!r} among the rows"
                    + (f" where {where}." if where else "."))


def _top_plan(table: Table, req: Request, label: Column, target: Column, top: tuple[str, int]) -> Plan:
    i = target.index
    biggest = top[0] in ("top", "first")
    code = _prelude(table, req, listing)
    code += (f"scored = [r for r in keep if number(r[{i}]) is not None]\n"
             f"ranked = sorted(scored, key=lambda r: number(r[{i}]), reverse={biggest})[:{top[1]}]\n"
             f"listing([r[{label.index}] + ' (' + r[{i}] + ')' for r in ranked])")
    return _plan_of("top", code, f"Sorted the rows by {target.name!r} and kept the {top[0]} {top[1]}.")


def _lookup_plan(table: Table, req: Request, label: Column, lookups: list[Column]) -> Plan:
    code = _prelude(table, req)
    if len(lookups) == 1:
        c = lookups[0]
        code += (f"found = [r[{label.index}] + \"'s {c.name} is \" + (r[{c.index}] or '(blank)') for r in keep]\n")
    else:
        parts = " + ', ' + ".join(f"{lit(c.name + ' is ')} + (r[{c.index}] or '(blank)')" for c in lookups)
        code += f"found = [r[{label.index}] + ': ' + {parts} for r in keep]\n"
    code += "'; '.join(found) + '.' if found else 'No row matches.'"
    return _plan_of("lookup", code, "Looked the row up and read " + ", ".join(repr(c.name) for c in lookups) + ".")


def _filter_plan(ql: str, table: Table, req: Request, label: Column) -> Plan:
    where = _where(req)
    code = _prelude(table, req, listing, markdown)
    if TABLE_OUT.search(ql) and re.match(r"(list|show|give|get|filter|select|display)\b", ql):
        code += (f"str(len(keep)) + {lit(f' rows match ({where})')} + (':\\n' + markdown(columns, keep) if keep else '.')")
    else:
        code += (f"names = [r[{label.index}] for r in keep]\n"
                 f"(str(len(names)) + {lit(f' match ({where}): ')} + listing(names)) if names else {lit(f'None match ({where}).')}")
    return _plan_of("filter", code, f"Kept the rows where {where}.")


def _group_plan(table: Table, req: Request, group: Column, target: Column | None, agg: str) -> Plan:
    where = _where(req)
    g = group.index
    code = _prelude(table, req, show)
    code += "groups = {}\n"
    if target is None:
        code += (f"for r in keep:\n    groups[r[{g}]] = groups.get(r[{g}], 0) + 1\n"
                 "totals = groups\n")
        title = f"Rows per {group.name}"
        shown = "str(totals[key])"
    else:
        t = target.index
        code += (f"for r in keep:\n    if number(r[{t}]) is not None:\n"
                 f"        groups.setdefault(r[{g}], []).append(number(r[{t}]))\n")
        reduce = {"sum": "sum(v)", "average": "sum(v) / len(v)", "median": "sorted(v)[len(v) // 2]",
                  "max": "max(v)", "min": "min(v)"}[agg]
        code += f"totals = {{key: {reduce} for key, v in groups.items()}}\ncells = [r[{t}] for r in rows]\n"
        word = {"sum": "Total", "average": "Average", "median": "Median", "max": "Highest", "min": "Lowest"}[agg]
        title = f"{word} {target.name} per {group.name}"
        shown = f"show(totals[key], cells, {agg in ('average', 'median')})"
    title += f" (where {where})" if where else ""
    code += (f"order = sorted(totals, key=lambda key: (-totals[key], key))\n"
             f"{lit(title + ':')} + ''.join('\\n• ' + (key or '(blank)') + ': ' + {shown} for key in order)")
    return _plan_of("group", code, f"Grouped the rows by {group.name!r} and took the {agg} of each group.")


def _sort_plan(ql: str, table: Table, cols: list[Column], req: Request, label: Column, sort: re.Match,
               placed) -> Plan | None:
    after = [(c, s) for c, s, _ in req.columns if s >= sort.start() and c.index not in
             {x.column.index for x in req.conditions}]
    after = [(c, s) for c, s in after if re.search(r"\bby\s+(?:the\s+)?(?:their\s+|its\s+)?$", ql[:s])]
    if not after or not placed(after[0][0]):
        return None
    col = after[0][0]
    if not (col.numeric or col.dates or col is label or re.search(r"\b(alphabetic\w*|a-z|a to z)\b", ql)):
        return None  # 'sort by severity': high/low/medium in letter order is not what was meant
    descending = bool(DESCENDING.search(ql)) or bool(re.search(r"\brank", ql)) and col.numeric
    i = col.index
    if col.numeric:
        key = f"number(r[{i}]) if number(r[{i}]) is not None else float('-inf')"
        helpers = ()
    elif col.dates:
        key = f"as_date(r[{i}], {col.day_first}) or ''"
        helpers = (as_date,)
    else:
        key = f"r[{i}].lower()"
        helpers = ()
    code = _prelude(table, req, *helpers, markdown)
    limit = f"[:{req.top[1]}]" if req.top else ""
    code += (f"ordered = sorted(keep, key=lambda r: {key}, reverse={descending}){limit}\n"
             f"{lit(f'Sorted by {col.name} (' + ('descending' if descending else 'ascending') + '):')} + '\\n' + markdown(columns, ordered)")
    return _plan_of("sort", code, f"Sorted the rows by {col.name!r}, {'descending' if descending else 'ascending'}.")
