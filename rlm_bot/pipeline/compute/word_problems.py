"""Word problems composed from the roles of their quantities, not from one sentence shape.

quantities.py reads each number's role (a count of things, a rate per something, money); this module
composes the computation the question asks for:

- a product whose units cancel to one thing ('3 invigilators, 4.5 hours each, paid £11.44 an hour');
- a running sum or difference of listed amounts ('mon 1320, tue 1415, wed 1287. total?', 'quota 250k,
  closed 187,400, how much is left');
- a share ('$1.2M split across 16 regions', 'Sam pays a flat £60 and the rest is split between the other
  4', '36k/yr billed quarterly');
- a count of containers (ceiling), what is left over (remainder), how long a stock lasts.

Each reader declines when the roles are ambiguous (units that do not cancel, mixed things summed, no
question it can name); the model then answers.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import replace

from rlm_bot.pipeline.compute.listed_count import names_count
from rlm_bot.pipeline.compute.plan import WORD_NUMBERS, Plan, lit
from rlm_bot.pipeline.compute.quantities import Quantity, number_end, period_ratio, read_labels, read_quantities, same_thing, singular

_MAX_CHARS = 320
_PERCENT = re.compile(r"%|\bpercent|\bper ?cent|\binterest\b|\bapr\b|\bdiscount|\bmargin|\bmarkup")
# things that are amounts of money though no currency is written ('plus 25 delivery', '2.50 tourist tax')
_MONEY_NOUNS = frozenset("tax fee delivery shipping postage tip charge deposit rent cost price fare surcharge".split())
_ASK_TOTAL = re.compile(r"\bhow (?:many|much)\b|\btotal\b|\bcost\b|\bbill\b|\bcome to\b|\bcomes to\b|\baltogether\b|"
                        r"\bin all\b|=\s*\??\s*$|\bwhat(?:'s| is) that\b|\bsum\b|\bnet\b|\bweight\b|\bspend\b|\bdose\b")
_ASK_LEFT = re.compile(r"\b(?:left|remain(?:ing|s)?|unassigned|spare|left ?over|still (?:need|to go)|outstanding|unused)\b|"
                       r"\b(?:are|is) (?:still )?(?:free|available|open|empty)\b|\bfree\s*\?")
_MINUS = re.compile(r"\b(?:minus|less|spent|spend|lost|paid out|used|closed|gave|give|sold|refunded|costs?|"
                    r"withdrew|take away|take (?:off|out)|taking (?:off|out)|knock off|deduct(?:ing)?|subtract(?:ing)?)\b|-\s*$")
# a change written after its amount ('12 got off', '40 back') or before it ('got 40 back', 'received 200')
_MINUS_AFTER = re.compile(r"\s*(?:[a-z]+\s+)?(?:got off|get off|got out|left|were (?:sold|used|eaten|lost|removed|taken)|"
                          r"(?:more\s+)?(?:were\s+)?(?:given away|broke|went out|dropped out|quit)\b)")
_PLUS_AFTER = re.compile(r"\s*(?:[a-z]+\s+)?(?:got on|get on|got in|joined|came in|arrived|(?:came\s+)?back)\b")
# the gap before the next amount of a run of deductions: 'and' or a comma, then only its name ('and refunds ', ', card fees ')
_NAMED_NEXT = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+|&\s*)(?:the\s+|a\s+|an\s+)?[a-z]+(?:\s+[a-z]+)?\s*(?:of\s+)?[:=]?\s*[$€£]?\s*")
_PLUS = re.compile(r"\b(?:plus|got|received|earned|found|added|gained|deposited|won|raised|refund(?:ed)? of|back)\b|\+\s*$")
_JUDGEMENT = re.compile(r"\b(?:should(?! be (?:left|remaining|in (?:the|our) \w+))|why|explain|thoughts|ideas?|advice|recommend|(?<!the )(?<!a )fair|worth|draft|write|rewrite|"
                        r"translate|summar\w*|plan(?! is\b)|review|better|criteria|good(?!\s+(?:ones|[a-z]+s)\b)|normal|reasonable)\b")
_ASKS = re.compile(r"^\W*(?:per (?:person|head)|each|a head)\s*[:?—–-]|\?|\bhow (?:many|much|long)\b|\bwhat(?:'s| is| are| do| does| will| would| should)?\b|\bwhats\b|"
                   r"^\W*(?:sum|total|tot up|add up|calc\w*|compute|work out|figure out)\b|=\s*$|\b(?:pls|please|plz)\b")
_BY_GROUP = re.compile(r"\b(?:sum|total|add|subtotal)\w*\s+(?:\w+\s+)?(?:by|per|for each|grouped)\b|\bby (?:category|site|"
                       r"currency|month|week|person|team|type|group|status|region)\b|\b(?:eur|usd|gbp|chf|jpy)\s+\d")
_WORD_COUNT = r"(\d+|" + "|".join(k for k, v in WORD_NUMBERS.items() if isinstance(v, int) and 2 <= v <= 20) + r")"


def _percent(t: str) -> bool:
    """A rate is in play: '10%', 'interest', 'a discount' (but '$150 discount' is an amount of money)."""
    return bool(_PERCENT.search(re.sub(r"[$€£]\s?\d[\d,.]*\s+(?:[a-z]+\s+)?(?:discount|markup|margin)", " ", t)))


def _count(word: str) -> int:
    return int(word) if word.isdigit() else int(WORD_NUMBERS[word])


def _plan(code: str, explanation: str, template: str, specificity: float = 0.84) -> Plan:
    return Plan("arithmetic", code, explanation, specificity=specificity, template=template)


def solve_word_problem(q) -> Plan | None:
    """A word problem whose quantities' roles name one computation; None when they do not."""
    t = q.lower
    if len(t) > _MAX_CHARS or _percent(t) or _JUDGEMENT.search(t) or "\n" in t.strip() or "|" in t or \
            re.search(r"\bwhich\b|\d(?:mb|gb|tb|kb)\b|\d(?:m|bn|b)\b", t):  # '1.6m': millions or metres, not read
        return None  # a pasted list or table, or a question picking items, is another form's to read
    if not _ASKS.search(t) or _BY_GROUP.search(t):
        return None  # a statement ('3 breaks left totalling €412.80, will chase Monday'), or a grouping
    qs = read_quantities(t)
    if not 1 <= len(qs) <= 12 or len({x.text[0] for x in qs if x.text[0] in "$€£"}) > 1:
        return None
    labels = read_labels(t)
    for reader in (_billed, _split_named, _even_split, _share, _per_head, _containers, _left_after_product, _product_adjusted, _to_go,
                   _per_n_units, _scaled, _every_period, _times_pairs, _price_times_sold, _one_handles, _listed_per_period, _product, _sum):
        plan = reader(t, qs)
        if plan is not None:
            return replace(plan, code=f"# names, not amounts: {', '.join(labels)}\n" + plan.code) if labels else plan
    return None


# ----- roles between quantities --------------------------------------------------------------------

def _link(t: str, qs: list[Quantity]) -> None:
    """Give rates the thing they are per from their neighbours: '4.5 hours each' after '3 invigilators',
    '5 ads at $14 a day', 'each box has 24 cans', '35 to each of 27 kids'."""
    for i, b in enumerate(qs):
        before = [a for a in qs[:i] if a.noun and not a.is_rate and not a.money]
        a = before[-1] if before else None
        gap = t[a.end: b.start] if a else ""
        if b.each and not b.per and a:
            b.per.append(a.noun)
        elif a and re.fullmatch(r"[\s,]*(?:(?:each|every one)\b[a-z ]{0,25}|(?:gets?|receives?|needs?|has|have)\s*)", gap) \
                and a.noun not in b.per:
            b.per.append(a.noun)
        elif a and re.fullmatch(r"\s+of\s*", gap) and b.noun and not b.money and not same_thing(a.noun, b.noun) \
                and not b.per and t[a.start: a.end].rstrip().endswith("s"):
            b.per.append(a.noun)  # '24 rows of 35 chairs', '3 bags of 5 kg': so many in each
        elif a and b.money and not b.per and re.fullmatch(r"\s*(?:x|×|\*)\s*", gap):
            b.per.append(a.noun)  # '3 nights x 89 eur': the price of one night
        elif a and re.fullmatch(r"(?:\s+of\s+[a-z]+)?\s*(?:at|@|for|costing)\s*|\s+of\s*", gap) and (b.money or not b.noun or b.noun == "hour") \
                and not any(same_thing(a.noun, p) for p in b.per):
            b.per.append(a.noun)
        m = re.search(r"\b(?:each|every)\s+(?:[a-z]+\s+)?([a-z]+)\s+(?:is|has|holds|weighs|contains|costs|takes|needs|gets|does|pays|earns|uses)\s*$", t[: b.start])
        if m and not any(same_thing(m.group(1), p) for p in b.per):
            b.per.append(singular(m.group(1)))
        prev = qs[i - 1] if i else None
        if prev is not None and prev is not a and prev.noun and b.noun and not b.money and not b.per and \
                re.fullmatch(r"\s+of\s*", t[prev.end: b.start]) and not same_thing(prev.noun, b.noun) and \
                t[prev.start: prev.end].rstrip().endswith("s"):
            b.per.append(prev.noun)  # '6 nurses each doing 3 shifts of 12h': 12 h in each shift
        if i + 1 < len(qs):
            c = qs[i + 1]
            if c.noun and re.fullmatch(r"\s*(?:to|for)\s+each\s+of(?:\s+the)?\s*", t[b.end: c.start]):
                b.per.append(c.noun)


