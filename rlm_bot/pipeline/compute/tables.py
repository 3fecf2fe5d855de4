"""Questions over a table pasted in the message: lookup, filter, count, sum, average, max/min, sort, group.

`solve_table(q) -> Plan | None`. The host finds the table (table_parse), reads the question into a
`Request` — which columns it names, which cell values it mentions, which comparisons it makes and
what it wants done — and writes code that does the work in the sandbox over the table's rows. When
any part of the question is left unexplained (a number, a comparison, a column it cannot place) the
answer is None: a wrong table answer is worse than none.
"""

from __future__ import annotations

import re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan
from rlm_bot.pipeline.compute.table_derived import derive, split_header
from rlm_bot.pipeline.compute.table_code import (aggregate_plan, count_plan, distinct_plan, extreme_plan, filter_plan,
                                         first_order, group_extreme_plan, group_plan, lookup_plan, members_plan, ratio_total_plan, sort_plan, top_plan)
from rlm_bot.pipeline.compute.table_grid import solve_grid
from rlm_bot.pipeline.compute.table_parse import Table, find_table
from rlm_bot.pipeline.compute.table_question import (ADJECTIVES, COMPARISON_WORDS, MAX_WORDS, MIN_WORDS, QUESTION_WORDS,
                                             STOP_VALUES, UNIT_SYNONYMS, Column, Request, add_short_names,
                                             adjective_column,
                                             describe, free, read_question, tested)

__all__ = ["holds_table", "solve_table"]

# The question around a table is one or two sentences; a long text around it is a story or a puzzle.
MAX_QUESTION_CHARS = 300
# Requests for an opinion, a summary or prose about the data are the model's; so are differences the table
# does not hold ('how much is left in the budget': budget minus spent).
NOT_COMPUTED = re.compile(
    r"\b(summari[sz]e|summary|tl;?dr|what do you (?:think|make)|thoughts?|opinion|explain|why|insights?|trends?|"
    r"analy[sz]e|analysis|interpret|anything (?:odd|weird|interesting|wrong|off|stand)|stand out|look (?:right|ok|"
    r"good|fine)|review|compare|comparison|chart|plot|graph|visuali[sz]e|convert|reformat|format|rewrite|"
    r"translate|fix|clean|json|yaml|sql|query|code|script|pandas|excel|formula|pivot|should|recommend|suggest|"
    r"better|worse|prefer\w*|good|bad|"
    r"predict|forecast|estimate|correlat\w*|percent(?:age)?|share|ratio|rate|proportion|growth|change|difference|"
    r"vs\.?|versus)\b|\b(?:is|are|was|do we have|have we got)\s+(?:still\s+)?(?:left|remaining)\b")


# A paste of this many columns is a table: only the table reader answers over it.
TABLE_COLUMNS = 3


def holds_table(body: str) -> bool:
    """Whether `body` holds one pasted table of several columns (whose cells no list template should read)."""
    pasted = find_table(body)
    return pasted is not None and len(pasted.table.columns) >= TABLE_COLUMNS


def solve_table(q: Query) -> Plan | None:
    """A plan answering the question about the table pasted in the message, or None."""
    pasted = find_table(q.body)
    if pasted is None:
        return None
    question = " ".join(_without_caption(pasted).split())
    if not question or len(question) > MAX_QUESTION_CHARS:
        return None
    ql = re.sub(r"[?!.]+$", "", question.lower()).replace("’", "'").strip()
    ql = re.sub(r"^(?:(?:hey|hi|ok|so|pls|please|quick q(?:uestion)?|q)\b[\s,:!-]*)+", "", ql)
    ql = re.sub(r"[:\s]+$", "", ql)
    ql = PASTE_NOTE.sub(" ", ql)  # '(semicolon csv, dates day first)': how the paste is written
    ql = FORMAT_HINT.sub("", ql).strip()  # 'answer like `service: minutes`': how to write it, not what to compute
    cells = {v for i in range(len(pasted.table.columns)) for v in describe(pasted.table, i).values}
    ql = WHOLE_TABLE.sub(lambda m: _whole_table(m, cells), ql).strip()
    ql = PASTE_PLACE.sub(" ", ql).strip()
    share = SHARE_OF.match(ql)
    if share:  # 'what % of the tickets are closed': counted, then divided by the rows
        ql = "how many " + ql[share.end():]
    ql = RANGE.sub("range of ", ql)  # 'the difference between the highest and lowest salary': max minus min
    cols = [describe(pasted.table, i) for i in range(len(pasted.table.columns))]
    add_short_names(cols)
    if not any(c.dates for c in cols):  # 'how many jobs failed last night': when the whole paste is from
        ql = " ".join(WHEN_PASTED.sub(" ", ql).split())
    ql = COMPARATIVE_THEN.sub(r"\1 than", ql)  # 'longer then 200 km': the common slip for 'than'
    ql = split_header(ql, cols)  # 'gross in nov' over a gross_nov column: the header, before 'in nov' reads as a period
    ql = _measure_words(ql, cols)
    ql = _period_restated(ql, cols)
    ql, conversion = _conversion(ql, cols)
    ql = derive(ql, pasted.table, cols)  # 'late rate', 'free beds', 'profit': two columns' formula
    if NOT_COMPUTED.search(_without_headers(ql, cols)) or _remainder(ql, cols):
        return None
    grid = solve_grid(question, pasted.table, cols)
    if grid is not None:
        return grid
    ql = _asked(ql, cols)
    req = Request(share=bool(share), conversion=conversion)
    if not read_question(ql, cols, pasted.table, req):
        return None
    _defined_in_brackets(ql, req)
    plan = _plan(ql, question, pasted.table, cols, req)
    return plan if plan is None or not share or plan.template == "table_count" else None


# A note in brackets on how the paste is written: '(tab separated)', '(semicolon csv, dates day first)'.
PASTE_NOTE = re.compile(r"\([^()]*\b(?:csv|tsv|tab[- ]separated|tabs|semicolons?|comma[- ]separated|day first|"
                        r"month first|dd/mm(?:/yyyy)?|mm/dd(?:/yyyy)?|pasted|copied|exported|export)\b[^()]*\)")
# How the answer should be written, at the end of the question: 'answer like D1: x | D2: y', '(format: name - total)'.
FORMAT_HINT = re.compile(r"[\s,;.(-]*\b(?:(?:please\s+|pls\s+)?(?:answer|reply|respond|format(?:ted)?|output|write it|give it|"
                         r"show it|list it)\s+(?:it\s+)?(?:like|as|in (?:the|this) (?:form|format)(?: of)?|in the shape)|"
                         r"format)\s*:?\s*[`'\"]?[^?]*$")
