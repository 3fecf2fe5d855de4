"""The code a table plan runs in the sandbox: shipped helpers, the table as data, the rows kept, the answer.

Each builder takes the read `Request` and returns a `Plan` whose code does the work (filter, count,
sum, extreme, sort, group) over the rows and phrases the answer for a person.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.plan import Plan, lit
from rlm_bot.pipeline.compute.ship import shipped
from rlm_bot.pipeline.compute.table_parse import Table
from rlm_bot.pipeline.compute.table_question import ADJECTIVES, Column, Request, adjective_column
from rlm_bot.pipeline.compute.table_runtime import as_date, listing, markdown, number, show

__all__ = ["aggregate_plan", "count_plan", "distinct_plan", "extreme_plan", "filter_plan", "group_extreme_plan", "group_plan", "members_plan",
           "lookup_plan", "ratio_total_plan", "sort_plan", "top_plan"]

DESCENDING = re.compile(r"\b(desc|descending|highest first|largest first|biggest first|most first|newest first|"
                        r"most recent first|recent first|"
                        r"latest first|high to low|z to a|z-a|reverse|decreasing)\b|"
                        r"\b(?:highest|largest|biggest|most|greatest|best|top|high|max|newest|latest|most recent|"
                        r"longest|tallest|heaviest)\s+(?:to|->|→|-)\s+(?:lowest|smallest|least|fewest|low|min|"
                        r"earliest|shortest|worst|bottom|lightest)\b")  # ('oldest to newest' is ascending by date)
ASCENDING = re.compile(r"\b(?:asc|ascending|increasing|lowest first|smallest first|least first|fewest first)\b|"
                       r"\b(?:lowest|smallest|least|fewest|low|min)\s+(?:to|->|→|-)\s+(?:highest|largest|biggest|most|"
                       r"high|max)\b")
TABLE_OUT = re.compile(r"\b(rows|entries|records|lines|table)\b")


def prelude(table: Table, req: Request, *helpers) -> str:
    """Shipped helpers, the table as data, and `keep`: the rows that pass the question's tests."""
    if (any(c.column.dates for c in req.conditions) or any(c.formula and c.formula[1] == "period"
                                                          for c, _, _ in req.columns)) and as_date not in helpers:
        helpers = (as_date, *helpers)
    code = "import re\n\n\n" + shipped(number, *helpers) + "\n\n\n"
    code += f"columns = {lit(list(table.columns))}\nrows = [\n"
    code += "".join(f"    {lit(list(r))},\n" for r in table.rows) + "]\n"
    for c in {c.index: c for c, _, _ in req.columns if c.formula}.values():  # 'qty*price': a column computed here
        a, op, b = c.formula
        if op == "period":  # 'per month': the date's year-month (or year, or day) as a column
            code += (f"for r in rows:\n    day = as_date(r[{a}], {c.day_first})\n"
                     f"    r.append(day[:{b}] if day else '')\ncolumns.append({lit(c.name)})\n")
            continue
        if op == "span":  # 'Mon-Wed': the columns from one to the other, added up
            code += (f"for r in rows:\n    parts = [number(x) for x in r[{a}:{b + 1}]]\n"
                     f"    value = None if None in parts else round(sum(parts), 4)\n"
                     f"    r.append('' if value is None else {lit(c.sign)} + (str(int(value)) if value == int(value) "
                     f"else str(value)))\ncolumns.append({lit(c.name)})\n")
            continue
        if op == "%":  # 'mql as a percentage of leads': a share, written with its % sign
            code += (f"for r in rows:\n    a, b = number(r[{a}]), number(r[{b}])\n"
                     f"    r.append('' if a is None or not b else str(round(100 * a / b, 2)) + '%')\n"
                     f"columns.append({lit(c.name)})\n")
            continue
        worked = "abs(a - b)" if op == "gap" else f"a {op} b"  # 'the gap between mon and wed': either way round
        code += (f"for r in rows:\n    a, b = number(r[{a}]), number(r[{b}])\n"
                 f"    value = None if a is None or b is None or {op == '/'} and b == 0 else round({worked}, 4)\n"
                 f"    r.append('' if value is None else {lit(c.sign)} + (str(int(value)) if value == int(value) "
                 f"else str(value)))\ncolumns.append({lit(c.name)})\n")
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
        elif c.op in ("full", "partial"):  # 'done/total' cells
            parts = f"[int(x) for x in {cell}.split('/')]"
            tests.append(f"{parts}[0] {'==' if c.op == 'full' else '<'} {parts}[1]")
        elif c.other:
            tests.append(f"number({cell}) is not None and number(r[{c.value}]) is not None and "
                         f"number({cell}) {c.op} number(r[{c.value}])")
        elif c.op == "period":  # value 'YYYY-MM', 'MM' or 'YYYY'
            day = f"as_date({cell}, {c.column.day_first})"
            part = {7: "[:7]", 2: "[5:7]", 4: "[:4]"}[len(c.value)]
            tests.append(f"{day} is not None and {day}{part} == {lit(c.value)}")
        elif c.op in ("has", "lacks"):  # one word of the cell ('Ubuntu 22' has 'ubuntu')
            word = lit(r"(?<![\w-])" + re.escape(str(c.value)) + r"(?![\w-])")
            found = f"re.search({word}, {cell}.lower())"
            tests.append(found if c.op == "has" else f"not {found}")
        elif c.op == "zero":
            tests.append(f"(number({cell}) or 0) == 0")
        elif c.value == "":
            tests.append(f"{cell}.strip() {c.op} ''")
        elif c.column.numeric or not isinstance(c.value, (str, tuple)):
            tests.append(f"number({cell}) is not None and number({cell}) {c.op} {c.value!r}")
        else:
            tests.append(f"{cell}.strip().lower() {c.op} {lit(c.value)}")
    code += f"keep = [r for r in rows if {' and '.join(tests)}]\n" if tests else "keep = rows\n"
    return code