link_roles = _link  # for the other role readers (relations.py)


def _cancel(qs: list[Quantity], t: str) -> list[str] | None:
    """What a product of `qs` measures, or None when a 'per' thing is not matched by a count."""
    # '3 times a week' counts how often, not a thing: only its 'per' takes part
    numer = ["money" if x.money else (x.noun or "?") for x in qs if x.noun != "time" or x.money]
    for x in qs:
        for p in x.per:
            hit = next((k for k, u in enumerate(numer) if u not in ("money", "?") and same_thing(u, p)), None)
            if hit is not None:
                numer.pop(hit)
            elif p in ("month", "year", "week", "day", "hour", "night") and re.search(
                    r"\b(?:per|a|an|each|every)\s+" + p + r"\b|\b" + {"day": "dai"}.get(p, p) + r"ly\b|/" + p[:2], t[x.end:]
                    + " " + t[: x.start]):
                continue  # '$89/mo per seat … monthly bill': the period is the one asked for
            elif qs and re.search(r"\b" + re.escape(p) + r"s?\b", t[max(x.end for x in qs):]) and \
                    re.search(r"\b(?:in|per|a|each|for one|for the)\s+" + re.escape(p) + r"\b|\b" + re.escape(p) +
                              r"\s+(?:in|is)\b|\b" + re.escape(p) + r"s?\s*\??\s*$", t[max(x.end for x in qs):]):
                continue  # '15 mg/kg per dose, 22.4 kg → dose in mg': the thing asked for is one dose
            else:
                return None
    return numer


def _product(t: str, qs: list[Quantity]) -> Plan | None:
    """'14 seats at $89/mo per seat', '4 reviewers each doing 35 tickets a day for 5 days': every rate's
    'per' thing is counted by another quantity, so the product measures one thing."""
    bare = re.search(r"(?:^|[.!?]\s+)([a-z]+)\?\s*$", t)  # 'cables?' asks for the thing counted
    if not (_ASK_TOTAL.search(t) or bare and any(same_thing(bare.group(1), x.noun) for x in qs)) or _ASK_LEFT.search(t) or re.search(r"\b(?:split|divide|share|each\?|per (?:person|head)\?)"
                                                                   r"|how much (?:each|per)\b|\bor\b", t):
        return None
    if not 2 <= len(qs) <= 5:
        return None
    _link(t, qs)
    explicit = all(re.fullmatch(r"\s*(?:[x×*]|times)\s*", t[a.end: b.start]) for a, b in zip(qs, qs[1:]))
    if not explicit and not any(x.per for x in qs):
        return None
    uncounted = [p for x in qs for p in x.per if not any(y is not x and y.noun and same_thing(y.noun, p) for y in qs)]
    if not explicit and len(uncounted) != len(set(uncounted)):
        return None  # '30/month plus 10/month support': two amounts per the same month are added, never multiplied
    numer = _cancel(qs, t)
    if numer is None and not explicit:
        return _sum_of_products(t, qs)
    if not explicit:
        things = [u for u in numer if u != "?"]
        if len(things) > 1 or (not things and len(numer) != 1):
            return _sum_of_products(t, qs)
        asked = re.search(r"\bhow many ([a-z]+)|(?:^|[.!?]\s+)([a-z]+)\?\s*$", t)
        word = asked and (asked.group(1) or asked.group(2))
        into = re.search(r"\b(?:in|into)\s+([a-z]+)\s*\??\s*$", t)
        if any(w in _MEASURES and not any(same_thing(w, x.noun) for x in qs) for w in (word, into and into.group(1))):
            return None  # '65 mph for 3.5 hours, how many km': a conversion besides the product
        if word and things and things[0] != "money" and not same_thing(word, things[0]) \
                and any(same_thing(word, x.noun) for x in qs):
            return _sum_of_products(t, qs)
        # every number must take part through a role: a lone count with no rate pointing at it is a
        # different question ('5 people, 3 rooms, 89 a night')
        counts = [x for x in qs if not x.per]
        # '5km 3 times a week': each time is one of the other count ('time' is what the 5 km is per)
        if len(counts) > sum(len(x.per) for x in qs) + sum(x.noun == "time" for x in qs):
            return _sum_of_products(t, qs)
    names = []
    for k, x in enumerate(qs):
        names.append(f"q{k + 1} = {lit(x.value)}  # {x.text}" + (f" {x.noun}" if x.noun and x.noun not in x.text else "")
                     + (f" per {', per '.join(x.per)}" if x.per else ""))
    code = "\n".join(names) + f"\ntotal = {' * '.join(f'q{k + 1}' for k in range(len(qs)))}\nround(total, 2)"
    return _plan(code, "Multiplied the counts by the rates they are per.", "word_product")


_MEASURES = frozenset("kg kgs kilos g grams lb lbs pounds km kms miles metres meters feet litres liters gallons gb mb tb".split())


def _unit(x: Quantity) -> str:
    return "money" if x.money or x.noun in _MONEY_NOUNS else (x.noun or "?")


def _sum_of_products(t: str, qs: list[Quantity]) -> Plan | None:
    """'3 nights at 89 plus 2.50 tourist tax per night', '9 people, 18.50 each, plus 25 delivery': terms joined by
    'plus', each a product whose rates are per a count stated in it or elsewhere; all terms measure one thing."""
    cuts = [k for k in range(1, len(qs)) if re.search(r"\bplus\b|\+|\band(?: (?:a|an|one)(?: [a-z]+)?(?: of| at)?)?\s*$|"
                                                     r"[,;]\s*(?:and\s+)?then\s+(?:[a-z]+\s+){0,2}$", t[qs[k - 1].end: qs[k].start])]
    if not cuts or len(cuts) > 2:
        return None
    bounds = [0] + cuts + [len(qs)]
    terms = [qs[a:b] for a, b in zip(bounds, bounds[1:])]
    counts = [x for x in qs if not x.is_rate and x.noun and _unit(x) != "money"]
    exprs, units = [], set()
    for term in terms:
        if sum(_unit(x) == "money" for x in term) > 1:
            return None  # '$1,100, a headset at $80': two prices in one product, a list the cuts missed
        if len(term) > 1 and not any(x.per or x.each for x in term):
            return None  # '3 x 145.00, 2 x 89.50': bare numbers side by side are no product the roles name
        factors = [f"q{qs.index(x) + 1}" for x in term]
        numer = [_unit(x) for x in term]
        for x in term:
            for p in x.per:
                hit = next((k for k, u in enumerate(numer) if same_thing(u, p)), None)
                if hit is not None:
                    numer.pop(hit)
                    continue
                borrowed = [c for c in counts if same_thing(c.noun, p) and c not in term]
                if len(borrowed) != 1:
                    return None
                factors.append(f"q{qs.index(borrowed[0]) + 1}")
        things = {u for u in numer if u != "?"}
        if len(things) > 1 or ("money" not in things and things and len(numer) != 1):
            return None
        units |= things or {"?"}
        exprs.append(" * ".join(factors))
    if len(units - {"?"}) > 1 or (units == {"?", "money"} and not any(_unit(x) == "money" for x in qs)):
        return None
    if any(not x.is_rate and x.noun and _unit(x) not in units and not any(x in term and len(term) > 1 for term in terms)
           and not any(same_thing(x.noun, p) for y in qs for p in y.per) for x in qs):
        return None  # a count nothing is per
    lines = [f"q{k + 1} = {lit(x.value)}  # {x.text}" + (f" {x.noun}" if x.noun else "") +
             (f" per {', per '.join(x.per)}" if x.per else "") for k, x in enumerate(qs)]
    code = "\n".join(lines) + "\ntotal = " + " + ".join(f"({e})" if "*" in e else e for e in exprs) + "\nround(total, 2)"
    return _plan(code, "Added the terms, each a count times the rate it is per.", "word_sum_of_products", 0.8)