# Units written as words, and the unit a column holds ('downtime minutes' over a duration_min column).
UNIT_WORDS_ASKED = {"minutes": "min", "mins": "min", "hours": "h", "hrs": "h", "seconds": "s", "secs": "s", "days": "d",
                    "km": "km", "kilometres": "km", "kilometers": "km", "kg": "kg", "kilos": "kg", "gb": "gb", "mb": "mb",
                    "ms": "ms", "milliseconds": "ms"}


def _measure_words(ql: str, cols: list[Column]) -> str:
    """The question with a word naming the one measure of its kind put as that column's name: 'spend' over the one
    money column ('amount'), 'minutes' over the one column in minutes ('duration_min'). Words that are some
    column's own name, or a unit after a number ('200 km'), are left."""
    phrases = {p for c in cols for p in c.phrases}
    measures = [c for c in cols if c.numeric and not c.identifier]
    money = [c for c in measures if any(re.search(r"[$€£¥₹]", v) for v in c.values) or re.search(
        r"[$€£¥₹]|\b(?:usd|eur|gbp|cost|amount|price|spend|total|value)\b", c.name.lower().replace("_", " "))]

    def named(m: re.Match) -> str:
        word = m.group(1)
        if word in phrases or re.search(r"\d\s*$", ql[:m.start(1)]):
            return m.group(0)
        if word in MONEY_WORDS and word not in ("paid",):
            found = money if _line_total(cols, set()) is None else []  # ('spend' over qty and price: qty × price)
        elif word in UNIT_WORDS_ASKED:
            found = [c for c in measures if c.unit == UNIT_WORDS_ASKED[word]]
        elif word in ("stock", "inventory") and not re.match(r"\s+(?:value|worth|costs?|prices?|\$|€|£)", ql[m.end():]):
            # 'sort by stock' over one qty column: how many are held ('stock value' is qty × price)
            found = [c for c in measures if re.fullmatch(r"qty|quantity|units|on hand|in stock|count|pcs", c.name.lower())]
        else:
            return m.group(0)
        return found[0].name.lower() if len(found) == 1 else m.group(0)

    ql = re.sub(r"\b([a-z]+)\b", named, ql)
    for c in measures:  # 'total volume in m3' over 'Volume m3': the unit of the answer, already the column's
        last = re.split(r"[\s_(\[]+", c.name.lower().strip(" )]"))[-1]
        if len(c.name.split()) > 1 or "_" in c.name:
            ql = re.sub(r"(?<=[a-z])\s+(?:in|as)\s+" + re.escape(last) + r"(?![\w])", "", ql)
    return ql


PER_PERIOD = {"month": "monthly|month|per month|mo", "week": "weekly|week|per week|wk", "day": "daily|day|per day",
              "year": "yearly|annual|annually|year|per year|yr|pa"}


def _period_restated(ql: str, cols: list[Column]) -> str:
    """'spend per month' over a MONTHLY_COST column: the period the column is already in, not a grouping."""
    for period, names in PER_PERIOD.items():
        if not any(c.numeric and re.search(r"(?:^|[\s_/-])(?:" + names + r")(?:$|[\s_/-])", c.name.lower()) for c in cols):
            continue
        if any(c.dates for c in cols):
            continue  # with a date column, 'per month' may group the rows
        ql = re.sub(r"\b(?:per|a|each|every)\s+" + period + r"\b", " ", ql)
    return " ".join(ql.split())


# When the rows happened, said of the whole paste ('failed last night', 'sold today').
WHEN_PASTED = re.compile(r"\b(?:last night|overnight|yesterday|today|tonight|this (?:morning|afternoon|evening))\b")
COMPARATIVE_THEN = re.compile(r"\b(more|less|fewer|greater|higher|lower|bigger|smaller|larger|longer|shorter|older|"
                              r"younger|heavier|lighter|cheaper|pricier|faster|slower|quicker|later|earlier|taller|"
                              r"wider|narrower|other)\s+then\b")
# A title above a table ('travel booking summary', 'Q3 export:') when the question is below it: a few words, no
# question mark, no request.
CAPTION = re.compile(r"^[^?]{1,60}$")
CAPTION_ASKS = re.compile(r"\b(what|which|who|how|when|where|can|could|would|pls|please|total|sum|count|list|show|sort|"
                          r"rank|find|give|tell|calculate|compute|work out|average|group|only|just|per|by|each|not)\b|"
                          r"[<>=]|(?<![\w.])\d+(?:[.,]\d+)?(?![\w])")  # ('Q3 export', 'for the 20ft' are names)


def _without_caption(pasted) -> str:
    """The words around the table, less a title above it when the question is below it."""
    before = pasted.before.strip()
    if pasted.after.strip() and before and len(before.split()) <= 6 and CAPTION.match(before) \
            and not CAPTION_ASKS.search(before.lower()):
        cells = {c.strip().lower() for row in pasted.table.rows for c in row}
        if not any(w in cells for w in re.findall(r"[\w-]+", before.lower())):  # 'overtime november' may filter
            return pasted.after
    return pasted.question


def _whole_table(m: re.Match, cells: set[str]) -> str:
    """'across all regions' is every row; 'of all shipped orders' keeps 'shipped', a cell value, as a test."""
    words = m.group(0).split()
    return " " + words[-1] if "all" in words and {words[-1], words[-1][:-1], words[-1][:-2]} & cells else " "


# What is left of a measure ('free beds', 'spare seats', 'how much is still outstanding', 'most absences'): a
# difference of two columns the table does not hold. Read as the column it names, the answer would be wrong.
REMAINDER = re.compile(r"\b(?:free|empty|vacant|spare|available|unused|unoccupied|unsold|unfilled|remaining|leftover)\s+"
                       r"([a-z][\w-]*)|\b([a-z][\w-]*)\s+(?:are|is)\s+(?:still\s+)?(?:free|empty|vacant|spare|available|unused|unoccupied|"
                       r"unsold|unfilled|remaining|left)\b|\b(outstanding|owed|owing|absen(?:ce|ces|t|tees?)|shortfall|headroom|balance|net)\b")


