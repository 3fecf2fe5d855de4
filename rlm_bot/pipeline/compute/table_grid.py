"""Questions over a grid: a key column and columns of short codes (a rota, an attendance sheet, a matrix of Y/N).

`solve_grid(question, table, cols) -> Plan | None`. In a grid every cell past the key is one of a few codes
('D', 'N', '-'; 'Y'/'N'; '✓'); a question names a code, a row (by its key) and/or a column, and asks how many
or who: 'how many N shifts does Joel have' counts Joel's N cells, "who's on nights (N) on Wednesday" lists the
rows with N under Wed, 'what is Ines on Tuesday' reads a cell. A code of one letter counts only when written
as such (capital, or in brackets): a lower-case 'a' is a word. Anything else (a number, a comparison, two
codes) is left to the other table forms, which decline it.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.plan import Plan, lit
from rlm_bot.pipeline.compute.table_parse import Table
from rlm_bot.pipeline.compute.table_question import COMPARISON_WORDS, Column

__all__ = ["solve_grid"]

MAX_CODES = 8  # different cell values a grid's columns share
MIN_CODE_COLUMNS = 3
HOW_MANY = re.compile(r"\b(how many|number of|count)\b")
WHO = re.compile(r"^(?:who|which|list|show)\b|\b(?:who|which)\b")
WHAT = re.compile(r"^(?:what|whats)\b")


def _is_grid(table: Table, cols: list[Column]) -> bool:
    key, rest = cols[0], cols[1:]
    if not key.unique or key.numeric or len(rest) < MIN_CODE_COLUMNS or any(c.numeric or c.dates for c in rest):
        return False
    codes = {r[c.index].strip() for r in table.rows for c in rest}
    return len(codes) <= MAX_CODES and all(len(v) <= 12 for v in codes)


def _codes_named(question: str, table: Table, cols: list[Column]) -> set[str]:
    codes = {r[c.index].strip() for r in table.rows for c in cols[1:]} - {""}
    found = set()
    for code in codes:
        if len(code) == 1 and code.isalpha():  # 'N' as a capital on its own or '(n)'; not the article 'a'
            if re.search(r"(?<![\w'’])" + re.escape(code.upper()) + r"(?![\w'’])", question) or \
                    re.search(r"\(\s*" + re.escape(code) + r"\s*\)", question, re.I):
                found.add(code)
        elif not code.isalnum() or len(code) >= 2:
            if re.search(r"(?<![\w])" + re.escape(code.lower()) + r"(?![\w])", question.lower()) and code not in "-–—":
                found.add(code)
    return found


def solve_grid(question: str, table: Table, cols: list[Column]) -> Plan | None:
    """A plan counting or listing a grid's codes by row and column, or None when the table is no grid."""
    if not _is_grid(table, cols):
        return None
    ql = question.lower()
    if re.search(r"\d", ql) or COMPARISON_WORDS.search(ql):
        return None
    key = cols[0]
    rows = [v for v in key.values if re.search(r"(?<![\w])" + re.escape(v) + r"(?:'s)?(?![\w])", ql)]
    named = [c for c in cols[1:] if any(re.search(r"(?<![\w])" + re.escape(p) + r"(?![\w])", ql) for p in c.phrases)]
    codes = _codes_named(question, table, cols)
    if len(rows) > 1 or len(codes) > 1 or len(named) > 1:
        return None
    row = rows[0] if rows else None
    shown = next((r[0].strip() for r in table.rows if r[0].strip().lower() == row), row)  # as the table writes it
    where = [named[0].index] if named else [c.index for c in cols[1:]]
    head = f"columns = {lit(list(table.columns))}\nrows = [\n" + "".join(f"    {lit(list(r))},\n" for r in table.rows) + "]\n"
    if codes and HOW_MANY.search(ql) and (row is not None or named):
        code = codes.pop()
        picked = f"[r for r in rows if r[0].strip().lower() == {lit(row)}]" if row is not None else "rows"
        body = (f"cells = [r[i].strip() for r in {picked} for i in {where!r}]\n"
                f"n = sum(1 for c in cells if c == {lit(code)})\n"
                f"str(n) + {lit(' ' + code + ' cells' + (f' for {shown}' if row else '') + (f' under {named[0].name}' if named else '') + '.')}")
        return Plan("table_aggregation", head + body, f"Counted the {code!r} cells of the grid.", specificity=0.93,
                    template="table_grid")
    if codes and WHO.search(ql) and named and row is None:
        code = codes.pop()
        body = (f"names = [r[0] for r in rows if r[{named[0].index}].strip() == {lit(code)}]\n"
                f"', '.join(names) if names else {lit(f'Nobody has {code} under {named[0].name}.')}")
        return Plan("table_aggregation", head + body, f"Listed the rows with {code!r} under {named[0].name!r}.",
                    specificity=0.93, template="table_grid")
    if not codes and WHAT.search(ql) and named and row is not None:
        body = (f"cell = [r[{named[0].index}] for r in rows if r[0].strip().lower() == {lit(row)}][0]\n"
                f"{lit(shown + ' on ' + named[0].name + ': ')} + (cell.strip() or '(blank)')")
        return Plan("table_aggregation", head + body, f"Read {shown}'s cell under {named[0].name!r}.",
                    specificity=0.93, template="table_grid")
    return None
