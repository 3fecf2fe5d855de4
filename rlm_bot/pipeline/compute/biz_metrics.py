"""Business shorthand as people write it in Slack: a metric named in the ask, its inputs labelled in the message.

'gross margin? rev 3.42m, cogs 810k', 'ctr: 182,000 impressions, 2,730 clicks', 'nrr: starting arr 5.2m, expansion
640k, contraction 85k, churn 310k', 'roas? spend 12k, revenue 38.4k', 'ltv: arpu $60/mo, churn 2.5% monthly',
'arr 6.3m, mrr?', 'cagr from 4.5m (2022) to 12.8m (2026)', 'mrr 95k growing 6% mom, in 9 months?'.

Each number of the message takes a role from the words beside it (its label: 'rev', 'cogs', 'clicks', 'spend'...);
the ask names one metric, and the metric's formula says which roles it needs. A number with no role, a role
named twice, or a needed role missing: the reader declines (a wrong figure is worse than none).
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from dataclasses import dataclass

from rlm_bot.pipeline.compute.plan import Plan, to_number

__all__ = ["solve_business_metric"]

_MAX_CHARS = 320
_JUDGEMENT = re.compile(r"\b(?:should|why|explain|thoughts|ideas?|advice|recommend|benchmarks?|compare[sd]? to|normal|"
                        r"good|bad|healthy|reasonable|typical|realistic|draft|write|rewrite|summar\w*|announc\w*|"
                        r"forecast|project(?:ion|ed)?|predict|estimate|improve|lower|raise|increase our|stands? for|mean|"
                        r"means|definition|define|formula|how do i|how to|sheets|excel|better|worth)\b")
# an amount: currency sign, digits (grouped or not), a scale left by make_query ('3.42m' stays), a percent sign
_AMOUNT = re.compile(r"(?<![\w.])([$€£])?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                     r"(?:\s?(m|mm|mn|bn|b)(?![\w/²³]))?(\s?(?:%|percent\b|per ?cent\b|pct\b))?", re.I)
_CURRENCY_WORD = re.compile(r"\b(usd|eur|euros?|gbp|dollars|pounds)\b", re.I)
_SYMBOL = {"usd": "$", "dollars": "$", "eur": "€", "euro": "€", "euros": "€", "gbp": "£", "pounds": "£"}

# role -> the words that label it (before the number, or right after it)
_ROLES: dict[str, str] = {
    "start_rec": r"(?:start(?:ing)?|beginning|opening|bop)\s+(?:of\s+(?:the\s+)?(?:period|month|quarter|year)\s+)?(?:arr|mrr|revenue|rev)",
    "expansion": r"expansion|upsell|expanded",
    "contraction": r"contraction|downgrades?|downsell",
    "churn_amt": r"churn(?:ed)?(?:\s+(?:arr|mrr|revenue))?",
    "cogs": r"cogs|cost of (?:goods(?: sold)?|sales|revenue)|direct costs?",
    "gross_profit": r"gross profit|gp",
    "revenue": r"rev|revenue|sales|turnover|attributed revenue|(?:brought|bringing|brings) in|generated|in sales",
    "spend": r"(?:ad |media |marketing |sales (?:and|&) marketing |s&m )?spend|spent|(?:ad |marketing )?budget|paid",
    "impressions": r"impressions|imps|views",
    "clicks": r"clicks",
    "conversions": r"conversions|purchases|signups|sign-?ups|leads|orders|sales made|installs|customers|buyers|subscribers|subs",
    "visitors": r"visitors|visits|sessions|unique visitors|uniques",
    "new_customers": r"new (?:customers|logos|users|accounts)|(?:landed|acquired|won|closed)(?: \w+)?",
    "start_customers": r"(?:start(?:ed|ing)?|beg[au]n|opened|beginning)(?: (?:the |of the )?(?:month|quarter|year|period))?(?: with)?",
    "lost": r"lost|churned|cancell?ed|left|quit",
    "mrr": r"mrr|monthly recurring revenue",
    "arr": r"arr|annual recurring revenue",
    "arpu": r"arpu|arpa|arppu|average revenue per (?:user|account|customer)",
    "margin_pct": r"(?:gross )?margin|gm",
    "churn_pct": r"(?:monthly |annual )?churn(?: rate)?",
    "ltv": r"ltv|clv|lifetime value",
    "cac": r"cac|cost (?:to|of) acqui\w+",
    "growth_pct": r"(?:growing|grows|growth|grow|up)(?: (?:at|by|of))?",
}
_ROLE_RE = {role: re.compile(r"(?:^|\b)(?:" + words + r")\s*(?:[:=]|is|was|of|at|~|about|around|were|are)?\s*$", re.I)
            for role, words in _ROLES.items()}
_ROLE_AFTER = {role: re.compile(r"^\s*(?:in |of |worth of )?(?:" + words + r")\b", re.I) for role, words in _ROLES.items()}

# the metric the ask names -> the roles it reads
_ASKS = [
    ("nrr", r"\bnrr\b|\bndr\b|net (?:revenue|dollar) retention"),
    ("grr", r"\bgrr\b|gross (?:revenue|dollar) retention"),
    ("ltv_cac", r"\bltv\s*[:/]\s*cac\b|\bltv to cac\b"),
    ("ctr", r"\bctr\b|click[- ]through rate"),
    ("cpc", r"\bcpc\b|cost per click"),
    ("cpm", r"\bcpm\b|cost per (?:thousand|mille|1,?000 impressions)"),
    ("cpa", r"\bcpa\b|cost per (?:acquisition|conversion|purchase|signup|sign-up|lead|order)"),
    ("cac", r"\bcac\b|customer acquisition cost"),
    ("roas", r"\broas\b|return on ad spend"),
    ("cvr", r"\bcvr\b|\bconversion rate\b|\bconv(?:ersion)? rate\b"),
    ("annual_churn", r"\b(?:annual|yearly|annuali[sz]ed)\s+(?:churn|retention)\b|\b(?:churn|retention)\b[^?]{0,20}\b(?:annual|yearly|per year|a year|annuali[sz]ed)\b"),
    ("cagr", r"\bcagr\b|\bcmgr\b|\bcompound(?:ed)?\s+(?:annual|monthly|yearly|quarterly)?\s*growth(?: rate)?\b|\bannual growth rate\b"),
    ("churn_rate", r"\bchurn(?: rate)?\b|\blogo churn\b"),
    ("retention", r"\bretention(?: rate)?\b|\bretained\b"),
    ("gross_margin", r"\bgross margin\b|\bgm\b|\bmargin\b"),
    ("payback", r"\bpayback\b"),
    ("ltv", r"\bltv\b|\bclv\b|\blifetime value\b"),
    ("projection", r"\b(?:in|after|by|within)\s+\d+\s+(?:months?|years?|quarters?)\b|\b\d+\s+(?:months?|years?|quarters?)\s+(?:out|from now|later)\b"),
    ("downtime", r"\bdown ?time\b|\berror budget\b"),
    ("discount_pct", r"\bdiscount\b[^.?!]{0,40}(?:%|\bpercent)|(?:%|\bpercent(?:age)?)\s*(?:discount|off)\b"),
    ("growth", r"\bgrowth\b|\bgrow(?:n|th)?\b|\b(?:mom|yoy|qoq|wow)\b|(?:%|\bpercent(?:age)?)\s*(?:change|increase|decrease|drop|"
               r"reduction|decline|rise|gain|cut|up|down|faster|slower|smaller|bigger|less|more)\b"),
    ("share", r"\b(?:what|which|the|a|as an?|in)\s+(?:%|percent(?:age)?|share|proportion)\b|\bpercent(?:age)?\b\s*(?:pls|please)?\s*(?:\?|$|for)|"
              r"\bgive me the (?:%|percent(?:age)?)\b"),
    ("pct_of_named", r"\bpayout\b|\bhow much\b|\bwhat(?:'s| is| will be| would be)\b|\?\s*$"),
    ("to_mrr", r"\bmrr\b|\bmonthly\b|\bper month\b|\ba month\b"),
    ("to_arr", r"\barr\b|\bannuali[sz]ed\b|\brun[- ]rate\b|\bannual\b|\bper year\b|\ba year\b|\byearly\b"),
]
_NEEDS = {
    "nrr": ({"start_rec"}, {"expansion", "contraction", "churn_amt"}),
    "grr": ({"start_rec"}, {"contraction", "churn_amt"}),
    "ltv_cac": ({"ltv", "cac"}, set()),
    "ctr": ({"clicks", "impressions"}, set()),
    "cpc": ({"spend", "clicks"}, set()),
    "cpm": ({"spend", "impressions"}, set()),
    "cpa": ({"spend"}, set()),
    "cac": ({"spend"}, set()),
    "churn_rate": ({"start_customers", "lost"}, set()),
    "retention": ({"start_customers", "lost"}, set()),
    "annual_churn": ({"churn_pct"}, set()),
    "cagr": (set(), set()),
    "discount_pct": (set(), set()),
    "downtime": (set(), set()),
    "share": (set(), set()),
    "pct_of_named": (set(), set()),
    "growth": (set(), set()),
    "projection": (set(), set()),
    "roas": ({"spend", "revenue"}, set()),
    "cvr": ({"conversions"}, set()),
    "gross_margin": ({"revenue"}, set()),
    "payback": ({"cac", "arpu"}, {"margin_pct"}),
    "ltv": ({"arpu", "churn_pct"}, {"margin_pct"}),
    "to_mrr": ({"arr"}, set()),
    "to_arr": ({"mrr"}, set()),
}


# the figures of a marketing funnel: a paste of all of them may ask for any one metric
_FUNNEL = frozenset({"spend", "impressions", "clicks", "conversions", "visitors", "revenue", "new_customers"})


@dataclass
class _Figure:
    value: float
    text: str  # the literal as it stands in the message (the code repeats it)
    scale: int
    percent: bool
    currency: str
    start: int
    end: int
    role: str | None = None


def _figures(t: str) -> list[_Figure]:
    out = []
    for m in _AMOUNT.finditer(t):
        value = to_number(m.group(2))
        if value is None:
            return []
        scale = {"m": 1_000_000, "mm": 1_000_000, "mn": 1_000_000, "bn": 1_000_000_000, "b": 1_000_000_000}.get(
            (m.group(3) or "").lower(), 1)
        out.append(_Figure(float(value), m.group(2).replace(",", ""), scale, bool(m.group(4)), m.group(1) or "",
                           m.start(), m.end()))
    return out


def _label(t: str, figs: list[_Figure], i: int) -> str | None:
    """The role the words right before (else right after) figure `i` give it."""
    f = figs[i]
    lo = figs[i - 1].end if i else 0
    before = re.split(r"[,;()\n]|\band\b|\bthen\b|\?|—|–| - |\.(?!\d)", t[lo:f.start])[-1]
    before = re.sub(r"[$€£]\s*$", "", before).strip()
    before = re.sub(r"\b(?:our|the|we|was|were|had|of|total|a|an|about|around|roughly|~)\s*$", "", before).strip()
    hits = [r for r, rx in _ROLE_RE.items() if rx.search(before)]
    hi = figs[i + 1].start if i + 1 < len(figs) else len(t)
    after = t[f.end:hi]
    after = re.sub(r"^\s*(?:usd|eur|euros?|gbp|dollars|pounds)\b", "", after, flags=re.I)
    after_hits = [r for r, rx in _ROLE_AFTER.items() if rx.search(after)]
    if after_hits and not hits:
        hits = after_hits
    if not hits:
        return None
    # the longest label wins ('starting arr' over 'arr', 'new customers' over a bare 'customers')
    return max(hits, key=lambda r: max((len(m.group(0)) for m in re.finditer(_ROLES[r], before + " " + after, re.I)),
                                       default=0))


_NUMBER_NEXT = re.compile(r"^\s*(?:rate\s+)?(?:(?:is|was|of|at|=|:|~|about|around)\s*)*[$€£]?\s*\d")
_NUMBER_BEFORE = re.compile(r"\d\s*(?:%|percent|[km]|mm|bn)?\s*(?:(?:gross|net|monthly|annual|blended|avg|average|a|an|of|in|and)\s+)*$")


# metrics that are also inputs of others ('cac 1,200' in a payback, '75% gross margin' in an ltv)
_INPUTS_TOO = frozenset({"ltv", "cac", "gross_margin", "churn_rate", "annual_churn", "retention", "to_mrr", "to_arr",
                         "growth", "projection", "pct_of_named"})


def _is_label(low: str, m: re.Match) -> bool:
    """A metric word that labels a figure ('cac 1,200', '75% gross margin') is an input, not the ask."""
    return bool(_NUMBER_NEXT.search(low[m.end():m.end() + 24]) or _NUMBER_BEFORE.search(low[max(0, m.start() - 30):m.start()]))


def _pct_role(role: str | None, fig: _Figure) -> str | None:
    """A percent figure fits only a rate role; an amount only an amount role."""
    rate_roles = {"margin_pct", "churn_pct", "growth_pct"}
    if fig.percent:
        return role if role in rate_roles else None
    if role in rate_roles:
        return {"churn_pct": "churn_amt"}.get(role)
    return role


def _lit(f: _Figure) -> str:
    return f.text + (f" * {f.scale:_}" if f.scale != 1 else "")


def solve_business_metric(q) -> Plan | None:
    t = q.body
    low = t.lower()
    if len(t) > _MAX_CHARS or "\n" in t.strip() or _JUDGEMENT.search(low):
        return None
    asked = {name for name, rx in _ASKS for m in re.finditer(rx, low) if name not in _INPUTS_TOO or not _is_label(low, m)}
    if not asked:
        return None
    figs = _figures(t)
    if not 1 <= len(figs) <= 6:
        return None
    # a scale written small ('3.42m') is millions only in a money message ('2.5m' may be metres or minutes)
    if any(f.scale != 1 for f in figs) and not _money_context(low):
        return None
    # a named metric read from the figures' roles first; then the forms read from the figures' places
    named = [name for name, _ in _ASKS if name in asked and name not in _STRUCTURAL]
    if named:
        roles: dict[str, _Figure] | None = {}
        for i, f in enumerate(figs):
            role = _pct_role(_label(t, figs, i), f)
            if role is None or role in roles:
                roles = None
                break
            f.role = role
            roles[role] = f
        plan = _metric_plan(named[0], roles, figs, t, asked) if roles is not None else None
        if plan is not None:
            return plan
    for name in _STRUCTURAL:
        if name in asked:
            plan = _structural(name, t, figs, asked)
            if plan is not None:
                return plan
    return None


_STRUCTURAL = ("downtime", "discount_pct", "cagr", "growth", "projection", "share", "pct_of_named")


_MONEY_CONTEXT = re.compile(r"[$€£]|\b(?:usd|eur|gbp|arr|mrr|rev|revenue|sales|cogs|cash|budget|burn|spend|spent|cost|"
                            r"costs|profit|margin|contract|deal|acv|tcv|price|fee|salary|payroll|impressions|churn|"
                            r"expansion|contraction|gm|roas|cpm|cac|ltv)\b")


def _money_context(low: str) -> bool:
    return bool(_MONEY_CONTEXT.search(low))


def _currency(figs: list[_Figure], t: str) -> str:
    signs = {f.currency for f in figs if f.currency}
    if len(signs) == 1:
        return signs.pop()
    m = _CURRENCY_WORD.search(t)
    return _SYMBOL.get(m.group(1).lower(), "") if m else ""


def _metric_plan(metric: str, roles: dict[str, _Figure], figs: list[_Figure], t: str, asked: set[str]) -> Plan | None:
    need, optional = _NEEDS[metric]
    have = set(roles)
    if metric == "gross_margin":
        # from revenue and COGS, or from revenue and gross profit
        if have not in ({"revenue", "cogs"}, {"revenue", "gross_profit"}):
            return None
    elif metric == "cvr":
        if not have <= _FUNNEL or "conversions" not in have or len(have & {"visitors", "clicks"}) != 1:
            return None
    elif metric in ("cpa", "cac"):
        if not have <= _FUNNEL or "spend" not in have or len(have & {"conversions", "new_customers"}) != 1:
            return None
    elif metric in ("ctr", "cpc", "cpm", "roas"):
        if not need <= have or not have <= _FUNNEL:
            return None
    elif metric in ("nrr", "grr"):
        if not need <= have or not have <= need | optional or "churn_amt" not in have and "contraction" not in have:
            return None
    elif not need <= have or not have <= need | optional:
        return None
    if metric in ("to_mrr", "to_arr"):
        metric = "to_mrr" if have == {"arr"} and "to_mrr" in asked else "to_arr" if have == {"mrr"} and "to_arr" in asked \
            else None
        if metric is None:
            return None
    v = {r: _lit(f) for r, f in roles.items()}
    cur = _currency(figs, t)
    head = "".join(f"{r} = {v[r]}\n" for r in sorted(roles, key=lambda r: roles[r].start))
    if metric in ("nrr", "grr"):
        parts = " - ".join(r for r in ("contraction", "churn_amt") if r in roles)
        up = " + expansion" if metric == "nrr" and "expansion" in roles else ""
        expr = f"(start_rec{up} - {parts}) / start_rec * 100"
        return _pct(head + f"rate = {expr}\n", f"{metric.upper()}: what the starting recurring revenue became, in %.",
                    metric)
    if metric == "ctr":
        return _pct(head + "rate = clicks / impressions * 100\n", "Clicks over impressions.", metric)
    if metric == "cvr":
        base = "visitors" if "visitors" in roles else "clicks"
        return _pct(head + f"rate = conversions / {base} * 100\n", f"Conversions over {base}.", metric)
    if metric == "gross_margin":
        expr = "(revenue - cogs) / revenue * 100" if "cogs" in roles else "gross_profit / revenue * 100"
        return _pct(head + f"rate = {expr}\n", "Gross profit over revenue.", metric)
    if metric in ("churn_rate", "retention"):
        expr = "lost / start_customers * 100" if metric == "churn_rate" else "(start_customers - lost) / start_customers * 100"
        return _pct(head + f"rate = {expr}\n", "Customers lost over customers at the start" +
                    (", the rest kept." if metric == "retention" else "."), metric)
    if metric == "annual_churn":
        if not _monthly(t, roles["churn_pct"]):
            return None
        return _pct(head + "rate = (1 - (1 - churn_pct / 100) ** 12) * 100\n",
                    "A year of monthly churn, compounded: 1 - (1 - monthly churn)^12.", metric)
    if metric in ("cpc", "cpm", "cpa", "cac"):
        base = {"cpc": "clicks", "cpm": "impressions"}.get(metric) or ("new_customers" if "new_customers" in roles else "conversions")
        factor = " * 1000" if metric == "cpm" else ""
        return _money(head + f"value = spend / {base}{factor}\n", f"{metric.upper()}: spend over {base}.", metric, cur)
    if metric == "roas":
        return _ratio(head + "ratio = revenue / spend\n", "Revenue over ad spend.", metric)
    if metric == "ltv_cac":
        return _ratio(head + "ratio = ltv / cac\n", "LTV over CAC.", metric)
    if metric == "to_mrr":
        return _money(head + "value = arr / 12\n", "ARR over 12 months.", metric, cur)
    if metric == "to_arr":
        return _money(head + "value = mrr * 12\n", "MRR times 12 months.", metric, cur)
    if metric == "ltv":
        if not _per_month(t, roles["arpu"]) or not _monthly(t, roles["churn_pct"]):
            return None
        m = " * margin_pct / 100" if "margin_pct" in roles else ""
        return _money(head + f"value = arpu{m} / (churn_pct / 100)\n",
                      "Monthly revenue per account" + (" times gross margin" if m else "") + " over monthly churn.",
                      metric, cur)
    if metric == "payback":
        if not _per_month(t, roles["arpu"]):
            return None
        m = " * margin_pct / 100" if "margin_pct" in roles else ""
        code = head + f"months = cac / (arpu{m})\nstr(round(months, 1)).removesuffix('.0') + ' months'"
        return Plan(kind="money_over_time", code=code, explanation="CAC over the monthly gross profit per account.",
                    specificity=0.9, template=f"biz_{metric}")
    return None


_MONTHLY = re.compile(r"^\s*(?:/\s*mo(?:nth)?|(?:a|per|/)\s*month|monthly|mo\b|pm\b|p/m)", re.I)


def _per_month(t: str, f: _Figure) -> bool:
    return bool(_MONTHLY.search(t[f.end:f.end + 14])) or bool(re.search(r"\bmonthly\s+(?:arpu|arpa)\b", t[:f.start], re.I)) \
        or bool(re.search(r"\b(?:arpu|arpa)\b[^,;]{0,12}\b(?:a|per|/)\s*(?:month|mo)\b", t, re.I))


def _monthly(t: str, f: _Figure) -> bool:
    """The churn figure's own words say monthly (and nothing says yearly)."""
    before = re.split(r"[,;]|\band\b|\d", t[max(0, f.start - 30):f.start].lower())[-1]
    after = re.split(r"[,;]|\band\b|\d", t[f.end:f.end + 16].lower())[0]
    near = before + " | " + after
    return bool(re.search(r"\bmonthly\b|\b(?:a|per|/)\s*mo(?:nth)?\b|\bmom\b|/mo\b", near)) and \
        not re.search(r"\b(?:annual|yearly|a year|per year|/yr|yoy)\b", near)


