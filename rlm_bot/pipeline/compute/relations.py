"""Relations between quantities that the role readers of word_problems.py leave: rates over time, a whole
less its parts.

- a rate carried over a time ('72 beats a minute, how many in a day', '3 min at 60 fps', '45 a week, per
  year', '480 units a day, 5 days a week: per week?'), the period converted when the rate is per one
  period and the time given in another; a count divided by a rate ('18 pages a minute, how many minutes
  for 450 pages');
- a whole less its parts ('class of 32, 19 of them are girls: how many boys?', 'of 250 responses 87 were
  negative and 41 neutral: how many positive?'), the whole possibly a product ('16 seats a row, 23 rows,
  40 reserved: how many free?').

Every number must take a role; when one is left over, or a period conversion is not fixed (a month in
days), the reader declines and the model answers.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import replace

from rlm_bot.pipeline.compute.plan import WORD_NUMBERS, Plan, lit
from rlm_bot.pipeline.compute.quantities import Quantity, number_end, period_ratio, read_labels, read_quantities, same_thing, singular
from rlm_bot.pipeline.compute.word_problems import link_roles

__all__ = ["solve_each_needs", "solve_each_times_count", "solve_rate_over_time", "solve_runway",
           "solve_whole_less_parts"]

_MAX_CHARS = 300
_PERIOD_WORDS = {"sec": "second", "secs": "second", "second": "second", "seconds": "second", "s": "second",
                 "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
                 "hr": "hour", "hrs": "hour", "h": "hour", "hour": "hour", "hours": "hour",
                 "day": "day", "days": "day", "week": "week", "weeks": "week", "wk": "week", "wks": "week",
                 "month": "month", "months": "month", "mo": "month", "mos": "month",
                 "quarter": "quarter", "quarters": "quarter", "year": "year", "years": "year", "yr": "year",
                 "yrs": "year", "fortnight": "fortnight"}
_ADVERBS = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter",
            "yearly": "year", "annually": "year", "annual": "year"}
# abbreviations that are a rate by themselves: '60 fps' is 60 frames per second
_RATE_UNITS = {"fps": ("frame", "second"), "fp": ("frame", "second"), "mph": ("mile", "hour"),
               "kph": ("km", "hour"), "kmh": ("km", "hour"), "bpm": ("beat", "minute"), "rpm": ("turn", "minute"),
               "rps": ("request", "second"), "qps": ("query", "second"), "wpm": ("word", "minute")}
_JUDGEMENT = re.compile(r"\b(?:should|why|explain|thoughts|ideas?|advice|recommend|fair|worth it|draft|write|rewrite|"
                        r"translate|summar\w*|plan|review|better|criteria|good|normal|reasonable|enough|tips?|realistic|"
                        r"estimate|roughly|about how|legal|allowed|safe|okay)\b"
                        r"|^\W*(?:is|are|can|could|should|do|does|will|would|am|was|were)\b(?!.*\bhow\b)")
_ASK = re.compile(r"\bhow (?:many|much|far|long)\b|\bwhat(?:'s| is| does| do| will| would)?\b|\bwhats\b|\?\s*$|"
                  r"=\s*\??\s*$|\btotal\b|\bcount\b")


def _guard(t: str) -> bool:
    t = _NO_INTEREST.sub(" ", t)
    return len(t) <= _MAX_CHARS and "\n" not in t.strip() and "|" not in t and not _JUDGEMENT.search(t) and \
        not re.search(r"%|\bpercent|\binterest\b|\bor\b|\bwhich\b", t) and bool(_ASK.search(t))


# ----- a rate carried over a time --------------------------------------------------------------------

_NO_INTEREST = re.compile(r"\(?\b(?:no|zero|without|0%|0 %)\s+interest\b\)?|\binterest[- ]free\b")


class _Rate:
    """A running product: so many `thing` per `period` (period None once carried over a time)."""

    def __init__(self, value: float, thing: str | None, period: str | None, text: str) -> None:
        self.value, self.thing, self.period = value, thing, period
        self.steps = [f"{lit(value)}  # {text}"]


def _period(word: str | None) -> str | None:
    return _PERIOD_WORDS.get(word or "") or _PERIOD_WORDS.get(singular(word or "")) if word else None


def _rate_of(t: str, x: Quantity) -> tuple[str | None, str] | None:
    """(thing, period) when `x` is so many things per period."""
    if x.noun in _RATE_UNITS:
        return _RATE_UNITS[x.noun]
    periods = [_period(p) for p in x.per if _period(p)]
    if len(periods) == 1:
        return (x.noun if not x.money else "money"), periods[0]
    m = re.match(r"\s*(?:times|x)\s*(?:a|an|per|each|every|/)\s*([a-z]+)\b", t[number_end(t, x):])
    if m and _period(m.group(1)) and not periods:
        return "time", _period(m.group(1))
    return None


def _others(x: Quantity) -> list[str]:
    """What a rate is per besides its period ('per sdr' of '55 dials a day each')."""
    return [p for p in x.per if not _period(p)]


def _asked_period(t: str, after: int) -> str | None:
    """The period a question asks the total over: 'per hour?', 'in a day', 'a year', 'yearly'."""
    tail = t[after:]
    m = re.search(r"\b(?:per|a|an|each|every|in\s+(?:a|an|one))\s+(second|sec|minute|min|hour|hr|day|week|fortnight|month|"
                  r"quarter|year|yr)\b(?!\s*(?:and|,))", tail)
    found = [m.group(1)] if m else []
    found += [w for w in re.findall(r"\b(" + "|".join(_ADVERBS) + r")\b", tail)]
    periods = {_ADVERBS.get(w) or _period(w) for w in found}
    return periods.pop() if len(periods) == 1 else None


def solve_rate_over_time(q) -> Plan | None:
    """The rate carried over a time (below), with the numbers that name things noted ('line 3 runs at 42 parts/min')."""
    plan = _rate_over_time(q)
    labels = read_labels(q.lower) if plan is not None else []
    return replace(plan, code=f"# names, not amounts: {', '.join(labels)}\n" + plan.code) if labels else plan


def _rate_over_time(q) -> Plan | None:
    """'a heart beats 72 times a minute, how many beats in a day', '350 requests per second, how many per hour',
    '3 min at 60 fps, how many frames', 'printer does 18 pages per minute, how many minutes for 450 pages'."""
    t = q.lower
    if not _guard(t):
        return None
    qs = read_quantities(t)
    if not 1 <= len(qs) <= 5 or any(x.money for x in qs) and len({x.text[0] for x in qs if x.text[0] in "$€£"}) > 1:
        return None
    link_roles(t, qs)  # '55 dials a day each' after '3 sdrs': per day and per sdr
    for x in qs:
        if _period(x.noun):  # '65 mph for 3.5 hours': a time is per a period, never per a thing
            x.per = [p for p in x.per if _period(p)]
    rates = [(x, _rate_of(t, x)) for x in qs]
    firsts = [k for k, (x, r) in enumerate(rates) if r and not _period(x.noun)]
    if not firsts:
        return None
    k0 = firsts[0]
    x0, (thing, period) = rates[k0]
    cur = _Rate(x0.value, thing, period, x0.text + (f" per {period}" if period not in x0.text else ""))
    used = {k0}
    # rates of one thing over one period, joined by 'and' / 'plus', add up: '3x/day on tiktok and 2x/day on ig'
    for k in range(k0 + 1, len(qs)):
        if rates[k][1] == (thing, period) and not _period(qs[k].noun) and re.search(
                r"\b(?:and|plus)\b|\+", t[qs[k - 1].end: qs[k].start]) and len(_others(qs[k])) == len(_others(x0)) == 0:
            cur.value += qs[k].value
            added = cur.steps[0].split("  #")[0].strip("()")
            cur.steps[0] = f"({added} + {lit(qs[k].value)})  # rates added: {x0.text}, {qs[k].text}"
            used.add(k)
        else:
            break
    # a rate of each one of a counted group ('55 dials a day each' for '3 sdrs') is carried over the group
    group = [x for x in qs[:k0] if x.noun and not x.per and not x.each and not x.money and not _period(x.noun)]
    if x0.each and not _others(x0) and group:
        x0.per.append(group[-1].noun)
    for other in _others(x0):
        counts = [k for k, x in enumerate(qs) if k not in used and not x.per and not x.each and same_thing(x.noun, other)]
        if len(counts) != 1:
            return None
        cur.value *= qs[counts[0]].value
        cur.steps.append(f"{lit(qs[counts[0]].value)}  # {qs[counts[0]].text}")
        used.add(counts[0])
    # chain the other quantities onto the rate: a count of periods per a longer period ('5 days a week'),
    # so many of the thing per another thing ('each box is 5 reams'), a time it runs for ('for 3.5 hours')
    for k, x in enumerate(qs):
        if k in used:
            continue
        r = rates[k][1]
        noun_period = _period(x.noun)
        if noun_period and r and cur.period and noun_period == cur.period and r[1] != cur.period:
            cur.value *= x.value
            cur.steps.append(f"{lit(x.value)}  # {x.noun}s per {r[1]}")
            cur.period = r[1]
        elif noun_period and not x.per and cur.period:
            ratio = period_ratio(noun_period, cur.period)
            if ratio is None:
                return None
            cur.value *= x.value * ratio
            cur.steps.append(f"{lit(x.value)} * {lit(ratio)}  # {x.text}, in {cur.period}s")
            cur.period = None
        elif x.each and not x.per and not r and x.noun and k == max(used) + 1 and cur.thing not in (None, "money", "time"):
            cur.value *= x.value  # '7 snapshots/day at 2.4 gb each': so much per snapshot
            cur.steps.append(f"{lit(x.value)}  # {x.noun} per {cur.thing}")
            cur.thing = x.noun
        elif x.per and not r and cur.thing and len(x.per) == 1 and same_thing(x.per[0], cur.thing) and x.noun:
            cur.value *= x.value
            cur.steps.append(f"{lit(x.value)}  # {x.noun}s per {cur.thing}")
            cur.thing = x.noun
        else:
            continue
        used.add(k)
    rest = [x for k, x in enumerate(qs) if k not in used]
    if _asks_other_unit(t, cur.thing):
        return None
    head = "rate = " + " * ".join(s.split("  #")[0] for s in cur.steps) + "\n" + \
        "\n".join("# " + s.split("  # ", 1)[-1] for s in cur.steps) + "\n"
    if not rest:
        if cur.period is None:
            if not re.search(r"\bhow (?:many|much|far)\b|\btotal\b|\bcount\b|\?\s*$", t):
                return None
            return _plan(head + "total = rate\nround(total, 2)", "Carried the rate over the time it runs.")
        asked = _asked_period(t, _question_start(t))
        if asked is None or asked == cur.period and len(used) == 1:
            return None
        ratio = period_ratio(asked, cur.period)
        if ratio is None:
            return None
        return _plan(head + f"per_{asked} = rate * {lit(ratio)}  # {cur.period}s in a {asked}\nround(per_{asked}, 2)",
                     f"Carried the rate per {cur.period} over a {asked}.")
    if len(rest) == 1 and cur.period is None:
        return _start_plus(t, rest[0], x0, head)
    # a count of the thing divided by the rate: how long it takes
    if len(rest) != 1 or cur.period is None or rest[0].per or rest[0].each:
        return None
    amount = rest[0]
    long_q = re.search(r"\bhow long\b|\bhow many (seconds|secs|minutes|mins|hours|hrs|days|weeks|months|years)\b", t)
    if not long_q or not (same_thing(amount.noun, cur.thing) or amount.noun is None and re.search(
            r"\b(?:holds|has|of|with|contains)\s*$", t[: amount.start])):
        return None
    unit = _period(long_q.group(1)) if long_q.group(1) else cur.period
    ratio = period_ratio(cur.period, unit) if unit else None
    if ratio is None:
        return None
    code = head + f"amount = {lit(amount.value)}  # {amount.text}\ntime = amount / rate" + \
        (f" * {lit(ratio)}  # in {unit}s" if ratio != 1 else f"  # in {unit}s") + \
        f"\nstr(round(time, 2)).removesuffix('.0') + ' {unit}s'"
    return _plan(code, f"Divided {amount.text} by the rate per {cur.period}.")


_ADDS = re.compile(r"\b(?:add(?:s|ing)?|sav(?:e|es|ing)|put(?:s|ting)?(?: away| aside| in)?|deposit(?:s|ing)?|earn(?:s|ing)?|"
                   r"gain(?:s|ing)?|grow(?:s|ing)?(?: by)?|top(?:ping)? up)\s+(?:another\s+)?(?:by\s+)?[$€£]?\s*$")
_TAKES = re.compile(r"\b(?:spend(?:s|ing)?|burn(?:s|ing)?|withdraw(?:s|ing)?|tak(?:e|es|ing) out|pay(?:s|ing)? out|"
                    r"us(?:e|es|ing)|los(?:e|es|ing))\s+(?:another\s+)?[$€£]?\s*$")
_START = re.compile(r"\b(?:have|has|had|already|start(?:s|ing|ed)?(?: with| at| off)?|begin(?:ning)? with|balance|savings|fund|"
                    r"bank|account|is at|are at|sits? at|currently|opened with|now)\b[^.;,\d]{0,25}$|\b(?:put|deposit(?:ed)?|invest(?:ed)?)\s+[$€£]?$")


def _start_plus(t: str, start: Quantity, rate: Quantity, head: str) -> Plan | None:
    """'already have $600 in the fund, adding $75 every week for 26 weeks', 'savings are 8,200, I add 450 every
    month: in 10 months?': an amount at the start, and a rate added (or spent) over a time."""
    if start.per or start.each or start.start > rate.start or not (start.money == rate.money and (
            start.money or same_thing(start.noun, rate.noun) or start.noun is None and rate.noun is None)):
        return None
    before = t[max(0, rate.start - 30): rate.start]
    sign = "+" if _ADDS.search(before) else "-" if _TAKES.search(before) else None
    if sign is None or not _START.search(t[max(0, start.start - 40): start.start]) and not re.search(
            r"^[^.;,]{0,12}\b(?:are|is|of)\s*[$€£]?\s*$", t[max(0, start.start - 14): start.start]):
        return None
    code = head + f"start = {lit(start.value)}  # {start.text}\ntotal = start {sign} rate\nround(total, 2)"
    return _plan(code, f"{start.text} at the start, {'plus' if sign == '+' else 'less'} the rate carried over the time.",
                 "word_start_plus_rate")


