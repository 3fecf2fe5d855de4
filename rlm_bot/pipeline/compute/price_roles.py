"""Two amounts read by their roles, wherever they sit: a cost and a selling price, or an old and a new value.

- margin / markup: 'tickets sell for $45 and our cost per head is $31.50, margin as a % of the ticket price?',
  'bake sale costs were £42 and we took £105, profit margin as a percentage of takings?' -> (price − cost) / price;
  'markup % on cost' -> (price − cost) / cost.
- percent change: 'last year 3200 shipments, this year only 2944, percent change?', 'flight was $420 last week and
  now it's $357, what % did it drop?', 'went from 8,400/day down to 2,100/day, by what percent did it decrease?'.

The role of an amount is the last role word before it (after the previous amount). Declines when an amount has no
role, two amounts share one, or more than two amounts are stated.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.plan import Plan, lit
from rlm_bot.pipeline.compute.quantities import is_label, read_labels

_AMOUNT = re.compile(r"(?<![\w.])[$€£]?\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]\d)(?!\.\d)(?!\s*%)(?!xx)")
_ROUNDING = re.compile(r"\b(?:to\s+)?\d+\s*(?:dp|d\.p\.|decimal(?: places?)?|places?|sig(?:nificant)? ?(?:figs?|figures))\b")
_COST_WORDS = r"cost|costs|costing|cogs|buy|buying|bought|pay|paid|purchase[ds]?|wholesale|spent|expenses?"
_PRICE_WORDS = r"sell|sells|selling|sold|charge|charges|charging|price|priced|retail|retails|took|take|takings|revenue|bill|list"
_ROLE = re.compile(r"\b(?:(" + _COST_WORDS + r")|(" + _PRICE_WORDS + r"))\b")
_ASK_MARGIN = re.compile(r"\b(margin|mark-?up)\b[^.?!]*?(?:%|\bpercent)|(?:%|\bpercent(?:age)?)[^.?!]*?\b(margin|mark-?up)\b")
_BASE_COST = re.compile(r"\b(?:on|of|over) (?:the |our )?(?:cost|costs|cost price|purchase price|what we pay)\b")
_BASE_PRICE = re.compile(r"\b(?:on|of) (?:the |our )?(?:selling price|sale price|price|ticket price|retail price|takings|"
                         r"revenue|sales|selling|what we charge)\b")
_JUDGEMENT = re.compile(r"\b(?:should|why|explain|advice|thoughts|recommend|good|healthy|normal|reasonable|fair|worth|"
                        r"compare|industry|benchmark|typical|draft|write)\b")


def _named(t: str, plan: Plan) -> Plan:
    """The plan with the message's numbers that name things ('5xx', 'db-03') noted in a comment."""
    names = re.findall(r"(?<![\w.])\d+xx\b", t) + read_labels(t)
    return Plan(plan.kind, f"# names, not amounts: {', '.join(names)}\n" + plan.code, plan.explanation, plan.specificity,
                plan.template, data=plan.data) if names else plan


def _amounts(t: str) -> list[re.Match]:
    return [m for m in _AMOUNT.finditer(_ROUNDING.sub(lambda r: " " * len(r.group(0)), t))
            if not is_label(t, m.start(1), m.end(1))]


def solve_margin_roles(t: str) -> Plan | None:
    """A margin or markup percentage from a cost and a selling price named anywhere by their roles."""
    asked = _ASK_MARGIN.search(t)
    if not asked or _JUDGEMENT.search(t) or re.search(r"\d\s*%|\bvat\b|\btax\b", t):
        return None
    nums = _amounts(t)
    if len(nums) != 2:
        return None
    roles = []
    for k, m in enumerate(nums):
        before = t[nums[k - 1].end() if k else 0: m.start()]
        words = list(_ROLE.finditer(before))
        if not words:
            return None
        roles.append("cost" if words[-1].group(1) else "price")
    if sorted(roles) != ["cost", "price"]:
        return None
    cost = float(nums[roles.index("cost")].group(1).replace(",", ""))
    price = float(nums[roles.index("price")].group(1).replace(",", ""))
    if not cost or not price:
        return None
    places = _ROUNDING.search(t)
    digits = int(re.search(r"\d+", places.group(0)).group(0)) if places and "sig" not in places.group(0) else 2
    word = (asked.group(1) or asked.group(2)).replace("-", "")
    on_cost, on_price = _BASE_COST.search(t), _BASE_PRICE.search(t)
    if on_cost and on_price:
        return None
    base = "cost" if on_cost or (word == "markup" and not on_price) else "price"
    code = (f"cost = {lit(cost)}\nprice = {lit(price)}  # selling price\n{word} = (price - cost) / {base} * 100"
            f"  # as a share of the {'cost' if base == 'cost' else 'selling price'}\nround({word}, {digits})"
            + (f"  # {places.group(0).strip()} as asked" if places else ""))
    return Plan("percentage", code, f"({lit(price)} − {lit(cost)}) / {lit(cost if base == 'cost' else price)} × 100.",
                0.9, "pct_margin_roles", data={"unit": "percent"})


