"""Percentages whose base is read from its role: VAT included in or added to an amount, SLA downtime.

- 'gross 595 incl. 19% VAT, what's the net' -> 595 / 1.19; 'how much VAT is in 238 at 19%' -> 238 - 238 / 1.19;
  'net 500, add 19% VAT - gross?' -> 500 × 1.19.
- '99.9% uptime, downtime per month (30 days)?' -> the minutes of the period not covered by the uptime.

Declines when the message does not say which side of the tax the amount is on, or which period is meant.
"""

from __future__ import annotations

import re

from rlm_bot.pipeline.compute.plan import Plan, lit

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


def solve_percent_roles(t: str) -> Plan | None:
    """VAT in or on an amount, SLA downtime from an uptime percentage; None when the roles are unclear."""
    return _sla(t) or _tax(t)


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