_UNIT_WORDS = frozenset("""kg kgs kilos g grams lb lbs pounds oz ounces km kms miles mile m metres meters cm mm ft feet inches
    litres liters l ml gallons gb mb tb kb bytes""".split())


def _asks_other_unit(t: str, thing: str | None) -> bool:
    """'… how many km?' when the rate counts miles, '… total in kg?' when the sizes are in lb: a conversion too."""
    words = re.findall(r"\bhow many ([a-z]+)|\b(?:in|into)\s+([a-z]+)\s*\??\s*$", t[_question_start(t):])
    for a, b in words:
        w = a or b
        if w in _UNIT_WORDS and not same_thing(w, thing):
            return True
    return False


def _question_start(t: str) -> int:
    """Where the question of a message starts: its last sentence, or its 'how many' / 'per' tail."""
    m = list(re.finditer(r"\bhow (?:many|much|far|long)\b|\bwhat(?:'s| is)?\b|[.;!]\s+(?=\S)|,\s*(?=\S)", t))
    return m[-1].start() if m else 0


def _plan(code: str, explanation: str, template: str = "word_rate_time") -> Plan:
    return Plan("arithmetic", code, explanation, specificity=0.82, template=template)


# ----- a whole less its parts -------------------------------------------------------------------------

_PART_AFTER = re.compile(r"\s*(?:of\s+(?:them|those|these|the\s+[a-z]+|which|it)\b|(?:[a-z]+\s+)?(?:were|are|was|is|got|"
                         r"have|had|did|do)\b)")
