"""Division with a remainder and common cycles, read from everyday wording in any order.

- 'N things shared evenly across M people — how many left over?', 'N split into teams of M, any spare?':
  the remainder N % M (the same whether M is the number of shares or the size of each).
- 'can N be split into teams of M with nobody left over?': yes or no, with the remainder shown.
- 'one delivers every A days, another every B days, both came today — when do they next coincide?':
  the least common multiple, in the unit of the cycles.

The message must state exactly the numbers these read; anything more is another problem and declined.
"""

from __future__ import annotations

import re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, numbers_in

_INT = r"(\d{1,3}(?:,\d{3})+|\d+)"
_GROUPS = r"(?:rows|groups|teams|boxes|packs|batches|tables|sets|piles|bags|pairs|crates|cartons)"
_SHARED = re.compile(r"\b(?:evenly|equally|fairly|(?:the )?same (?:number|amount)|round-robin\w*|split|shared?|divided?|"
                     r"dealt|distributed?|grouped|packed|put)\b|\b(?:go|fit|goes|fits)\s+(?:\w+\s+)?into\b|"
                     rf"\b{_GROUPS} of \d", re.I)
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
_ASKS_WHEN = re.compile(r"\b(?:how many|when|how long|which|how soon|after how|in how)\b", re.I)


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


def solve_common_cycle(q: Query) -> Plan | None:
    """When events repeating every A and every B (units) next fall together: the least common multiple."""
    body = q.body
    cycles = _CYCLE.findall(body)
    if len(cycles) < 2 or not _TOGETHER.search(body) or not _ASKS_WHEN.search(body):
        return None
    units = {u.lower().rstrip("s") for _, u in cycles}
    if len(units) != 1 or len(numbers_in(body)) != len(cycles):
        return None  # mixed units, or other numbers: another problem
    values = [int(n) for n, _ in cycles]
    if min(values) < 1:
        return None
    unit = next(iter(units))
    code = (f"cycles = {values}  # every {', '.join(map(str, values))} {unit}s\nresult = 1\nfor c in cycles:\n"
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