def _pct(code: str, explanation: str, metric: str) -> Plan:
    return Plan(kind="percentage", code=code + "f'{round(rate, 2):g}%'", explanation=explanation, specificity=0.9,
                template=f"biz_{metric}")


def _money(code: str, explanation: str, metric: str, currency: str, kind: str = "percentage") -> Plan:
    return Plan(kind=kind, code=code + "round(value, 2)", explanation=explanation, specificity=0.9,
                template=f"biz_{metric}", data={"unit": "money", "currency": currency})


def _ratio(code: str, explanation: str, metric: str) -> Plan:
    name = metric.upper().replace("_", ":")
    return Plan(kind="percentage", code=code + f"f'{{round(ratio, 2):g}}x ({name} {{ratio:.2f}})'",
                explanation=explanation, specificity=0.9, template=f"biz_{metric}")


# ----- growth: from one figure to another, compounded over periods, or carried forward -----------------------------

_JOIN = re.compile(r"^\s*(?:->|→|=>|-->|to|up to|down to)\s*$", re.I)
_PERIOD = {"month": "month", "months": "month", "mo": "month", "mos": "month", "year": "year", "years": "year",
           "yr": "year", "yrs": "year", "quarter": "quarter", "quarters": "quarter", "week": "week", "weeks": "week"}