_TIME_NOUNS = {"second", "minute", "min", "hour", "hr", "day", "week", "month", "quarter", "year"}


def _sum(t: str, qs: list[Quantity]) -> Plan | None:
    """'mon 1320, tue 1415, wed 1287. total?', 'raised 4,500 and 2,750, minus 600 costs. net?',
    'quota 250k, closed 187,400, how much is left': listed amounts added, or taken from the first."""
    left = next((m for m in _ASK_LEFT.finditer(t) if not re.search(r"\b(?:nothing|none|no|without)\s+(?:[a-z]+\s+)?$",
                                                                    t[max(0, m.start() - 25): m.start()])), None)
    if len(qs) < 2 or not (left or re.search(r"\b(?:total|sum|net|altogether|in all|combined|add (?:up|these|them|those|it)|tot(?:al)? (?:up|these))\b|"
                                             r"\bwhere (?:are|is) (?:we|it|that|the \w+) (?:at )?now\b|"
                              r"\bhow (?:much|many)\b[^?.]*\bnow\b", t)):
        return None
    if re.search(r"(?<![\d.])\d{1,2}:\d{2}(?!\d)", t):
        return None  # clock times ('11:50-12:35') are spans to subtract, not amounts to add
    # 'got 3 invoices … 12,480.50 and 9,115.25 and 4,302.75', 'total for the 3 days': the count of the amounts
    # listed is no amount to add (the plan checks it, see listed_count.py)
    counts = [x for x in qs if x.value == len(qs) - 1 and not x.money and not x.per and not x.each
              and names_count(t, x.start, number_end(t, x))]
    if len(counts) == 1 and len(qs) >= 3:
        qs = [x for x in qs if x is not counts[0]]
    elif sum(1 for x in qs if not x.noun) >= 2 and any(
            x.noun and x.value == int(x.value) and not any(same_thing(x.noun, y.noun) for y in qs if y is not x)
            and re.search(r"\b(?:across|over|in|for|during|within|the|last|past)\s+$", t[max(0, x.start - 10): x.start])
            and names_count(t, x.start, number_end(t, x)) for x in qs):
        return None  # 'total for the 4 days' beside three bare amounts: a count of something else, not an amount
    counted = {singular(x.noun) for x in qs if x.noun and not x.money}
    if len(counted & _TIME_NOUNS) > 1 or counted and any(x.money for x in qs):
        return None  # '3 invoices … 4,302.75 eur', '45 min, 13 weeks': a count of things is no amount to add
    # 'i earn 2,850 a month, rent is 1,100 and bills 240. what's left': what comes in a month less what goes out of it
    monthly = left and qs[0].per and len(qs[0].per) == 1 and qs[0].per[0] in ("month", "week", "year") and \
        not any(x.per or x.each for x in qs[1:])
    if any(x.per or x.each for x in qs) and not monthly or re.search(r"\d\s*x\s*/|\d\s*x\s+(?:a|an|per|every)\b", t) or \
            re.search(r"\b(?:each|per|every|times|of \$?\d|[x×*]\s*\d|average|mean|"
                                                     r"split|how many (?:more|times|days|weeks))\b", t):
        return None
    terms, marked, added = [], [], False
    for k, x in enumerate(qs):
        gap = t[qs[k - 1].end: x.start] if k else t[max(0, x.start - 25): x.start]
        marked.append(-1 if k and _MINUS.search(gap) else 1)
        after = re.match(r"[^,.;:!?\d]{0,25}", t[number_end(t, x):]).group(0)
        if k and _MINUS.search(gap) or k and _MINUS_AFTER.match(after):
            sign = -1
        elif k and (_PLUS.search(gap) or _PLUS_AFTER.match(after)):
            sign, added = 1, True
        elif k and re.fullmatch(r"[\s,]*(?:and|then|and then|another|,)*[\s,]*(?:another\s+)?[$€£]?\s*", gap):
            sign = terms[-1]  # 'spent 120, then 75': the verb carries over to the next amount
        elif k and terms[-1] < 0 and _NAMED_NEXT.fullmatch(gap):
            sign = -1  # 'minus tax 512.40 and pension 145', 'less card fees 61.20, refunds 85': the next deduction named
        else:
            sign = 1
        terms.append(sign)
    if left:
        if any(s < 0 for s in marked[2:]) or added or re.search(r"\b(?:plus|more|another|raised|got|received)\b", t) and len(qs) > 2:
            return None
        terms = [1] + [-1] * (len(qs) - 1)
        if len(qs) == 2 and re.search(r"\b(?:on|of|out of|towards|against)\s+(?:an?\s+|the\s+)?[$€£]?$",
                                      t[qs[0].end: qs[1].start]):
            qs = [qs[1], qs[0]]  # 'paid a 5,000 retainer on a 12,750 engagement': the whole is named second
        if qs[0].value < sum(x.value for x in qs[1:]):
            return None  # more taken than there was: the roles are not what they seem
    elif not re.search(r"\b(?:total|sum|net|altogether|in all|combined|add (?:up|these|them|those|it)|now)\b", t):
        return None
    asked = re.search(r"\b(?:total|how many)\s+(?:number of\s+|no\.? of\s+)?([a-z]+)", t)
    if asked and any(x.noun and same_thing(asked.group(1), x.noun) for x in qs) and \
            any(x.noun and not x.money and not same_thing(asked.group(1), x.noun) for x in qs):
        return None  # '3 drops, 18 pallets, 22 pallets … total pallets': a count of other things is no amount of these
    code = "amounts = " + lit([s * x.value for s, x in zip(terms, qs)]) + "\ntotal = sum(amounts)\nround(total, 2)"
    what = "Took the later amounts from the first." if left else "Added the amounts (minus the ones taken off)."
    return _plan(code, what, "word_sum", 0.8)


_SPLIT = re.compile(r"\b(?:split|divided|divide|shared|share|spread)\s+(?:it\s+|evenly\s+|equally\s+)*(?:between|among|"
                    r"amongst|across|by|into|over)\s+(?:the\s+|our\s+)?(?:other\s+)?" + _WORD_COUNT + r"\b|\bsplit\s+" + _WORD_COUNT +
                    r"\s+ways\b")
_FLAT = re.compile(r"\b(?:pays?|paying|put(?:s|ting)? in|chip(?:s|ping)? in|cover(?:s|ing)?)\s+(?:a\s+)?flat\s+[$€£]?(\d[\d,]*(?:\.\d+)?)|"
                   r"\bpays?\s+[$€£]?(\d[\d,]*(?:\.\d+)?)\s+flat\b")
_OTHERS = re.compile(r"\b(?:the\s+)?other\s+" + _WORD_COUNT + r"\b")


