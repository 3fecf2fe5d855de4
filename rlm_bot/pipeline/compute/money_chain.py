"""A price carried through counts and times by its units: '0.45 per pallet per day, 120 pallets for 18 days',
'$95/h, 6h a day, for 3 weeks (5 day weeks)', '$8.75 per user per month, 130 users, Jan through Jun inclusive',
'$3.06/hr, 4 of them running for 9 days straight', 'netflix 13.99 a month, spotify 10.99 a month: per year?',
'118,000/yr, hourly at 2080 hrs/year?'.

Every figure is a quantity with units (money, a count of a noun, a time, and what it is per). The answer is the
product of the figures, each taken once or divided by, whose units come out as what the ask names (money, or
money a period). Several prices of one kind beside nothing else are added. Times convert only where the
conversion is fixed: minutes-hours, days-weeks, months-quarters-years; hours to days only when the thing runs
around the clock ('straight', 'nonstop', '24/7'). A figure whose units fit nowhere, two ways to combine them, or
a period that does not convert: the reader declines.
"""

from __future__ import annotations

import itertools
from rlm_bot.pipeline import lazy_re as re
from collections import Counter
from dataclasses import dataclass, field

from rlm_bot.pipeline.compute.money import month_range
from rlm_bot.pipeline.compute.plan import Plan, to_number
from rlm_bot.pipeline.compute.quantities import singular

__all__ = ["solve_money_chain"]

_MAX_CHARS = 260
_TIME = {"min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute", "h": "hour", "hr": "hour",
         "hrs": "hour", "hour": "hour", "hours": "hour", "day": "day", "days": "day", "d": "day", "week": "week",
         "weeks": "week", "wk": "week", "wks": "week", "month": "month", "months": "month", "mo": "month",
         "mos": "month", "mth": "month", "year": "year", "years": "year", "yr": "year", "yrs": "year",
         "quarter": "quarter", "quarters": "quarter"}
_ADVERB = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter",
           "yearly": "year", "annual": "year", "annually": "year", "annualized": "year"}
# times in a fixed ratio to one base: (base, factor)
_FIXED = {"minute": ("hour", 1 / 60), "hour": ("hour", 1), "day": ("day", 1), "week": ("day", 7),
          "month": ("month", 1), "quarter": ("month", 3), "year": ("month", 12)}
_AROUND_THE_CLOCK = re.compile(r"\b(?:straight|nonstop|non-stop|around the clock|round the clock|continuously|the whole time|"
                               r"left (?:it |them )?(?:on|running))\b", re.I)
_ASK = re.compile(r"\b(?:how much|total|cost|costs|spend|spent|pay|paid|bill|comes? to|add up|in all|altogether|"
                  r"equivalent|per (?:year|month|week|day|hour)|a (?:year|month|week)|annual|yearly|monthly|weekly|hourly|"
                  r"daily)\b", re.I)
_JUDGEMENT = re.compile(r"\b(?:should|why|worth|cheaper|better|advice|recommend|fair|negotiate|explain|draft|write|"
                        r"reasonable|good deal|afford|enough|split|share|owe|per (?:person|head)|each (?:person|of us|pays?))\b", re.I)
_CURRENCY = re.compile(r"[$€£]|\b(?:usd|eur|euros?|gbp|dollars|bucks|pounds)\b", re.I)
_SYMBOLS = {"usd": "$", "dollars": "$", "bucks": "$", "eur": "€", "euro": "€", "euros": "€", "gbp": "£", "pounds": "£"}
_NUM = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_PER = r"(?:\s*(?:/|per\b|an?\b|each\b|every\b)\s*([a-z]+))"
_FIG = re.compile(r"(?<![\w.,/])([$€£])?\s?" + _NUM + r"(?![\d,]*\s*%)(?:\s*(?:usd|eur|euros?|gbp|dollars|bucks|pounds)\b)?"
                  r"(?:\s*-?\s*([a-z]+)(?:\s+([a-z]+))?)?", re.I)
_NOT_A_NOUN = {"and", "or", "for", "of", "to", "in", "on", "at", "with", "the", "a", "an", "per", "each", "every", "is",
               "are", "was", "it", "that", "this", "we", "i", "so", "then", "but", "total", "straight", "inclusive",
               "now", "because", "running", "stuck", "there", "left", "what", "how", "cost", "costs"}


