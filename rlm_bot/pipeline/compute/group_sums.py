"""A total made of groups, each so many things at so much each, with flat amounts and periods carried to the one asked.

'12 crates of tomatoes at 18.40 each and 5 crates of onions at 11.90 each. total?', '8 trucks doing 310 km a day each
and 3 vans doing 140 km a day each. total km per day?', '14 servers with 32 GB each, and 6 more with 64 GB', 'per diem
45/day for 6 days plus hotel 3 nights @ 129', '$39/mo plus $15/mo for the locker, and then a $49 annual fee on top.
total for the year?'.

The quantities' roles (quantities.py) pair each count with the rate that follows it ('at', '@', 'with', 'each'), or a
rate per period with the count of those periods after it ('45/day for 6 days'). A rate per period the question does
not ask in is carried to the period asked (12 months in the year); an amount that is neither is added once, and only
when it says it comes once ('one-off', 'annual fee', 'setup') or nothing needs carrying. Declines when a number is left
unpaired, the groups are in different units, anything is taken off, or a rate is stated.
"""

from __future__ import annotations

import re

from rlm_bot.pipeline.compute.plan import Plan, lit
from rlm_bot.pipeline.compute.quantities import Quantity, number_end, period_ratio, read_quantities, same_thing
from rlm_bot.pipeline.compute.word_problems import link_roles

_MAX_CHARS = 320
_ASK = re.compile(r"\b(?:total|altogether|in all|combined|come to|comes to|sum|how much|how many|claim|all in)\b|=\s*\??\s*$|"
                  r"\bwhat (?:do|does|will|would|did) (?:i|we|it|they|you) (?:pay|owe|spend|cost)\b")
_NO = re.compile(r"%|\bper ?cent|\b(?:minus|less|left|remain\w*|refund\w*|discount\w*|(?<!-)off|except|without|spent|used|average|"
                 r"mean|split|share|each of us|per (?:person|head)|between|gaps?|apart|breaks?|intervals?|rest|"
                 r"change|back|paid with|pay with|handed|gave|tendered|"
                 r"should(?! (?:claim|pay|charge|invoice|bill|budget)\b)|why|explain|advice|which|better|cheaper|compare)\b")
_PAIRED = re.compile(r"\s*(?:(?:[a-z]+\s+){0,4}?(?:at|@|with|for|costing|doing|of|weighing|weighs|x|×))?\s*[$€£]?\s*$")
_ADDS = re.compile(r"[\s,;]*(?:(?:and|plus|\+|&|then|and then|also)\s*)*[\s,;]*")
_PERIOD_OF = {"day": "day", "daily": "day", "week": "week", "weekly": "week", "wk": "week", "month": "month",
              "monthly": "month", "mo": "month", "year": "year", "yearly": "year", "annual": "year", "annually": "year",
              "yr": "year", "quarter": "quarter", "quarterly": "quarter", "night": "night", "hour": "hour"}
_ASKED_PERIOD = re.compile(r"\b(?:per|a|an|each|every|for the(?: first| whole)?|in the(?: first)?|over the|for a)\s+(day|week|month|"
                           r"quarter|year)\b|\b(daily|weekly|monthly|quarterly|yearly|annually)\b")
_ONCE = re.compile(r"\b(?:one-?off|one-?time|once|annual|yearly|setup|set-up|activation|joining|sign-?up|upfront|up-front)\b")
_PERIODS = frozenset({"day", "week", "month", "quarter", "year", "night", "hour"})


def _period(q: Quantity) -> str | None:
    found = [p for p in q.per if p in _PERIODS]
    return found[0] if len(found) == 1 else None