def _share(t: str, qs: list[Quantity]) -> Plan | None:
    """'$1.2M split across 16 regions', 'split 6 ways', 'Jo pays 800 flat, others split the rest'."""
    m = _SPLIT.search(t) or re.search(r"\b" + _WORD_COUNT + r"\s+of\s+us\s+split\b", t)
    if not m:  # '486 guests across 18 tables, how many per table?'
        m = re.search(r"\b(?:across|between|among|into|over)\s+(?:the\s+)?(\d+)\s+([a-z]+)", t)
        asked = re.search(r"\b(?:per|each|a)\s+([a-z]+)\s*\??\s*$", t)
        if not m or not asked or not same_thing(m.group(2), asked.group(1)) or len(qs) != 2:
            return None
        code = f"total = {lit(qs[0].value)}\nparts = {m.group(1)}  # {m.group(2)}\nshare = total / parts\nround(share, 2)"
        return _plan(code, f"Divided {lit(qs[0].value)} into {m.group(1)} equal parts.", "word_share")
    if not m or not re.search(r"\beach\b|\bper\b|\bwhat (?:do|does|should|would) (?:the|they|we|others)\b|\bowe\b|\bpay\b", t):
        return None
    ways = _count(m.group(m.lastindex))
    flat = _FLAT.search(t)
    others = _OTHERS.search(t)

    def inside(x: Quantity, match: re.Match | None) -> bool:
        return bool(match) and x.start <= match.start(match.lastindex) < x.end + 1

    group = re.search(r"\b" + _WORD_COUNT + r"\s+of\s+us\b", t) if flat else None
    stated = [x for x in qs if not inside(x, m) and not inside(x, flat) and not inside(x, others) and not inside(x, group)]
    money = [x for x in stated if x.money]
    amounts = money or [x for x in stated if x.value != ways]
    if len(amounts) != 1:
        return None
    total = amounts[0].value
    if flat:
        fixed = float(flat.group(1) or flat.group(2))
        n = _count(others.group(1)) if others else ways - 1 if re.search(r"\bothers?\b|\bthe rest\b", t) else None
        if not n or n >= ways + 1:
            return None
        if group:  # '4 of us … a flat $30 and the rest split between the other 3': everyone is the flat payer and the others
            if _count(group.group(1)) != n + 1:
                return None
            ways = _count(group.group(1))
        code = f"total = {lit(total)}\nflat = {lit(fixed)}  # paid by one person\neveryone = {ways}\npeople = {n}\nshare = (total - flat) / people\n" \
               "round(share, 2)"
        return _plan(code, f"Took the flat {lit(fixed)} off {lit(total)} and split the rest {n} ways.", "word_share")
    if len(qs) != 2:
        return None
    code = f"total = {lit(total)}\nparts = {ways}\nshare = total / parts\nround(share, 2)"
    return _plan(code, f"Divided {lit(total)} into {ways} equal parts.", "word_share")


_ASK_EACH = re.compile(r"^\W*(?:per (?:person|head)|each|a head|split)\s*[:?—–-]|\b(?:how much|what(?:'s| is| does| do| should| will| would)?)\b[^.?!]{0,30}\b(?:each|apiece|per [a-z]+|"
                       r"a head|a person)\b[^.?!\d]{0,30}\?*[^\w]*$|\beach (?:payment|instal\w*|chunk|share|part|invoice)\b[^.?!\d]{0,20}\?*[^\w]*$")
_PARTS_NAMED = re.compile(r"\s*(?:of us\b|(?:equal\s+)?(?:(?:monthly|weekly|yearly|quarterly)\s+)?(?:payments?|instal{1,2}ments?|"
                          r"chunks?|parts?|shares?|ways)\b)")


_NAMED_SHARERS = re.compile(r"\b(?:split\w*|divid\w*|shar(?:e|ed|ing))\s+(?:it\s+|this\s+|that\s+|the\s+[a-z]+\s+)?(?:evenly\s+|equally\s+|"
                            r"fairly\s+)?(?:between|among|amongst)\s+((?:[a-z]+\s*,\s*)+[a-z]+\s*,?\s*(?:and|&)\s+[a-z]+|[a-z]+\s+(?:and|&)\s+[a-z]+)"
                            r"(?=\s*(?:[.?!,;:—–-]|$|so\b|how\b|what\b|whats\b))")
_NOT_A_NAME = frozenset("the a an all us them both others rest team staff everyone everybody people friends two three four five six "
                        "seven eight nine ten".split())


def _split_named(t: str, qs: list[Quantity]) -> Plan | None:
    """'photographer invoice came in at $1,350, we're splitting it evenly between me, dana and luis. whats each of us
    owe': one amount shared by the people named, counted."""
    m = _NAMED_SHARERS.search(t)
    if not m or len(qs) != 1 or not re.search(r"\b(?:each|apiece|per (?:person|head)|owe|pay|share|part|cut)\b", t[m.end():] + t[:m.start()]):
        return None
    names = [n.strip() for n in re.split(r"\s*,\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+", m.group(1)) if n.strip()]
    if len(names) < 2 or len(set(names)) != len(names) or any(n in _NOT_A_NAME for n in names) or \
            re.search(r"\b(?:except|but|other|rest|double|twice|half|extra|more than|less than|flat)\b", t):
        return None
    total = qs[0]
    code = (f"total = {lit(total.value)}  # {total.text}\nsharers = {lit(names)}\nshare = total / len(sharers)\nround(share, 2)")
    return _plan(code, f"Divided {total.text} by the {len(names)} people named.", "word_split_named")


def _per_head(t: str, qs: list[Quantity]) -> Plan | None:
    """'cabin is $1,380 total, 6 of us going. how much each?', '£640 all in and 32 kids signed up, how much per child',
    'we owe 2,340 and can pay it in 3 equal monthly chunks, how much is each payment': one amount of money shared by
    one count, the share asked."""
    if len(qs) != 2 or not _ASK_EACH.search(t) or re.search(r"\b(?:total|altogether|in all|combined)\s*\??\s*$", t):
        return None
    _link(t, qs)
    for x in qs:  # 'bill came to 212.50': an amount of money though no currency is written
        if not x.money and _BILL_BEFORE.search(t[max(0, x.start - 24): x.start]):
            x.money = True
    counts = [x for x in qs if not x.money and not x.is_rate and x.value == int(x.value) and x.value >= 2]
    money = [x for x in qs if x.money and not x.is_rate] or \
        [x for x in qs if len(counts) == 2 and x is counts[0] and _PARTS_NAMED.match(t, number_end(t, counts[1]))]
    if len(counts) == 2 and money and money[0] is counts[0]:
        counts = counts[1:]  # 'we owe 2,340 … pay it in 3 equal monthly chunks': the amount is the one not in parts
    party = len(counts) == 1 and re.search(r"\b(?:party|group|table|family|team) of\s*$", t[: counts[0].start])
    if len(money) != 1 or len(counts) != 1 or money[0].start > counts[0].start and not re.search(r"\bof us\b", t) and not party:
        return None  # the amount comes first ('$1,380 … 6 of us'); '6 people at $30' reads as a rate, not a share
    if not (counts[0].noun or re.match(r"\s*of us\b", t[counts[0].end:]) or party):
        return None
    total, parts = money[0], counts[0]
    me = re.search(r"\b(?:me|myself|us)\s*(?:\+|and|&|plus)\s*$", t[max(0, parts.start - 12): number_end(t, parts) - len(parts.text)])
    if re.match(r"\s*(?:\+|and|&|plus)\s*(?:me|myself)\b", t[number_end(t, parts):]) or \
            me and not re.match(r"\s*(?:other|more)\b", t[number_end(t, parts):]):
        return None  # '4 of them and me' with no 'other': who is counted is not clear
    code = f"total = {lit(total.value)}  # {total.text}\nparts = {lit(parts.value)}" + (" + 1" if me else "") + \
        f"  # {parts.text}" + (f" {parts.noun}" if parts.noun else "") + (" and me" if me else "") + \
        "\nshare = total / parts\nround(share, 2)"
    return _plan(code, f"Divided {total.text} by {lit(parts.value)}.", "word_per_head")


_BILL_BEFORE = re.compile(r"\b(?:bill|tab|check|cheque|total|cost|price|invoice)\s+(?:(?:came|comes|is|was|of|to|at|"
                          r"totals?|totalled|totaled|in)\s+)*$")
_BILLED = re.compile(r"\b(?:billed|paid|invoiced|charged|payable|split)\s+(quarterly|monthly|weekly|twice a year|semi-?annually|"
                     r"every quarter|each quarter|per quarter|every month|each month|per month)\b")
_PARTS = {"quarter": 4, "month": 12, "week": 52, "twice": 2, "semi": 2}


def _yearly(t: str, x: Quantity) -> bool:
    return "year" in x.per or bool(re.search(r"\b(?:annual|yearly|a year|per year|per annum)\b", t[max(0, x.start - 30): x.end + 12]))


def _billed(t: str, qs: list[Quantity]) -> Plan | None:
    """'contract is 36k/yr billed quarterly, what's each invoice': a yearly amount in equal instalments."""
    m = _BILLED.search(t)
    if not m or len(qs) != 1 or not _yearly(t, qs[0]):
        return None
    parts = next(v for k, v in _PARTS.items() if k in m.group(1))
    code = f"yearly = {lit(qs[0].value)}\ninstalments = {parts}  # {m.group(1)}\neach = yearly / instalments\nround(each, 2)"
    return _plan(code, f"Divided the yearly {lit(qs[0].value)} into {parts} instalments.", "word_billed")


_CAPACITY = re.compile(r"\b(?:holds?|seats?|fits?|takes?|carr(?:y|ies)|(?:rows?|groups?|teams?|packs?|boxes|batches|tables?|"
                       r"bags?|crates?|sets?) of)\s*$")