def _conversion(ql: str, cols: list[Column]) -> tuple[str, bool]:
    """'conversion rate lead→MQL', 'the mql to sql conversion', 'win rate from demo to close': the second stage as a
    percentage of the first ('mql as % of lead'), and whether such a rate was asked."""
    names = sorted({p for c in cols if c.numeric and not c.identifier for p in c.phrases}, key=len, reverse=True)
    if not names:
        return ql, False
    stage = "(" + "|".join(re.escape(n) for n in names) + ")"
    arrow = r"\s*(?:→|->|=>|>|\bto\b|\binto\b)\s*"
    rate = r"(?:conversion(?:\s+rate)?|conv(?:\.|ersion)?\s*%?|rate|ratio|%)"
    m = (re.search(r"\b" + rate + r"\s+(?:from\s+|of\s+)?" + stage + arrow + stage + r"(?![\w])", ql)
         or re.search(r"(?<![\w])(?:from\s+)?" + stage + arrow + stage + r"\s+" + rate + r"(?![\w])", ql))
    if m is None:
        return ql, False
    first, second = m.group(1), m.group(2)
    return ql[:m.start()] + f"{second} as % of {first}" + ql[m.end():], True


def _remainder(ql: str, cols: list[Column]) -> bool:
    """Whether the question asks what is left of a measure (a difference the table does not hold)."""
    phrases = {p for c in cols if c.numeric for p in c.phrases}
    values = {v for c in cols if not c.numeric for v in c.values} | {p for c in cols for p in c.phrases}
    for m in REMAINDER.finditer(ql):
        named = m.group(1) or m.group(2)
        if named and named in phrases or m.group(3) and m.group(3) not in values:
            return True
    return False


def _defined_in_brackets(ql: str, req: Request) -> None:
    """'stock value per category (stock × price)': a formula in brackets defines the measure the question names
    before it, so the mentions of its parts outside the brackets are that measure's words, not columns asked for."""
    for col, start, end in list(req.columns):
        if col.formula is None or col.formula[1] not in "*/+-" or not re.search(r"\(\s*$", ql[:start]) \
                or not re.match(r"\s*\)", ql[end:]):
            continue
        parts = {col.formula[0], col.formula[2]}
        req.columns = [x for x in req.columns if x[0].index not in parts or start <= x[1] < end]


SHARE_OF = re.compile(r"(?:what(?:'s| is)?\s+)?(?:the\s+)?(?:percent(?:age)?|%|share|proportion|fraction)\s+of\s+"
                      r"(?:(?:all\s+)?(?:the|our|my)\s+)?")
# Words about the whole paste: 'the table below' and 'over the week' are no comparisons, 'across all regions' is
# every row.
WHOLE_TABLE = re.compile(
    r"\b(?:(?:in|from|see|using|with)\s+)?(?:the\s+|this\s+|my\s+)?(?:table|data|list|sheet|csv|numbers|rows|export|"
    r"output|figures)\s+(?:below|above)\b|\bover (?:the|this|that|a|last) (?:week|month|year|quarter|period|day|sprint|"
    r"weekend)\b|\b(?:over|across|for|in)\s+(?:these|those)\s+(?:\d+|two|three|four|five|six|seven)\s+"
    r"(?:days|weeks|months|years|quarters|sprints|shifts|runs|rows|items)\b|"
    r"\b(?:over|across|for|in)\s+(?:all\s+)?(?:these|those)\s+[a-z][\w-]*s\b|\b(?:across|for|over|in|of|from)\s+all\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+)\b")
# 'below' / 'above' saying where the paste is ('the results below.', 'below is the price list', 'the employees below
# sorted by ...'): not followed by what a comparison compares with (a number, an average, a target).
PASTE_PLACE = re.compile(r"\b(?:(?:see|find|pasted|listed|shown|given|attached|copied|here(?:'s| is| are)?)\s+)?(?:below|above)\b"
                         r"(?!\s*(?:[-−$€£¥₹]?\d|(?:the\s+|an?\s+|our\s+|its\s+|their\s+)?(?:average|mean|median|zero|"
                         r"target|budget|goal|limit|threshold|par|quota|freezing|\d)))")
RANGE = re.compile(r"\b(?:the\s+)?(?:difference|gap|spread)\s+between\s+(?:the\s+)?(?:highest|largest|biggest|max(?:imum)?|top)"
                   r"\s+and\s+(?:the\s+)?(?:lowest|smallest|min(?:imum)?|bottom)(?:\s+(?:of\s+)?(?:the\s+)?)?|"
                   r"\b(?:the\s+)?range\s+(?:of\s+)?(?:the\s+)?")
ASK = re.compile(r"\b(what|which|who|whom|how|total|sum|add|average|avg|mean|median|count|list|show|find|give|tell|"
                 r"calculate|compute|work out|sort|rank|top|filter|highest|lowest|most|least|max|min)\b")


def _without_headers(ql: str, cols: list[Column]) -> str:
    """The question with the table's column names blanked: 'highest churn rate' asks nothing of a rate when
    'churn rate' is a column."""
    names = {p for c in cols for p in c.phrases} | {v for c in cols if not c.numeric for v in c.values if len(v) >= 3}
    for phrase in sorted(names, key=len, reverse=True):  # ('the growth plan' over a plan column holding 'Growth')
        ql = re.sub(r"(?<![\w])" + re.escape(phrase) + r"(?![\w])", " ", ql)
    return ql


# A sentence of the writer's own view or news beside the question: no part of what is asked of the rows.
ASIDE = re.compile(r"(?:i think|i guess|i suspect|i believe|i feel|i reckon|pretty sure|not sure|fyi|btw|seems|looks like|"
                   r"i'm worried|im worried|worried|hoping|hope|thanks|thank you|ty|cheers|need it for|it's for|its for)\b")


def _asked(ql: str, cols: list[Column]) -> str:
    """The question without the sentences around it that say nothing about the table's rows.

    'I exported our Q3 numbers. What's the total revenue?': the first sentence names no column, no cell
    value and no comparison; its 'Q3' describes the whole paste, so it is not read as a filter. A sentence
    that names any of them ('Only EMEA please.') is kept and read."""
    sentences = [x for x in re.split(r"(?<=[.!?:;])\s+", ql) if x.strip()]
    if len(sentences) < 2:
        return ql
    names = [p for c in cols for p in c.phrases] + [v for c in cols if not c.numeric for v in c.values
                                                    if len(v) >= 2 and v not in STOP_VALUES]
    if any("?" in x for x in sentences):  # 'how many hours did Maria work? i think she's over contract': an aside
        sentences = [x for x in sentences if "?" in x or not ASIDE.match(x) or re.search(r"\d", x)] or sentences
    kept = [x for x in sentences if ASK.search(x) or "?" in x or COMPARISON_WORDS.search(x)
            or any(re.search(r"(?<![\w])" + re.escape(n) + r"(?:s|es)?(?![\w])", x) for n in names)]
    return re.sub(r"[?!.:;]+(?=\s|$)", "", " ".join(kept)).strip() if kept else ql