def solve_group_sums(q) -> Plan | None:
    """The total of groups (count × rate each) and flat amounts, periods carried to the one asked; None when unsure."""
    t = q.lower
    if len(t) > _MAX_CHARS or "\n" in t.strip() or not _ASK.search(t) or _NO.search(t):
        return None
    qs = read_quantities(t)
    if not 2 <= len(qs) <= 10 or len({x.text[0] for x in qs if x.text[0] in "$€£"}) > 1:
        return None
    link_roles(t, qs)
    ask = t[number_end(t, qs[-1]):]
    asked = _ASKED_PERIOD.search(ask)
    asked_period = _PERIOD_OF[asked.group(1) or asked.group(2)] if asked else None
    terms: list[tuple[str, float, float, float]] = []  # (what, count, rate, carried)
    kinds: set[str] = set()
    i, grouped, carried_any = 0, 0, False
    while i < len(qs):
        a = qs[i]
        b = qs[i + 1] if i + 1 < len(qs) else None
        if i and not _ADDS.fullmatch(_gap_words(t, qs[i - 1], a)):
            return None  # the groups must follow one another, added ('and', 'plus', ',')
        if b is not None and _count(a) and (b.money or b.each or b.per or b.noun) and \
                _PAIRED.fullmatch(t[a.end: b.start]):
            rate_period = _period(b)
            if rate_period and a.noun and same_thing(a.noun, rate_period):
                rate_period = None  # '6 nights @ 129 a night': the count is of the periods, nothing to carry
            if b.per and not rate_period and not any(same_thing(a.noun, p) for p in b.per) and not b.each:
                return None  # '3 vans at 40 per mile': a rate per something not counted here
            terms.append((f"{a.text} × {b.text}", a.value, b.value, _carry(rate_period, asked_period)))
            kinds.add("money" if b.money else (b.noun or "") if b.noun and not (a.noun and same_thing(a.noun, b.noun)) else "")
            i, grouped = i + 2, grouped + 1
            continue
        if b is not None and _period(a) and _count(b) and b.noun and same_thing(b.noun, _period(a)) and \
                re.fullmatch(r"\s*(?:for|over|x|×|times)\s*", t[a.end: b.start]):
            terms.append((f"{a.text} × {b.text}", b.value, a.value, 1.0))  # '45/day for 6 days'
            kinds.add("money" if a.money else a.noun or "")
            i, grouped = i + 2, grouped + 1
            continue
        period = _period(a)
        if period:
            carry = _carry(period, asked_period)
            carried_any = carried_any or carry != 1.0
        elif asked_period and not _ONCE.search(t[max(0, a.start - 20): a.end + 12]):
            carry = None  # a flat amount where the others are carried: once, or each period?
        else:
            carry = 1.0
        if carry is None or not (a.money or a.noun or period) or _count(a) and not a.money and not a.noun:
            return None
        terms.append((a.text, 1.0, a.value, carry))
        kinds.add("money" if a.money else a.noun or "")
        i += 1
    kinds.discard("")
    if len(terms) < 2 or not (grouped or carried_any) or len(kinds) > 1 or any(c is None for *_, c in terms):
        return None
    rows = [[c, r, k] for _, c, r, k in terms]
    code = (f"groups = {lit(rows)}  # count, each, periods in the one asked\n"
            "total = sum(count * each * periods for count, each, periods in groups)\nround(total, 2)")
    return Plan("arithmetic", code, "Added each group's count times its rate (periods carried to the one asked).", 0.84,
                "group_sums")


def _gap_words(t: str, prev: Quantity, nxt: Quantity) -> str:
    """The words between one group and the next, less the names of the next group ('and 3 vans' → 'and', 'plus hotel'
    → 'plus')."""
    gap = re.sub(r"\b[a-z]+(?:-[a-z]+)+\b", " ", t[prev.end: nxt.start])  # 'one-off', 'walk-in': words
    return re.sub(r"(?:\b(?:the|a|an|then|on top|for the [a-z]+|for [a-z]+|[a-z]+ing|we|have|i|got|there(?:'s| is| are)|"
                  r"more|another)\b|\b(?!and\b|plus\b)[a-z]+\b)", " ", gap)


def _count(q: Quantity) -> bool:
    return not q.money and not q.per and not q.each and q.value == int(q.value) and q.value >= 1


def _carry(period: str | None, asked: str | None) -> float | None:
    """How many of `period` make the period asked: 1 when nothing is carried, None when it is not fixed."""
    if period is None or asked is None or period == asked:
        return 1.0
    ratio = period_ratio(asked, period)
    return ratio if ratio and ratio >= 1 else None