def _containers(t: str, qs: list[Quantity]) -> Plan | None:
    """'350 flyers, boxes hold 40: how many boxes', '57 students into groups of 6, how many left over',
    '2,400 units, ship 175 a day: how many full days until we run out'."""
    if len(qs) != 2:
        return None
    cap = [x for x in qs if _CAPACITY.search(t[: x.start]) and not re.search(r"\bto\s+\w+\s*$", t[: x.start]) or re.match(r"\s*(?:each|per (?:table|bus|box|row|car|van|room))\b",
                                                                       t[x.end - (5 if x.each else 0):])]
    rate = [x for x in qs if x.per and set(x.per) & {"day", "week", "month", "hour"}]
    asked = re.search(r"\bhow many ([a-z]+)", t)
    packs = [x for x in qs if asked and len(x.per) == 1 and same_thing(asked.group(1), x.per[0]) and x.noun]
    if len(packs) == 1 and not cap:  # '2400 units, we pack 48 units per box: how many boxes'
        c = packs[0]
        total = next(x for x in qs if x is not c)
        if total.per or not same_thing(total.noun, c.noun) or _ASK_LEFT.search(t):
            return None
        code = f"total = {lit(total.value)}\nper_one = {lit(c.value)}  # per {c.per[0]}\nneeded = int(-(-total // per_one))  # rounded up\nneeded"
        return _plan(code, f"{lit(total.value)} / {lit(c.value)}, rounded up: a part-full one still counts.", "word_containers")
    if len(cap) == 1:
        c = cap[0]
        total = next(x for x in qs if x is not c)
        box = re.search(r"([a-z]+) of\s*$", t[: c.start])
        asked = re.search(r"\bhow many ([a-z]+)", t)
        if total.per or (box and same_thing(box.group(1), total.noun)) or \
                (asked and (same_thing(asked.group(1), c.noun) or same_thing(asked.group(1), total.noun))):
            return None  # '24 rows of 35 chairs' (a product), '7 snapshots/day at 2.4 GB each' (a rate)
        if _ASK_LEFT.search(t) and not re.search(r"\bhow many \w+ (?:do|will|would) (?:we|i|you) need\b", t):
            code = f"total = {lit(total.value)}\nsize = {lit(c.value)}\nleft_over = total % size\nleft_over"
            return _plan(code, f"{lit(total.value)} in groups of {lit(c.value)}: the remainder.", "word_left_over")
        if re.search(r"\bhow many\b", t):
            code = f"total = {lit(total.value)}\nper_one = {lit(c.value)}\nneeded = int(-(-total // per_one))  # rounded up\nneeded"
            return _plan(code,
                         f"{lit(total.value)} / {lit(c.value)}, rounded up: a part-full one still counts.", "word_containers")
        return None
    if len(rate) == 1 and re.search(r"\bhow (?:many|long)\b[^?]*\b(?:last|run out|until|before)\b", t):
        r = rate[0]
        stock = next(x for x in qs if x is not r)
        if stock.per:
            return None
        whole = re.search(r"\bfull\b|\bwhole\b", t)
        code = f"stock = {lit(stock.value)}\nper_{r.per[0]} = {lit(r.value)}\n{r.per[0]}s = stock / per_{r.per[0]}\n" + \
               (f"int({r.per[0]}s)" if whole else f"round({r.per[0]}s, 2)")
        return _plan(code, f"{lit(stock.value)} at {lit(r.value)} a {r.per[0]}.", "word_lasts")
    return None


def _left_after_product(t: str, qs: list[Quantity]) -> Plan | None:
    """'120 volunteers, 9 shifts, 13 people per shift: how many are unassigned', '1000 stickers, 35 to each of
    27 kids: how many are left': a stock less a product whose units cancel."""
    if not _ASK_LEFT.search(t) or len(qs) != 3 or qs[0].per or qs[0].each:
        return None
    rest = qs[1:]
    _link(t, rest)
    if not any(x.per for x in rest):
        return None
    numer = _cancel(rest, t)
    if numer is None or len(numer) != 1:
        return None
    code = f"stock = {lit(qs[0].value)}\nused = {lit(rest[0].value)} * {lit(rest[1].value)}\nleft = stock - used\nround(left, 2)"
    return _plan(code, "Took the product of the rate and its count from the stock.", "word_left_product")


_INLINE_EXPR = re.compile(r"\(?\s*\d[\d,]*(?:\.\d+)?(?:\s*[-+*/×x÷]\s*\(?\s*\d[\d,]*(?:\.\d+)?\s*\)?)+")
_ASKS_VALUE = re.compile(r"\?|\bwhat(?:'s| is)\b|\bwhats\b|\bcan (?:someone|you|u|anyone) do\b|\bcalc\w*\b|\bcheck\b|\bpls\b|"
                         r"\bplease\b|=\s*$")


def solve_expression_in_chatter(q) -> Plan | None:
    """'recon check pls — 98,400 / 24', 'hey can someone do 250 x 38 + 1200 for me, calculator app is being weird':
    one written sum in a chatty message whose other words hold no number and ask for no judgement."""
    t = q.lower
    if len(t) > 240 or "\n" in t.strip() or _JUDGEMENT.search(t) or _PERCENT.search(t) or not _ASKS_VALUE.search(t):
        return None
    spans = [m for m in _INLINE_EXPR.finditer(t) if re.search(r"\s[-+*/×x÷]\s|[×÷*+]|\dx\d", m.group(0))]
    if len(spans) != 1:
        return None
    e = spans[0]
    if re.match(r"\s*[a-z]", t[e.end():]) and not re.match(r"\s*(?:for|pls|please|plz|thanks|thx|is|equals|then|and "
                                                         r"(?:round|tell|let)|rounded)\b", t[e.end():]) \
            or re.search(r"\b(?:the|a|an|my|our|those|these)\s*$", t[: e.start()]):
        return None  # '2 x 4 planks', 'the 3 + 1 plan': a name, not a sum asked
    outside = t[: e.start()] + " " + t[e.end():]
    if re.search(r"\d", outside) or re.search(r"\d/\d", e.group(0)) and not re.search(r"\s/\s", e.group(0)):
        return None  # other numbers around it, or '24/7', '3/4' (a date, a fraction)
    expr = re.sub(r"(?<=\d)\s*[x×]\s*(?=[\d(])", " * ", e.group(0)).replace("÷", "/").replace(",", "")
    if not re.fullmatch(r"[\d\s.+\-*/()]+", expr) or expr.count("(") != expr.count(")"):
        return None
    return Plan("arithmetic", f"result = {expr.strip()}\nresult", f"Evaluated {expr.strip()} as written.", 0.9,
                "arithmetic_in_chatter")


_RATE_APPLIED = re.compile(r"(?:\b(minus|less|with|plus|and|after|then|incl\w*)\s+)?(?:a\s+|an\s+|the\s+)?(\d+(?:\.\d+)?)\s*(?:%|percent\b|"
                           r"per ?cent\b)\s*(discount|off|reduction|rebate|tax|vat|gst|surcharge|service(?: charge)?|tip|fee|markup)\b")
_DOWN_WORDS = frozenset({"discount", "off", "reduction", "rebate"})


def solve_product_with_rate(t: str) -> Plan | None:
    """'12 hrs at 95/hr minus a 10% discount', '3 nights at 120 a night plus 10% tax': a product whose units cancel
    to money, then one rate taken off or added on."""
    rates = list(_RATE_APPLIED.finditer(t))
    if len(rates) != 1 or len(re.findall(r"%|\bper ?cent\b|\bpercent\b", t)) != 1 or _JUDGEMENT.search(t) or \
            len(t) > _MAX_CHARS or "\n" in t.strip() or re.search(r"\b(?:each|per person|split|share|left|how many)\b", t):
        return None
    r = rates[0]
    rest = t[: r.start()] + " " * (r.end() - r.start()) + t[r.end():]
    qs = read_quantities(rest)
    if not 2 <= len(qs) <= 4 or r.start() < qs[-1].end:
        return None  # the rate applies to what comes before it
    _link(rest, qs)
    if not any(x.per for x in qs):
        return None
    numer = _cancel(qs, rest)
    if numer is None or numer not in (["money"], ["?"]):  # a discount or a tax: what is left is money
        return None
    down = r.group(3) in _DOWN_WORDS or r.group(1) in ("minus", "less")
    if down and r.group(1) in ("plus",) or not down and r.group(1) in ("minus", "less"):
        return None
    lines = [f"q{k + 1} = {lit(x.value)}  # {x.text}" + (f" {x.noun}" if x.noun and x.noun not in x.text else "")
             + (f" per {', per '.join(x.per)}" if x.per else "") for k, x in enumerate(qs)]
    code = "\n".join(lines) + f"\nsubtotal = {' * '.join(f'q{k + 1}' for k in range(len(qs)))}\nrate = {r.group(2)}  # % " \
        f"{r.group(3)}\ntotal = subtotal * (1 {'-' if down else '+'} rate / 100)\nround(total, 2)"
    return Plan("percentage", code, f"The counts times their rates, then {r.group(2)}% {'taken off' if down else 'added'}.",
                0.86, "word_product_rate")