# --- what the question asks for ---------------------------------------------------------------------

OVERALL = re.compile(r"\b(?:overall|across (?:everything|the board|the (?:whole )?(?:table|team|lot))|in total|"
                     r"all together|altogether|weighted|combined)\b")
SORT = re.compile(r"\b(sort|sorted|rank|ranked|arrange|arranged)\b|"
                  r"\b(?:order|ordered)\s+(?:(?:it|them|everything|rows)\s+|(?:this|these|those|the|my|our|all)\s+(?:[\w-]+\s+){0,2})?by\b")
ORDER_RANGE = re.compile(r"\b(?:highest|lowest|largest|smallest|biggest|most|least|high|low)\s+(?:to|->|→)\s+"
                         r"(?:lowest|highest|smallest|largest|biggest|least|most|low|high)\b")
GROUP = r"(?:per|by|for each|for every|each|grouped by|broken down by|breakdown by|split by)\s+"
LISTED_BY = re.compile(r"\bby\s+[\w ]+?,?\s+(?:the\s+)?(?:[a-z]+|most recent|least recent)\s+(?:first|on top|at the top)\b|"
                       r"\bby\s+[\w ]+?,?\s+(?:in\s+)?(?:asc|desc|ascending|descending|chronological|date)\s*(?:order)?\b")
MEMBERS = re.compile(r"^(?:group|list|show|split|sort|organi[sz]e|bucket|break|who|which|can you|could you|pls|please)\b|"
                     r"\b(?:group(?:ed)?|split|bucket(?:ed)?|broken down|organi[sz]ed?)\s+(?:them|these|everyone|"
                     r"people|by|into)\b")
COUNT = re.compile(r"\b(how many|count|number of)\b")
SUM = re.compile(r"\b(total|sum|combined|altogether|add up|added up|overall|how much)\b")
AVERAGE = re.compile(r"\b(average|avg|mean)\b")
MEDIAN = re.compile(r"\bmedian\b")
RANGED = re.compile(r"\brange of\b")
PEOPLE = re.compile(r"\b(name|owner|person|people|assignee|user|author|employee|member|rep|who|engineer|"
                    r"customer|client|on.?call|lead|manager|reviewer)s?\b")
FILTER = re.compile(r"^(which|who|whom|what|list|show|find|give|get|filter|select|display|any)\b|\b(which|who)\b")


# Winning and losing: the best row is the highest or the lowest by what the measure counts (POLARITY).
WINNING = re.compile(r"\b(won|winner|winning|came first|in the lead|leading|did best|performed best|best)\b")
LOSING = re.compile(r"\b(lost|loser|losing|came last|did worst|performed worst|worst)\b")
POLARITY = (("max", re.compile(r"\b(points?|scores?|votes?|wins|goals?|runs|revenue|sales|profits?|income|ratings?|"
                                r"stars|deals|signups|sign ups|orders|conversions?|uptime|margin|nps|earnings|"
                                r"sold|won|closed|output|throughput)\b")),
            ("min", re.compile(r"\b(time|duration|latency|costs?|spend|spent|errors?|bugs?|incidents?|churn|"
                                r"downtime|losses|lost|defects?|complaints?|rank|place|position|ms|p50|p90|p95|"
                                r"p99|strokes)\b")))
# First and last in time: the earliest or latest date (or year) of a column.
PERIODS = r"(?!\s+(?:week|month|year|quarter|day|night|time|sprint|run|release|\d|one|two|three|few|couple)\b)"
EARLIEST = re.compile(r"\b(earliest|first|soonest)\b" + PERIODS)
LATEST = re.compile(r"\b(latest|last|most recent(?:ly)?|newest)\b" + PERIODS)
# What may follow a bare superlative that names no column ('which store sold the most'): nothing more.
BARE_TAIL = re.compile(r"\s*(?:of (?:all|them|us)|overall|in total|so far|this (?:week|month|quarter|year))?\s*$")

# ... and the verbs that say the measure itself is meant ('sold the most'; 'grew the most' asks for a change).
BARE_VERB = re.compile(r"\b(?:what(?:'s|s| is| was)|has|have|had|did|does|do|is|was|were|are|got|gets|sold|sells|"
                       r"made|makes|earned|earns|"
                       r"spent|spends|scored|scores|received|receives|used|uses|closed|logged|booked|shipped|"
                       r"generated|brought in|paid|pays|ordered|bought|sent|handled|worked|costs?)\s+(?:the\s+)?$")

# Columns holding how many of a thing there are.
QUANTITY = re.compile(r"\b(qty|quantity|quantities|count|units|stock|inventory|pcs|pieces|on hand|number|amount)\b")


MONEY_HEADER = re.compile(r"(?:^|[\s_\-(/])(?:eur|usd|gbp|chf|cost|costs|price|paid|payout|amount|spend|spent|"
                          r"revenue|fee|fees|salary|budget)(?:$|[\s_\-)/])")


def _money(col: Column) -> bool:
    """Whether a numeric column holds money: a currency sign in its cells or a money word in its header."""
    return any(x in v for v in col.values for x in "$€£¥₹") or bool(MONEY_HEADER.search(col.name.lower()))


def _counts_a_measure(ql: str, cols: list[Column], cond_cols: set[int]) -> bool:
    """Whether 'how many X' names the unit of a numeric column ('how many hours' over 'Est (h)'): a sum of it."""
    m = re.search(r"\b(?:how many|number of)\s+([a-z]{2,})\b", ql)
    unit = UNIT_SYNONYMS.get(m.group(1)) if m else None
    if not unit:
        return False
    return any(c.numeric and c.index not in cond_cols and (c.unit == unit or any(
        UNIT_SYNONYMS.get(w) == unit for w in re.findall(r"[a-z]+", c.name.lower()))) for c in cols)


def _measure_counted(ql: str, cols: list[Column], cond_cols: set[int]) -> Column | None:
    """The one column in the unit 'how many X' names ('how many hours' over 'Est (h)'), or None."""
    m = re.search(r"\b(?:how many|number of)\s+([a-z]{2,})\b", ql)
    unit = UNIT_SYNONYMS.get(m.group(1)) if m else None
    found = [c for c in cols if unit and c.numeric and not c.identifier and c.index not in cond_cols and (
        c.unit == unit or any(UNIT_SYNONYMS.get(w) == unit for w in re.findall(r"[a-z]+", c.name.lower())))]
    return found[0] if len(found) == 1 else None