@dataclass
class _Q:
    value: float
    text: str
    units: Counter = field(default_factory=Counter)
    money: bool = False
    start: int = 0
    end: int = 0


def _time_dim(word: str, continuous: bool) -> tuple[str, float] | None:
    unit = _TIME.get(word)
    if unit is None:
        return None
    base, factor = _FIXED[unit]
    if continuous and base == "day":
        return "hour", factor * 24
    return base, factor


def _read(t: str, continuous: bool) -> list[_Q] | None:
    out = []
    for m in _FIG.finditer(t):
        value = to_number(m.group(2))
        glued = re.match(r"[a-z]+", t[m.end(2):], re.I)
        if value is None or glued and glued.group(0).lower() not in _TIME:
            return None  # '3PL', '4xl': a name with digits in it, not a figure
        q = _Q(float(value), m.group(2).replace(",", ""), start=m.start(), end=m.end())
        q.money = bool(m.group(1)) or bool(re.match(r"\s*(?:usd|eur|euros?|gbp|dollars|bucks|pounds)\b", t[m.end(2):], re.I))
        factor = 1.0
        rest = t[m.end(2):]
        head = re.match(r"\s*(?:usd|eur|euros?|gbp|dollars|bucks|pounds)?\s*-?\s*([a-z]+)?", rest, re.I)
        first = (head.group(1) or "").lower() if head else ""
        if head and head.group(1) and head.group(1).lower() in _NOT_A_NOUN:
            first = ""
        pos = m.end(2) + head.end(1) if first else m.end(2)
        if first and first in _TIME:
            dim = _time_dim(first, continuous)
            if dim is None:
                return None
            q.units[dim[0]] += 1
            factor *= dim[1]
            # '5 day weeks', '12 hour shifts': so much time in each of what follows
            nxt = re.match(r"\s+([a-z]+)", t[pos:])
            if nxt and nxt.group(1).lower() in ("weeks", "week", "months", "month") and _TIME[first] != nxt.group(1).lower().rstrip("s"):
                d = _time_dim(nxt.group(1).lower(), continuous)
                q.units[d[0]] -= 1
                factor /= d[1]
                pos += nxt.end()
                q.ratio = True  # '5 day weeks': days in each week
            elif nxt and nxt.group(1).lower() not in _NOT_A_NOUN and nxt.group(1).lower() not in _TIME and \
                    nxt.group(1).lower() not in _ADVERB and not re.match(r"(?:straight|total|of|for|each)$", nxt.group(1).lower()):
                word = nxt.group(1).lower()
                q.units["#" + singular(word)] -= 1
                pos += nxt.end()
        elif re.match(r"\s*of (?:them|those|these)\b", rest, re.I):
            pos = m.end(2) + re.match(r"\s*of (?:them|those|these)\b", rest, re.I).end()
            q.of_them = True
        elif first and first not in _NOT_A_NOUN and first not in _ADVERB and not q.money:
            q.units["#" + singular(first)] += 1
        elif first in _ADVERB:
            pass
        # what it is per: '/h', 'per pallet per day', 'a month', 'each week'
        while True:
            per = re.match(r"\s*(?:/\s*|\bper\s+|\ban?\s+|\beach\s+|\bevery\s+)([a-z]+)\b", t[pos:], re.I)
            if not per:
                break
            word = per.group(1).lower()
            if word in _TIME:
                d = _time_dim(word, continuous)
                q.units[d[0]] -= 1
                factor /= d[1]
            elif word not in _NOT_A_NOUN and re.match(r"\s*/|\s*per\b", t[pos:], re.I):
                q.units["#" + singular(word)] -= 1
            else:
                break
            pos += per.end()
        # 'daily budget of 150', 'monthly bill 89': an adverb before the figure
        before = t[max(0, m.start() - 30):m.start()].lower()
        adverb = re.search(r"\b(" + "|".join(_ADVERB) + r")\s+(?:[a-z]+\s+){0,2}(?:of\s+|is\s+|at\s+|=\s*|:\s*)?$", before)
        if adverb and not any(q.units.values()):
            d = _time_dim(_ADVERB[adverb.group(1)], continuous)
            q.units[d[0]] -= 1
            factor /= d[1]
            q.start = m.start() - (len(before) - adverb.start())
        q.value *= factor
        q.factor = factor
        q.end = pos
        out.append(q)
    return out