def where_text(req: Request) -> str:
    """The tests of the question in words ("team is eng and age > 30")."""
    return " and ".join(c.text for c in req.conditions)


def plan_of(kind: str, code: str, explanation: str) -> Plan:
    """A table Plan of `kind` with its code and explanation."""
    return Plan("table_aggregation", code, explanation, specificity=0.93, template=f"table_{kind}")


def count_plan(table: Table, req: Request, label: Column) -> Plan:
    """Count the rows that pass the tests (and name them when few)."""
    where = where_text(req)
    code = prelude(table, req, listing)
    if where and req.share:
        code += ("share = round(100 * len(keep) / len(rows), 1)\n"
                 "(str(int(share)) if share == int(share) else str(share)) + '% (' + str(len(keep)) + ' of ' + "
                 f"str(len(rows)) + {lit(f' rows match ({where}))')}")
        return plan_of("count", code, f"Counted the rows where {where} and divided by all rows.")
    if where:
        code += (f"names = [r[{label.index}] for r in keep]\n"
                 f"answer = str(len(keep)) + ' of ' + str(len(rows)) + {lit(f' rows match ({where})')}\n"
                 "answer + (': ' + listing(names) if 0 < len(names) <= 10 else '.')")
    else:
        code += "str(len(keep)) + ' rows.'"
    return plan_of("count", code, "Counted the table's rows" + (f" where {where}." if where else "."))


def distinct_plan(table: Table, req: Request, col: Column) -> Plan:
    """Count the different values of `col` among the rows that pass the tests."""
    where = where_text(req)
    code = prelude(table, req, listing)
    code += (f"seen = []\nfor r in keep:\n    if r[{col.index}].strip() and r[{col.index}].strip().lower() not in "
             f"[s.lower() for s in seen]:\n        seen.append(r[{col.index}].strip())\n"
             f"str(len(seen)) + {lit(' different ' + col.name + ' values' + (f' where {where}' if where else '') + ': ')}"
             " + listing(seen)")
    return plan_of("count", code, f"Counted the different {col.name!r} values"
                    + (f" in the rows where {where}." if where else "."))