# the percent change asked, in the words people use: '% change', '% increase', 'how much % more', '% up?', 'growth %',
# 'increase in %', 'by what percent did it drop', 'what % increase is that', 'percentage rise'
_CHANGE_WORD = (r"(?:change|difference|increase|decrease|drop|rise|growth|decline|fall|jump|gain|up|down|more|less|higher|"
                r"lower|cheaper|dearer|more expensive|uplift)")
_ASK_CHANGE = re.compile(r"(?:\bpercent(?:age)?|%)\s*" + _CHANGE_WORD + r"\b|"
                         r"\b(?:change|increase|decrease|growth|rise|drop|decline|jump|gain|uplift)\s*(?:in\s+|as\s+an?\s+)?"
                         r"(?:%|\bpercent(?:age)?\b)|"
                         r"\b(?:by )?(?:what|how many|how much) (?:percent(?:age)?\b|%)[^.?!]*\b(?:drop|fall|fell|decrease|decline|rise|"
                         r"rose|grow|grew|increase|go (?:up|down)|went (?:up|down)|change|cut|shrink|shrank|reduc\w*|more|less|"
                         r"higher|lower|cheaper|up|down)")
_OLD = re.compile(r"\b(?:was|were|last (?:year|month|week|wk|quarter|qtr|time)|before|used to|previously|from|originally|old|then)\b")
_NEW = re.compile(r"\b(?:now|this (?:year|month|week|wk|quarter|qtr|time)|after|today|currently|to|new|is now|down to|up to)\b")
# 'the 8oz candle', 'the 500g coffee bag', 'our 20L drums': a size that names the product, not an amount
_SIZED_NAME = re.compile(r"(?:oz|g|kg|ml|cl|l|lb|lbs|gb|tb|in|cm|mm|v|w|kw|pc|pk|ct)\s+[a-z]{3,}")
_DETERMINER = re.compile(r"\b(?:the|a|an|our|my|this|that|these|those|their|his|her)\s*$")


def _year(t: str, m: re.Match) -> bool:
    """A year that labels an amount ('revenue 2023: 4.2M', 'in 2021 it was'), not an amount."""
    text = m.group(1)
    return "," not in text and "." not in text and 1900 <= int(text) <= 2100 and (
        re.search(r"\b(?:in|since|of|from|for|fy|year)\s*$", t[: m.start()]) is not None
        or re.match(r"\s*(?::|[-–—]|was|were|is|had|did|revenue|sales)", t[m.end():]) is not None)


