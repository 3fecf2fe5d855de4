"""Percentages whose base is read from its role: VAT included in or added to an amount, SLA downtime.

- 'gross 595 incl. 19% VAT, what's the net' -> 595 / 1.19; 'how much VAT is in 238 at 19%' -> 238 - 238 / 1.19;
  'net 500, add 19% VAT - gross?' -> 500 × 1.19.
- '99.9% uptime, downtime per month (30 days)?' -> the minutes of the period not covered by the uptime.

Declines when the message does not say which side of the tax the amount is on, or which period is meant.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.plan import Plan, lit
from rlm_bot.pipeline.compute.quantities import read_quantities

_CALENDAR = frozenset("day week month year hour minute second january february march april june july august september "
                      "october november december".split())

_PCT = r"(\d+(?:\.\d+)?)\s*(?:%|percent\b|per ?cent\b)"
_AMT = r"[$€£]?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\s*%|\d)"
_TAX = r"(?:vat|gst|sales tax|tax|mwst)"
_INCL = re.compile(r"\b(?:incl|including|inclusive of|inc|with|gross|after)\b\.?[^.?!\d]{0,12}" + _PCT + r"\s*" + _TAX + r"\b|"
                   + _PCT + r"\s*" + _TAX + r"\s*(?:included|incl\.?|inclusive|in it)\b")
_ASK_NET = re.compile(r"\b(?:net|ex[- ]?" + _TAX + r"|excl\w*|before " + _TAX + r"|without " + _TAX + r"|pre[- ]?" + _TAX + r")\b")
_ASK_TAX = re.compile(r"\bhow much (?:of (?:it|that) is )?" + _TAX + r"\b|\b" + _TAX + r" (?:amount|portion|part|component|share)\b|"
                      r"\bthe " + _TAX + r"\s*(?:on it|in it|in that|\?)")
_ADD = re.compile(r"\b(?:add|plus|\+|with)\s+" + _PCT + r"\s*" + _TAX + r"\b")
_ASK_GROSS = re.compile(r"\b(?:gross|incl\w*|including|total|with " + _TAX + r"|after " + _TAX + r")\b")

_PERIOD_MIN = (
    (re.compile(r"\b(?:a|per|each|every|one|1)\s+year\b|\byearly\b|\bannual(?:ly)?\b|\b365 days\b"), 525600, "a year"),
    (re.compile(r"\b(\d+)[\s-]*days?\b"), None, "days"),
    (re.compile(r"\b(?:a|per|each|every|one|1)\s+week\b|\bweekly\b"), 10080, "a week"),
    (re.compile(r"\b(?:a|per|each|every|one|1)\s+day\b|\bdaily\b"), 1440, "a day"),
)


_JUDGEMENT = re.compile(r"\b(?:ideas?|why|good|normal|reasonable|fair|worrying|explain|advice|thoughts|"
                        r"recommend|how (?:do|can|to)|excel|formula|draft|write)\b")


def solve_percent_roles(t: str) -> Plan | None:
    """VAT in or on an amount, SLA downtime from an uptime percentage, a tip, a markup or margin; None when the roles
    are unclear or the message asks for judgement."""
    if _JUDGEMENT.search(t):
        return None
    return _sla(t) or _tax(t) or solve_tip(t) or solve_markup(t)


def _tax(t: str) -> Plan | None:
    amounts = [m for m in re.finditer(_AMT, t)]
    rates = list(re.finditer(_PCT, t))
    if len(rates) != 1:
        return None
    rate = float(rates[0].group(1))
    base = [m for m in amounts if not (m.start(1) <= rates[0].start(1) < m.end(1))]
    if len(base) != 1:
        return None
    amount = float(base[0].group(1).replace(",", ""))
    incl = _INCL.search(t)
    # the amount said to be net ('1,240 ex VAT', 'net 500') and the tax asked on top ('with 20% vat added'): the gross
    net_said = re.match(r"\s*(?:ex\.?[- ]?" + _TAX + r"|excl\w*\.?\s*(?:of\s+)?" + _TAX + r"|net|before " + _TAX + r"|pre[- ]?"
                        + _TAX + r")\b", t[base[0].end():]) or re.search(r"\bnet\s*[$€£]?\s?$", t[:base[0].start()])
    if net_said and re.search(r"\b(?:add(?:ed|ing)?|plus|with|incl\w*|including|gross|after|on top)\b", t[base[0].end():]):
        code = f"net = {lit(amount)}\nrate = {lit(rate)}\ngross = net * (1 + rate / 100)\nround(gross, 2)"
        return Plan("percentage", code, f"The gross is the net times 1 + {lit(rate)}%.", 0.9, "pct_gross")
    if incl and _ASK_NET.search(t[incl.end():] + " " + t[: incl.start()]) and not re.search(r"\bnet\s+[$€£]?\d", t):
        code = f"gross = {lit(amount)}\nrate = {lit(rate)}\nnet = gross / (1 + rate / 100)\nround(net, 2)"
        return Plan("percentage", code, f"The net is the gross divided by 1 + {lit(rate)}%.", 0.9, "pct_net_of_tax")
    if (incl or re.search(r"\bis in\b|\bincluded\b", t)) and _ASK_TAX.search(t):
        code = f"gross = {lit(amount)}\nrate = {lit(rate)}\ntax = gross - gross / (1 + rate / 100)\nround(tax, 2)"
        return Plan("percentage", code, f"The tax inside a gross amount is gross − gross / (1 + {lit(rate)}%).", 0.9,
                    "pct_tax_in_gross")
    add = _ADD.search(t)
    if add and re.search(r"\bnet\s+[$€£]?\d", t) and _ASK_GROSS.search(t[add.end():]):
        code = f"net = {lit(amount)}\nrate = {lit(rate)}\ngross = net * (1 + rate / 100)\nround(gross, 2)"
        return Plan("percentage", code, f"The gross is the net times 1 + {lit(rate)}%.", 0.9, "pct_gross")
    return None


def _sla(t: str) -> Plan | None:
    m = re.search(_PCT + r"\s*(?:uptime|availability|sla|available)|\b(?:uptime|availability|sla)\b[^\d]{0,20}" + _PCT, t)
    if not m or not re.search(r"\bdown ?time\b|\boutage\b|\bdown\b", t) or not re.search(r"\bminutes?\b|\bmins?\b|\bhours?\b", t):
        return None
    pct = float(m.group(1) or m.group(2))
    if not 90 <= pct < 100:
        return None
    rest = t[: m.start()] + " " + t[m.end():]
    hits = []
    for pattern, minutes, name in _PERIOD_MIN:
        p = pattern.search(rest)
        if p:
            hits.append((int(p.group(1)) * 1440 if minutes is None else minutes, p.group(0)))
    month = re.search(r"\b(?:a|per|each|every|one|1)\s+month\b|\bmonthly\b", rest)
    if month and not any(name.endswith("days") or "day" in name for _, name in hits):
        return None  # a month is 28–31 days: the message must say which
    days = [h for h in hits if re.search(r"\d+[\s-]*days?", h[1])]
    chosen = days or hits
    if len({h[0] for h in chosen}) != 1:
        return None
    period, said = chosen[0]
    hours = re.search(r"\bhours?\b", t) and not re.search(r"\bminutes?\b|\bmins?\b", t)
    code = (f"period_minutes = {period}  # {said}\nuptime = {lit(pct)}\ndowntime = period_minutes * (100 - uptime) / 100\n"
            + ("round(downtime / 60, 2)  # hours" if hours else "round(downtime, 2)  # minutes"))
    return Plan("percentage", code, f"Downtime allowed = the period × (100 − {lit(pct)})%.", 0.9, "pct_sla_downtime")


_ASK_RATE = re.compile(r"\b(?:rate|ratio|ctr|share|what (?:%|percent(?:age)?)|as an? (?:%|percent(?:age)?))\b|%\s*\??\s*$|"
                       r"\bpercent(?:age)?\s*\??\s*$|\bwhat(?:'s| is) the (?:%|percent(?:age)?)")
_PART_OF = re.compile(r"\s/\s|\b(?:out of|of|on|from|lost|churned|cancel(?:l)?ed|returned|failed|dropped|bounced|clicked|"
                      r"converted|opened)\b")
_CHANGE_WORDS = re.compile(r"\b(?:from\s+[$€£]?\d[\d,.]*\s*\w*\s+to|went|grew|increase|decrease|change|growth|rose|fell|up|"
                           r"down|interest|tax|vat|tip|discount|off|margin|markup|compound\w*)\b")


_COMPLEMENT = re.compile(r"\b(?:%|percent(?:age)?|share|rate|proportion)\s+(?:(?:of\s+)?(?:them|those|tickets|\w+)\s+)?"
                         r"(?:(?:were|was|are|is|did|do|does|went|got)\s+)?(?:un([a-z]{3,})|not\s+(?:get\s+|been\s+)?([a-z]{3,}))\b")


def solve_share_rate(t: str) -> Plan | None:
    """'342 clicks on 15,200 impressions, CTR?', 'started with 1,200 customers, lost 54. churn rate %?', 'returns were
    38 out of 1,420 orders, return rate?': a part and its whole, no percentage stated, the rate asked."""
    places = _places(t)
    t = _ROUNDING_HINT.sub(" ", t)  # '(2 decimals pls)': how to write the answer, no amount
    if re.search(r"\d\s*(?:%|percent|per ?cent)", t) or not _ASK_RATE.search(t) or _CHANGE_WORDS.search(t) or \
            _JUDGEMENT.search(t):
        return None
    nums = [m for m in re.finditer(_AMT, t) if not re.match(r"\s*(?:days?|weeks?|months?|years?|hours?|minutes?)\b",
                                                           t[m.end():])]
    if len(nums) != 2 or not _PART_OF.search(t[nums[0].end(): nums[1].start()] + " " + t[: nums[0].start()][-30:] + " "
                                             + " ".join(t[nums[1].end():].split()[:2])):  # ('251 converted')
        return None
    a, b = (float(m.group(1).replace(",", "")) for m in nums)
    counted = [x for x in read_quantities(t) if x.noun and x.noun not in _CALENDAR]
    if re.search(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d|\d\s+(?:jan|feb|mar|apr|may|jun|jul|"
                 r"aug|sep|oct|nov|dec)", t) or any(re.fullmatch(r"(?:19|20)\d\d", m.group(1)) for m in nums) or \
            not (re.search(r"\bout of\b", t) or counted):
        return None  # '… exchange rate on 1 March 2024': a date, not a part and its whole
    ask = t[nums[1].end():]
    if re.search(r"\b(?:was|were|had|started|start|opening|began|initially|originally)\b", t[:nums[1].start()]) and \
            re.search(r"\b(?:now|today|currently|left|remaining|down to)\b", t[nums[0].end():nums[1].end() + 12]):
        # one stock at two times ('was 245 vials at the start of term, now 199'): what went, or what is left
        if a <= b or not a:
            return None
        if re.search(r"\b(?:used|spent|consumed|gone|sold|lost|burn(?:ed|t)|taken|given out|shipped)\b", ask):
            code = (f"before = {lit(a)}\nnow = {lit(b)}\nrate = (before - now) / before * 100\n"
                    f"round(rate, {2 if places is None else places})")
            return Plan("percentage", code, "What went (before − now) over what there was.", 0.88, "pct_share_used",
                        data={"unit": "percent"})
        if re.search(r"\b(?:left|remain\w*|still (?:have|got))\b", ask):
            code = f"before = {lit(a)}\nnow = {lit(b)}\nrate = now / before * 100\nround(rate, {2 if places is None else places})"
            return Plan("percentage", code, "What is left over what there was.", 0.88, "pct_share_left",
                        data={"unit": "percent"})
        return None
    part, whole = min(a, b), max(a, b)
    if not whole or part == whole:
        return None
    other = _COMPLEMENT.search(t)
    if other:  # 'out of 1,250 tickets 1,100 were sold. what percent unsold?': the rest of the whole
        said = other.group(1) or other.group(2)
        if not re.search(r"\b" + re.escape(said) + r"\b", t[: other.start()] + t[other.end():]):
            return None  # 'unhappy' with no 'happy' counted: which part is meant?
        code = (f"counted = {lit(part)}  # {said}\nwhole = {lit(whole)}\npart = whole - counted  # not {said}\n"
                f"rate = part / whole * 100\nround(rate, {4 if places is None else places})")
        return Plan("percentage", code, f"The rest of {lit(whole)} (not {said}) as a percentage.", 0.88,
                    "pct_share_rate", data={"unit": "percent"})
    code = f"part = {lit(part)}\nwhole = {lit(whole)}\nrate = part / whole * 100\nround(rate, {4 if places is None else places})"
    return Plan("percentage", code, f"{lit(part)} of {lit(whole)} as a percentage: part / whole × 100.", 0.88,
                "pct_share_rate", data={"unit": "percent"})


_COST = re.compile(r"\b(?:costs?|cost price|cogs|buy(?:ing)? price|bought (?:it |them )?(?:at|for)|we pay|pay)\s*(?:is|of|at|:)?\s*"
                   + _AMT)
_SELL = re.compile(r"\b(?:sell(?:ing)?(?: price)?|sells?(?: it| them)?(?: at| for)|sold(?: it| them)?(?: at| for)|retail(?:s| price)?"
                   r"(?: at| for)?|price)\s*(?:is|of|at|:)?\s*" + _AMT)


def solve_markup(t: str) -> Plan | None:
    """'cost 80, selling price 100, what's the markup %' (on cost) or margin (on the selling price); 'I want a
    25% margin on a product that costs 60, what should I sell it at' (cost / (1 − margin))."""
    asks = re.search(r"\b(markup|mark-up|margin)\b", t)
    cost = _COST.search(t)
    if not asks or not cost or re.search(r"\bgross profit\b|\bnet\b|\bvat\b|\btax\b", t):
        return None
    c = float(cost.group(1).replace(",", ""))
    rates = list(re.finditer(_PCT, t))
    sell = _SELL.search(t)
    if not rates and sell and len(re.findall(r"\d+(?:[.,]\d+)*", t)) == 2:
        s = float(sell.group(1).replace(",", ""))
        if asks.group(1) == "margin":
            code = f"cost = {lit(c)}\nprice = {lit(s)}\nmargin = (price - cost) / price * 100\nround(margin, 2)"
            return Plan("percentage", code, "Margin is the profit as a share of the selling price.", 0.9, "pct_margin")
        code = f"cost = {lit(c)}\nprice = {lit(s)}\nmarkup = (price - cost) / cost * 100\nround(markup, 2)"
        return Plan("percentage", code, "Markup is the profit as a share of the cost.", 0.9, "pct_markup")
    if len(rates) == 1 and not sell and re.search(r"\bsell\b|\bprice\b|\bcharge\b", t[cost.end():] + t[: cost.start()]) \
            and len(re.findall(r"\d+(?:[.,]\d+)*", t)) == 2 and rates[0].end() <= asks.start() + 2 + len(asks.group(0)):
        r = float(rates[0].group(1))
        if asks.group(1) == "margin" and r < 100:
            code = f"cost = {lit(c)}\nmargin = {lit(r)} / 100  # of the selling price\nprice = cost / (1 - margin)\nround(price, 2)"
            return Plan("percentage", code, "A margin is on the selling price: price = cost / (1 − margin).", 0.9,
                        "pct_price_for_margin")
    return None


_TIP = re.compile(r"\b(?:tip|gratuity|service(?: charge)?)\b")


def solve_tip(t: str) -> Plan | None:
    """'bill was $86.40, tip 15%, total?': one amount, one tip rate, the total or the tip asked."""
    rates = list(re.finditer(_PCT, t))
    if len(rates) != 1 or not _TIP.search(t) or re.search(r"\b(?:split|each|per person|between|ways|vat|tax)\b", t):
        return None
    amounts = [m for m in re.finditer(_AMT, t) if not (m.start(1) <= rates[0].start(1) < m.end(1))]
    if len(amounts) != 1:
        return None
    base, r = float(amounts[0].group(1).replace(",", "")), float(rates[0].group(1))
    if re.search(r"\btotal\b|\ball in\b|\bwith (?:the )?tip\b|\bincluding (?:the )?tip\b|\bin all\b|\bpay in total\b", t):
        code = f"bill = {lit(base)}\ntip = bill * {lit(r)} / 100\ntotal = bill + tip\nround(total, 2)"
        return Plan("percentage", code, f"The bill plus a {lit(r)}% tip.", 0.9, "pct_tip_total")
    if re.search(r"\bhow much (?:is |should )?(?:the |a |i )?(?:tip|leave)\b|\bwhat(?:'s| is) (?:the |a )?tip\b|\btip amount\b", t):
        code = f"bill = {lit(base)}\ntip = bill * {lit(r)} / 100\nround(tip, 2)"
        return Plan("percentage", code, f"{lit(r)}% of the bill.", 0.9, "pct_tip")
    return None


# --- one rate applied to one amount, the way read from the words around them ---------------------------------------

_RATE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent\b|per ?cent\b|pct\b)")
_AMOUNT = re.compile(r"(?<![\w.,])[$€£¥₹]?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]\d)(?!\.\d)"
                     r"(?!\s*(?:%|percent\b|per ?cent\b|pct\b))(\s*(?:k|m|bn)\b)?")
