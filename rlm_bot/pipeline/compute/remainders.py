"""Division with a remainder and common cycles, read from everyday wording in any order.

- 'N things shared evenly across M people — how many left over?', 'N split into teams of M, any spare?':
  the remainder N % M (the same whether M is the number of shares or the size of each).
- 'can N be split into teams of M with nobody left over?': yes or no, with the remainder shown.
- 'one delivers every A days, another every B days, both came today — when do they next coincide?':
  the least common multiple, in the unit of the cycles.

The message must state exactly the numbers these read; anything more is another problem and declined.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, numbers_in

_INT = r"(\d{1,3}(?:,\d{3})+|\d+)"
_GROUPS = r"(?:rows|groups|teams|boxes|packs|batches|tables|sets|piles|bags|pairs|crates|cartons)"
_SHARED = re.compile(r"\b(?:evenly|equally|fairly|(?:the )?same (?:number|amount)|round-robin\w*|split|shared?|divided?|"
                     r"dealt|distributed?|grouped|packed|put)\b|\b(?:go|fit|goes|fits)\s+(?:\w+\s+)?into\b|"
                     rf"\b{_GROUPS} of \d|\b(?:into|in)\s+(?:full\s+)?[a-z]+s\s+of\s+\d", re.I)
_LEFT = re.compile(r"\b(?:left ?over|leftovers?|remain(?:s|ing|der)?|spare|extra|over after|(?:be )?left)\b", re.I)
_ASKS_HOW_MANY = re.compile(r"\bhow many\b|\bwhat(?:'s| is) (?:the )?(?:remainder|leftover|left over)\b|\bremainder\b", re.I)
_OPENS = r"(?:^|[—–.;!?]\s*|\s-\s)\W*"  # the start of the message or of its last clause
_ASKS_WHETHER = re.compile(_OPENS + r"(?:can|could|will|would|does|do|is|are)\b[^?—–]*\b(?:no(?:body|one|thing| one)?|none|"
                           r"without (?:any(?:one|thing)?|a remainder)|zero)\b[^?]*\b(?:left ?over|left|remain\w*|spare)\b|"
                           + _OPENS + r"(?:can|could|will|would|does|do|is|are)\b[^?—–]*\b(?:evenly|equally|exactly)\b", re.I)
_PER_EACH = re.compile(r"\b(?:each|per|apiece)\b.*\bhow many\b(?!.*\bleft)|\bhow many (?:does|do|will|would) (?:each|every)\b",
                       re.I)
_CYCLE = re.compile(r"\bevery\s+(\d+)\s+(days?|weeks?|hours?|minutes?|months?|years?|shifts?|laps?|seconds?)\b", re.I)
_TOGETHER = re.compile(r"\b(?:both|all (?:three|of them)|together|same (?:day|time|week|hour|minute)|coincide|line up|"
                       r"overlap|simultaneous\w*|at once|again)\b", re.I)
_ASKS_WHEN = re.compile(r"\b(?:how many|when|how long|which|how soon|after how|in how)\b|"
                        r"\b(?:days?|weeks?|hours?|minutes?|months?)\s+(?:until|till|before)\b", re.I)


def solve_remainder(q: Query) -> Plan | None:
    """The remainder of sharing N among M (or in groups of M), or whether nothing is left over."""
    body = q.body
    nums = numbers_in(body)
    if len(nums) != 2 or not all(float(n).is_integer() and n > 0 for n in nums) or not _SHARED.search(body):
        return None
    if re.search(r"[$€£%]|\b(?:per cent|percent|hours?|minutes?|days?|kg|km|litres?|liters?)\b", body, re.I):
        return None  # money, rates and measures are divided into fractions, not into whole shares
    whether = _ASKS_WHETHER.search(body)
    if not whether and not (_ASKS_HOW_MANY.search(body) and _LEFT.search(body)) or _PER_EACH.search(body):
        return None
    total, parts = int(nums[0]), int(nums[1])
    if parts >= total or parts < 2:
        return None
    if whether:
        code = (f"total, size = {total}, {parts}\nleft = total % size\n"
                "('Yes' if left == 0 else 'No') + f' — {total} ÷ {size} = {total // size}' + "
                "(' exactly' if left == 0 else f' remainder {left}')")
        return Plan("number_theory", code, f"Divided {total} by {parts}: nothing may be left over.", 0.93,
                    "divides_evenly")
    code = f"total, parts = {total}, {parts}\ntotal % parts  # {total} = {parts} × {total // parts} + remainder"
    return Plan("number_theory", code, f"The remainder of {total} divided by {parts}.", 0.93, "remainder")


_UNIT_NAMES = {"s": "second", "sec": "second", "secs": "second", "second": "second", "seconds": "second",
               "m": "minute", "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
               "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour", "d": "day", "day": "day",
               "days": "day", "week": "week", "weeks": "week", "wk": "week", "wks": "week", "month": "month",
               "months": "month", "year": "year", "years": "year", "shift": "shift", "shifts": "shift", "lap": "lap",
               "laps": "lap"}
_UNIT = r"(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|wks?|weeks?|months?|years?|shifts?|laps?)"
_EVERY_LIST = re.compile(r"\bevery\s+((?:\d+\s*" + _UNIT + r"?\s*(?:,|and|or|&|/)?\s*)+)", re.I)
_HYPHEN_LIST = re.compile(r"((?:\b\d+-?\s*,?\s*(?:and\s+|or\s+|&\s*)?)+)\b(\d+)[- ]" + _UNIT + r"\b", re.I)
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "2": 2, "3": 3, "4": 4, "5": 5}


def _cycles(body: str) -> list[tuple[int, str]] | None:
    """The cycle lengths with their unit: 'every 12 minutes and the other every 18 minutes', 'every 6h, 8h and 12h',
    '6-, 8- and 15-day cycles'; None when a length has no unit."""
    out: list[tuple[int, str | None]] = []
    for m in _EVERY_LIST.finditer(body):
        for n, unit in re.findall(r"(\d+)\s*" + _UNIT + r"?(?![\w])", m.group(1), re.I):
            out.append((int(n), _UNIT_NAMES[unit.lower()] if unit else None))
    if not out:
        m = _HYPHEN_LIST.search(body)
        if m and re.search(r"\d+-\s*,?\s*(?:and|or|&)?", m.group(1)):
            unit = _UNIT_NAMES[m.group(3).lower()]
            out = [(int(n), unit) for n in re.findall(r"\d+", m.group(1))] + [(int(m.group(2)), unit)]
    for i in range(len(out) - 2, -1, -1):  # 'every 6, 8 and 12 hours': the unit written last is every one's
        if out[i][1] is None:
            out[i] = (out[i][0], out[i + 1][1])
    named = {u for _, u in out if u is not None}
    if len(named) == 1 and out and out[0][1] is not None and len(out) >= 3:
        # 'labs every 6 days, tutorials every 8, the seminar every 15': the unit said first is every later one's
        out = [(n, u or out[0][1]) for n, u in out]
    if any(u is None for _, u in out):
        return None
    return out  # type: ignore[return-value]


def solve_common_cycle(q: Query) -> Plan | None:
    """When events repeating every A and every B (units) next fall together: the least common multiple."""
    body = q.body
    cycles = _cycles(body)
    if not cycles or len(cycles) < 2 or not (_TOGETHER.search(body) or re.search(r"\blcm\b", body, re.I)) or \
            not _ASKS_WHEN.search(body):
        return None
    units = {u for _, u in cycles}
    if len(units) != 1:
        return None  # mixed units: another problem
    # every other number must be a clock time they started at ('both rang at 9:00', 'fire at :00') or their count
    clock = re.compile(r"(?<![\d:])\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?|(?<![\d:]):\d{2}\b|\b\d{1,2}\s*[ap]\.?m\.?\b", re.I)
    started = clock.findall(body)
    rest = clock.sub(" ", body)
    stated = [int(v) for v in numbers_in(rest) if float(v).is_integer()]
    values = [n for n, _ in cycles]
    for v in values:
        if v in stated:
            stated.remove(v)
    if stated and not (len(stated) == 1 and stated[0] == len(values)) or len(numbers_in(rest)) > len(values) + 1:
        return None  # other numbers: another problem
    if min(values) < 1:
        return None
    unit = next(iter(units))
    at = f"  # together at {', '.join(started)}" if started else ""
    code = (f"cycles = {values}  # every {', '.join(map(str, values))} {unit}s{at}\nresult = 1\nfor c in cycles:\n"
            f"    result = result * c // gcd(result, c)  # least common multiple\nf'{{result}} {unit}' + ('s' if result != 1 else '')")
    return Plan("number_theory", code, f"The least common multiple of the cycles: the first {unit} they coincide again.",
                0.93, "lcm_cycle")


_PARITY = re.compile(r"^\W*(?:is\s+)?(?:(?:even|odd)\s+or\s+(?:even|odd))\s*[:?,—–-]?\s*(?P<a>-?\d{1,3}(?:,\d{3})+|-?\d+)\W*$|"
                     r"^\W*(?:is\s+)?(?P<b>-?\d{1,3}(?:,\d{3})+|-?\d+)\s*[:?,—–-]?\s*(?:even\s+or\s+odd|odd\s+or\s+even)\W*$",
                     re.I)
_MODULO = re.compile(r"\b(?:remainder|mod(?:ulo)?)\s+(?:of|when|for)\s+(?P<a>\d+)\s*(?:\^|\*\*|to the power of)\s*(?P<e>\d+)\s+"
                     r"(?:is\s+)?(?:divided\s+by|over|mod(?:ulo)?|by)\s+(?P<m>\d+)\b|"
                     r"\b(?P<a2>\d+)\s*(?:\^|\*\*)\s*(?P<e2>\d+)\s+(?:mod(?:ulo)?|%)\s+(?P<m2>\d+)\b", re.I)


def solve_parity(q: Query) -> Plan | None:
    """'even or odd: 1,000,002', '4,097 odd or even?': which one the number is."""
    m = _PARITY.match(q.body.strip())
    if m is None:
        return None
    n = int((m.group("a") or m.group("b")).replace(",", ""))
    code = f"n = {n}\n'even' if n % 2 == 0 else 'odd'"
    return Plan("number_theory", code, "Looked at the remainder of dividing by 2.", 0.95, "parity")


def solve_power_modulo(q: Query) -> Plan | None:
    """'remainder of 2^20 divided by 13', '7^222 mod 11': modular exponentiation (exact for any size)."""
    m = _MODULO.search(q.body)
    if m is None or len(numbers_in(q.body)) != 3:
        return None
    a, e, mod = (int(m.group(k) or m.group(k + "2")) for k in ("a", "e", "m"))
    if mod < 1:
        return None
    code = f"pow({a}, {e}, {mod})  # the remainder of {a}^{e} divided by {mod}"
    return Plan("number_theory", code, "Modular exponentiation: the remainder without the huge power.", 0.95,
                "power_modulo")


_LARGEST = re.compile(r"\b(?:largest|greatest|biggest|max(?:imum)?|most|highest)\b", re.I)
_EVEN_SPLIT = re.compile(r"\bdivides? (?:both|all|each|them|evenly)\b|\bidentical\b|\bsame (?:number|count|size|amount|"
                         r"length)\b|\bno(?:thing|ne| one|body)? (?:left ?over|leftover|remaining|spare)\b|\bwithout (?:any )?"
                         r"(?:left ?overs?|remainder|leftovers?)\b|\bevenly\b|\bequal(?:ly)?\b|\bexactly\b", re.I)


def solve_common_divisor(q: Query) -> Plan | None:
    """'48 chefs and 72 waiters, largest team size that divides both evenly?', '360 of A and 276 of B into identical
    boxes, nothing left over, largest number per box?': the greatest common divisor of the stated counts."""
    body = q.body
    if len(body) > 300 or not _LARGEST.search(body) or not _EVEN_SPLIT.search(body) or \
            re.search(r"[$€£%]|\b(?:lcm|least|smallest|fewest|minimum|how long|when)\b", body, re.I):
        return None
    values = numbers_in(body)
    if not 2 <= len(values) <= 4 or not all(float(v).is_integer() and v > 0 for v in values):
        return None
    if not re.search(r"\b(?:per|each|size|team|group|box|boxes|pack|bundle|row|batch|tile|piece|square|length|"
                     r"portion|bag|set|crate|table)\w*\b|\binto\s+(?:\w+\s+)?[a-z]+s\b", body, re.I):
        return None
    ints = [int(v) for v in values]
    code = f"counts = {ints}\nresult = counts[0]\nfor c in counts[1:]:\n    result = gcd(result, c)  # greatest common divisor\nresult"
    return Plan("number_theory", code, "The greatest common divisor: the largest size that splits every count evenly.",
                0.92, "gcd_split")


