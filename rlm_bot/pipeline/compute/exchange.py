"""Conversions whose rate the message states or that follow a convention: an amount of money at a stated
exchange rate ('convert 250 USD to EUR at 0.92', 'if 1 GBP = 1.27 USD, what is 400 GBP in dollars', '¥15,000
to USD, rate 1 USD = 150 JPY'), and CSS lengths ('24px in rem (16px base)', '2.5rem to px, root font size 16',
'12pt in px'), read in any word order.

Money needs its rate in the message (never a remembered one); a rate without direction ('at 0.92') is read as
'1 of the amount's currency = 0.92 of the asked one', and said so. CSS rem/em use a 16px root unless one is
stated. Anything else left unexplained (another amount, two rates) declines.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, strip_mention

__all__ = ["solve_exchange", "solve_css_units"]

_CODES = {"usd": "USD", "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "chf": "CHF", "cad": "CAD", "aud": "AUD", "nzd": "NZD",
          "inr": "INR", "cny": "CNY", "rmb": "CNY", "sek": "SEK", "nok": "NOK", "dkk": "DKK", "pln": "PLN", "mxn": "MXN",
          "brl": "BRL", "zar": "ZAR", "sgd": "SGD", "hkd": "HKD", "krw": "KRW", "try": "TRY", "czk": "CZK", "huf": "HUF",
          "ils": "ILS", "aed": "AED", "thb": "THB", "php": "PHP", "idr": "IDR", "myr": "MYR", "ngn": "NGN"}
_WORDS = {"dollar": "USD", "dollars": "USD", "bucks": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
          "pounds": "GBP", "sterling": "GBP", "quid": "GBP", "yen": "JPY", "rupee": "INR", "rupees": "INR",
          "yuan": "CNY", "swiss francs": "CHF", "francs": "CHF", "franc": "CHF", "pesos": "MXN", "reais": "BRL",
          "rand": "ZAR", "won": "KRW", "zloty": "PLN", "zlotys": "PLN"}
_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₩": "KRW", "₺": "TRY", "₱": "PHP", "₦": "NGN"}
_CUR = r"(?:" + "|".join(sorted(list(_CODES) + list(_WORDS), key=len, reverse=True)) + r")"
_NUM = r"(\d[\d,]*(?:\.\d+)?)"
_HOW = re.compile(r"\bhow (?:do|can|should|would|could|to) (?:i |we |you )?|\bhow to\b|\b(?:config|tailwind|sass|scss|"
                  r"variable|mixin|function|formula|spreadsheet|excel|api)\b")
_SYM = "[" + re.escape("".join(_SYMBOLS)) + "]"


def _cur(word: str) -> str:
    w = word.lower().strip()
    return _SYMBOLS.get(w) or _CODES.get(w) or _WORDS[w]


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def solve_exchange(q: Query) -> Plan | None:
    """An amount of money converted at the rate the message states."""
    t = re.sub(r"\s+", " ", strip_mention(q.body).lower().replace("`", " ")).strip()
    if len(t) > 250 or not re.search(r"\d", t):
        return None
    if _HOW.search(t) or re.search(r"\b(?:why|explain|should|best|good|cheaper|fee|fees|commission|spread|margin|tax|vat|tip|"
                 r"interest|per (?:month|year|day|hour)|a (?:month|year|day))\b|%", t):
        return None
    # the rate: '1 eur = 1.08 usd', 'eur/usd 1.08', '1 usd to 150 jpy'
    rates = list(re.finditer(r"(?<![\d.])1\s*(" + _CUR + r"|" + _SYM + r")\s*(?:=|==|is|equals|:|->|→|to|buys|gets)\s*"
                             r"(" + _SYM + r")?\s*" + _NUM + r"\s*(" + _CUR + r")?\b", t))
    pair = list(re.finditer(r"\b(" + _CUR + r")\s*/\s*(" + _CUR + r")\s*(?:rate\s*)?(?:=|:|at|is|of)?\s*" + _NUM, t))
    bare = list(re.finditer(r"(?:\bat|\brate(?:\s+(?:today|now|right now|currently|this morning))?(?: of| is| =)?|@|\bexchange rate(?: of| is)?|\bfx(?: rate)?(?: of| is)?)\s*:?\s*(?:a rate of\s*)?"
                            + _NUM + r"(?!\s*(?:" + _CUR + r"|" + _SYM + r"))\b", t))
    if len(rates) + len(pair) + len(bare) != 1:
        return None
    spans = [(m.start(), m.end()) for m in rates + pair + bare]
    rest = t[:spans[0][0]] + " " * (spans[0][1] - spans[0][0]) + t[spans[0][1]:]
    amounts = list(re.finditer(r"(" + _SYM + r")\s*" + _NUM + r"|" + _NUM + r"\s*(" + _CUR + r"|" + _SYM + r")\b|(?<![\w.])("
                               + _CUR + r")\s*" + _NUM, rest))
    if len(amounts) != 1 or len(re.findall(r"(?<![\w.,])\d", rest)) != 1:
        return None
    a = amounts[0]
    src = _cur(a.group(1) or a.group(4) or a.group(5))
    value = a.group(2) or a.group(3) or a.group(6)
    after = rest[:a.start()] + " " * (a.end() - a.start()) + rest[a.end():]
    asked = [m for m in re.finditer(r"(?:\bto|\bin|\binto|\bas|how many|how much|->|→|=)\s*(?:the\s+)?(" + _CUR + r"|" + _SYM
                                    + r")(?![\w])", after)]
    targets = {_cur(m.group(1)) for m in asked} - {src}
    if rates:
        r = rates[0]
        if not (r.group(2) or r.group(4)):
            return None
        one, other = _cur(r.group(1)), _cur(r.group(2) or r.group(4))
        per = _num(r.group(3))
    elif pair:  # 'EUR/USD 1.08': 1 EUR buys 1.08 USD
        one, other, per = _cur(pair[0].group(1)), _cur(pair[0].group(2)), _num(pair[0].group(3))
    else:
        if len(targets) != 1:
            return None
        one, other, per = src, next(iter(targets)), _num(bare[0].group(1))
    if per <= 0 or one == other or src not in {one, other}:
        return None
    target = other if src == one else one
    if targets and targets != {target}:
        return None
    if not targets and not re.search(r"\b(?:convert|how much|how many|what(?:'s| is)|worth|equals?|in)\b", t):
        return None
    op = "*" if src == one else "/"
    code = (f"amount = {_num(value)!r}  # {src}\nrate = {per!r}  # 1 {one} = {per:g} {other}\n"
            f"result = amount {op} rate\nf'{{result:,.2f}} {target}'")
    how = "at the stated rate" if not bare else f"reading 'at {per:g}' as 1 {one} = {per:g} {other}"
    return Plan("conversion", code, f"Converted {src} to {target} {how}.", 0.94, "exchange")


_CSS = r"(?<![\w.])(\d+(?:\.\d+)?)\s*(px|rem|em|pt)\b"
_PT_PX = 4 / 3  # CSS: 1pt = 1/72 in, 1px = 1/96 in


def solve_css_units(q: Query) -> Plan | None:
    """px, rem, em and pt converted at a 16px root font size, or at the one the message states."""
    t = re.sub(r"\s+", " ", strip_mention(q.lower)).strip()
    if len(t) > 200 or not re.search(r"\b(?:px|rem|em|pt|pixels?|points?)\b", t) or _HOW.search(t):
        return None
    t = re.sub(r"\bpixels?\b", "px", re.sub(r"(?<=\d)\s*points?\b", "pt", t))
    base = None
    m = re.search(r"(?:\b(?:root|base|html|body|default|parent|browser)\b[^\d]{0,24}?(?:font[- ]?size|size|font)?\s*"
                  r"(?:of|is|=|:|at|@)?\s*|\bfont[- ]?size[^\d]{0,16}?(?:of|is|=|:)?\s*)(\d+(?:\.\d+)?)\s*(?:px)?\b", t) or \
        re.search(r"(\d+(?:\.\d+)?)\s*(?:px)?\s*(?:root|base|html|body|parent)(?: font(?:[- ]size)?| size| element)?\b", t)
    rest = t
    if m:
        base = float(m.group(1))
        rest = t[:m.start(1)] + " " * (m.end(1) - m.start(1)) + t[m.end(1):]
    qs = list(re.finditer(_CSS, rest))
    if len(qs) != 1 or len(re.findall(r"(?<![\w.,])\d", rest)) != 1:
        return None
    value, unit = float(qs[0].group(1)), qs[0].group(2)
    after = rest[qs[0].end():] + " " + rest[:qs[0].start()]
    asked = {m.group(1) for m in re.finditer(r"(?:\bto|\bin|\binto|\bas|how many|=|->|→)\s*(px|rem|em|pt)\b", after)} - {unit}
    if len(asked) != 1:
        return None
    target = asked.pop()
    if base is not None and not 4 <= base <= 64:
        return None
    root = base if base is not None else 16
    to_px = {"px": "1", "rem": "root", "em": "root", "pt": "4 / 3"}
    code = (f"root = {root:g}  # px, the root font size{'' if base is not None else ' (the browser default)'}\n"
            f"value = {value:g}  # {unit}\npx = value * {to_px[unit]}\nresult = px / ({to_px[target]})\n"
            f"f'{{round(result, 4):g}}{target}'")
    return Plan("conversion", code, f"Converted {unit} to {target} through px (1rem = {root:g}px, 1pt = 4/3 px).", 0.94,
                "css_units")
