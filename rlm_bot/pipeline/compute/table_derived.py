"""Measures a question names that the table does not hold, but two of its columns make: a rate, what is left, a profit.

`derive(ql, table, cols) -> str`: the question with such a measure written as the formula of two columns, in the words the
table reader's formula reading understands ('late rate' -> 'late as % of parcels', 'free beds' -> 'beds - occupied',
'absences' -> 'enrolled - present', 'profit' -> 'revenue - cost', 'change from q1 to q2' -> 'q2 - q1', 'completion
rate (completed/committed)' -> 'completed as % of committed'). Which columns make it is read from the cells, not
guessed from the words: a rate's whole is the one other measure at least as large as its part in every row; what is
left of a capacity takes away the one other measure never larger than it. When no column, or more than one, fits,
the words are left as they are (and the reader declines them as before).
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.table_parse import Table
from rlm_bot.pipeline.compute.table_question import Column
from rlm_bot.pipeline.compute.table_runtime import number

__all__ = ["derive", "split_header"]

RATE_WORDS = r"rate|ratio|%|percent|percentage|pct|share|proportion"
LEFT_WORDS = (r"free|spare|available|empty|vacant|unused|unoccupied|unsold|unfilled|remaining|leftover|left over|"
              r"open|left|unclaimed|unbooked")
REVENUE = re.compile(r"^(?:revenue|revenues|rev|sales|income|turnover|takings)$")
COST = re.compile(r"^(?:cost|costs|expenses?|spend|spending|cogs|outgoings)$")
PROFIT = re.compile(r"\b(?:profits?|net (?:profit|income))\b")
CHANGE = re.compile(r"\b(?:(change|growth|increase|decrease|drop|rise|delta|diff|difference|movement)\s+from|"
                    r"(difference|diff|gap|swing|delta|change|spread)\s+between)\s+(?:the\s+)?")
MIN_STEM = 4


def derive(ql: str, table: Table, cols: list[Column]) -> str:
    """The question with the measures it makes of two columns written as their formula (unchanged when none)."""
    measures = [c for c in cols if c.numeric and not c.identifier and not c.percent and not c.formula]
    if len(measures) < 2:
        return ql
    ql = _across_periods(ql, cols, measures)
    ql = re.sub(r"\s*\((?:in\s+)?(?:%|percent|pct)\)", " %", ql)  # 'late rate (%)': the rate in percent
    ql = _bracketed(ql, measures)
    ql = _named_metrics(ql, table, cols, measures)
    ql = _per_unit(ql, cols, measures)
    ql = _rates(ql, table, cols, measures)
    ql = _left(ql, table, cols, measures)
    ql = _complements(ql, table, cols, measures)
    ql = _profit(ql, cols, measures)
    return _changes(ql, measures)


# The roles a named metric divides ('ROAS' is revenue over spend): words that name a column of each role.
ROLES = {
    "revenue": r"revenue|revenues|rev|sales|income|turnover|takings|gmv|return|returns|value",
    "cost": r"cost|costs|spend|spending|spent|budget|ad spend|expenses?",
    "conversion": r"conversions?|conv|convs|acquisitions?|orders?|purchases?|signups?|sign-ups?|customers?|sales",
    "lead": r"leads?", "click": r"clicks?", "install": r"installs?|downloads?",
    "order": r"orders?|purchases?|transactions?", "user": r"users?|customers?|subscribers?|members?",
    "impression": r"impressions?|impr|imps|views?|reach",
}
# A metric's name -> (numerator role, denominator role, operator, whether more is better).
METRICS = (
    (r"roas|return on ad spend", "revenue", "cost", "/", True),
    (r"cpa|cost per (?:acquisition|conversion|sale)", "cost", "conversion", "/", False),
    (r"cpl|cost per lead", "cost", "lead", "/", False),
    (r"cpc|cost per click", "cost", "click", "/", False),
    (r"cpi|cost per install", "cost", "install", "/", False),
    (r"cpo|cost per order", "cost", "order", "/", False),
    (r"aov|average order value", "revenue", "order", "/", True),
    (r"arpu|revenue per user", "revenue", "user", "/", True),
    (r"ctr|click[- ]?through(?: rate)?", "click", "impression", "as % of", True),
    (r"cvr|cr|conv(?:ersion)? rate", "conversion", None, "as % of", True),
)
BEST = r"best|top|strongest|most efficient"
WORST = r"worst|weakest|least efficient"


def _role_column(role: str, measures: list[Column], besides: Column | None = None) -> Column | None:
    """The one measure whose header names `role` (for the whole of a rate, role None: the one measure at least
    as large as `besides` in every row is chosen by the caller)."""
    found = [c for c in measures if c is not besides and any(re.fullmatch(ROLES[role], p) for p in c.phrases)]
    return found[0] if len(found) == 1 else None


def _named_metrics(ql: str, table: Table, cols: list[Column], measures: list[Column]) -> str:
    """'the best ROAS', 'lowest CPA', 'CTR', 'CR for B in %': a metric the table does not hold, written as the
    formula of the columns that play its roles ('revenue / spend', 'clicks as % of impr'); 'best'/'worst' become
    the end the metric is better at. Left as written when a role has no column, or several."""
    for names, top, bottom, op, more_better in METRICS:
        m = re.search(r"(?:\b(" + BEST + "|" + WORST + r")\s+)?\b(?:" + names + r")\b", ql)
        if m is None or _owned(m.group(0)[len(m.group(1) or ""):].strip(), cols):
            continue
        part = _role_column(top, measures)
        if part is None:
            return ql
        whole = _role_column(bottom, measures, part) if bottom else None
        if bottom is None:  # a conversion rate's whole: the one measure at least as large in every row (users, visits)
            whole = _whole_of(part, measures, table)
        if whole is None or whole is part:
            return ql
        formula = f"{_phrase(part)} {op} {_phrase(whole)}"
        if op == "as % of":  # 'CR for B in %?': the formula is already a percentage
            ql = re.sub(r"\s+(?:in|as(?: an?)?)\s+(?:%|percent|percentage|pct)\s*$", "", ql)
            m = re.search(r"(?:\b(" + BEST + "|" + WORST + r")\s+)?\b(?:" + names + r")\b", ql)
        judged = ""
        if m.group(1):
            best = re.fullmatch(BEST, m.group(1)) is not None
            judged = "highest " if best == more_better else "lowest "
        return ql[:m.start()] + judged + formula + ql[m.end():]
    return ql


def _per_unit(ql: str, cols: list[Column], measures: list[Column]) -> str:
    """'points per game', 'revenue per order': one measure over another, both columns of the table (a singular
    written for a plural header), as the formula reader writes it ('points / games')."""
    def rewrite(m: re.Match) -> str:
        if _owned(m.group(0), cols):
            return m.group(0)
        top, bottom = _measure_named(m.group(1), measures), _measure_named(m.group(2), measures)
        if top is None or bottom is None or top is bottom:
            return m.group(0)
        return f"{_phrase(top)} / {_phrase(bottom)}"
    return re.sub(r"\b([a-z][a-z-]{2,}) (?:per|a|each|for each|for every) ([a-z][a-z-]{2,})\b", rewrite, ql)


def split_header(ql: str, cols: list[Column]) -> str:
    """'gross in Nov' over a 'gross_nov' column, 'net for dec' over 'net_dec': the header's two words with a
    preposition between them, written as the header."""
    for c in cols:
        for p in c.phrases:
            words = p.split()
            if len(words) == 2 and all(len(w) >= 2 for w in words):
                ql = re.sub(r"\b" + re.escape(words[0]) + r"\s+(?:in|for|during|of|on)\s+(?:the\s+)?" + re.escape(words[1])
                            + r"\b", p, ql)
    return ql


# Headers that are periods of one measure ('mon', 'wk1', 'week 2', 'jan', 'q3', '2025'): the same thing counted in each.
PERIOD_HEADER = re.compile(r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|rsday|urday)?|"
                           r"(?:wk|week|w|day|d|month|m|q|p|period|round|r|sprint)\s?\d{1,2}|"
                           r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
                           r"july|august|september|october|november|december|(?:19|20)\d\d")


def _across_periods(ql: str, cols: list[Column], measures: list[Column]) -> str:
    """'who worked the most hours overall' over name,mon,tue,wed: the measure is every period column added up in
    each row, written as their span ('the most mon-wed') for the formula reader. Only when the table's measures are
    three or more period columns side by side, the question names none of them, and says it wants them all."""
    if len(measures) < 3 or not all(PERIOD_HEADER.fullmatch(c.name.strip().lower()) for c in measures):
        return ql
    indexes = [c.index for c in measures]
    if indexes != list(range(indexes[0], indexes[0] + len(indexes))):
        return ql
    if any(re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", ql) for c in measures for p in c.phrases):
        return ql
    if not re.search(r"\b(?:in total|total|overall|altogether|combined|in all|over (?:the|all) (?:\w+ )?(?:weeks|days|months|"
                     r"periods|quarters|years))\b", ql):
        return ql
    span = f"{measures[0].name.lower()}-{measures[-1].name.lower()}"
    owned = {p for c in cols for p in c.phrases}
    m = re.search(r"\b(most|least|fewest|highest|lowest|total|sum of)\s+(?:the\s+)?([a-z]{3,})\b", ql)
    if m is None or m.group(2) in owned or m.group(2) in ("in", "for", "per", "over", "of", "across"):
        return ql
    ql = ql[:m.start(2)] + span + ql[m.end(2):]
    # the words that asked for all the periods are said by the span now ('the most mon-wed', not a sum of it)
    return " ".join(re.sub(r"\b(?:in total|overall|altogether|combined|in all|over (?:the|all) (?:\w+ )?(?:weeks|days|months|"
                           r"periods|quarters|years))\b", " ", ql).split())


def _phrase(col: Column) -> str:
    """The words that name `col` in a rewritten question (its header, lower case)."""
    return " ".join(col.name.lower().split())


def _owned(text: str, cols: list[Column]) -> bool:
    """Whether some column's own header or some cell says `text` ('Use%', 'churn rate', a 'Free' column)."""
    return any(text in c.phrases or text in c.values for c in cols)