# ----- a product and one amount on top or off; what is still to go; an even split; a recipe scaled ---------------

_TAKEN = re.compile(r"\b(?:minus|less|take away|subtract|excluding|discount|off|refund\w*|dispensed|used|occupied|taken|"
                    r"reserved?|reserving|already|sold|broken|broke|damaged|spent|lost|returned|cancel\w*|gave away|eaten)\b")
_ADDED = re.compile(r"\b(?:plus|extra|spares?|more|loose|another|on top|add(?:ed)?|also)\b|\+")
# a second amount that names no thing of its own ('37 loose ones', '10 spares'): the thing of the product
_SAME_THING = frozenset({"one", "loose", "spare", "extra", "more", "other", "additional"})


def _product_adjusted(t: str, qs: list[Quantity]) -> Plan | None:
    """'3 cartons × 24 packs × 28 tabs, dispensed 150 of that: how many left', '14 videos at $275 each minus the $150
    discount', '14 boxes of 50 plus 37 loose ones', '3 racks at 42U each and 97U occupied, how many U free': a
    product whose units cancel to one thing, then one amount of that same thing added or taken off."""
    if not 3 <= len(qs) <= 5 or re.search(r"\b(?:split|divide|share|average|mean|per (?:person|head)\?|or)\b", t):
        return None
    left = _ASK_LEFT.search(t)
    if not (left or _ASK_TOTAL.search(t) or re.search(r"\bhow many\b|\bwhat (?:number|do i put)\b", t)):
        return None
    head, adj = [replace(x, per=list(x.per)) for x in qs[:-1]], qs[-1]
    if adj.each:
        return None
    _link(t, head)
    each_of = None  # '64 GB a node, 12 nodes, we reserve 8 GB per node': the amount off is per one of a count
    if adj.per:
        counted = [x for x in head if not x.per and x.noun and len(adj.per) == 1 and same_thing(x.noun, adj.per[0])]
        rated = [x for x in head if x.per == adj.per and (same_thing(x.noun, adj.noun) or x.money and adj.money)]
        if len(counted) != 1 or len(rated) != 1:
            return None
        each_of = counted[0]
    explicit = all(re.fullmatch(r"\s*(?:[x×*]|times)\s*", t[a.end: b.start]) for a, b in zip(head, head[1:]))
    if not explicit and not all(x.per for x in head[1:]) and not any(x.per for x in head):
        return None
    if explicit and not any(x.per for x in head):
        unit = "money" if any(x.money for x in head) else head[-1].noun  # '3 cartons × 24 packs × 28 tabs': tabs
        if sum(x.money for x in head) > 1 or not unit:
            return None
    else:
        numer = _cancel(head, t)
        if numer is None or len(numer) != 1 or numer[0] == "?" or sum(1 for x in head if not x.per) > \
                sum(len(x.per) for x in head) + (1 if explicit else 0):
            return None
        unit = numer[0]
    adj_unit = "money" if adj.money or adj.noun in _MONEY_NOUNS else adj.noun
    if unit == "money":
        if adj_unit != "money":
            return None
    elif not (adj_unit is None and not adj.money or adj_unit in _SAME_THING or same_thing(adj_unit, unit) or
              adj_unit.endswith("ed") and re.match(r"\s+[a-z]+ed\b", t[number_end(t, adj):])):  # '11 arrived broken'
        return None
    gap = t[head[-1].end: adj.start]
    after = re.match(r"[^,.;:!?\d]{0,30}", t[adj.end:]).group(0)
    taken = _TAKEN.search(gap) or _TAKEN.search(after)
    added = _ADDED.search(gap) or _ADDED.search(t[number_end(t, adj): adj.end + 8])
    if bool(taken) == bool(added) and not (left and not added):
        return None  # no word says which way the last amount goes
    sign = -1 if taken or left else 1
    if left and sign > 0:
        return None
    asked = re.search(r"\bhow many ([a-z]+)", t)
    if asked and any(same_thing(asked.group(1), x.noun) and not same_thing(x.noun, unit) for x in head):
        return None  # asks for the count of another thing of the story
    lines = [f"q{k + 1} = {lit(x.value)}  # {x.text}" + (f" {x.noun}" if x.noun and x.noun not in x.text else "")
             + (f" per {', per '.join(x.per)}" if x.per else "") for k, x in enumerate(head)]
    product = " * ".join(f"q{k + 1}" for k in range(len(head)))
    times = f" * q{head.index(each_of) + 1}  # per {each_of.noun}" if each_of is not None else ""
    code = "\n".join(lines) + f"\nproduct = {product}\nadjustment = {lit(adj.value)}{times}  # {adj.text}" + \
        f" {'taken off' if sign < 0 else 'added'}\ntotal = product {'-' if sign < 0 else '+'} adjustment\n" + \
        ("if total < 0:\n    raise ValueError('more taken off than there was')\n" if sign < 0 else "") + "round(total, 2)"
    return _plan(code, f"Multiplied the counts by their rates, then {'took off' if sign < 0 else 'added'} {adj.text}.",
                 "word_product_adjusted", 0.82)


_TO_GO = re.compile(r"\bhow (?:many|much) more\b|\bhow (?:many|much) (?:is |are )?(?:left|still) to (?:go|close|raise|hit|reach|"
                    r"sell|get)\b|\bto go\b|\bhow (?:far|much) short\b|\bhow (?:many|much) (?:do|does|will) (?:we|i|you|they) still need\b")
_TARGET_BEFORE = re.compile(r"\b(?:need(?:s|ed)?|target(?:ing)?|goal|plan|quota|aim(?:ing)?|want|hit|reach|get to|up to)"
                            r"(?:\s+(?:is|of|at|for|to hit|to reach|to get to))?\s*[$€£]?\s*$")


def _to_go(t: str, qs: list[Quantity]) -> Plan | None:
    """'we're at 18,500 followers and need 25k by end of Q1, how many more', 'raised 3,200 of a 5,000 goal, how much
    more to go': the target less where one is now."""
    if len(qs) != 2 or not _TO_GO.search(t) or any(x.per or x.each for x in qs):
        return None
    targets = [x for x in qs if _TARGET_BEFORE.search(t[max(0, x.start - 24): x.start]) or
               re.match(r"\s*(?:[a-z]+\s+)?(?:goal|target|quota)\b", t[number_end(t, x):])]
    if len(targets) != 1:
        return None
    target = targets[0]
    now = next(x for x in qs if x is not target)
    if re.match(r"\s*(?:[a-z]+\s+)?(?:more|extra|additional|on top|new)\b", t[number_end(t, target):]):
        return None  # 'need 50 more': the amount still to go is stated, not a target
    if target.value <= now.value or target.money != now.money and (target.money or now.money) and \
            not (target.text[0] in "$€£" or now.text[0] in "$€£"):
        return None
    if target.noun and now.noun and not same_thing(target.noun, now.noun) and not (target.noun in _NOT_THINGS or now.noun in _NOT_THINGS):
        return None
    code = f"target = {lit(target.value)}  # {target.text}\nnow = {lit(now.value)}  # {now.text}\nto_go = target - now\nround(to_go, 2)"
    return _plan(code, f"The target {target.text} less the {now.text} so far.", "word_to_go", 0.84)


_NOT_THINGS = frozenset({"by", "before", "end", "this", "next", "so"})
_PEOPLE = re.compile(r"^(?:people|person|partner|tester|friend|kid|child|children|pupil|student|member|flatmate|roommate|"
                     r"driver|courier|rider|waiter|waitress|server|chef|cook|employee|coworker|co-worker|mate|buddy|tenant|"
                     r"neighbou?r|parent|brother|sister|intern|trainee|cleaner|porter|picker|packer|"
                     r"housemate|colleague|guest|worker|staff|nurse|teacher|player|volunteer|sibling|cousin|family|families|"
                     r"team|squad|dev|developer|engineer|agent|rep|contractor|attendee|participant|class|group|table|winner|"
                     r"shareholder|founder|investor|heir|of)s?$")