def solve_change_roles(t: str) -> Plan | None:
    """The percent change between an old and a new amount, which is which read from 'was/last year', 'now/this year',
    'from X to Y', 'X → Y' and the years labelling them (otherwise the first is the old)."""
    if not _ASK_CHANGE.search(t) or _JUDGEMENT.search(t) or re.search(r"\d\s*(?:%|percent\b|per ?cent\b|pct\b)", t):
        return None  # a rate stated ('10 percent less than 90') is applied, not asked
    found = _amounts(t)
    sized = [m for m in found if _SIZED_NAME.match(t, m.end()) and _DETERMINER.search(t[: m.start()])]
    years = [m for m in found if m not in sized and _year(t, m)]
    nums = [m for m in found if m not in sized and m not in years]
    if len(nums) != 2 or len(years) not in (0, 2):
        return None
    a, b = (float(m.group(1).replace(",", "")) for m in nums)
    between = t[nums[0].end(): nums[1].start()]
    lead = t[: nums[0].start()][-40:]
    first_new = _NEW.search(lead) and not _OLD.search(lead) and _OLD.search(between)
    if years:
        y1, y2 = (int(m.group(1)) for m in years)
        if y1 == y2:
            return None
        first_new = y1 > y2  # the years label the amounts in their order ('2023: 4.2M, 2024: 5.04M', '80k in 2021, 125k in 2024')
    old, new = (b, a) if first_new else (a, b)
    if not old or old == new:
        return None
    falls = re.search(r"\b(?:drop|dropped|fall|fell|decrease|decreased|decline|declined|go down|went down|cut|shrink|shrank|"
                      r"reduc\w*|cheaper|lower)\b", t)
    rises = re.search(r"\b(?:rise|rose|grow|grew|growth|increase|increased|go up|went up|more expensive|higher|bump\w*|raised?|"
                      r"hike\w*|jump\w*|up)\b", t)
    if falls and rises:
        return None
    if falls and new > old or rises and new < old:
        return None  # the words and the numbers disagree: not sure which is which
    if falls:
        code = f"old = {lit(old)}\nnew = {lit(new)}\ndrop = (old - new) / old * 100\nround(drop, 2)"
        what = f"({lit(old)} − {lit(new)}) / {lit(old)} × 100: the drop as a share of the old value."
    else:
        code = f"old = {lit(old)}\nnew = {lit(new)}\nchange = (new - old) / old * 100\nround(change, 2)"
        what = f"({lit(new)} − {lit(old)}) / {lit(old)} × 100: the change as a share of the old value."
    plan = _named(t, Plan("percentage", code, what, 0.9, "pct_change_roles", data={"unit": "percent"}))
    names = [t[m.start(1): _SIZED_NAME.match(t, m.end()).end()] for m in sized] + [m.group(1) for m in years]
    return Plan(plan.kind, f"# names, not amounts: {', '.join(names)}\n" + plan.code, plan.explanation, plan.specificity,
                plan.template, data=plan.data) if names else plan


_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:%|percent\b|per ?cent\b)")
_ASK_PART = re.compile(r"\b(?:how much|what(?:'s| is| will be| would be)|whats|how many)\s+(?:is |are |will |would )?"
                       r"(?:the |my |our |their |his |her |that |this |it )?([a-z]+)")
_DIRECTION = re.compile(r"\b(?:off|discount\w*|increase\w*|raise\w*|rais\w+|up|down|rise|rises|rose|drop\w*|cut|reduc\w*|more|"
                        r"less|after|before|incl\w*|excl\w*|with|without|total|new|final|net|gross|left|remain\w*|sav\w+|"
                        r"vat|tax|tip|interest|grow\w*|growth|change|compound\w*|each year|a year|per year|annual\w*|"
                        r"monthly|a month|per month|plus|minus|back|original\w*|should|fair|good|worth)\b")


UNKNOWN_BASE = re.compile(r"%\s+of\s+(?:(?:a|an|the|some|my|our|what|which)\s+)?(?:number|value|amount|sum|total|quantity|"
                          r"it|what|x|n)\s+(?:is|equals|=|was|comes to|gives)\s+[$€£]?\d")


def solve_rate_share(t: str) -> Plan | None:
    """'commission rate is 7.5%. what's the payout on 126,400 in bookings?', 'the fee is 1.5% of the balance. balance
    is 7,840. how much is the fee?', '15% of the 240 students picked German, how many is that': one rate of one amount,
    the part asked, with no word that moves the amount (off, increase, with, total, net ...)."""
    rates = list(_RATE.finditer(t))
    asked = _ASK_PART.search(t)
    if UNKNOWN_BASE.search(t):
        return None  # '35% of a number is 84': the amount is the part, the base is asked
    if len(rates) != 1 or not asked or asked.group(1) in ("percent", "percentage", "rate", "share", "proportion") or \
            _DIRECTION.search(t) or re.search(r"\b(?:what|which) (?:%|percent)", t):
        return None
    nums = [m for m in _amounts(t) if not (m.start(1) <= rates[0].start(1) < m.end(1))]
    if len(nums) != 1:
        return None
    unit = re.match(r"\s*-?\s*(day|hour|hr|minute|min|week|month|year|second|sec)s?\b", t[nums[0].end(1):])
    if unit and not asked.group(1).startswith(unit.group(1)):
        return None  # '99.95% SLO over a 30 day month, how many minutes': the base is a time in another unit
    base, rate = float(nums[0].group(1).replace(",", "")), float(rates[0].group(1))
    code = f"rate = {lit(rate)}  # %\nbase = {lit(base)}\npart = rate / 100 * base\nround(part, 2)"
    return _named(t, Plan("percentage", code, f"{lit(rate)}% of {lit(base)}.", 0.88, "pct_rate_share"))