# What a rate's name counts when no header shares its stem ('occupancy' of booked rooms, 'close rate' of deals).
RATE_NAMES = {
    "occupancy": ("occupied", "booked", "filled", "taken", "sold"), "utilization": ("used", "usage"),
    "utilisation": ("used", "usage"), "fill": ("filled", "booked", "sold"), "attendance": ("present", "attended"),
    "completion": ("completed", "done", "finished"), "success": ("succeeded", "successes", "passed", "successful"),
    "pass": ("passed", "passes"), "win": ("won", "wins"), "close": ("closed", "won", "deals"),
    "conversion": ("converted", "conversions"), "error": ("errors", "failed", "failures"),
    "failure": ("failed", "failures", "errors"), "delivery": ("delivered", "deliveries"),
    "return": ("returned", "returns"), "churn": ("churned", "lost", "cancelled", "canceled"),
    "response": ("responded", "responses", "replies", "replied"), "open": ("opened", "opens"),
    "click": ("clicked", "clicks"), "bounce": ("bounced", "bounces"), "defect": ("defects", "defective", "faulty"),
    "absence": ("absent", "absences"), "sell-through": ("sold",), "hit": ("hits",), "miss": ("misses", "missed"),
}


def _measure_named(word: str, measures: list[Column]) -> Column | None:
    """The one measure a word names: by one of its phrases, by sharing its stem ('occupancy' for 'occupied',
    'failure' for 'failed'), or as the count a rate's name stands for ('occupancy' of booked rooms)."""
    exact = [c for c in measures if word in c.phrases]
    if exact:
        return exact[0] if len(exact) == 1 else None
    named = [c for c in measures if set(RATE_NAMES.get(word, ())) & set(c.phrases)]
    if len(named) == 1:
        return named[0]
    stemmed = []
    for c in measures:
        for p in c.phrases:
            if " " in p or len(p) < MIN_STEM or len(word) < MIN_STEM:
                continue
            common = len(_common_prefix(word, p))
            if common >= MIN_STEM and common >= 0.6 * min(len(word), len(p)):
                stemmed.append(c)
                break
    return stemmed[0] if len(stemmed) == 1 else None