_PER_YEAR = {"year": 1, "quarter": 4, "month": 12, "week": 52}
_SPAN = re.compile(r"\b(?:over|in|across|within|after|for)\s+(?:the\s+)?(?:last\s+|past\s+|next\s+)?$", re.I)
_RATE_PERIOD = re.compile(r"^\s*(?:(?:a|per|each|every|/)\s*(month|year|quarter|week|mo|yr)\b|(mom|yoy|qoq|wow)\b|"
                          r"(monthly|annually|yearly|quarterly|weekly)\b|(?:month|year|quarter|week)[- ]over[- ](month|year|quarter|week))",
                          re.I)
_ADVERB_PERIOD = {"mom": "month", "yoy": "year", "qoq": "quarter", "wow": "week", "monthly": "month", "annually": "year",
                  "yearly": "year", "quarterly": "quarter", "weekly": "week", "mo": "month", "yr": "year"}


def _is_year(f: _Figure) -> bool:
    return not f.percent and f.scale == 1 and f.text.isdigit() and 1950 <= f.value <= 2100 and not f.currency


def _is_periods(t: str, f: _Figure) -> bool:
    unit = re.match(r"\s*-?\s*([a-z]+)(?![- ]over\b)", t[f.end:f.end + 18], re.I)
    return bool(unit and unit.group(1).lower() in _PERIOD and not f.currency and f.scale == 1 and f.value <= 600)


