"""Yes/no facts that can be computed, read by meaning in any word order: whether a year is a leap year, whether
a calendar date exists, which of two version numbers is newer, whether an IP address lies in a CIDR block,
whether a pasted text parses as JSON, whether a number is a power of two / perfect number / palindrome, and
which of two quantities in units (sizes, lengths, durations, temperatures, amounts with a stated rate) is larger.

Each fact names its operands explicitly; a question asking for judgement ('is 2027 a good year', 'is 1.10.2
stable') has no fact word and is left alone. Unsure readings decline.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from datetime import date

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.dates_parse import find_dates
from rlm_bot.pipeline.compute.plan import Plan, strip_mention
from rlm_bot.pipeline.compute.units import TEMPS, UNIT_ALT, UNITS, writes_byte_rate

__all__ = ["solve_truth"]

MAX_JSON_CHARS = 4_000
_YN = "'Yes' if result else 'No'"
# a question asked for judgement, not a fact: left to the model
_JUDGEMENT = re.compile(r"\b(?:good|bad|better|worse|best|worth|should|stable|safe|enough|reasonable|overkill|too|"
                        r"recommend\w*|okay|ok|fine|comfortable|why|explain|how do i|how to)\b")
_YEAR = r"(?<![\d.,/-])(\d{1,4})(?![\d.,/-]\d)"


def _leap_year(t: str) -> Plan | None:
    feb29 = r"(?:feb(?:ruary)?\.? ?29(?:th)?|29(?:th)? (?:of )?feb(?:ruary)?)\b"
    # 'leap', or whether a year has a Feb 29 at all ('does 2100 have a feb 29'; not 'what weekday is 29 Feb 2028')
    if not re.search(r"\bleap\b", t) and not re.search(r"\b(?:have|has|had|get|gets|got|is there|was there|will there be|"
                                                        r"include|includes|contain|contains)\s+(?:an?\s+|the\s+)?" + feb29, t):
        return None
    years = re.findall(_YEAR, re.sub(r"\bfeb(?:ruary)?\.? ?29(?:th)?\b|\b29(?:th)? (?:of )?feb(?:ruary)?\b", " ", t))
    if len(years) != 1 or not re.search(r"\b(?:is|was|will|does|did|has|have|check|leap year\??$|yes or no)\b|\?", t):
        return None
    if re.search(r"\bhow many\b|\bnext\b|\blast\b|\bprevious\b|\bbetween\b|\blist\b|\bwhich\b", t):
        return None  # counting or listing leap years is another question
    year = int(years[0])
    code = (f"year = {year}  # has a Feb 29 in a leap year\nresult = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)"
            f"  # Gregorian rule\n{_YN}")
    return Plan("boolean", code, "Applied the Gregorian rule: divisible by 4, except centuries not divisible by 400.",
                0.97, "leap_year")


_MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}


def _valid_date(t: str) -> Plan | None:
    if not re.search(r"\b(?:valid|real|existing|legal|legit|actual)\b(?: calendar)? ?date\b|\bdate\b.{0,20}\bexists?\b|"
                     r"\bdoes\b.{1,30}\bexist\b|^(?:is|was)\s+\S+\s+(?:a\s+)?(?:valid|real|legit)\W*$", t):
        return None
    m = re.search(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", t)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = re.search(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b", t) \
            or re.search(r"\b(\d{1,2})(?:st|nd|rd|th)? (?:of )?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,? (\d{4})\b", t)
        if not m:
            return None
        a, b, y = m.groups()
        mo, d = (_MONTHS[a], int(b)) if a.isalpha() else (_MONTHS[b], int(a))
        y = int(y)
    if len(re.findall(r"\d+", t)) != len(re.findall(r"\d+", m.group(0))):
        return None  # another number: another question
    code = (f"import calendar\ny, m, d = {y}, {mo}, {d}\n"
            "result = 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]\n" + _YN)
    return Plan("boolean", code, "Checked the day against the length of that month in that year.", 0.96, "valid_date")


_VERSION = r"(?<![\w.])v?(\d+(?:\.\d+){1,3})(?:[-+][\w.]+)?(?![\w.]*\d)"
_NEWER = r"newer|later|greater|higher|bigger|more recent|above|ahead of|after|>=?"
_OLDER = r"older|earlier|lower|smaller|less|below|behind|before|<=?"


def _version_order(t: str) -> Plan | None:
    if not re.search(r"\bv\d|\bversion|\bsemver\b|\brelease\b|\b\d+\.\d+\.\d+", t):
        return None
    found = [m for m in re.finditer(_VERSION, t)]
    which = re.search(r"\bwhich\b(?: one| version| release| of (?:these|them|the two))?\s+is\s+(?:the\s+)?(?:(newer|newest|later|"
                      r"latest|higher|highest|greater|more recent|most recent)|(older|oldest|earlier|earliest|lower|lowest))\b", t)
    if which and len(found) >= 2 and all(m.group(1).count(".") >= 1 for m in found) and \
            re.fullmatch(r"[\s,:;]*(?:(?:v?\d[\w.+-]*)[\s,]*(?:or|and|vs\.?|,)?[\s,]*)+\W*", t[which.end():]):
        versions = [m.group(0).strip() for m in found]
        pick = "max" if which.group(1) else "min"
        code = (f"versions = {versions!r}\n"
                "def key(v):\n    parts = tuple(int(p) for p in v.lstrip('v').split('-')[0].split('+')[0].split('.'))\n"
                "    return parts + (0,) * (4 - len(parts))  # 1.2 == 1.2.0\n"
                f"{pick}(versions, key=key)  # compared part by part as numbers: 10 > 9")
        return Plan("boolean", code, "Compared the versions part by part as numbers (so 1.10 is newer than 1.9).",
                    0.95, "version_order")
    if len(found) != 2 or not all(m.group(1).count(".") >= 2 or m.group(0).startswith("v") or "version" in t
                                  for m in found):
        return None
    between = t[found[0].end():found[1].start()]
    rel = re.search(r"\b(?:(" + _NEWER + r")|(" + _OLDER + r"))\b(?: than| or equal to| to)?", between) or \
        re.search(r"(>=?|<=?)", between)
    if not rel:
        # 'we're on 4.12.0, the fix landed in 4.9.3 — is our version newer than the fix?': the two are named first
        rel = re.search(r"\bis (?:ours|our version|the first|the former|it|that)\s+(?:(" + _NEWER + r")|(" + _OLDER + r"))\b",
                        t[found[1].end():])
        if not rel or not re.search(r"\b(?:we(?:'re| are)? on|our|we have|we run|current(?:ly)?)\b", t[:found[0].end()]):
            return None
    word = rel.group(0)
    newer = bool(re.search(_NEWER, word)) and not re.search(r"^<", word)
    strict = not re.search(r"=|or equal", word)
    a, b = found[0].group(1), found[1].group(1)
    op = (">" if newer else "<") + ("" if strict else "=")
    code = (f"a = tuple(int(p) for p in '{a}'.split('.'))\nb = tuple(int(p) for p in '{b}'.split('.'))\n"
            f"a, b = a + (0,) * (4 - len(a)), b + (0,) * (4 - len(b))  # 1.2 == 1.2.0\n"
            f"result = a {op} b  # compared part by part as numbers: 10 > 9\n{_YN}")
    return Plan("boolean", code, "Compared the versions part by part as numbers (so 1.10 is newer than 1.9).",
                0.96, "version_order")


_IP = r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3})(?![\d.]*\d)"
_CIDR = r"(?<![\d.])(\d{1,3}(?:\.\d{1,3}){3}/\d{1,2})(?!\d)"


def _ip_in_network(t: str) -> Plan | None:
    nets = re.findall(_CIDR, t)
    ips = re.findall(_IP, re.sub(_CIDR, " ", t))
    if len(nets) != 1 or len(ips) != 1 or not re.search(
            r"\b(?:in|within|inside|part of|belongs?|falls?|covered|contained|included|member|range)\b", t):
        return None
    addr, (net, bits) = ips[0], nets[0].split("/")
    if int(bits) > 32 or any(int(p) > 255 for p in (addr + "." + net).split(".")):
        return None
    code = ("def to_int(ip):\n    a, b, c, d = (int(p) for p in ip.split('.'))\n    return a << 24 | b << 16 | c << 8 | d\n"
            f"mask = (0xFFFFFFFF << (32 - {bits})) & 0xFFFFFFFF  # /{bits}: the first {bits} bits name the network\n"
            f"result = to_int('{addr}') & mask == to_int('{net}') & mask\n" + _YN)
    return Plan("boolean", code, "Masked the address and the network to the prefix length and compared them.",
                0.97, "ip_in_network")


def _json_parses(body: str) -> Plan | None:
    lower = body.lower()
    if not re.search(r"\bjson\b", lower) or not re.search(r"\b(?:valid|parse[sd]?|parsable|parseable|well[- ]formed|"
                                                          r"legal|correct|proper)\b", lower):
        return None
    start = min((i for i in (body.find("{"), body.find("[")) if i >= 0), default=-1)
    if start < 0:
        return None
    payload = body[start:].strip()
    fence = re.match(r"^(.*?)\s*```\s*$", payload, re.S)
    payload = (fence.group(1) if fence else payload).strip().rstrip("`").strip()
    if not payload or len(payload) > MAX_JSON_CHARS:
        return None
    if re.search(r"\b(?:fix|why|how|explain|what(?:'s| is) wrong|error)\b", lower[:start]):
        return None  # asks about the text, not whether it parses
    code = f"import json\ntry:\n    json.loads({payload!r})\n    result = True\nexcept ValueError:\n    result = False\n{_YN}"
    return Plan("boolean", code, "Tried json.loads on the text: it parses, or it raises.", 0.96, "json_parses")


# (the property as written, the test, what the test does, the largest n it is instant for)
_NUMBER_PROPERTY = [
    (r"power of (?:two|2)", "n > 0 and n & (n - 1) == 0", "a power of two has one 1 bit", 10 ** 12),
    (r"perfect number", "n > 1 and sum(d for d in range(1, n) if n % d == 0) == n", "added up its proper divisors",
     10 ** 7),
    (r"palindrom(?:e|ic)(?: number)?", "str(n) == str(n)[::-1]", "read its digits backwards", 10 ** 12),
]


def _number_property(t: str) -> Plan | None:
    m = re.fullmatch(r"\s*(?:is|was|check(?: if| whether)?|tell me if|yes or no:?)?\s*(\d{1,12})\s+(?:is\s+)?(.+?)\s*\??\s*"
                     r"(?:yes or no|true or false)?\s*\??\s*", t)
    if not m:
        return None
    n, prop = int(m.group(1)), m.group(2)
    for pattern, test, why, largest in _NUMBER_PROPERTY:
        if re.fullmatch(r"(?:a |an )?" + pattern + r"(?: or not)?", prop) and n <= largest:
            code = f"n = {n}\nresult = {test}\n{_YN}"
            return Plan("boolean", code, f"Tested the number: {why}.", 0.96, "number_property")
    return None


# -- two quantities in units ---------------------------------------------------------------------------
_MORE = r"more|bigger|larger|greater|longer|heavier|higher|warmer|hotter|faster|further|farther|taller|wider|above|over"
_LESS = r"less|smaller|fewer|shorter|lighter|lower|colder|cooler|slower|closer|nearer|below|under"
_QTY = r"(-?\d[\d,]*(?:\.\d+)?)\s*(°\s*[cf]\b|" + UNIT_ALT + r")(?![a-z0-9²³/µ])"
_TEMP_EXPR = {"C": "{v}", "F": "({v} - 32) * 5 / 9", "K": "{v} - 273.15"}


def _amount(value: str, unit: str) -> tuple[str, str] | None:
    """(expression in the dimension's base unit, dimension) for '1.5' 'gb'."""
    v = value.replace(",", "")
    u = unit.replace("°", "").replace(" ", "")
    if u in TEMPS and (u not in UNITS or len(unit) == 1 and u in {"c", "f"} or "°" in unit):
        return _TEMP_EXPR[TEMPS[u]].format(v=v), "temperature"
    if u not in UNITS:
        return None
    dim, factor = UNITS[u]
    return f"{v} * {factor!r}", dim


def _quantity_compare(t: str) -> Plan | None:
    t = re.sub(r"\bdegrees? (?=[cf]\b|celsius|fahrenheit)", "", t)
    t = re.sub(r"(?<=\d) ?t(?=[\s?.,!]|$)", " tonnes", t)  # '1.5 t' beside another mass
    qs = list(re.finditer(_QTY, t))
    if len(qs) != 2:
        return None
    between = t[qs[0].end():qs[1].start()]
    rel = re.fullmatch(r"\s*(?:(?:is\s+)?(?:(" + _MORE + r")|(" + _LESS + r"))(?:\s+than)?|(>=?|<=?))\s*", between)
    if not rel or not re.match(r"\s*(?:is|are|does|was|will|yes or no:?|true or false:?)\b", t):
        return None
    if re.search(r"\d", t[:qs[0].start()] + t[qs[1].end():]):
        return None  # another number (a rate, a condition) the comparison would leave out
    a, b = _amount(qs[0].group(1), qs[0].group(2)), _amount(qs[1].group(1), qs[1].group(2))
    if a is None or b is None or a[1] != b[1]:
        return None
    op = ">" if rel.group(1) or (rel.group(3) or "").startswith(">") else "<"
    op += "=" if "=" in (rel.group(3) or "") else ""
    code = f"a = {a[0]}  # {qs[0].group(0)}\nb = {b[0]}  # {qs[1].group(0)}\nresult = a {op} b\n{_YN}"
    return Plan("boolean", code, f"Converted both to the same unit of {a[1]} and compared them.", 0.95,
                "quantity_compare")


def _date_order(t: str, today: date) -> Plan | None:
    """'is March 3 2027 before Feb 28 2027?', 'is 2026-11-30 after 2026-12-01'."""
    found = find_dates(t, today)
    if len(found) != 2 or not all(had for *_, had in found):
        return None
    between = t[found[0][2]:found[1][1]]
    rel = re.fullmatch(r"\s*(?:(before|earlier than|sooner than|prior to|<)|(after|later than|>))\s*", between)
    if not rel or not re.match(r"\s*(?:is|was|does|will|yes or no:?|true or false:?)\b", t) or \
            re.search(r"\d", t[:found[0][1]] + t[found[1][2]:]):
        return None
    a, b = found[0][0], found[1][0]
    op = "<" if rel.group(1) else ">"
    code = f"a = date({a.year}, {a.month}, {a.day})\nb = date({b.year}, {b.month}, {b.day})\nresult = a {op} b\n{_YN}"
    return Plan("boolean", code, "Compared the two dates.", 0.95, "date_order")


def solve_truth(q: Query) -> Plan | None:
    """Yes or No for a computable fact: leap year, valid date, version order, IP in network, JSON parses, a number's
    property, two quantities in units compared."""
    body = strip_mention(q.body).strip()
    t = re.sub(r"\s+", " ", body.lower().replace("`", " ")).strip()
    if len(t) > 300 and not re.search(r"\bjson\b", t):
        return None
    if _JUDGEMENT.search(re.sub(r"\bvalid\b|\bcorrect\b", " ", t)) and not re.search(r"\bjson\b", t):
        return None
    for reader in (_leap_year, _valid_date, _version_order, _ip_in_network, _number_property):
        plan = reader(t)
        if plan is not None:
            return plan
    if not writes_byte_rate(body):
        plan = _quantity_compare(t)
        if plan is not None:
            return plan
    if re.search(r"\b(?:before|after|earlier|later|prior)\b", t):
        plan = _date_order(t, q.today)
        if plan is not None:
            return plan
    return _json_parses(body)
