"""Functions a table plan ships into the sandbox: read a cell as a number or a date, write a number back.

They are plain Python the RestrictedPython sandbox runs as they are: a table plan sends their source
(`inspect.getsource`) ahead of the data, so the code shown to the user is the code that ran. The
planner uses the same functions on the host to tell numeric and date columns apart.
"""

from __future__ import annotations

import re

__all__ = ["as_date", "listing", "markdown", "number", "show"]


def number(cell):
    """'$1,234.50' -> 1234.5, '€45,20' -> 45.2, '12%' -> 12.0, '(300)' -> -300.0, '1.2k' -> 1200.0, '45 ms' -> 45.0, else None."""
    text = str(cell).strip().replace("\u2212", "-").replace("\u00a0", " ")
    # a decimal comma ('€45,20', '1.250,00', '2,5%'): cents after the comma, dots only between thousands ('1,2' is a pair)
    text = re.sub(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+),(\d\d|\d(?=\s*%)|(?<=[$€£¥₹]\d,)\d)(?![\d.,])",
                  lambda d: d.group(1).replace(".", "") + "." + d.group(2), text)
    if re.fullmatch(r"[-+]?\d+(?:\.\d+)?[eE][-+]?\d{1,3}", text):  # '1e3', '2.5E-4'
        return float(text)
    m = re.fullmatch(r"(\()?\s*([-+])?\s*([$€£¥₹])?\s*([-+])?\s*(\d{1,3}(?:,\d{3})+|\d+|(?=\.\d))(\.\d+)?"
                     r"(k|K|M|B|bn|mn)?\s*(%|[A-Za-z°/]{1,8}\.?)?\s*(\))?", text)
    if m is None or (m.group(1) is None) != (m.group(9) is None):
        return None
    value = float((m.group(5) or "0").replace(",", "") + (m.group(6) or ""))
    scale = {"k": 1e3, "K": 1e3, "M": 1e6, "mn": 1e6, "B": 1e9, "bn": 1e9}
    value = value * scale.get(m.group(7) or "", 1)
    if m.group(1) or "-" in ((m.group(2) or "") + (m.group(4) or "")):
        value = -value
    return value


def as_date(cell, day_first=False):
    """'2026-11-21', '21 Nov 2026', 'Nov 21, 2026', '11/21/2026' -> '2026-11-21' (sortable); None otherwise."""
    months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    text = str(cell).strip().lower()
    m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t](\d{1,2}:\d{2}(?::\d{2})?))?", text)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
        clock = m.group(4) or ""
    else:
        clock = ""
        m = re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})", text)
        named = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3})[a-z]*\.?,?\s+(\d{4})", text)
        named_us = re.fullmatch(r"([a-z]{3})[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", text)
        if m:
            first, second = int(m.group(1)), int(m.group(2))
            day, month = (first, second) if day_first else (second, first)
            year = int(m.group(3)) + (2000 if len(m.group(3)) == 2 else 0)
        elif named and named.group(2) in months:
            day, month, year = int(named.group(1)), months.index(named.group(2)) + 1, int(named.group(3))
        elif named_us and named_us.group(1) in months:
            day, month, year = int(named_us.group(2)), months.index(named_us.group(1)) + 1, int(named_us.group(3))
        else:
            return None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    stamp = str(year).zfill(4) + "-" + str(month).zfill(2) + "-" + str(day).zfill(2)
    return stamp + (" " + clock.zfill(5) if clock else "")


def show(value, cells=(), average=False):
    """`value` written the way the column writes its cells: currency sign, thousands separators, %, unit."""
    sign, suffix, decimals, commas = "", "", 0, False
    for cell in cells:
        text = str(cell).strip()
        currency = re.search(r"[$€£¥₹]", text)
        sign = currency.group(0) if currency else sign
        unit = re.search(r"\d\s*(%|[A-Za-z°/]{1,8}\.?)\s*\)?$", text)
        if unit and unit.group(1) not in ("k", "K", "M", "B", "bn", "mn"):
            suffix = unit.group(1) if unit.group(1) == "%" else " " + unit.group(1)
        fraction = re.search(r"\d\.(\d+)", text)
        decimals = max(decimals, len(fraction.group(1)) if fraction else 0)
        commas = commas or bool(re.search(r"\d,\d{3}", text))
    if average and value != round(value):
        decimals = max(decimals, 2)
    if sign:
        decimals = 2  # money: two decimals ('€3.00')
    if not sign and not average and value != round(value, decimals):
        decimals = min(max(decimals, 2), 6)
    digits = ("{:,." if commas or sign else "{:.") + str(decimals) + "f}"
    text = digits.format(abs(value))
    return ("-" if value < 0 else "") + sign + text + suffix


def listing(items, limit=25):
    """Items as a person reads them: inline when few and short, else one per line (at most `limit`)."""
    items = [str(item) for item in items]
    more = len(items) - limit
    items = items[:limit]
    if len(items) <= 6 and sum(len(item) for item in items) <= 80 and not any("," in item for item in items):
        text = ", ".join(items)
        return text + (" and " + str(more) + " more" if more > 0 else "")
    lines = ["• " + item for item in items]
    if more > 0:
        lines.append("… and " + str(more) + " more")
    return "\n".join(lines)


def markdown(columns, rows, limit=50):
    """A small Markdown table of `rows` under `columns` (at most `limit` rows, then a count of the rest)."""
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows[:limit]:
        lines.append("| " + " | ".join(row) + " |")
    if len(rows) > limit:
        lines.append("(" + str(len(rows) - limit) + " more rows)")
    return "\n".join(lines)