_ROUNDING_HINT = re.compile(r"\(?\b(?:to\s+|in\s+|with\s+|w\s+|at\s+)?\d+\s*(?:dp|d\.p\.|decimals?(?: places?)?|places?|"
                            r"sig(?:nificant)? ?(?:figs?|figures))\b\)?(?:\s*(?:pls|please))?")
_UP = re.compile(r"\b(?:add(?:ing|ed)?|plus|increase[ds]?|increasing|raise[ds]?|rais(?:ing)|hike[ds]?|rise|rises|award|bump(?:ed|s)?|"
                 r"increment|(?:go|goes|going|gone|went)\s+up|up by|"
                 r"mark(?:ed)?[- ]?up|markup|uplift|inflation|vat|gst|tax|tip|gratuity|surcharge|service charge|"
                 r"interest|on top)\b")
_DOWN = re.compile(r"\b(?:off|discount(?:ed|s)?|reduc(?:e|ed|tion)|cut|decrease[ds]?|drop(?:ped|s)?|markdown|"
                   r"mark(?:ed)? down|less|minus|deduct(?:ed|ion)?|rebate|sale)\b")
_ASK_APPLIED = re.compile(r"=\s*\??\s*$|\b(?:total|final|new|gross|end up|come to|comes to|pay|price|cost|charge|bill|what(?:'s| is| do| does| will)?"
                          r"\s+it|how much (?:is|will|would|does|do) it|after)\b")