def aggregate_plan(table: Table, req: Request, target: Column, agg: str) -> Plan:
    """Sum, average or median of `target` over the rows that pass the tests."""
    where = where_text(req)
    i = target.index
    code = prelude(table, req, show)
    code += f"values = [number(r[{i}]) for r in keep if number(r[{i}]) is not None]\n"
    if agg == "sum":
        code += "value = sum(values)\n"
    elif agg == "average":
        code += "value = sum(values) / len(values)\n"
    elif agg == "range":
        code += "value = max(values) - min(values)\n"
    else:
        code += ("ordered = sorted(values)\nmiddle = len(ordered) // 2\n"
                 "value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2\n")
    word = {"sum": "Total", "average": "Average", "median": "Median", "range": "Highest minus lowest"}[agg]
    tail = f" where {where}" if where else ""
    code += (f"cells = [r[{i}] for r in rows]\n"
             f"{lit(word + ' ' + target.name + ': ')} + show(value, cells, {agg not in ('sum', 'range')}) + ' (' + str(len(values)) + "
             f"(' row' if len(values) == 1 else ' rows') + {lit(tail + ')')}")
    return plan_of(agg, code, f"Took the {agg} of the {target.name!r} column over the rows{tail}.")


def ratio_total_plan(table: Table, req: Request, ratio: Column) -> Plan:
    """'the overall downtime per incident': one column's total over the other's (a weighted average), not the mean of
    each row's ratio."""
    a, _, b = ratio.formula
    where = where_text(req)
    code = prelude(table, req, show)
    code += (f"top = sum(number(r[{a}]) for r in keep if number(r[{a}]) is not None)\n"
             f"bottom = sum(number(r[{b}]) for r in keep if number(r[{b}]) is not None)\n"
             f"{lit(f'Overall {table.columns[a]} per {table.columns[b]}: ')} + show(top / bottom, [], True) + "
             f"' (' + show(top, [r[{a}] for r in rows]) + ' / ' + show(bottom, [r[{b}] for r in rows]) + "
             f"{lit((' where ' + where) if where else '')} + ')'")
    return plan_of("average", code, f"Divided the total {table.columns[a]!r} by the total {table.columns[b]!r}"
                    + (f" over the rows where {where}." if where else "."))


def extreme_plan(table: Table, req: Request, label: Column, target: Column, direction: str,
                  adjective: str | None) -> Plan:
    """The row(s) with the highest or lowest `target`, named by `label`."""
    where = where_text(req)
    i = target.index
    word = {"max": "latest", "min": "earliest"}[direction] if target.dates else \
        {"max": "highest", "min": "lowest"}[direction]
    key = f"as_date(r[{i}], {target.day_first})" if target.dates else f"number(r[{i}])"
    code = prelude(table, req, listing, *((as_date,) if target.dates else ()))
    code += (f"scored = [r for r in keep if {key} is not None]\n"
             f"best = {direction}({key} for r in scored)\n"
             f"winners = [r[{label.index}] for r in scored if {key} == best]\n"
             f"cell = [r[{i}] for r in scored if {key} == best][0]\n")
    among = f" + {lit(' among the rows where ' + where)}" if where else ""
    if adjective:
        code += (f"verb = ' is' if len(winners) == 1 else ' are'\n"
                 f"answer = listing(winners) + verb + {lit(' the ' + str(adjective))}{among} + {lit(' (' + target.name + ' ')} + cell + ').'\n")
    else:
        code += (f"verb = ' has' if len(winners) == 1 else ' have'\n"
                 f"answer = listing(winners) + verb + {lit(' the ' + word + ' ' + target.name)}{among} + ': ' + cell + '.'\n")
    if label.unique:
        code += "answer"
    else:  # 'most incidents in Q3' names one row per service; over several rows each it would mean a total
        code += (f"names = [r[{label.index}].strip().lower() for r in scored]\n"
                 f"answer if len(set(names)) == len(names) else {lit('Ambiguous: several rows per ' + label.name)}")
    return plan_of(direction, code, f"Found the {word} {target.name!r} among the rows"
                    + (f" where {where}." if where else "."))