def _counts_a_value(ql: str, cols: list[Column]) -> bool:
    """Whether 'how many X' counts a cell value ('how many widgets' where an item is 'widget')."""
    m = re.search(r"\b(?:how many|number of)\s+([\w-]+)", ql)
    if m is None:
        return False
    word = m.group(1)
    return any({word, word[:-1], word[:-2]} & c.values for c in cols if not c.numeric)


def _plan(ql: str, question: str, table: Table, cols: list[Column], req: Request) -> Plan | None:
    for m in re.finditer(r"'s\s+([a-z][\w-]*)((?:\s+[a-z][\w-]*){0,2})", ql):
        if free(req, m.start(1), m.end(1)) and not free(req, m.start() - 1, m.start()) \
                and m.group(1) not in QUESTION_WORDS and free(req, m.start(2), m.end(2)):
            return None  # "Ann's score" with no score column: a lookup of something the table does not name
            # ('the team's on-call hours' names the hours column two words on)
    for m in re.finditer(r"\b(?:per|by|for each|for every|each|every|grouped by)\s+(?:(?:the|each|every|a|an)\s+)*"
                         r"([a-z][\w-]*)", ql):
        person = PEOPLE.fullmatch(m.group(1)) and AVERAGE.search(ql) and any(
            c.unique and not c.numeric and PEOPLE.search(c.name.lower()) for c in cols)
        # ('the average revenue per person' over one row per name: the mean over the rows)
        qualifier = any(s == m.end(1) + 1 and not c.numeric for c, s, _ in req.columns)
        # ('by plan tier' over a tier column: a word qualifying the column named next)
        if free(req, m.start(1), m.end(1)) and m.group(1) not in ("of", "one", "row", "line", "entry", "record") \
                and not person and not qualifier:
            return None  # 'total spent per quarter' with no quarter to group by: not a total of every row
    for col, start, _ in req.columns:
        per = re.search(r"\b([a-z][\w-]*)\s+(?:per|for each|for every)\s+(?:the\s+|each\s+|a\s+)?$", ql[:start])
        if per and col.numeric and free(req, per.start(1), per.end(1)) and per.group(1) not in QUESTION_WORDS \
                and per.group(1) not in ("amount", "value", "number", "count", "spent", "spend", "paid"):
            return None  # 'the lowest cost per conversion' with no cost column: a ratio of something unnamed
    extreme = _extreme(ql, cols, req)
    if extreme is None and (WINNING.search(ql) or LOSING.search(ql)):
        return None  # 'which vendor is best' with no measure that says what best is: an opinion
    if not (req.columns or req.conditions or extreme or COUNT.search(ql) or SUM.search(ql) or AVERAGE.search(ql)
            or MEDIAN.search(ql) or RANGED.search(ql) or req.top is not None):
        return None
    cond_cols = tested(req)
    mentioned = list({c.index: c for c, _, _ in req.columns}.values())  # 'sales ... the average sales': one column
    mentioned = [c for c in mentioned if not (c.unique and any(x is c and _row_noun(ql, s, req, c)
                                                                for x, s, _ in req.columns))]
    # ('which customers have a late order': the orders are the rows, named as what is counted, not asked for)
    mentioned = [c for c in mentioned if not (c.identifier and c.unique and all(
        ql[s:e].endswith("s") and ql[s:e] not in c.name.lower() for x, s, e in req.columns if x is c))]
    # ('the total of the shipped orders' over an order_id column: 'orders' are the rows)
    targets = [c for c in mentioned if c.numeric and not c.identifier and c.index not in cond_cols]
    label = _label_column(ql, cols, req)
    if extreme is not None and label.index == extreme[0].index:  # 'who joined last': name the row, not the date
        others = [c for c in cols if c.unique and not c.numeric and not c.dates and c.index != label.index]
        label = others[0] if others else label

    def placed(*roles: Column | None) -> bool:
        """Every column the question names has a part in the answer (else it asked something else)."""
        return {c.index for c in mentioned} <= cond_cols | {c.index for c in roles if c is not None}

    ratios = [c for c in targets if c.formula and c.formula[1] == "/"]
    grouped = _group_column(ql, req)
    if len(ratios) == 1 and not grouped and not req.top and AVERAGE.search(ql) and OVERALL.search(ql) \
            and placed(ratios[0]) and ratios[0].formula[1] == "/":
        return ratio_total_plan(table, req, ratios[0])  # 'average downtime per incident across everything'
    if ratios and not any(c.op == "==" and c.column.unique for c in req.conditions) and (
            SUM.search(ql) or AVERAGE.search(ql) or MEDIAN.search(ql) or grouped and not grouped.unique):
        return None  # 'avg value per deal' over several rows: the mean of the ratios, or total over total?
    sort = SORT.search(ql) or (re.match("", ql) if ORDER_RANGE.search(ql) or re.match(
        r"(?:list|show|give|display|get)\b", ql) and (first_order(ql, cols) or LISTED_BY.search(ql)) else None)
    # ('list everyone by start date, earliest first': every row, in that order)
    # ('... from highest to lowest', 'list the open tickets, oldest first')
    if sort:
        key = next((c for c in cols if c.unique and not c.numeric), None)
        return sort_plan(ql, table, cols, req, key, sort, placed, _better)
    group = _group_column(ql, req)
    counted = None if re.search(r"\b(?:average|avg|mean|median)\s+(?:number|count)\s+of\b", ql) else COUNT.search(ql)
    # ('the mean number of commits': the commits column averaged, not rows counted)
    summed = [c for c, s, _ in req.columns if counted and s == counted.end() + 1 and c.numeric and not c.identifier
              and c.index not in cond_cols and not c.percent and not any(x in v for v in c.values for x in "$€£¥₹")]
    # ('how many sales were over $1k' counts the sales: a column of money or one the question tests is not a count)
    if summed:  # 'how many requests did billing get': the requests column, added up
        counted, targets = None, summed
    adjectival = re.sub(r"\b(" + MAX_WORDS + "|" + MIN_WORDS + r")\s+(?:combined|total|overall)\b", r"\1", ql) \
        if extreme is not None else ql  # 'the highest combined score': the row with the most, not a sum
    agg = ("count" if counted else "sum" if summed else "range" if RANGED.search(ql) else
           "average" if AVERAGE.search(adjectival) else
           "median" if MEDIAN.search(ql) else "sum" if SUM.search(adjectival) else None)
    noun = [c for c, s, _ in req.columns if re.search(r"\b(?:how many|number of|count(?: of)?(?: the)?)\s+"
                                                   r"(?:(?:unique|distinct|different)\s+)?$", ql[:s])]
    if group is not None:
        targets = [c for c in targets if c.index != group.index]
        if label.index == group.index:  # 'group these by stage': the rows are named by another column
            names = [c for c in cols if c.unique and not c.numeric and not c.dates and c.index != group.index]
            label = names[0] if names else label
        measures = [c for c in cols if c.numeric and not c.identifier and c.index not in cond_cols | {group.index}]
        if agg in ("sum", "average", "median", "range") and not targets and len(measures) == 1 and (
                measures[0].unit_only or _names_measure(
                    " ".join(ql[:s] + " " + ql[e:] for c, s, e in req.columns if c is group), measures[0])):
            targets = measures  # 'avg latency per region' over a column headed 'ms': the header is only its unit
        if agg is None and extreme is None and len(targets) == 1 and not targets[0].percent:
            agg = "sum"  # 'spend per team' (a percentage column adds up to nothing meaningful)
        if agg is None and extreme is None and not targets and label.unique and not label.numeric \
                and label.index != group.index and MEMBERS.search(ql) and placed(group, label):
            return members_plan(table, req, group, label)  # 'group employees by department': names per group
        if agg == "count":  # 'how many tickets per assignee': the rows (tickets) counted in each group
            counted_rows = [c for c in noun[:1] if not c.numeric]
            if not placed(group, *counted_rows):
                return None
            title = counted_rows[0].name.capitalize() + ("" if counted_rows[0].name.endswith("s") else "s") \
                if counted_rows else "Rows"
            return group_plan(table, req, group, None, "count", title)
        if agg is None and extreme is not None:  # 'highest score in each team'
            return group_plan(table, req, group, extreme[0], extreme[1]) if placed(group, extreme[0]) else None
        if agg is None or len(targets) != 1 or not placed(group, targets[0]):
            return None
        return group_plan(table, req, group, targets[0], agg)
    if req.top is not None:
        measures = [c for c in cols if c.numeric and not c.identifier and c.index not in cond_cols]
        target = extreme[0] if extreme else (targets[0] if len(targets) == 1 else
                                             measures[0] if not targets and len(measures) == 1 else None)
        # ('top 2 teams' over a table with one measure: by that measure)
        if target is None or not placed(target, label) or not label.unique:
            return None
        return top_plan(table, req, label, target, req.top)
    if extreme is not None and not label.unique and TOTALED.search(ql) and not extreme[0].formula and \
            not extreme[0].dates and extreme[2] is None and placed(extreme[0], label):
        # 'who packed the most orders in total': several rows per packer, added up, the largest total
        return group_extreme_plan(table, req, label, extreme[0], extreme[1])
    doing = re.search(r"\bhow many\s+(?:did|does|do|has|have|had)\s+(?!.*\b(?:rows?|entries|records|lines|times)\b)", ql)
    if agg == "count" and doing and not noun and not targets:
        # 'how many did ana pick in total' over picker,day,boxes: no noun counted, the one measure added up
        measures = [c for c in cols if c.numeric and not c.identifier and c.index not in cond_cols]
        if len(measures) == 1 and placed(measures[0], label):
            return aggregate_plan(table, req, measures[0], "sum")
        return None  # several measures, or none: what is counted is not said
    if agg == "count" and _counts_a_measure(ql, cols, cond_cols):
        measured = _measure_counted(ql, cols, cond_cols)
        if measured is not None and placed(measured, label) and not targets:
            return aggregate_plan(table, req, measured, "sum")
        return None  # 'how many hours is lina on' over an hours column: her hours added up, not her rows
    if agg == "count":
        quantities = [c for c in cols if c.numeric and not c.identifier and QUANTITY.search(c.name.lower())
                      and c.index not in cond_cols]
        if _counts_a_value(ql, cols) and quantities:
            if len(quantities) == 1 and req.conditions and placed(quantities[0], label):
                return aggregate_plan(table, req, quantities[0], "sum")  # 'how many cement bags': their qty added
            return None  # 'how many widgets do we have' over a qty column: their quantity, not their rows
        if (targets and not req.conditions) or not placed(label, *noun[:1]):
            return None  # 'how many tickets does ops have' with a count column: a sum in disguise
        if re.search(r"\b(unique|distinct|different)\b", ql) and not noun:
            return None
        if not req.conditions and not noun and not re.search(
                r"\b(?:how many|number of|count(?: the)?)\s+(?:rows|entries|records|lines|items|are there)\b", ql):
            return None  # 'how many widgets do we have': not the number of rows
        if req.conditions and all(c.op == "==" and c.column.unique and not c.column.numeric for c in req.conditions):
            return None  # 'how many N shifts does Joel have': one row named; counting rows would answer 1
        if noun and not req.conditions and not COUNT_TAIL.fullmatch(ql[next(e for c, _, e in req.columns
                                                                          if c is noun[0]):]):
            return None  # 'how many wards are completely full': something is said of them that was not read
        if noun and not noun[0].numeric and not noun[0].unique and noun[0].index not in cond_cols:
            # ('how many customers' over orders; 'how many rsvps are a yes' counts the rows)
            return distinct_plan(table, req, noun[0])
        return count_plan(table, req, label)
    if agg == "sum" and not targets and not mentioned and re.search(SPENT, ql):
        line = _line_total(cols, cond_cols)
        if line is not None:  # 'total spend on this order?' over qty and unit price: qty × price, added up
            cols.append(line)
            req.columns.append((line, 0, 0))
            return aggregate_plan(table, req, line, "sum")
    if agg is not None:
        measures = [c for c in cols if c.numeric and not c.identifier and c.index not in cond_cols]
        if not targets and len(measures) == 1:
            targets = measures  # 'what's the total for Q3?' over a table with one measure
        tested_measures = [c for c in mentioned if c.numeric and not c.identifier and c.index in cond_cols]
        if not targets and not measures and len(tested_measures) == 1:
            targets = tested_measures  # 'the average of the scores below 50': the column tested is the one taken
        row_noun = label if label.unique and not label.numeric and (agg == "average" or not any(
            c is label and re.search(r"\b" + GROUP + r"$", ql[:s]) for c, s, _ in req.columns)) else None
        # ('the average price of items'; 'the average per person' over one row per person: across the people)
        if extreme is not None or len(targets) != 1 or not placed(targets[0], row_noun):
            return None
        if agg == "sum" and re.search(r"\bhow much\b", ql) and not _money(targets[0]) and any(
                _money(c) for c in measures if c.index != targets[0].index):
            return None  # 'how much did we pay out in claims' over claims and paid_eur: the money, not the count
        return aggregate_plan(table, req, targets[0], agg)
    if extreme is not None and not label.unique and not req.conditions:
        return None  # 'who logged the most hours' over several rows per person: a row, or a total?
    if extreme is not None:
        return extreme_plan(table, req, label, *extreme) if placed(extreme[0], label) else None
    rows_named = [c for c in req.conditions if c.column.unique and (c.op == "==" or c.op == "has" and sum(
        c.value in r[c.column.index].lower().split() for r in table.rows) == 1)]
    # ('Marlow's VAT number' over 'Marlow Packaging': a word naming one row)
    lookups = [c for c in mentioned if c.index not in cond_cols]
    if lookups and rows_named:  # 'what's Bob's salary', 'which team is Carol on'
        return lookup_plan(table, req, rows_named[0].column, lookups)
    terse = bool(req.columns) and req.columns[0][1] == 0 and req.columns[0][0] is label and label.unique
    # ('cities smaller than 100 km2?': the rows named first, then the test)
    if req.conditions and (FILTER.search(ql) or terse) and placed(label):
        return filter_plan(ql, table, req, label)
    return None