_ASKED = re.compile(r"\bhow many\s+(?:of\s+(?:them|those|these)\s+)?([a-z]+)?(?:\s+([a-z]+))?")
_LEFT = re.compile(r"\b(?:left|remain\w*|rest|else|other|others|not|free|available|spare|good|unsold|unused)\b")


def solve_whole_less_parts(q) -> Plan | None:
    """'class of 32 students, 19 of them are girls. how many boys?', 'out of 250 responses, 87 were negative and 41
    neutral. how many positive?', 'each row has 16 seats and there are 23 rows; 40 are reserved. how many free?'."""
    t = q.lower
    if not _guard(t) or re.search(r"\b(?:per|each|every)\b(?!\s+(?:row|box|crate|pack|shelf|table|bag)\b)|[$€£]", t):
        return None
    qs = read_quantities(t)
    asked = _ASKED.search(t)
    if not 2 <= len(qs) <= 5 or not asked or asked.start() < qs[-1].end or any(x.value != int(x.value) for x in qs):
        return None
    # the whole: the first number, or a product of the first two when one is per the other ('16 seats a row, 23 rows')
    whole, parts, how = qs[0].value, qs[1:], f"whole = {lit(qs[0].value)}  # {qs[0].text}"
    gap = t[qs[0].end: qs[1].start]
    if re.search(r"\b(?:each|every|a|per)\s+([a-z]+)\b", t[max(0, qs[0].start - 25): qs[0].end + 15]) and len(qs) >= 3:
        unit = re.search(r"\b(?:each|every|a|per)\s+([a-z]+)\b", t[max(0, qs[0].start - 25): qs[0].end + 15]).group(1)
        if same_thing(qs[1].noun, unit) or re.search(r"\b(?:holds|has|of|contains)\s*$", t[max(0, qs[0].start - 12): qs[0].start]) \
                and same_thing(qs[1].noun, unit):
            whole, parts = qs[0].value * qs[1].value, qs[2:]
            how = f"whole = {lit(qs[0].value)} * {lit(qs[1].value)}  # {qs[0].text} in each of {qs[1].text}"
        else:
            return None
    elif re.fullmatch(r"\s*(?:[a-z]+\s+)?of\s*", gap) and qs[0].noun and len(qs) >= 3 and \
            t[qs[0].start: qs[0].end].rstrip().endswith("s") and not qs[0].per and not qs[1].per:
        whole, parts = qs[0].value * qs[1].value, qs[2:]  # '12 rows of 4 seats'
        how = f"whole = {lit(qs[0].value)} * {lit(qs[1].value)}  # {qs[0].text} {qs[0].noun}s of {qs[1].text}"
        if not any(same_thing(qs[1].noun, x.noun) for x in parts) and not re.search(r"\bof (?:them|those|these)\b", t):
            return None
    elif qs[0].per or qs[0].each or re.search(r"\bof\s*$", gap):
        return None
    if not _whole_named(t, qs[0]):
        return None
    for x in parts:
        if x.per or x.each or not _PART_AFTER.match(t, x.end) and not (x.noun and same_thing(x.noun, qs[0].noun)) \
                and not re.search(r"\b(?:and|,)\s*$", t[max(0, x.start - 6): x.start]):
            return None
    word = " ".join(w for w in asked.groups() if w)
    part_words = set(re.findall(r"[a-z]+", " ".join(t[x.end: x.end + 30].split(".")[0] for x in parts))) - _FILLER
    head = asked.group(1) or ""
    if head in ("are", "were", "is", "was") and asked.group(2):  # 'how many were actually actionable'
        after = re.match(r"\s*(?:actually|really|still|then)?\s*([a-z]+)", t[asked.end(1):])
        head = after.group(1) if after else head
    if head in part_words and not _LEFT.search(word):
        return None  # asks about one of the parts named
    if (not head or same_thing(head, qs[0].noun) or head in ("are", "were", "is", "do", "did")) and not _LEFT.search(
            t[asked.start():]):
        return None  # 'how many students?' with no 'left' / 'not': the whole itself, or unclear
    total_parts = sum(x.value for x in parts)
    if total_parts > whole:
        return None
    code = how + "\nparts = " + lit([x.value for x in parts]) + "\nrest = whole - sum(parts)\nrest"
    return _plan(code, "Took the parts named from the whole; the rest is the group asked about.", "word_whole_less_parts")


