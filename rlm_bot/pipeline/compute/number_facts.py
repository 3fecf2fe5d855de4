"""Number facts asked about one or two given integers, in any word order: the digit sum ('sum of the digits
of 98765', 'digit sum of 2026'), the next or previous prime ('next prime after 100'), the primes between two
numbers, the smallest or largest prime factor, the n-th Fibonacci number and 'n!'.

Each question names its numbers explicitly; a message with any other number is not one of these.
"""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re

from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.plan import Plan, strip_mention

MAX_VALUE = 10 ** 12  # trial division stays instant below this
MAX_RANGE = 100_000  # primes listed between two numbers
MAX_FIB = 1000
MAX_FACTORIAL = 500
_INT = r"(\d{1,3}(?:,\d{3})+|\d+)"
_PRIME_CODE = "def is_prime(n):\n    return n > 1 and all(n % d for d in range(2, int(n ** 0.5) + 1))\n"


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _digit_sum(t: str) -> Plan | None:
    m = re.search(r"\b(?:sum of (?:the |all the |its )?digits (?:of|in)|digit ?sum (?:of|for)|add (?:up )?the digits "
                  r"(?:of|in))\s+" + _INT + r"(?:\s*(?:\^|\*\*)\s*(\d{1,3}))?\b(?!\s*[-+*/^x×])", t)
    if not m:
        return None
    if m.group(2):  # 'the sum of the digits of 2^10': of the power's value
        base, power = _int(m.group(1)), int(m.group(2))
        if power > 400 or base > 10**6:
            return None
        return Plan("number_theory", f"n = {base} ** {power}\nsum(int(d) for d in str(n))  # the digits of {base}^{power}",
                    "Worked out the power, then added up its digits.", 0.96, "digit_sum")
    return Plan("number_theory", f"n = {_int(m.group(1))}\nsum(int(d) for d in str(n))", "Added up the digits.",
                0.96, "digit_sum")


def _next_prime(t: str) -> Plan | None:
    m = re.search(r"\b(next|first|smallest|previous|last|largest|biggest) prime (?:number )?(after|above|greater than|"
                  r"bigger than|over|before|below|less than|under|smaller than)\s+" + _INT + r"\b", t)
    if not m:
        return None
    up = m.group(2) in {"after", "above", "greater than", "bigger than", "over"}
    if up != (m.group(1) in {"next", "first", "smallest"}):
        return None  # 'largest prime after 100' has no answer
    n = _int(m.group(3))
    if n > MAX_VALUE or (not up and n <= 2):
        return None
    step = "n + 1" if up else "n - 1"
    code = _PRIME_CODE + f"\nn = {n}\ncandidate = {step}\nwhile not is_prime(candidate):\n" \
                         f"    candidate = candidate {'+' if up else '-'} 1\ncandidate"
    return Plan("number_theory", code, "Stepped from the number and tested each candidate by trial division.",
                0.96, "next_prime")


def _primes_between(t: str) -> Plan | None:
    m = re.search(r"\b(?:(?:list|all|the|which|what)\s+)?primes?(?: numbers)? (?:are )?(?:between|from)\s+" + _INT +
                  r"\s+(?:and|to|-)\s+" + _INT + r"\b", t)
    if not m:
        return None
    a, b = sorted((_int(m.group(1)), _int(m.group(2))))
    if b - a > MAX_RANGE or b > MAX_VALUE:
        return None
    counting = bool(re.search(r"\bhow many\b", t))
    code = _PRIME_CODE + f"\nprimes = [n for n in range({a}, {b} + 1) if is_prime(n)]\n" + (
        "len(primes)" if counting else "', '.join(str(p) for p in primes) if primes else 'none'")
    return Plan("number_theory", code, f"Tested every number from {a} to {b} by trial division.", 0.96,
                "primes_between")


def _extreme_factor(t: str) -> Plan | None:
    m = re.search(r"\b(smallest|lowest|least|largest|biggest|greatest|highest) prime (?:factor|divisor) (?:of|for)\s+" +
                  _INT + r"\b", t)
    if not m:
        return None
    n = _int(m.group(2))
    if n < 2 or n > MAX_VALUE:
        return None
    smallest = m.group(1) in {"smallest", "lowest", "least"}
    code = (f"n = {n}\nfactors = []\nd = 2\nwhile d * d <= n:\n    while n % d == 0:\n        factors.append(d)\n"
            "        n //= d\n    d += 1\nif n > 1:\n    factors.append(n)\n" + ("min(factors)" if smallest else "max(factors)"))
    return Plan("number_theory", code, "Divided out each prime in turn (trial division).", 0.96, "extreme_factor")


def _fibonacci(t: str) -> Plan | None:
    m = re.search(r"\b(\d{1,4})(?:st|nd|rd|th) fibonacci(?: number)?\b|\bfibonacci (?:number )?(?:#|no\.? ?|number )?"
                  r"(\d{1,4})\b", t)
    if not m:
        return None
    n = int(m.group(1) or m.group(2))
    if not 1 <= n <= MAX_FIB:
        return None
    code = f"n = {n}  # F(1) = F(2) = 1\na, b = 0, 1\nfor _ in range(n):\n    a, b = b, a + b\na"
    return Plan("number_theory", code, "Stepped through the Fibonacci sequence from F(1) = F(2) = 1.", 0.95,
                "fibonacci")


def _factorial(t: str) -> Plan | None:
    m = re.fullmatch(r"\s*(?:what(?:'s| is)\s+|whats\s+|calculate\s+|compute\s+)?(\d{1,3})!\s*\??\s*", t)
    if not m:
        return None
    n = int(m.group(1))
    if n > MAX_FACTORIAL:
        return None
    return Plan("number_theory", f"n = {n}\nfactorial(n)", f"Multiplied 1 × 2 × … × {n}.", 0.96, "factorial")


def solve_number_facts(q: Query) -> Plan | None:
    """A digit sum, a neighbouring prime, primes in a range, an extreme prime factor, a Fibonacci number, n!."""
    t = strip_mention(q.lower)
    stated = re.findall(r"\d[\d,]*", t)
    for reader in (_digit_sum, _next_prime, _primes_between, _extreme_factor, _fibonacci, _factorial):
        plan = reader(t)
        if plan is not None:
            used = re.findall(r"\d+", plan.code)
            if all(s.replace(",", "") in used for s in stated):
                return plan
            return None
    return None