_ASK_PORTION = re.compile(r"\bhow much (?:is |will |would |do |does |did |can )?(?:i |we |you |they )?(?:the |a |an |that )?"
                          r"(?:sav(?:e|ed|ing)|discount|tip|tax|vat|gst|interest|commission|fee|surcharge|raise|markup|"
                          r"increase|deposit|off)\b|\b(?:saving|savings|amount off|discount amount|tip amount|tax amount|"
                          r"how much off)\b")
_ASK_BEFORE = re.compile(r"\b(?:full (?:price|fare|cost|amount|rate)|regular price|list price|sticker price|undiscounted|"
                         r"original(?:ly)?|before|without|excl\w*|ex[- ](?:vat|tax|gst)|pre[- ]?(?:vat|tax|gst|discount)|"
                         r"net|was it|used to)\b")
_GIVEN_AFTER = re.compile(r"\b(?:includ(?:es|ing|ed)|incl\.?|inclusive|gross|after (?:the |a |an )?(?:\d|discount|tax|vat|"
                          r"increase|raise|markup)|with (?:the )?(?:\d+(?:\.\d+)?\s*% )?(?:vat|tax|gst|discount)|(?<!right )now|became|"
                          r"went up to|went down to|is now|came to|total(?:led)? )")
_OF = re.compile(r"(?<![\d.])\d+(?:\.\d+)?\s*(?:%|percent|per ?cent|pct)\s+of\s+(?:(?:a|an|the|our|my|this|that|his|her|"
                 r"their|your)\s+)?(?:[a-z-]+\s+){0,3}?[$€£¥₹]?\s?\d")