# A total over several rows of one name: 'in total', 'overall', 'altogether', 'combined'.
TOTALED = re.compile(r"\b(?:in total|total|totals|overall|altogether|combined|in all|all (?:week|month|year|together))\b")
# What may follow 'how many <rows>' when every row is counted.
COUNT_TAIL = re.compile(r"\s*(?:(?:are|is) there|do (?:we|you|i|they) have|have we got|(?:are|is) (?:listed|shown|"
                        r"in (?:the|this) (?:table|list))|(?:are )?listed|in total|total|altogether|(?:are )?there "
                        r"in total)?\s*")
SPENT = r"\b(spend|spent|cost|costs|bill|owe|pay|paid|order total|worth|value)\b"
UNIT_PRICE = re.compile(r"\b(price|unit price|unit cost|cost each|price each|rate|each)\b")


def _line_total(cols: list[Column], tested_cols: set[int]) -> Column | None:
    """qty × price as a column, when the table's measures are exactly one quantity and one price."""
    measures = [c for c in cols if c.numeric and not c.identifier and c.index not in tested_cols]
    qty = [c for c in measures if QUANTITY.search(" ".join(c.phrases)) and not UNIT_PRICE.search(" ".join(c.phrases))]
    price = [c for c in measures if UNIT_PRICE.search(" ".join(c.phrases))]
    if len(measures) != 2 or len(qty) != 1 or len(price) != 1:
        return None
    sign = next((x for v in price[0].values for x in "$€£¥₹" if x in v), "")
    return Column(len(cols), f"{qty[0].name} × {price[0].name}", (), True, False, False, False, False, False,
                  frozenset(), formula=(qty[0].index, "*", price[0].index), sign=sign)