def top_plan(table: Table, req: Request, label: Column, target: Column, top: tuple[str, int]) -> Plan:
    """The first N rows by `target` (largest first for top/first, smallest for bottom/last)."""
    i = target.index
    biggest = top[0] in ("top", "first")
    code = prelude(table, req, listing)
    code += (f"scored = [r for r in keep if number(r[{i}]) is not None]\n"
             f"ranked = sorted(scored, key=lambda r: number(r[{i}]), reverse={biggest})[:{top[1]}]\n"
             f"listing([r[{label.index}] + ' (' + r[{i}] + ')' for r in ranked])")
    return plan_of("top", code, f"Sorted the rows by {target.name!r} and kept the {top[0]} {top[1]}.")


def lookup_plan(table: Table, req: Request, label: Column, lookups: list[Column]) -> Plan:
    """The `lookups` cells of the row(s) the question names."""
    code = prelude(table, req)
    if len(lookups) == 1:
        c = lookups[0]
        if label.numeric:  # 'the price of sku 6001': the value first, not the key's number
            code += (f"found = [(r[{c.index}] or '(blank)') + {lit(f' ({c.name} of {label.name} ')} + r[{label.index}] + ')'"
                     f" for r in keep]\n")
        else:
            code += (f"found = [r[{label.index}] + \"'s {c.name} is \" + (r[{c.index}] or '(blank)') for r in keep]\n")
    else:
        parts = " + ', ' + ".join(f"{lit(c.name + ' is ')} + (r[{c.index}] or '(blank)')" for c in lookups)
        code += f"found = [r[{label.index}] + ': ' + {parts} for r in keep]\n"
    code += "'; '.join(found) + '.' if found else 'No row matches.'"
    return plan_of("lookup", code, "Looked the row up and read " + ", ".join(repr(c.name) for c in lookups) + ".")


def filter_plan(ql: str, table: Table, req: Request, label: Column) -> Plan:
    """The rows that pass the tests: their labels, or a Markdown table when rows were asked for."""
    where = where_text(req)
    code = prelude(table, req, listing, markdown)
    if TABLE_OUT.search(ql) and re.match(r"(list|show|give|get|filter|select|display)\b", ql):
        code += (f"str(len(keep)) + {lit(f' rows match ({where})')} + (':\\n' + markdown(columns, keep) if keep else '.')")
    else:
        code += (f"names = [r[{label.index}] for r in keep]\n"
                 + ("" if label.unique else "names = list(dict.fromkeys(names))\n")  # 'which customers': each once
                 + f"(str(len(names)) + {lit(f' match ({where}): ')} + listing(names)) if names else {lit(f'None match ({where}).')}")
    return plan_of("filter", code, f"Kept the rows where {where}.")


def group_plan(table: Table, req: Request, group: Column, target: Column | None, agg: str,
               counted: str = "Rows") -> Plan:
    """Rows grouped by `group`: a count (of `counted`), or the sum/average/median/max/min of `target`, per group."""
    where = where_text(req)
    g = group.index
    code = prelude(table, req, show)
    code += "groups = {}\n"
    if target is None:
        code += (f"for r in keep:\n    groups[r[{g}]] = groups.get(r[{g}], 0) + 1\n"
                 "totals = groups\n")
        title = f"{counted} per {group.name}"
        shown = "str(totals[key])"
    else:
        t = target.index
        code += (f"for r in keep:\n    if number(r[{t}]) is not None:\n"
                 f"        groups.setdefault(r[{g}], []).append(number(r[{t}]))\n")
        reduce = {"sum": "sum(v)", "average": "sum(v) / len(v)", "median": "sorted(v)[len(v) // 2]",
                  "range": "max(v) - min(v)",
                  "max": "max(v)", "min": "min(v)"}[agg]
        code += f"totals = {{key: {reduce} for key, v in groups.items()}}\ncells = [r[{t}] for r in rows]\n"
        word = {"sum": "Total", "average": "Average", "median": "Median", "max": "Highest", "min": "Lowest",
                "range": "Highest minus lowest"}[agg]
        title = f"{target.name} per {group.name}" if group.unique else f"{word} {target.name} per {group.name}"
        # (one row per group: each row's own value, not a total)
        shown = f"show(totals[key], cells, {agg in ('average', 'median')})"
    title += f" (where {where})" if where else ""
    by_time = group.formula is not None and group.formula[1] == "period"  # months in calendar order
    code += ("order = sorted(totals)\n" if by_time else "order = sorted(totals, key=lambda key: (-totals[key], key))\n")
    code += (f"{lit(title + ':')} + ''.join('\\n• ' + (key or '(blank)') + ': ' + {shown} for key in order)")
    return plan_of("group", code, f"Grouped the rows by {group.name!r} and took the {agg} of each group.")