_UNKNOWN_BASE = re.compile(r"(?:%|percent|per ?cent)\s+of\s+(?:(?:a|an|the|some|my|our|what|which)\s+)?(?:number|value|"
                           r"amount|quantity|x|n)\s+(?:is|equals|=|was|comes to|gives)\s+[$€£]?\d")


def _places(t: str) -> int | None:
    """The decimal places a rounding hint asks for ('2 decimals', '(1 dp)'), or None."""
    m = _ROUNDING_HINT.search(t)
    return int(re.search(r"\d+", m.group(0)).group(0)) if m else None


_PERIOD_WORDS = re.compile(r"\b(?:per |a |each )?(year|month|week|day|hour)s?\b|\b(yearly|annual\w*|monthly|weekly|daily|hourly)\b|"
                           r"/\s?(mo|month|yr|year|wk|week|day|hr|h)\b")
_PERIOD_NAMES = {"yearly": "year", "annual": "year", "annually": "year", "monthly": "month", "weekly": "week",
                 "daily": "day", "hourly": "hour", "mo": "month", "yr": "year", "wk": "week", "hr": "hour", "h": "hour"}


def _periods(text: str) -> set[str]:
    out = set()
    for m in _PERIOD_WORDS.finditer(text):
        word = next(g for g in m.groups() if g)
        out.add(_PERIOD_NAMES.get(word, _PERIOD_NAMES.get(re.sub(r"ly$", "", word), word)))
    return out