_SMALLEST = re.compile(r"\b(?:smallest|least|fewest|minimum|min|lowest)\b", re.I)
# the sizes one total must split into: 'into stacks of 6, 8 or 10', 'bundles come in 8, 12 and 15', 'boxes of 4, 6 or 9'
_SIZES = re.compile(r"\b(?:[a-z]+s\s+of|come\s+in|sizes?\s+(?:of\s+)?|in\s+(?:groups|teams|rows|packs|batches|sets)\s+of)\s+"
                    r"(\d+(?:\s*(?:,|,?\s*and|,?\s*or|/)\s*\d+)+)\b", re.I)
_WHOLE = re.compile(r"\b(?:exactly|evenly|whole number|no(?:thing|ne| one|body)? (?:left ?over|leftover|remaining|spare)|"
                    r"without (?:any )?(?:left ?overs?|remainder|leftovers?)|full|any of|each size|all (?:three|four|of them)|"
                    r"either|(?:all|every) (?:sizes?|options?|ways?)(?: work)?)\b", re.I)


def solve_common_multiple(q: Query) -> Plan | None:
    """'smallest number of boxes that splits exactly into stacks of 6, 8 or 10', 'seat bundles come in 8, 12 and 15,
    smallest seat count that's a whole number of bundles for each size': the least common multiple of the sizes."""
    body = q.body
    if len(body) > 300 or not _SMALLEST.search(body) or not _WHOLE.search(body) or \
            re.search(r"[$€£%]|\b(?:largest|greatest|biggest|max(?:imum)?|most|gcd|hcf|gcf)\b", body, re.I):
        return None
    m = _SIZES.search(body)
    if m is None:
        return None
    sizes = [int(v) for v in re.findall(r"\d+", m.group(1))]
    rest = body[: m.start(1)] + " " + body[m.end(1):]
    if not 2 <= len(sizes) <= 5 or min(sizes) < 2 or re.search(r"\d", rest):
        return None  # another number beside the sizes: another problem
    code = (f"sizes = {sizes}\nresult = 1\nfor s in sizes:\n    result = result * s // gcd(result, s)  # least common multiple\n"
            "result")
    return Plan("number_theory", code, "The least common multiple of the sizes: the smallest total each of them splits "
                "exactly.", 0.92, "lcm_sizes")