def group_extreme_plan(table: Table, req: Request, group: Column, target: Column, direction: str) -> Plan:
    """'who packed the most orders in total' over several rows per packer: `target` added up per `group`, then the
    group with the highest (or lowest) total; a tie is said to be one."""
    where = where_text(req)
    g, t = group.index, target.index
    word = {"max": "highest", "min": "lowest"}[direction]
    code = prelude(table, req, show)
    code += (f"totals = {{}}\nfor r in keep:\n    if number(r[{t}]) is not None:\n"
             f"        key = r[{g}].strip()\n        totals[key] = totals.get(key, 0) + number(r[{t}])\n"
             f"best = {direction}(totals.values())\nwinners = [key for key, v in totals.items() if v == best]\n"
             f"cells = [r[{t}] for r in rows]\n"
             f"(winners[0] + {lit(f' has the {word} total {target.name}: ')} + show(best, cells, False) + ' ('"
             f" + ', '.join(key + ' ' + show(v, cells, False) for key, v in totals.items()) + ')') if len(winners) == 1 else "
             f"{lit('Ambiguous: a tie for the ' + word + ' total')}")
    return plan_of(direction, code, f"Added up {target.name!r} for each {group.name!r} and took the {word} total"
                    + (f" over the rows where {where}." if where else "."))


def members_plan(table: Table, req: Request, group: Column, label: Column) -> Plan:
    """The rows' names (`label`) under each value of `group`, one group a line ('Inbound: Nadia, Goran'), the
    groups and their members in the table's order."""
    where = where_text(req)
    g, n = group.index, label.index
    title = f"{label.name} by {group.name}" + (f" (where {where})" if where else "") + ":"
    code = prelude(table, req)
    code += ("groups = {}\n"
             f"for r in keep:\n    groups.setdefault(r[{g}].strip() or '(blank)', []).append(r[{n}].strip())\n"
             f"{lit(title)} + ''.join('\\n' + key + ': ' + ', '.join(names) for key, names in groups.items())")
    return plan_of("group", code, f"Listed the {label.name!r} of each {group.name!r}, in the table's order.")