def _pair(t: str, figs: list[_Figure]) -> tuple[_Figure, _Figure] | None:
    """The two amounts of 'A -> B', 'from A to B', 'went A to B'."""
    amounts = [f for f in figs if not f.percent and not _is_year(f) and not _is_periods(t, f)]
    if len(amounts) != 2:
        return None
    a, b = amounts
    between = t[a.end:b.start]
    between = re.sub(r"\s*(?:\(?(?:end of |start of |in |at )?(?:19|20)\d\d\)?)|\b(?:arr|mrr|revenue|rev|in|at|usd|eur|gbp)\b",
                     " ", between, flags=re.I)
    between = re.sub(r"[$€£]", " ", between)
    unit = re.match(r"[a-z]+", between)
    if unit and re.match(re.escape(unit.group(0)) + r"\b", t[b.end:]):  # '420ms to 315ms'
        between = between[unit.end():]
    if not _JOIN.search(between):
        years = [f for f in figs if _is_year(f)]
        # '80k in 2021 and 125k in 2024': two amounts joined by 'and', each labelled by its year, the earlier first
        if not (len(years) == 2 and years[0].value < years[1].value and re.fullmatch(r"[\s,]*(?:and|&|,|vs\.?)[\s,]*", between)
                and a.start < years[0].start < b.start < years[1].start):
            return None
    return a, b