def _same_period(given: str, asked: str) -> bool:
    """'our monthly bill is 18,400 EUR, raised 7.5%: the new monthly bill?' asks in the period the amount is in."""
    a = _periods(asked)
    return bool(a) and a == _periods(given) and not re.search(r"\b(?:per \w+|each)\b", asked)


# the period an amount is stated in, right after it: '/month', ' a month', ' annual plan'
_OWN_PERIOD = re.compile(r"\s*(?:/\s?(?:mo|month|yr|year|wk|week|day|hr|h)\b|(?:a|per|each)\s+(?:year|month|week|day|hour)\b|"
                         r"(?:annual|monthly|yearly|weekly|daily)\s+[a-z]+\b(?!\s*\?))")
_ASKS_ANY = re.compile(r"\?|=|\b(?:what|whats|how|calc\w*|compute|work out|figure|total|pls|please|new|final|after)\b")
_ASKED_NOUN = re.compile(r"\b(?:how much (?:is|was|will be|would be)|what(?:'s| is| was| will be| would be)|whats)\s+(?:the |that |my |our |a )?"
                         r"([a-z]+(?: [a-z]+)?)\b")


def _asks_rate_noun(s: str, rate: re.Match) -> bool:
    """The question asks for the thing the rate is the rate of, named beside it: 'service charge 12.5% on a 236 bill —
    how much is the service charge', 'a 7% commission on 18,400, what's the commission'."""
    before = re.search(r"([a-z]+(?: [a-z]+)?)\s*(?:is|of|at|:)?\s*$", s[: rate.start()])
    after = re.match(r"\s*([a-z]+(?: [a-z]+)?)", s[rate.end():])
    named = {m.group(1) for m in (before, after) if m}
    names = {w for n in named for w in (n, n.split()[-1])} - {"on", "of", "a", "the", "is", "at", "to", "off", "for"}
    asked = _ASKED_NOUN.search(s[rate.end():])
    return bool(asked) and any(asked.group(1) == n or asked.group(1).split()[0] == n for n in names if len(n) > 2)