_FILLER = frozenset("of them those these the a an were are was is have had got did do and already still been".split())


def _whole_named(t: str, x: Quantity) -> bool:
    """The first number is a whole: a group counted ('class of 32', '48 cookies', 'out of 250 responses')."""
    before = t[max(0, x.start - 20): x.start]
    return bool(x.noun) or bool(re.search(r"\b(?:of|out of|total of|there (?:are|were)|we have|we had|i have|i had)\s*$", before))


# ----- a group, each member with the same basket --------------------------------------------------------

_COUNT_WORD = r"(\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)"
_PRICE = r"([$€£]?\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\s?[$€£]?)"
_ITEM = re.compile(_COUNT_WORD + r"\s+((?:[a-z-]+\s+){0,2}?[a-z-]+)\s+(?:at|@|for|costing|priced at)\s+" + _PRICE +
                   r"(?:\s*(?:each|apiece|a piece|per (?:piece|unit|item)))?")
_EACH_GETS = re.compile(r"\beach(?:\s+(?:one|of them|person|member))?\s+(?:needs|gets|has|requires|receives|will need|"
                        r"will get|is getting|should get)\s+")


def solve_each_needs(q) -> Plan | None:
    """'6 people, each needs 2 monitors at £189 and one dock at £145: total?': a group whose every member gets the
    same basket of priced items; the group count times the basket."""
    t = q.lower
    if not _guard(t) or not re.search(r"\btotal\b|\baltogether\b|\ball together\b|\bin all\b|\bhow much\b|\bcost\b", t):
        return None
    e = _EACH_GETS.search(t)
    if not e:
        return None
    items, pos = [], e.end()
    while True:
        m = _ITEM.match(t, pos)
        if not m:
            break
        count = m.group(1)
        k = int(count) if count.isdigit() else 1 if count in ("a", "an") else WORD_NUMBERS.get(count)
        price = float(re.sub(r"[^\d.]", "", m.group(3)))
        items.append((k, m.group(2), price, m.group(3).strip()))
        j = re.match(r"\s*(?:,\s*(?:and\s+|plus\s+)?|and\s+|plus\s+|\+\s*|&\s*)", t[m.end():])
        if not j:
            pos = m.end()
            break
        pos = m.end() + j.end()
    if not items or not re.match(r"\s*(?:[.?!;:—–-]|$|,?\s*(?:so\s+)?(?:what|how|total|altogether|in all))", t[pos:]):
        return None  # a term the reader could not read
    group = [x for x in read_quantities(t[: e.start()])]
    if len(group) != 1 or group[0].money or group[0].per or group[0].value != int(group[0].value) or \
            read_quantities(t[pos:]):
        return None
    n = group[0]
    basket = " + ".join(f"{k} * {lit(p)}" for k, _, p, _ in items)
    code = f"members = {lit(n.value)}  # {n.text} {n.noun or ''}\n" + "\n".join(
        f"# each: {k} {name} at {written}" for k, name, _, written in items) + \
        f"\nbasket = {basket}\ntotal = members * basket\nround(total, 2)"
    return _plan(code, "The group count times what each member gets.", "word_each_needs")