def sort_plan(ql: str, table: Table, cols: list[Column], req: Request, key: Column | None, sort: re.Match,
               placed, better=lambda col: None) -> Plan | None:
    """All rows (or the top N) sorted by the column named after "by", as a Markdown table.

    `better(col)` says whether more ("max") or less ("min") of a column is better, or None when unknown ('worst
    first' then has no order).

    Text sorts only by the key column (names, titles) or when asked alphabetically: a category column
    (severity, priority) in letter order is not the order meant."""
    after = [(c, s) for c, s, _ in req.columns if s >= sort.start() and c.index not in
             {x.column.index for x in req.conditions}]
    after = [(c, s) for c, s in after if re.search(r"\bby\s+(?:the\s+)?(?:their\s+|its\s+)?$", ql[:s])]
    ranged = None if after else _ranged(ql[sort.start():], cols, req) or first_order(ql, cols)
    # ('sort it from cheapest to most expensive', 'the open tickets, oldest first')
    if ranged is not None and placed(ranged[0], key):
        col, descending = ranged
    elif not after or not placed(after[0][0], key):  # 'rank the teams by points': the rows named, then the order
        return None
    else:
        col = after[0][0]
        descending = not ASCENDING.search(ql) and (bool(DESCENDING.search(ql)) or bool(re.search(r"\brank", ql))
                                                    and col.numeric)
        first = re.search(r"\b([a-z]+(?: [a-z]+)?) first\b", ql)
        named = next((w for w in ADJECTIVES if ADJECTIVES[w][2] and first and re.fullmatch(r"(?:.* )?" + w, first.group(1))), None)
        if named is not None and adjective_column(named, cols) is col:  # 'by age, oldest first': the most years first
            descending = ADJECTIVES[named][2] == "max"
        elif named is not None and col.numeric and not col.identifier and adjective_column(named, cols) is None \
                and named in ("longest", "shortest", "heaviest", "lightest", "tallest"):
            descending = ADJECTIVES[named][2] == "max"  # 'by km, longest first': the column the order is by
        judged = re.search(r"\b(best|worst)\s+(?:first|on top|at the top)\b", ql)
        if judged:  # 'by downtime, worst first': the most downtime first, as less of it is better
            if better(col) is None:
                return None
            descending = (better(col) == "max") == (judged.group(1) == "best")
    if not (col.numeric or col.dates or col is key or re.search(r"\b(alphabetic\w*|a-z|a to z)\b", ql)):
        return None  # 'sort by severity': high/low/medium in letter order is not what was meant
    i = col.index
    names = "" if key is None or key is col else f"', '.join(r[{key.index}] for r in ordered) + '\\n\\n' + "
    # (the names in their new order first, the result a person reads; then the rows)
    if col.numeric:
        key = f"number(r[{i}]) if number(r[{i}]) is not None else float('-inf')"
        helpers = ()
    elif col.dates:
        key = f"as_date(r[{i}], {col.day_first}) or ''"
        helpers = (as_date,)
    else:
        key = f"r[{i}].lower()"
        helpers = ()
    code = prelude(table, req, *helpers, markdown)
    limit = f"[:{req.top[1]}]" if req.top else ""
    code += (f"ordered = sorted(keep, key=lambda r: {key}, reverse={descending}){limit}\n"
             f"{names}{lit(f'Sorted by {col.name} (' + ('descending' if descending else 'ascending') + '):')} + '\\n' + markdown(columns, ordered)")
    return plan_of("sort", code, f"Sorted the rows by {col.name!r}, {'descending' if descending else 'ascending'}.")


FIRST = re.compile(r"\b((?:most|least)\s+[a-z]+|[a-z]+)\s+first\b")


def first_order(ql: str, cols: list[Column]) -> tuple[Column, bool] | None:
    """(column, descending) of an order named by what comes first: 'oldest first' (age, descending), 'cheapest first'
    (price, ascending); None when no adjective names one column."""
    m = FIRST.search(ql)
    if m is None or m.group(1) not in ADJECTIVES or not ADJECTIVES[m.group(1)][2]:
        return None
    col = adjective_column(m.group(1), cols)
    return (col, ADJECTIVES[m.group(1)][2] == "max") if col is not None else None


def _ranged(text: str, cols: list[Column], req: Request) -> tuple[Column, bool] | None:
    """(column, descending) of an order named by its two ends and no 'by': 'from cheapest to most expensive' (the
    price column, ascending), 'oldest to youngest' (age, descending), 'highest to lowest' over one measure."""
    ends = re.search(r"\b(?:from\s+)?(?:the\s+)?([a-z]+(?:\s+[a-z]+)?)\s+(?:to|->|→)\s+(?:the\s+)?([a-z]+(?:\s+[a-z]+)?)\b", text)
    if ends is None:
        return None
    first = next((w for w in sorted(ADJECTIVES, key=len, reverse=True)
                  if ADJECTIVES[w][2] and re.fullmatch(r"(?:.*\s)?" + w, ends.group(1))), None)
    if first is not None:
        col = adjective_column(first, cols)
        return (col, ADJECTIVES[first][2] == "max") if col is not None else None
    if not (DESCENDING.search(text) or ASCENDING.search(text)):
        return None
    tested_cols = {c.column.index for c in req.conditions}
    named = [c for c, _, _ in req.columns if c.numeric and not c.identifier and c.index not in tested_cols]
    measures = named or [c for c in cols if c.numeric and not c.identifier and c.index not in tested_cols]
    return (measures[0], not ASCENDING.search(text)) if len(measures) == 1 else None