def _row_noun(ql: str, start: int, req: Request, col: Column) -> bool:
    """Whether the column named at `start` names the rows themselves: 'a late order' (a cell value before it, tested),
    'an order' over an id or text column."""
    m = re.search(r"\b(?:a|an|any)\s+(?:([\w-]+)\s+)?$", ql[:start])
    if m is None:
        return False
    return not free(req, m.start(1), m.end(1)) if m.group(1) else col.identifier or not col.numeric


def _label_column(ql: str, cols: list[Column], req: Request) -> Column:
    """The column naming a row in the answer: the one asked for ('which region'), else the first unique text column."""
    for col, start, _ in req.columns:
        if re.search(r"\b(?:which|what|list|show|the|how many)\s+$", ql[:start]) and not col.numeric:
            return col
        if re.search(r"\bwhich\s+$", ql[:start]) and col.unique and not col.formula:
            return col  # 'which release had the most bugs' over releases 4.9, 4.10: the rows' names, though numbers
    named = [c for c, _, _ in req.columns if not c.numeric and c.index not in {x.column.index for x in req.conditions}]
    if len(named) == 1:  # 'most expensive item': the one text column the question names
        return named[0]
    if re.match(r"who\b|whom\b", ql):
        people = [c for c in cols if not c.numeric and PEOPLE.search(c.name.lower())]
        if people:
            return people[0]
    keyed = ([c for c in cols if c.unique and not c.numeric and not c.dates]
             or [c for c in cols if c.unique and c.identifier] or [c for c in cols if c.unique and not c.numeric]
             or [c for c in cols if not c.numeric] or cols)
    return keyed[0]


def _names_measure(before: str, measure: Column) -> bool:
    """'total per month', 'total spent per month': the words between the aggregate and the group name the one
    measure (by a verb that means it) or nothing."""
    before = re.sub(r"\s*\b(?:" + GROUP.replace("\\s+", "") + r")\s*$", "", " ".join(before.split()))
    agg = re.search(r"\b(?:total|sum|average|avg|mean|median)\b(?:\s+of)?\s*(.*)$", before)
    if agg is None:
        return False
    words = " ".join(re.sub(r"\b(?:the|our|we|did|do|was|were|is|are|amount)\b", " ", agg.group(1)).split())
    money = any(re.search(r"[$€£¥₹]", v) for v in measure.values) or bool(
        re.search(r"[$€£¥₹]|\b(?:usd|eur|gbp|cost|amount|price|spend|revenue)\b", measure.name.lower()))
    return not words or (words in ADJECTIVES and adjective_column(words, [measure]) is measure) or (
        money and words in MONEY_WORDS)  # 'total spend per person', 'total invoiced per client' over one money column


# What the one money column of a table is called in a question that does not use its header.
MONEY_WORDS = frozenset({"spend", "spent", "spending", "invoiced", "billed", "charged", "paid", "money", "cost",
                         "costs", "expenses"})