def solve_rate_applied(t: str) -> Plan | None:
    """One percentage and one amount, their relation read from the words: '12.5% of a $16,000 budget' (a part),
    '£1,250 net, add 20% VAT, total?' (the amount raised), '1,188 usd, 15% off, final price?' (lowered), 'the blazer is
    £36 including 20% VAT, price without VAT?' (the amount before the rate). None when the words point two ways or
    do not say what is asked."""
    if _JUDGEMENT.search(t):
        return None
    places = _places(t)
    s = _ROUNDING_HINT.sub(" ", t)
    rates = list(_RATE.finditer(s))
    amounts = [m for m in _AMOUNT.finditer(s) if not any(r.start() <= m.start(1) < r.end() for r in rates)]
    if len(rates) != 1 or len(amounts) != 1 or amounts[0].group(2):
        return None
    rate = float(rates[0].group(1))
    amount = float(amounts[0].group(1).replace(",", ""))
    if _UNKNOWN_BASE.search(s) and rate:  # '35% of a number is 84': the number is 84 / 35%
        code = f"part = {lit(amount)}\nrate = {lit(rate)}\nwhole = part / (rate / 100)\nround(whole, {4 if places is None else places})"
        return Plan("percentage", code, f"{lit(amount)} is {lit(rate)}% of the number: {lit(amount)} / {lit(rate)}%.", 0.88,
                    "pct_rate_applied")
    cut = max(rates[0].end(), amounts[0].end())
    own = _OWN_PERIOD.match(s, amounts[0].end()) if amounts[0].end() >= rates[0].end() else None
    cut = own.end() if own else cut  # '2,350/month', '$39.99 annual plan': the amount's own period is stated, not asked
    after = s[cut:]
    if re.search(r"\b(?:each|per (?:person|head)|split|between|ways|compound\w*|apr|apy)\b", s) or re.search(
            r"\b(?:per \w+|years?|months?|weeks?|days?|yearly|annual\w*|monthly|weekly|daily|hourly)\b|/\s?(?:mo|month|yr|"
            r"year|wk|week|day|hr|h)\b", after) and not _same_period(s[:cut], after):
        return None  # shares, compounding and a period asked ('the new yearly cost' of $79/mo) are other readers'
    if _OF.search(s) and not _ASK_BEFORE.search(s):
        code = f"rate = {lit(rate)}\nbase = {lit(amount)}\npart = rate / 100 * base\nround(part, {4 if places is None else places})"
        return Plan("percentage", code, f"{lit(rate)}% of {lit(amount)}.", 0.88, "pct_rate_applied")
    up, down = bool(_UP.search(s)), bool(_DOWN.search(s))
    if up == down:
        return None  # no direction, or both ('a 10% raise after a pay cut')
    if _ASK_PORTION.search(s) or _asks_rate_noun(s, rates[0]):
        code = f"rate = {lit(rate)}\nbase = {lit(amount)}\npart = rate / 100 * base\nround(part, {2 if places is None else places})"
        return Plan("percentage", code, f"The {'saving' if down else 'addition'}: {lit(rate)}% of {lit(amount)}.", 0.88,
                    "pct_rate_applied")
    if not _ASKS_ANY.search(s) and re.search(r"\b(?:tax|vat|gst|tip|gratuity|commission|fee|surcharge|service charge)\s*$",
                                              s[: rates[0].start()]) and re.match(r"\s*(?:on|of)\s+(?:a\s+|an\s+|the\s+)?[$€£]?\d",
                                                                                  s[rates[0].end():]):
        # 'sales tax 8.875% on $240': a charge's rate on an amount, nothing else said: the charge itself
        code = f"rate = {lit(rate)}\nbase = {lit(amount)}\npart = rate / 100 * base\nround(part, {2 if places is None else places})"
        return Plan("percentage", code, f"The charge: {lit(rate)}% of {lit(amount)}.", 0.86, "pct_rate_applied")
    sign = "-" if down else "+"
    given, asked = s[:cut], s[cut:]  # what is stated (up to the rate and the amount), and what is asked after them
    if _GIVEN_AFTER.search(given) and not re.search(r"\bnet\s+[$€£]?\d", s):
        if not _ASK_BEFORE.search(asked):
            return None  # 'paid 1,380 after an 8% discount': the amount is already changed; what is asked of it?
        code = (f"after = {lit(amount)}\nrate = {lit(rate)}\nbefore = after / (1 {sign} rate / 100)\nround(before, {2 if places is None else places})")
        return Plan("percentage", code, f"The amount before the {lit(rate)}% {'cut' if down else 'rise'}: "
                    f"{lit(amount)} / (1 {sign} {lit(rate)}%).", 0.88, "pct_rate_applied")
    if _ASK_BEFORE.search(s) and not re.search(r"\bnet\s+[$€£]?\d|[$€£]?\d[\d,.]*\s*(?:\w+\s+)?net\b", s):
        return None  # 'what was it before' with no amount said to be after the change: which side is which?
    if _ASK_APPLIED.search(asked):
        code = f"base = {lit(amount)}\nrate = {lit(rate)}\nresult = base * (1 {sign} rate / 100)\nround(result, {2 if places is None else places})"
        return Plan("percentage", code, f"{lit(amount)} {'less' if down else 'plus'} {lit(rate)}%.", 0.88,
                    "pct_rate_applied")
    return None