# ----- runway: cash over the net burn ----------------------------------------------------------------------

_BURN = re.compile(r"\b(?:burn(?:s|ing| rate)?|spend(?:s|ing)?|costs?|expenses|outgoings|opex|lose|losing)\b")
_INCOME = re.compile(r"\b(?:revenue|income|bring(?:ing)? in|brings in|earn(?:s|ing)?|mrr|sales|make|making|takings)\b")
_CASH = re.compile(r"\b(?:cash|bank|balance|raised|runway|have|has|got|sitting on|left|in the account|reserves?|savings)\b")
_RUNWAY_ASK = re.compile(r"\brunway\b|\bhow (?:many (months|weeks|days|years)|long)\b[^?]*\b(?:last|run out|until|before|"
                         r"broke|zero|empty|runway)\b|\buntil we run out\b")


def solve_runway(q) -> Plan | None:
    """'$1.2m in the bank, monthly burn $80k: runway?', 'cash 240k, burn 25k/mo, revenue 5k/mo', 'we have $45,000,
    spend $5,000 per month and bring in $2,000 per month: how many months until we run out'."""
    t = q.lower
    ask = _RUNWAY_ASK.search(t)
    if not ask or not _guard(t) and not re.search(r"\brunway\b", t) or _JUDGEMENT.search(t) or len(t) > _MAX_CHARS:
        return None
    qs = read_quantities(t)
    if not 2 <= len(qs) <= 3 or any(x.each for x in qs):
        return None
    cash, burn, income = [], [], []
    for x in qs:
        periods = [_period(p) for p in x.per if _period(p)]
        before = t[max(0, x.start - 28): x.start]
        adverb = re.search(r"\b(" + "|".join(_ADVERBS) + r")\s+(?:[a-z]+\s+){0,2}(?:is\s+|of\s+|at\s+|=\s*|:\s*)?[$€£]?\s*$", before)
        period = periods[0] if len(periods) == 1 else _ADVERBS[adverb.group(1)] if adverb and not x.per else None
        clause = re.split(r"[,.;]|\band\b", before)[-1]
        if period is None:
            if x.per or not _CASH.search(before + " " + t[x.end: x.end + 20]):
                return None
            cash.append(x)
        elif _INCOME.search(clause + " " + t[x.end: x.end + 12]) and not _BURN.search(clause):
            income.append((x, period))
        elif _BURN.search(clause + " " + t[x.end: x.end + 12]):
            burn.append((x, period))
        else:
            return None
    if len(cash) != 1 or len(burn) != 1 or len(income) > 1 or income and income[0][1] != burn[0][1]:
        return None
    period = burn[0][1]
    named = ask.group(1) or next(iter(re.findall(r"\bin (days|weeks|months|years)\b", t[ask.start():])), None)
    unit = _period(named) if named else period
    ratio = period_ratio(period, unit) if unit else None
    net = burn[0][0].value - (income[0][0].value if income else 0)
    if ratio is None or net <= 0:
        return None
    code = f"cash = {lit(cash[0].value)}  # {cash[0].text}\nburn = {lit(burn[0][0].value)}  # {burn[0][0].text} a {period}\n" + \
        (f"income = {lit(income[0][0].value)}  # {income[0][0].text} a {period}\n" if income else "income = 0\n") + \
        f"runway = cash / (burn - income)" + (f" * {lit(ratio)}  # in {unit}s" if ratio != 1 else f"  # in {unit}s") + \
        f"\nstr(round(runway, 2)).removesuffix('.0') + ' {unit}s'"
    return _plan(code, f"Cash over the net burn a {period}.", "word_runway")