def _group_column(ql: str, req: Request) -> Column | None:
    for col, start, _ in req.columns:
        period = col.formula is not None and col.formula[1] == "period"  # 'monthly', 'per month'
        qualified = re.search(r"\b" + GROUP + r"(?:(?:the|their|its)\s+)?([a-z][\w-]*\s+)?$", ql[:start])
        # ('by plan tier' over a tier column, 'by the stage')
        if qualified and qualified.group(1) and not free(req, qualified.start(1), qualified.end(1)):
            qualified = None
        if (period or qualified) and not col.numeric and not col.unique:
            return col
        if not col.numeric and col.unique and not col.dates and (re.search(r"\b(?:for|in|of)\s+(?:each|every)\s+$", ql[:start])
                                                                  or re.search(r"\b" + GROUP + r"$", ql[:start]) and any(
                    c.formula and c.formula[1] in ("%", "/", "-", "gap") for c, _, _ in req.columns)):
            # ('late % by carrier' over one row per carrier: each row's rate, one per line)
            return col  # 'accounts per rep in each region' over one row per region: each row's value, one per line
    return None


def _extreme(ql: str, cols: list[Column], req: Request) -> tuple[Column, str, str | None] | None:
    """The column, direction and adjective of a superlative ('highest revenue', 'the oldest'), or None."""
    for words, (names, op, extreme) in ADJECTIVES.items():
        verb = op == "" and re.search(r"\b" + words + r"\s+(?:the\s+)?(?:(most|more)|(least|less))\s*$", ql)
        if verb:  # 'who earns the most', 'which item costs the least': the measure the verb means
            col = adjective_column(words, cols)
            return (col, "max" if verb.group(1) else "min", None) if col is not None else None
        if extreme and re.search(r"\b" + words.replace(" ", "[ -]") + r"\b", ql):  # 'lowest-paid' too
            col = adjective_column(words, cols)
            return (col, extreme, words) if col is not None else None
    cond_cols = tested(req)
    measures = [c for c in cols if c.numeric and not c.identifier and c.index not in cond_cols]
    named = [c for c, _, _ in req.columns if c.numeric and not c.identifier and c.index not in cond_cols]
    judged = WINNING.search(ql) or LOSING.search(ql)
    if judged and free(req, judged.start(), judged.end()):
        rates = [c for c in named if c.formula and c.formula[1] == "%"]
        if req.conversion and len(rates) == 1 and len(named) == 1:  # 'the best mql to sql conversion': the highest
            return rates[0], "max" if judged.re is WINNING else "min", None
        return _judged(judged, named or measures)
    comp = re.search(r"\b(?:(more|higher|bigger|larger|greater)|(fewer|less|lower|smaller))\b(?!\s+than\b)", ql)
    if comp and free(req, comp.start(), comp.end()) and any(c.op == "in" for c in req.conditions):
        pick = named or (measures if len(measures) == 1 else [])  # 'who had more sales, ann or bob'
        return (pick[0], "max" if comp.group(1) else "min", None) if len(pick) == 1 else None
    timed = _temporal(ql, cols, req)
    if timed is not None:
        return timed
    m = re.search(r"\b(" + MAX_WORDS + r")\b|\b(" + MIN_WORDS + r")\b", ql)
    if m is None or not free(req, m.start(), m.end()):
        return None
    direction = "max" if m.group(1) else "min"
    if not named and len(measures) == 1 and BARE_TAIL.fullmatch(ql[m.end():]) and BARE_VERB.search(ql[:m.start()]):
        return measures[0], direction, None  # 'which store sold the most': the table's one measure
    label = [c for c, s, e in req.columns if s == m.end() + 1 and not c.numeric and BARE_TAIL.fullmatch(ql[e:])]
    if not named and len(measures) == 1 and label and label[0].unique:
        return measures[0], direction, None  # 'what was the busiest day' over day,deploys: the row with the most
    after = [c for c, s, _ in req.columns if s >= m.end() and c.numeric and not c.identifier
             and c.index not in cond_cols]
    if after and re.fullmatch(r"\s*(?:\w+\s+){0,1}", ql[m.end():[s for c, s, _ in req.columns if c is after[0]][0]]):
        return after[0], direction, None
    numeric = [c for c, _, _ in req.columns if c.numeric and not c.identifier and c.index not in cond_cols]
    return (numeric[0], direction, None) if len(numeric) == 1 else None


def _better(col: Column) -> str | None:
    """'max' when more of the column is better (points, revenue), 'min' when less is (downtime, cost), else None."""
    words = " ".join(col.phrases)
    better = [d for d, names in POLARITY if names.search(words)]
    return better[0] if len(better) == 1 and not col.formula else None


def _judged(m: re.Match, candidates: list[Column]) -> tuple[Column, str, str | None] | None:
    """'which team won', 'which quarter was best': the one measure, highest or lowest by what it counts."""
    if len(candidates) != 1 or candidates[0].formula and candidates[0].formula[1] != "%":
        return None  # several measures, or a ratio made up in the question: which way is better is unknown
    col = candidates[0]
    words = " ".join(col.phrases) if not col.formula else col.name.lower().split(" as % of ")[0]
    # ('the worst error rate': a share of errors, where less is better)
    better = [d for d, names in POLARITY if names.search(words)]
    if len(better) != 1:
        return None  # a measure of unknown sense: is more of it better?
    winning = m.re is WINNING
    direction = better[0] if winning else {"max": "min", "min": "max"}[better[0]]
    return col, direction, None


def _temporal(ql: str, cols: list[Column], req: Request) -> tuple[Column, str, str | None] | None:
    """'who started first', 'the latest order', 'earliest signup': the earliest or latest date (or year)."""
    m = EARLIEST.search(ql) or LATEST.search(ql)
    if m is None or not free(req, m.start(), m.end()):
        return None
    if m.group(1) in ("first", "last") and not re.search(r"\b[a-z]{2,}(?:ed|up|in)\s+(?:the\s+)?$", ql[:m.start()]):
        return None  # 'who is first' may mean the first row or the first by name; 'joined first' is by date
    timed = [c for c in cols if c.dates or c.numeric and c.values and all(
        re.fullmatch(r"(?:19|20)\d\d", v) for v in c.values)]
    named = [c for c, _, _ in req.columns if c in timed]
    verbs = [c for c in timed if any(re.search(r"\b" + re.escape(p.split()[0]) + r"(?:ed|d|s)?\b", ql)
                                     for p in c.phrases if len(p.split()[0]) >= 3)]
    chosen = named or verbs or (timed if len(timed) == 1 else [])
    if len(chosen) != 1:
        return None
    return chosen[0], "min" if m.re is EARLIEST else "max", "earliest" if m.re is EARLIEST else "latest"