_OVERALL = re.compile(r"\b(?:single|overall|total|combined|equivalent|effective|net|one)\s+(?:discount|reduction|"
                      r"cut|saving|savings|increase|rise|markup|percentage|%|percent|change)\b|"
                      r"\b(?:same as|equivalent to|equal to|in total|overall|altogether)\b")


def solve_stacked_rates(t: str) -> Plan | None:
    """'a 30% discount followed by an extra 10% is the same as what single discount?': successive rates, all one way
    and no amount, as one equivalent rate (1 − 0.7 × 0.9 = 37%)."""
    if _JUDGEMENT.search(t) or not _OVERALL.search(t):
        return None
    s = _ROUNDING_HINT.sub(" ", t)
    rates = list(_RATE.finditer(s))
    others = [m for m in _AMOUNT.finditer(s) if not any(r.start() <= m.start(1) < r.end() for r in rates)]
    if len(rates) < 2 or others:
        return None
    up, down = bool(_UP.search(s)), bool(_DOWN.search(s))
    if up == down or not re.search(r"\b(?:then|followed by|after that|and then|another|extra|additional|further|on top)\b", s):
        return None
    sign = "-" if down else "+"
    factors = " * ".join(f"(1 {sign} {lit(float(r.group(1)))} / 100)" for r in rates)
    code = f"factor = {factors}\nrate = {'(1 - factor)' if down else '(factor - 1)'} * 100\nround(rate, 4)"
    return Plan("percentage", code, f"Successive {'cuts' if down else 'rises'} multiply: one equivalent rate.", 0.88,
                "pct_stacked", data={"unit": "percent"})