_INTERROGATIVE = re.compile(r"\b(?:what|what's|whats|how much|how many|total|cost|equivalent)\b|\?", re.I)
_TARGET = re.compile(r"(?<!over )(?<!in )(?<!for )(?<!within )(?<!across )\b(?:per|a|each|every)\s+(year|month|week|day|hour|quarter)\b|"
                     r"\b(annual|annually|yearly|monthly|weekly|hourly|daily|annualized|annualised)\b", re.I)


def _target(t: str, qs: list[_Q], continuous: bool) -> Counter | None:
    """What the ask wants: money, or money a period ('per year', 'annual', 'hourly equivalent'). The ask is the clause
    with the question in it, the figures' own words ('2080 hours a year') taken out."""
    masked = list(t)
    for x in qs:
        masked[x.start:x.end] = " " * (x.end - x.start)
    masked = "".join(masked)
    clauses = [c for c in re.split(r"(?<=[.!?;])\s+|,\s*|\s+[—–-]\s+", masked) if _INTERROGATIVE.search(c)]
    if not clauses:
        return None
    m = _TARGET.search(clauses[-1])
    units = Counter({"$": 1})
    if m:
        word = (m.group(1) or m.group(2)).lower()
        word = _ADVERB.get(word, "year" if word.startswith("annuali") else word)
        d = _time_dim(word, continuous)
        units[d[0]] -= 1
        units["__factor"] = d[1]
    return units


def solve_money_chain(q) -> Plan | None:
    t = q.body
    low = t.lower()
    if len(t) > _MAX_CHARS or "\n" in t.strip() or "%" in t or _JUDGEMENT.search(low) or not _ASK.search(low):
        return None
    continuous = bool(_AROUND_THE_CLOCK.search(low))
    qs = _read(t, continuous)
    if not qs or len(qs) > 5:
        return None
    months = month_range(low)
    if months:
        qs.append(_Q(float(months), str(months), Counter({"month": 1})))
        qs[-1].factor = 1.0
        qs[-1].range = True
    # a count of something no price is per ('4 of them', '3 interns' beside '$18/h') multiplies as it is
    for x in qs:
        nouns = [k for k in x.units if k.startswith("#") and x.units[k]]
        if len(nouns) == 1 and x.units[nouns[0]] == 1 and len([k for k in x.units if x.units[k]]) == 1 and \
                not any(y.units.get(nouns[0]) for y in qs if y is not x):
            if not re.match(r"\s*(?:each\s+)?(?:at|@|on|paid|earning|charging|costing)\s*[$€£]?\s*\d", t[x.end:x.end + 16], re.I):
                return None  # '120 pallets' beside a price per day only: what the count is for is not said
            x.units = Counter()  # '3 interns at 18/h': so many of what the price is for
            x.counted = True
    for x in qs:
        if not any(x.units.values()) and not x.money and not getattr(x, "of_them", False) and \
                not getattr(x, "ratio", False) and not getattr(x, "counted", False):
            return None  # a bare number ('7 of us', 'split 3 ways'): what it does to the price is not a unit's to say
    money = [x for x in qs if x.money or _priced(t, x)]
    if not money and len(qs) > 1 and all(_per_time_only(x) for x in qs):
        money = qs  # 'netflix 13.99 a month, spotify 10.99 a month': prices, each so much a period
    rates = [x for x in qs if any(v < 0 for v in x.units.values()) and not any(v > 0 for v in x.units.values())]
    if not money and len(rates) == 1 and _MONEY_WORDS.search(low):
        money = rates  # 'hourly 28.50, 37.5 hours a week ... annual pay?': the one pure rate is the price
    if not money:
        return None
    per_time = all(_per_time_only(x) for x in qs)
    for x in money:
        x.units["$"] += 1
        x.money = True
    target = _target(t, qs, continuous)
    if target is None:
        return None
    tfactor = target.pop("__factor", 1)
    target = Counter({k: v for k, v in target.items() if v})
    # several prices of one kind and nothing else: their sum
    if len(money) == len(qs) and len(qs) > 1:
        # only prices each so much a period ('13.99 a month, 10.99 a month'); plain sums and differences of amounts
        # ('spent £137.85 and £212.40, how much is left') are the arithmetic readers'
        if not per_time or re.search(r"\b(?:left|minus|less|net|profit|margin|remain\w*|"
                                                            r"difference|more|save[sd]?|saving)\b", low):
            return None
        return _sum_plan(qs, target, tfactor, t)
    solutions = []
    for signs in itertools.product((1, -1), repeat=len(qs)):
        if any(s < 0 for s, x in zip(signs, qs) if x.money or not any(x.units.values())):
            continue
        total = Counter()
        for s, x in zip(signs, qs):
            for k, v in x.units.items():
                total[k] += s * v
        if Counter({k: v for k, v in total.items() if v}) == target:
            solutions.append(signs)
    if len(qs) == 1 and getattr(qs[0], "factor", 1) == 1 and tfactor == 1:
        return None  # nothing to carry: the figure is its own answer
    if len(solutions) != 1 or len(money) != 1:
        # bare counts beside a price per time only ('$3.06/hr, 4 of them', '3 interns at 18/h'): multipliers
        return None
    signs = solutions[0]
    return _product_plan(qs, signs, tfactor, t)