def _span(t: str, figs: list[_Figure], used: set[int]) -> tuple[float, str, _Figure | None, _Figure | None] | None:
    """How many periods the growth runs: 'over 4 years', 'in 10 months', or from one year to another."""
    years = [f for f in figs if _is_year(f)]
    rest = [f for i, f in enumerate(figs) if i not in used and not _is_year(f)]
    if len(years) == 2 and not rest:
        return years[1].value - years[0].value, "year", years[0], years[1]
    if len(years) or len(rest) != 1:
        return None
    f = rest[0]
    unit = re.match(r"\s*-?\s*([a-z]+)", t[f.end:f.end + 12], re.I)
    if f.percent or not unit or unit.group(1).lower() not in _PERIOD or not _SPAN.search(t[max(0, f.start - 24):f.start]) \
            and not re.match(r"\s*-?\s*[a-z]+\s+(?:out|from now|later|time)\b", t[f.end:f.end + 24], re.I):
        return None
    return f.value, _PERIOD[unit.group(1).lower()], f, None


def _growth_plan(metric: str, t: str, figs: list[_Figure], asked: set[str]) -> Plan | None:
    cur = _currency(figs, t)
    if metric in ("growth", "cagr"):
        pair = _pair(t, figs)
        if pair is None:
            return None
        a, b = pair
        used = {figs.index(a), figs.index(b)}
        code = f"start = {_lit(a)}\nend = {_lit(b)}\n"
        if metric == "growth":
            if len(figs) != 2:
                return None
            # the size of the change and its direction, as asked: '20% decrease' when a fall is asked for; otherwise
            # a rise as it is ('25%') and a fall signed ('-25% (a 25% decrease)' for 'percent change from 1200 to 900')
            fall = bool(_DOWN_WORDS.search(t[b.end:].lower()))
            return Plan(kind="percentage", code=code + "rate = (end - start) / start * 100\nsize = round(abs(rate), 2)\n"
                        + ("f'{size:g}% ' + ('increase' if rate >= 0 else 'decrease')" if fall else
                           "f'{size:g}%' if rate >= 0 else f'-{size:g}% (a {size:g}% decrease)'"),
                        explanation="The change over where it started, in %.", specificity=0.9, template="biz_growth")
        span = _span(t, figs, used)
        if span is None or span[0] <= 0:
            return None
        n, unit, f1, f2 = span
        periods = f"{f2.text} - {f1.text}" if f2 is not None else f1.text
        return Plan(kind="percentage", code=code + f"periods = {periods}  # {unit}s\n"
                    "rate = ((end / start) ** (1 / periods) - 1) * 100\n" + f"f'{{round(rate, 2):g}}% a {unit}'",
                    explanation=f"Compound growth a {unit}: (end / start)^(1 / {unit}s) - 1.", specificity=0.9,
                    template="biz_cagr")
    # projection: an amount growing so many % a period, carried forward so many periods
    pcts = [f for f in figs if f.percent]
    amounts = [f for f in figs if not f.percent]
    if len(pcts) != 1 or len(figs) != 3:
        return None
    rate = pcts[0]
    per = _RATE_PERIOD.match(t[rate.end:rate.end + 24])
    word = per and next(g for g in per.groups() if g)
    rate_unit = _ADVERB_PERIOD.get(word.lower(), _PERIOD.get(word.lower())) if word else None
    if rate_unit is None or not re.search(r"\b(?:grow\w*|growth|up|increas\w*|compound\w*|ris\w*|climb\w*)\s*(?:at|by|of)?\s*$",
                                          t[max(0, rate.start - 24):rate.start], re.I):
        return None
    base = [f for f in amounts if not _is_periods(t, f)]
    if len(base) != 1 or base[0].start > rate.start:
        return None
    span = _span(t, figs, {figs.index(rate), figs.index(base[0])})
    if span is None or span[3] is not None:
        return None
    n, unit, fspan, _ = span
    ratio = _PER_YEAR[rate_unit] / _PER_YEAR[unit]
    periods = fspan.text + (f" * {ratio:g}" if ratio != 1 else "")
    code = (f"start = {_lit(base[0])}\nrate = {rate.text} / 100  # a {rate_unit}\nperiods = {periods}  # {rate_unit}s\n"
            "value = start * (1 + rate) ** periods\n")
    if ratio != int(ratio):
        return None
    return _money(code, f"Compounded {rate.text}% a {rate_unit} for {n:g} {unit}s.", "projection", cur, kind="money_over_time")


