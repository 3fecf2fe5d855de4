"""A rounding the message asks for, wherever it sits, taken out before the templates read the question.

'mean per shift? 1 decimal is fine', 'mean delivery time, 2 decimals: 41, 38, 52', '1284 / 96300 * 100 - 2 decimals
pls', 'avg covers (whole number is ok): 88, 102', 'my share, to the cent': the number of places is no operand of the
question (read as one it made the mean of '2 decimals: 41, 38' count the 2). `split_rounding` gives the message
without its rounding clause and the places asked; `rounded_code` rounds a plan's last expression to them.
"""

from __future__ import annotations

import ast
import re

_PLACES = {"one": 1, "two": 2, "three": 3, "four": 4, "1": 1, "2": 2, "3": 3, "4": 4, "0": 0}
_OK = r"(?:\s+(?:is|are|'s)\s+(?:fine|ok|okay|enough|good|plenty))?"  # ('pls' after it stays: the message asks)
# '2 decimals', 'to 1 dp', 'rounded to two decimal places', '(2dp)', '2 decimals pls', '1 decimal is fine'
_N_PLACES = re.compile(r"(?:,\s*|\s+[-–—]\s*|\s*\(\s*|\s+|^)(?:(?:and\s+)?(?:please\s+|pls\s+)?round(?:ed)?(?:\s+it)?(?:\s+off)?\s+)?"
                       r"(?:to\s+|at\s+|in\s+)?(one|two|three|four|[0-4])\s*(?:dp|d\.p\.|decimal places?|decimals?|places)\b"
                       + _OK + r"\s*\)?", re.I)
# 'whole number is ok', 'to the nearest whole number', 'to the cent', 'nearest cent'
_NAMED_PLACES = re.compile(r"(?:,\s*|\s+[-–—]\s*|\s*\(\s*|\s+|^)(?:(?:and\s+)?round(?:ed)?(?:\s+it)?\s+)?(?:to\s+|in\s+)?(?:the\s+)?"
                           r"(?:nearest\s+)?(whole number|cent|penny)" + _OK + r"\s*\)?(?=\s*(?:[.,:;?!]|$))", re.I)


def split_rounding(text: str) -> tuple[str, int | None]:
    """The message without its one rounding clause, and the decimal places it asks for (None: no clause, or two)."""
    found = list(_N_PLACES.finditer(text)) + list(_NAMED_PLACES.finditer(text))
    if len(found) != 1:
        return text, None
    m = found[0]
    word = m.group(1).lower()
    places = _PLACES.get(word, 0 if word == "whole number" else 2)
    if re.search(r"\bround\s+(?:off\s+)?[$€£]?-?\d", text, re.I) or re.search(r"\bhow many\b[^?.]*$", text[: m.start()], re.I):
        return text, None  # 'round 4.567 to 2 dp' is the question itself; 'how many have 2 decimals' counts them
    rest = (text[: m.start()] + " " + text[m.end():]).strip()
    rest = re.sub(r"\s+([.,:;?!])", r"\1", re.sub(r"[ \t]{2,}", " ", rest))
    return rest, places


def rounded_code(code: str, places: int) -> str | None:
    """`code` with its last expression rounded to `places` (a float only), or None when the last line is no
    single expression."""
    head, _, last = code.rpartition("\n")
    if not last.strip() or last[:1].isspace():
        return None
    try:
        node = ast.parse(last.strip(), mode="eval").body
    except SyntaxError:
        return None
    if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "round" and len(node.args) == 2 \
            and isinstance(node.args[1], ast.Constant):
        expr = ast.unparse(node.args[0])
    else:
        expr = last.strip()
    line = f"rounded_value = {expr}\nround(rounded_value, {places}) if isinstance(rounded_value, float) else rounded_value  # {places} decimal places, as asked"
    return (head + "\n" if head else "") + line