def _common_prefix(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def _whole_of(part: Column, measures: list[Column], table: Table) -> Column | None:
    """The one other measure at least as large as `part` in every row (and larger in some): its whole."""
    fits = [c for c in measures if c is not part and _dominates(c, part, table)]
    return fits[0] if len(fits) == 1 else None


def _dominates(big: Column, small: Column, table: Table) -> bool:
    """Whether `big` is at least `small` in every row, and more in some (both counts, never negative)."""
    values = [(number(r[big.index]), number(r[small.index])) for r in table.rows]
    if not values or any(a is None or b is None or b < 0 for a, b in values):
        return False
    return all(a >= b for a, b in values) and any(a > b for a, b in values)


def _bracketed(ql: str, measures: list[Column]) -> str:
    """'completion rate (completed/committed)', 'activation % (activated / signups)': the rate the brackets define."""
    names = sorted({p for c in measures for p in c.phrases}, key=len, reverse=True)
    if not names:
        return ql
    alt = "(" + "|".join(re.escape(n) for n in names) + ")"
    pattern = (r"\b(?:[a-z][a-z-]{2,}\s+)?(rate|ratio|%|percent|percentage|share)\s*\(\s*" + alt
               + r"\s*(?:/|÷|over|divided by|per)\s*" + alt + r"\s*\)")

    def rewrite(m: re.Match) -> str:
        part = next(c for c in measures if m.group(2) in c.phrases)
        whole = next(c for c in measures if m.group(3) in c.phrases)
        if part is whole:
            return m.group(0)
        return f"{_phrase(part)} {'/' if m.group(1) == 'ratio' else 'as % of'} {_phrase(whole)}"
    return re.sub(pattern, rewrite, ql)


def _rates(ql: str, table: Table, cols: list[Column], measures: list[Column]) -> str:
    """'late rate', 'late %', 'the failure rate', 'percentage of parcels late' -> 'late as % of parcels'."""
    def rewrite(m: re.Match) -> str:
        word = m.group("w1") or m.group("w2")
        if _owned(m.group(0).strip(), cols) or _owned(word + " " + (m.group("r1") or ""), cols):
            return m.group(0)
        part = _measure_named(word, measures)
        whole = _whole_of(part, measures, table) if part is not None else None
        if whole is None:
            return m.group(0)
        return f"{_phrase(part)} as % of {_phrase(whole)}"

    pattern = (r"\b(?P<w1>[a-z][a-z-]{2,})\s*(?P<r1>" + RATE_WORDS + r")(?![\w%])|"
               r"(?:\b(?:percentage|percent|share|proportion)|(?<![\d.\s])(?<!\bas)\s*%|^%)\s+(?:of\s+(?:the\s+)?)?(?P<w2>[a-z][a-z-]{2,})\b(?!\s+of\b)")
    return re.sub(pattern, rewrite, ql)


def _left(ql: str, table: Table, cols: list[Column], measures: list[Column]) -> str:
    """'free beds', 'beds are still free', 'seats left' -> 'beds - occupied' (the capacity less what is used)."""
    def rewrite(m: re.Match, word: str, adjective: str) -> str:
        if _owned(adjective, cols):
            return m.group(0)
        capacity = _measure_named(word, measures)
        if capacity is None:
            return m.group(0)
        used = [c for c in measures if c is not capacity and _dominates(capacity, c, table)]
        if len(used) != 1:
            return m.group(0)
        return f"{_phrase(capacity)} - {_phrase(used[0])}"

    before = r"\b(" + LEFT_WORDS + r")\s+([a-z][a-z-]{2,})\b"  # 'free beds'
    after = (r"\b([a-z][a-z-]{2,})\s+(?:(?:that\s+)?(?:are|is|were|was)\s+)?(?:still\s+)?(" + LEFT_WORDS
             + r")\b")  # 'beds are still free', 'seats left'
    ql = re.sub(before, lambda m: rewrite(m, m.group(2), m.group(1)), ql)
    return re.sub(after, lambda m: rewrite(m, m.group(1), m.group(2)), ql)


# A count and the count of the rest of the same whole: 'absences' over Enrolled and Present is Enrolled - Present.
COMPLEMENTS = (
    (r"absen(?:ces?|ts?|tees?)|absent|missing|no[- ]shows?", ("present", "attended", "attending", "attendance", "showed")),
    (r"on[- ]time|punctual", ("late", "delayed", "overdue")),
    (r"late|delayed", ("on time", "on-time", "ontime", "on time count")),
    (r"unsold|left unsold", ("sold",)),
    (r"fail(?:ed|ures?|s)?", ("passed", "pass", "passes", "succeeded", "successes")),
    (r"pass(?:ed|es)?|succeeded|successes", ("failed", "fails", "failures", "fail")),
    (r"unresolved|still open", ("resolved", "closed", "fixed")),
    (r"incomplete|unfinished|not done|not completed", ("completed", "done", "finished")),
)


def _complements(ql: str, table: Table, cols: list[Column], measures: list[Column]) -> str:
    """'absences' over Enrolled and Present, 'on time' over Parcels and Late: the whole less the counted part."""
    for words, counterparts in COMPLEMENTS:
        m = re.search(r"(?<![\w-])(?:" + words + r")(?![\w-])", ql)
        if m is None or _owned(m.group(0), cols) or any(m.group(0) in c.phrases for c in cols):
            continue
        counted = [c for c in measures if set(c.phrases) & set(counterparts)]
        if len(counted) != 1:
            continue
        wholes = [c for c in measures if c is not counted[0] and _dominates(c, counted[0], table)]
        if len(wholes) != 1:
            continue
        return ql[:m.start()] + f"{_phrase(wholes[0])} - {_phrase(counted[0])}" + ql[m.end():]
    return ql


def _profit(ql: str, cols: list[Column], measures: list[Column]) -> str:
    """'profit' over a revenue and a cost column (and no profit column) -> 'revenue - cost'."""
    m = PROFIT.search(ql)
    if m is None or _owned(m.group(0), cols) or re.match(r"\s*\(", ql[m.end():]):  # 'profit (revenue - cost)': defined
        return ql
    revenue = [c for c in measures if any(REVENUE.match(p) for p in c.phrases)]
    cost = [c for c in measures if any(COST.match(p) for p in c.phrases)]
    if len(revenue) != 1 or len(cost) != 1:
        return ql
    if re.search(r"(?<![\w])" + re.escape(_phrase(revenue[0])) + r"\s*(?:-|−|minus|less)\s*" + re.escape(_phrase(cost[0])), ql):
        return ql  # 'the total profit, that is revenue minus costs': the question spells the formula itself
    return ql[:m.start()] + f"{_phrase(revenue[0])} - {_phrase(cost[0])}" + ql[m.end():]


def _changes(ql: str, measures: list[Column]) -> str:
    """'the change from q1 to q2' -> 'q2 - q1'; 'the gap between mon and wed' -> 'mon absolute gap wed'."""
    m = CHANGE.search(ql)
    if m is None:
        return ql
    rest = ql[m.end():]
    names = sorted({p for c in measures for p in c.phrases}, key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    pair = re.match(r"(" + alt + r")\s+(?:to|and|->|→|vs\.?)\s+(?:the\s+)?(" + alt + r")(?![\w])", rest)
    if pair is None:
        return ql
    first = next(c for c in measures if pair.group(1) in c.phrases)
    second = next(c for c in measures if pair.group(2) in c.phrases)
    if first is second:
        return ql
    if m.group(1) and m.group(1) not in ("diff", "difference"):  # 'from q1 to q2': the later less the earlier
        formula = f"{_phrase(second)} - {_phrase(first)}"
    else:  # 'the gap between mon and wed': how far apart, either way
        formula = f"{_phrase(first)} absolute gap {_phrase(second)}"
    return ql[:m.start()] + formula + rest[pair.end():]