_DOWN_WORDS = re.compile(r"\b(?:decrease|drop|reduction|decline|cut|down|faster|smaller|less|lower|fell|dropped|shrunk|saved?)\b")
_LIST = re.compile(r"\b(?:list(?: price)?|original(?: price)?|was|msrp|rrp|full price|sticker(?: price)?|asking(?: price)?|"
                   r"quoted(?: at)?|rate card)\s*(?:was|is|of|at|=|:)?\s*[$€£]?\s*$")
_PAID = re.compile(r"\b(?:closed(?: it)?(?: at)?|paid|sold(?: it)?(?: at| for)|now|sale price|final(?: price)?|signed(?: at)?|"
                   r"landed(?: at)?|got it for|settled(?: at| on)?)\s*(?:was|is|of|at|=|:)?\s*[$€£]?\s*$")


def _structural(metric: str, t: str, figs: list[_Figure], asked: set[str]) -> Plan | None:
    low = t.lower()
    if metric in ("cagr", "growth", "projection"):
        return _growth_plan(metric, t, figs, asked)
    if metric == "downtime":
        return _downtime(t, figs)
    pcts = [f for f in figs if f.percent]
    amounts = [f for f in figs if not f.percent]
    if metric == "discount_pct":
        if pcts or len(amounts) != 2:
            return None
        roles = {}
        for i, f in enumerate(figs):
            before = t[figs[i - 1].end if i else 0:f.start].lower()
            before = re.split(r"[,;]|\band\b|\.(?!\d)", before)[-1]
            role = "list" if _LIST.search(before) else "paid" if _PAID.search(before) else None
            if role is None or role in roles:
                return None
            roles[role] = f
        code = f"list_price = {_lit(roles['list'])}\npaid = {_lit(roles['paid'])}\nrate = (list_price - paid) / list_price * 100\n"
        return _pct(code, "The discount over the list price.", metric)
    if metric == "share":
        # 'within 5 minutes', 'under 2 hours': a condition on what was counted, not a figure of the share
        conditions = [f for f in amounts if re.search(r"\b(?:within|under|in less than|inside|below)\s*$", low[:f.start])
                      and re.match(r"\s*(?:min|mins|minutes?|hours?|hrs?|h|days?|seconds?|secs?|s|ms)\b", low[f.end:])]
        amounts = [f for f in amounts if f not in conditions]
        if len(conditions) > 1:
            return None
        if pcts or len(amounts) != 2 or not re.fullmatch(r"\s*(?:out of|of)\s+(?:the\s+|all\s+|our\s+)?",
                                                         t[amounts[0].end:amounts[1].start], re.I):
            return None
        if amounts[0].value * amounts[0].scale > amounts[1].value * amounts[1].scale or re.search(
                r"\b(?:left|remain\w*|rest|other|others|not|no|passed|failed|without|else|more|less|increase|decrease|"
                r"change|off|discount|missed|didn'?t|weren'?t|wasn'?t|aren'?t)\b|n't\b", low[amounts[1].end:]):
            return None  # the share of the rest, or a change: another question
        code = "".join(f"condition = {c.text}  # what was counted: within {c.text}\n" for c in conditions) + \
            f"part = {_lit(amounts[0])}\nwhole = {_lit(amounts[1])}\nrate = part / whole * 100\n"
        return _pct(code, "The part over the whole.", metric)
    # 'commission is 9% of first year acv and acv = 132,500': a rate of a named amount, the amount named again
    if len(pcts) != 1 or len(amounts) != 1:
        return None
    rate, amount = pcts[0], amounts[0]
    named = re.match(r"\s*of\s+(?:(?:the|our|their|my|your|a|an|this|that|first[- ]year|annual|total)\s+)*([a-z]{3,})\b",
                     low[rate.end:])
    if not named or named.group(1) in ("it", "that", "this", "them", "which"):
        return None
    label = re.search(r"\b([a-z]{3,})\s*(?:is|was|=|:)\s*[$€£]?\s*$", low[:amount.start])
    if not label or label.group(1) != named.group(1) or amount.start < rate.end:
        return None
    cur = _currency(figs, t)
    code = f"rate = {rate.text}  # %\n{named.group(1)} = {_lit(amount)}\nvalue = rate / 100 * {named.group(1)}\n"
    return _money(code, f"{rate.text}% of the {named.group(1)}.", "pct_of_named", cur)