_COUNTABLE_NOT = frozenset(_MEASURES | _TIME_NOUNS | {"hour", "litre", "liter", "gram", "metre", "meter", "mile", "pound",
                                                        "dollar", "euro", "ml", "mg", "l", "g", "kg", "km", "lb"})


def _even_split(t: str, qs: list[Quantity]) -> Plan | None:
    """'4 partners splitting a 9,870 profit share equally, what does each get', '312 test cases and 4 testers, split
    evenly how many each', '132 pencils between 28 pupils, how many each and how many left over': one amount shared
    by one count of people; things that come whole are shared whole, with what is left over."""
    if len(qs) != 2 or not re.search(r"\b(?:split\w*|divid\w*|shar(?:e|ed|ing)|spread|hand(?:ed|ing)? out|deal\w*)\b", t) or \
            not re.search(r"\b(?:evenly|equally|each|apiece|per (?:person|head))\b", t) or _FLAT.search(t) or \
            re.search(r"\b(?:other|rest|me|myself|and i|but|except|double|twice|half|extra|more than|less than|bigger|"
                      r"smaller|larger|ratio|proportion\w*)\b", t):
        return None  # someone gets a different share: not an even split
    asked = re.search(r"\bhow many ([a-z]+)", t)
    total = [x for x in qs if asked and x.noun and same_thing(asked.group(1), x.noun)]
    if not total:
        total = [x for x in qs if x.money or x.noun in _MONEY_NOUNS or x.noun in ("profit", "bonus", "pot", "prize", "budget",
                                                                                  "bill", "tip", "payout", "pool")]
    if not total:
        total = [x for x in qs if not (x.noun and _PEOPLE.match(x.noun))]
    if len(total) != 1:
        return None
    total = total[0]
    parts = next(x for x in qs if x is not total)
    if not (parts.noun and _PEOPLE.match(parts.noun) or re.match(r"\s*of us\b", t[number_end(t, parts):])) or \
            parts.value != int(parts.value) or parts.value < 2 or parts.money:
        return None
    plural = re.match(r"\s+(?:[a-z]+\s+)?[a-z]+s\b", t[number_end(t, total):])  # things that come whole: '132 pencils'
    whole = plural and not total.money and total.noun not in _MONEY_NOUNS and total.value == int(total.value) and total.noun and \
        total.noun not in _COUNTABLE_NOT and total.noun not in ("profit", "bonus", "pot", "prize", "budget", "bill", "tip",
                                                                "payout", "pool")
    if whole:
        code = f"total = {int(total.value)}  # {total.text} {total.noun}\nparts = {int(parts.value)}  # {parts.noun or 'people'}\n" \
               "each, left_over = divmod(total, parts)\n" + \
               ("f'{each} each' + (f', {left_over} left over' if left_over else '')" if _ASK_LEFT.search(t) else
                # what is left over is not asked: the exact share first, the whole-things reading beside it
                "f'{round(total / parts, 2):g} each' + (f' ({each} each whole, {left_over} left over)' if left_over else '')")
        return _plan(code, f"{int(total.value)} {total.noun}s shared whole among {int(parts.value)}.", "word_even_split", 0.84)
    code = f"total = {lit(total.value)}  # {total.text}\nparts = {int(parts.value)}  # {parts.noun or 'people'}\n" \
           "share = total / parts\nround(share, 2)"
    return _plan(code, f"Divided {total.text} into {int(parts.value)} equal shares.", "word_even_split", 0.84)


_YIELDS = re.compile(r"\b(?:makes?|serves?|feeds?|for|covers?|yields?|gives?|lasts?|does|is enough for|enough for)\b")


def _scaled(t: str, qs: list[Quantity]) -> Plan | None:
    """'2.2 lbs of chicken makes 5 lunches, I need 12 lunches: how many lbs', 'my recipe is for 4 people and uses 750 g
    of mince, 10 people are coming: how many grams': an amount for so many of a thing, scaled to another number of it."""
    if len(qs) != 3 or any(x.per or x.each or x.money for x in qs) or not re.search(r"\bhow (?:many|much)\b", t) or \
            _ASK_LEFT.search(t) or re.search(r"\b(?:total|altogether|in all|more|cost|price)\b", t):
        return None
    pairs = [(a, b) for i, a in enumerate(qs) for b in qs[i + 1:] if a.noun and b.noun and same_thing(a.noun, b.noun)]
    people_of_us = [x for x in qs if re.match(r"\s*(?:of us|coming|people|guests)\b", t[number_end(t, x):])]
    if len(pairs) != 1:
        return None
    base, want = pairs[0]
    amount = next(x for x in qs if x is not base and x is not want)
    if not amount.noun or same_thing(amount.noun, base.noun) or amount.start > want.start:
        return None
    first, second = sorted((amount, base), key=lambda x: x.start)
    between = t[first.end: second.start]
    if not (_YIELDS.search(between) or re.search(r"\buses?\b|\bneeds?\b|\btakes?\b", between)) or \
            re.search(r"\b(?:per|every)\b|/", between + t[second.end: want.start]) or \
            not re.search(r"\b(?:need|have|want|coming|expect\w*|feed|serve|make|for|got|cook\w*|doing)\b", t[second.end: want.start + 1]):
        return None  # the amount and what it is for are not joined ('12 gallons per 100 miles' is a rate, not a recipe)
    asked = re.search(r"\bhow many ([a-z]+)|\bhow much ([a-z]+)", t)
    word = asked and (asked.group(1) or asked.group(2))
    if word and same_thing(word, base.noun):
        return None  # asks how many of the thing scaled: another question
    if want.start < base.start or people_of_us and base in people_of_us and want not in people_of_us:
        return None
    code = f"amount = {lit(amount.value)}  # {amount.text} {amount.noun if amount.noun not in amount.text else ''}\n" \
           f"for_base = {lit(base.value)}  # {base.noun}s\nfor_wanted = {lit(want.value)}  # {want.noun}s\n" \
           "needed = amount * for_wanted / for_base\nround(needed, 2)"
    return _plan(code, f"{lit(amount.value)} for {lit(base.value)}, scaled to {lit(want.value)}.", "word_scaled", 0.82)



_EVERY = re.compile(r"\s*every\s+(\d+(?:\.\d+)?)\s+(minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\b")


def _every_period(t: str, qs: list[Quantity]) -> Plan | None:
    """'500 ml every 4 hours, how much over 24 hours', '2 tablets every 6 hours for 3 days': an amount each so many
    periods, carried over a longer time."""
    if len(qs) != 3 or not re.search(r"\bhow (?:many|much)\b|\btotal\b", t) or _ASK_LEFT.search(t):
        return None
    amount, every, span = qs
    m = _EVERY.match(t, number_end(t, amount) if not amount.noun else amount.end)
    if m is None or not (every.start == m.start(1)) or amount.per or span.per or not span.noun:
        return None
    unit = singular(m.group(2))
    over = singular(span.noun)
    if over not in ("minute", "hour", "day", "week", "month", "year") or not re.search(
            r"\b(?:over|in|for|across|during|within|per)\s+(?:the\s+|a\s+|an\s+)?(?:next\s+|full\s+|whole\s+)?$",
            t[max(0, span.start - 16): span.start]):
        return None
    ratio = 1.0 if over == unit else period_ratio(over, unit)
    if not ratio:
        return None
    code = f"amount = {lit(amount.value)}  # {amount.text}\nevery = {lit(every.value)}  # {unit}s\nspan = {lit(span.value)}  # {over}s\n" \
           f"{unit}s_in_span = span * {lit(ratio)}\ntimes = {unit}s_in_span / every\ntotal = amount * times\nround(total, 2)"
    return _plan(code, f"{amount.text} every {lit(every.value)} {unit}s, over {span.text}.", "word_every_period", 0.83)


_PAIR = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*[x×*]\s*[$€£]?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d.,]*\s*[x×*]\s*\d)")