_MONEY_WORDS = re.compile(r"\b(?:salary|pay|paid|wage|wages|rate|cost|costs|price|fee|fees|charges?|budget|payroll|rent|bill|"
                          r"earn|earns|make|revenue|income|sales|spend|subscription|invoice)\b", re.I)


def _per_time_only(x: _Q) -> bool:
    units = {k: v for k, v in x.units.items() if v}
    return len(units) == 1 and next(iter(units.values())) == -1 and not next(iter(units)).startswith("#")


def _priced(t: str, x: _Q) -> bool:
    """A figure with no currency is a price when the words say so: 'charges 52 per hour', 'costs 12 per month'."""
    before = t[max(0, x.start - 30):x.start].lower()
    return bool(any(v < 0 for v in x.units.values()) and not any(v > 0 for v in x.units.values())
                and re.search(r"\b(?:costs?|charges?|fee|price|rate|pay(?:s|ing)?|paid|bill|rent|budget|salary|wage|"
                              r"subscription|revenue|income|sales|payroll|is|at|of)\s*(?:is\s+|of\s+|at\s+|=\s*|:\s*)?$", before))


def _fmt(x: _Q) -> str:
    f = getattr(x, "factor", 1.0)
    if f == 1:
        return x.text
    return f"{x.text} * {f:g}" if f > 1 else f"{x.text} / {1 / f:g}"


def _currency(t: str) -> str:
    m = _CURRENCY.search(t)
    if not m:
        return ""
    return m.group(0) if m.group(0) in "$€£" else _SYMBOLS.get(m.group(0).lower(), "")


def _product_plan(qs: list[_Q], signs: tuple[int, ...], tfactor: float, t: str) -> Plan | None:
    num = [_fmt(x) for s, x in zip(signs, qs) if s > 0]
    den = [_fmt(x) for s, x in zip(signs, qs) if s < 0]
    expr = " * ".join(f"({n})" if " " in n else n for n in num)
    if den:
        expr += " / (" + " * ".join(f"({d})" if " " in d else d for d in den) + ")"
    if tfactor != 1:
        expr = f"({expr}) * {tfactor:g}"
    code = f"total = {expr}\nround(total, 2)"
    return Plan(kind="money_over_time", code=code, explanation="The price carried through the counts and times by its units.",
                specificity=0.9, template="money_chain", data={"unit": "money", "currency": _currency(t)})


def _sum_plan(qs: list[_Q], target: Counter, tfactor: float, t: str) -> Plan | None:
    parts = []
    for x in qs:
        rest = Counter({k: v for k, v in x.units.items() if v})
        if rest != target:
            return None
        parts.append(_fmt(x))
    expr = " + ".join(parts)
    if tfactor != 1:
        expr = f"({expr}) * {tfactor:g}"
    code = f"total = {expr}\nround(total, 2)"
    return Plan(kind="money_over_time", code=code, explanation="The prices added up, each over the period asked.",
                specificity=0.9, template="money_chain_sum", data={"unit": "money", "currency": _currency(t)})