# ----- so much for each one, so many of them ----------------------------------------------------------------

_EACH_IS = re.compile(r"\beach\s+(?:[a-z-]+\s+)?([a-z]+)\s+(?:is|takes(?:\s+(?:me|us|them|him|her))?|lasts|runs|costs|weighs|"
                      r"needs|uses|holds|has)\s+(?:about\s+|around\s+|~\s*)?$")
_COUNTED = re.compile(r"\s*(?:of them|of those|of these|in the [a-z]+|in (?:my|our) [a-z]+|to (?:do|go|edit|review|make|run)|"
                      r"lined up|booked|left|queued|scheduled|planned|on (?:monday|tuesday|wednesday|thursday|friday|"
                      r"saturday|sunday|the list))\b")


def solve_each_times_count(q) -> Plan | None:
    """'each reel takes me ~45 min to edit and i've got 9 in the queue: how many minutes total', 'each onboarding
    call is 45 min and Lea has 7 of them thursday': so much for each one times how many there are."""
    t = q.lower
    if not _guard(t) or not re.search(r"\btotal\b|\baltogether\b|\bin all\b|\bhow (?:many|much|long)\b", t):
        return None
    qs = read_quantities(t)
    if len(qs) != 2:
        return None
    size, count = qs
    e = _EACH_IS.search(t[: size.start])
    if not e or size.per or count.per or count.each or count.value != int(count.value) or not (
            same_thing(count.noun, e.group(1)) or _COUNTED.match(t, number_end(t, count))):
        return None
    asked = re.search(r"\bhow many ([a-z]+)", t)
    if _asks_other_unit(t, size.noun) and not (asked and _period(asked.group(1))):
        return None
    if asked and not (same_thing(asked.group(1), size.noun) or _period(asked.group(1)) and _period(size.noun)):
        return None  # asks for something else than what each one is measured in
    code = f"each = {lit(size.value)}  # {size.text} {size.noun or ''} per {e.group(1)}\ncount = {lit(count.value)}  " \
           f"# {count.text}\ntotal = each * count\nround(total, 2)"
    if asked and _period(asked.group(1)) and _period(size.noun) and _period(asked.group(1)) != _period(size.noun):
        ratio = period_ratio(_period(size.noun), _period(asked.group(1)))
        if ratio is None:
            return None
        code = code.replace("total = each * count", f"total = each * count * {lit(ratio)}  # in {asked.group(1)}")
    return _plan(code, f"So much for each {e.group(1)} times how many there are.", "word_each_times_count")