def _times_pairs(t: str, qs: list[Quantity]) -> Plan | None:
    """'invoice lines are 3 x 145.00, 2 x 89.50 and 1 x 1,200.00. total?': the lines' products added."""
    pairs = list(_PAIR.finditer(t))
    if len(pairs) < 2 or not re.search(r"\btotal\b|\bsum\b|\bhow much\b|\bcome to\b|\baltogether\b|\badd\b", t):
        return None
    used = [(m.start(), m.end()) for m in pairs]
    if any(not any(a <= t.index(x.text, x.start) < b for a, b in used) for x in qs):
        return None  # a number outside the lines: another problem
    if any(re.match(r"\s*(?:,|and|&|\+|plus)?\s*$", t[a.end(): b.start()]) is None for a, b in zip(pairs, pairs[1:])):
        return None  # the lines must follow one another
    terms = [(float(m.group(1)), float(m.group(2).replace(",", ""))) for m in pairs]
    code = "lines = " + lit([list(p) for p in terms]) + "  # quantity × price\ntotal = sum(q * p for q, p in lines)\nround(total, 2)"
    return _plan(code, "Added each line's quantity times its price.", "word_times_pairs", 0.85)



def _per_n_units(t: str, qs: list[Quantity]) -> Plan | None:
    """'trip is 412 km and the truck uses 31 litres per 100 km: how many litres', '2 tins of paint per 15 m² … 48 m²':
    an amount for every N of a unit, over a stated number of that unit."""
    if len(qs) != 3 or not re.search(r"\bhow (?:many|much)\b|\btotal\b|\bfor the\b", t) or _ASK_LEFT.search(t):
        return None
    for k in (0, 1):
        amount, n = qs[k], qs[k + 1]
        if not re.fullmatch(r"\s*(?:per|for every|every|/)\s*", t[amount.end if amount.noun else number_end(t, amount): n.start]):
            continue
        span = qs[2] if k == 0 else qs[0]
        if not n.noun or not span.noun or not same_thing(n.noun, span.noun) or amount.money or span.per or n.per or \
                not amount.noun or same_thing(amount.noun, n.noun):
            return None
        code = f"amount = {lit(amount.value)}  # {amount.noun}\nper = {lit(n.value)}  # {n.noun}\nspan = {lit(span.value)}  # {span.noun}\n" \
               "total = amount * span / per\nround(total, 2)"
        return _plan(code, f"{lit(amount.value)} {amount.noun} per {lit(n.value)} {n.noun}, over {lit(span.value)}.",
                     "word_per_n_units", 0.83)
    return None


def _one_handles(t: str, qs: list[Quantity]) -> Plan | None:
    """'a single pod does ~850 rps and peak is 23,000 rps: how many pods do we need', 'one van takes 14 parcels, we have
    200 parcels: how many vans': what one of a thing handles, so many of them needed (rounded up)."""
    asked = re.search(r"\bhow many ([a-z]+)\b", t)
    if len(qs) != 2 or not asked or _ASK_LEFT.search(t) or re.search(r"\b(?:left|spare|each|per person)\b", t[asked.end():]):
        return None
    thing = singular(asked.group(1))
    one = [x for x in qs if re.search(r"\b(?:a single|one|each|every|a|per|1)\s+(?:[a-z]+\s+)?" + re.escape(thing) +
                                      r"s?\s+(?:does|handles|serves|takes|holds|fits|carries|can (?:do|handle|serve|take|hold|"
                                      r"carry|fit)|gives|runs at|processes|covers|supports|is good for)\s+(?:up to\s+|about\s+|~\s*|"
                                      r"around\s+|roughly\s+|max\s+)?[$€£]?\s*$", t[max(0, x.start - 60): t.index(x.text, x.start)])]
    if len(one) != 1:
        return None
    cap = one[0]
    total = next(x for x in qs if x is not cap)
    if total.per or cap.per and not same_thing(cap.per[0], thing) or not (cap.noun and total.noun and same_thing(cap.noun, total.noun)
                                                                        or not cap.noun and not total.noun):
        return None
    code = f"total = {lit(total.value)}  # {total.text}\nper_{thing} = {lit(cap.value)}  # one {thing}\n" \
           f"needed = int(-(-total // per_{thing}))  # rounded up: a part-used {thing} still counts\nneeded"
    return _plan(code, f"{lit(total.value)} / {lit(cap.value)}, rounded up.", "word_one_handles", 0.83)


_PERIOD_WORD = {"month": "month", "monthly": "month", "mo": "month", "year": "year", "yearly": "year", "annual": "year",
                "annually": "year", "week": "week", "weekly": "week", "day": "day", "daily": "day", "quarter": "quarter",
                "quarterly": "quarter"}
_IN_YEAR = {"year": 1, "quarter": 4, "month": 12, "week": 52, "day": 365}


def _listed_per_period(t: str, qs: list[Quantity]) -> Plan | None:
    """'kids stuff per month: soccer $95, piano $140, swim $68. what's that for a whole year': listed amounts of one
    period, added and carried to the period asked."""
    head = re.match(r"[^\d]{0,60}?\b(?:per|a|each|every)\s+(month|year|week|day|quarter)\b\s*[:,—–-]", t) or \
        re.match(r"[^\d]{0,60}?\b(monthly|yearly|annual|weekly|daily|quarterly)\b[^\d]{0,30}?[:—–-]", t)
    ask = re.search(r"\b(?:for|over|in|per|a|each)\s+(?:a\s+|the\s+|one\s+)?(?:whole\s+|full\s+|entire\s+)?(month|year|week|day|quarter)"
                    r"\b[^.\d]*\??\s*$|\b(monthly|yearly|annually|annual|weekly|daily|quarterly)\b[^.\d]*\??\s*$", t)
    if not head or not ask or len(qs) < 2 or any(x.per or x.each for x in qs) or head.end() > qs[0].start:
        return None
    given, asked = _PERIOD_WORD[head.group(1)], _PERIOD_WORD[ask.group(1) or ask.group(2)]
    if given == asked or not re.search(r"\bwhat(?:'s| is)? (?:that|this|it)\b|\bhow much\b|\btotal\b|\bcome to\b", t):
        return None
    if {given, asked} & {"day"} and {given, asked} - {"day", "year", "week"}:
        return None  # a month is no whole number of days
    if {given, asked} == {"week", "month"} or {given, asked} == {"week", "quarter"}:
        return None
    ratio = _IN_YEAR[given] / _IN_YEAR[asked]
    if any(re.search(r"[a-z]", t[a.end: b.start]) is None and not re.search(r"[,/;]", t[a.end: b.start]) for a, b in zip(qs, qs[1:])):
        return None
    code = "amounts = " + lit([x.value for x in qs]) + f"  # each per {given}\nper_{given} = sum(amounts)\n" \
           f"per_{asked} = per_{given} * {lit(ratio)}  # {lit(ratio)} {given}s in a {asked}\nround(per_{asked}, 2)"
    return _plan(code, f"Added the amounts per {given}, then carried them to a {asked}.", "word_listed_per_period", 0.82)



_SOLD = re.compile(r"\b(?:sold|sell|selling|shipped|ordered|bought|booked|moved|we(?:'ve| have) sold)\s+(?:about\s+|around\s+)?$")


def _price_times_sold(t: str, qs: list[Quantity]) -> Plan | None:
    """'we sell candles at $18 each, sold 37 this weekend: what did that bring in', 'game sells for 24.99 and we sold
    1,340 copies. revenue?': a price of one times the number sold."""
    if len(qs) != 2 or not re.search(r"\b(?:bring in|brought in|revenue|takings|turnover|make|made|earn(?:ed)?|total|"
                                      r"how much|come to|gross)\b", t) or _ASK_LEFT.search(t):
        return None
    price = [x for x in qs if (x.money or re.search(r"\b(?:sells?|selling|priced|retails?|goes)\s+(?:for|at)\s+$",
                                                       t[max(0, x.start - 16): t.index(x.text, x.start)])) and not x.per]
    sold = [x for x in qs if _SOLD.search(t[max(0, x.start - 20): t.index(x.text, x.start)])]
    if len(price) != 1 or len(sold) != 1 or price[0] is sold[0] or sold[0].money or sold[0].value != int(sold[0].value):
        return None
    p, n = price[0], sold[0]
    if not (p.each or re.search(r"\b(?:sells?|selling|priced|retails?|goes)\s+(?:for|at)\s+$", t[max(0, p.start - 16): t.index(p.text, p.start)])
            or re.search(r"\b(?:at|@)\s*$", t[max(0, p.start - 5): t.index(p.text, p.start)])):
        return None
    code = f"price = {lit(p.value)}  # {p.text} each\nsold = {lit(n.value)}  # {n.text}\nrevenue = price * sold\nround(revenue, 2)"
    return _plan(code, f"{p.text} times the {n.text} sold.", "word_price_sold", 0.84)