_MINUTES_IN = {"second": 1 / 60, "minute": 1, "hour": 60, "day": 1440, "week": 10080}
_SPAN_WORDS = {"sec": "second", "second": "second", "min": "minute", "minute": "minute", "hour": "hour", "hr": "hour",
               "h": "hour", "day": "day", "week": "week"}


def _downtime(t: str, figs: list[_Figure]) -> Plan | None:
    """'how many minutes of downtime does a 99.95% SLO allow over a 30 day month?': the time not covered by the
    availability target, over a period stated in fixed units (a month without its days is not one)."""
    low = t.lower()
    pcts = [f for f in figs if f.percent]
    rest = [f for f in figs if not f.percent]
    if len(pcts) != 1 or len(rest) > 1 or not re.search(r"\b(?:slo|sla|uptime|availability|available)\b", low):
        return None
    if rest:
        unit = re.match(r"\s*-?\s*([a-z]+?)s?\b", low[rest[0].end:])
        word = unit and _SPAN_WORDS.get(unit.group(1))
        if not word or word == "second":
            return None
        period_minutes, period = f"{rest[0].text} * {_MINUTES_IN[word]:g}", f"{rest[0].text} {word}s"
    else:
        m = re.search(r"\b(?:a|per|each|every|one|over a|in a)\s+(day|week|year)\b|\b(daily|weekly|yearly|annually)\b", low)
        if not m:
            return None
        word = {"daily": "day", "weekly": "week", "yearly": "year", "annually": "year"}.get(m.group(2) or "", m.group(1))
        period_minutes = "365 * 1440" if word == "year" else f"{_MINUTES_IN[word]:g}"
        period = "a 365-day year" if word == "year" else f"a {word}"
    ask = re.search(r"\bhow many (seconds|minutes|hours)\b|\bin (seconds|minutes|hours)\b", low)
    unit = (ask.group(1) or ask.group(2)) if ask else "minutes"
    per = {"seconds": " * 60", "minutes": "", "hours": " / 60"}[unit]
    code = (f"target = {pcts[0].text} / 100\nperiod = {period_minutes}  # minutes in {period}\n"
            f"allowed = (1 - target) * period{per}  # {unit}\nf'{{round(allowed, 2):g}} {unit}'")
    return Plan(kind="percentage", code=code, explanation=f"The share of {period} the target leaves uncovered.",
                specificity=0.9, template="biz_downtime")
