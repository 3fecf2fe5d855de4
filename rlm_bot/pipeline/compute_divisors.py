"""Divisibility questions: "is 1729 divisible by 7", "what are the factors of 84", "prime factors of 90",
"is 2^31 - 1 prime".

`solve_divisors(q) -> Plan | None`. The host reads the number (a literal or a small expression of
integers, + - * ^ and parentheses); the sandbox divides, factors and tests primality.
"""

from __future__ import annotations

import re

from rlm_bot.pipeline.compute_arith import Query
from rlm_bot.pipeline.compute_plan import Plan
from rlm_bot.pipeline.compute_ship import shipped
from rlm_bot.pipeline.number_runtime import is_prime, prime_factors

__all__ = ["solve_divisors"]

# Factoring and listing divisors try divisors up to the square root: at most this many steps.
MAX_TRIAL_ROOT = 10**7
# Primality is decided exactly (deterministic Miller-Rabin) below this bound; above it, no answer.
PRIME_TEST_LIMIT = 3 * 10**24
MAX_EXPONENT_DIGITS = 3

_INT = r"\d{1,3}(?:,\d{3})+|\d+"
_EXPR = r"[\d,()\s+*^×·-]+"
_LEAD = r"(?:^|\b(?:what(?:'s| is| are)|list|give me|find|show me|show|get|calculate|compute)\s+)"


def _integer_expr(text: str) -> str | None:
    """'2^31 - 1' -> '2 ** 31 - 1', '1,729' -> '1729'; None unless integers, + - * ^ and parentheses."""
    s = re.sub(r"(?<=\d),(?=\d{3}\b)", "", text.strip())
    s = s.replace("^", "**").replace("×", "*").replace("·", "*")
    if not re.fullmatch(r"[\d\s+*()-]+", s) or not re.search(r"\d", s) or "***" in s:
        return None
    if any(len(p) > MAX_EXPONENT_DIGITS for p in re.findall(r"\*\*\s*\(?\s*(\d+)", s)):
        return None
    try:
        compile(s, "<expr>", "eval")
    except SyntaxError:
        return None
    return re.sub(r"\s+", " ", re.sub(r"\s*(\*\*|[+*-])\s*", r" \1 ", s)).replace("( ", "(").replace(" )", ")").strip()


def solve_divisors(q: Query) -> Plan | None:
    """A plan answering a divisibility, divisor-list, factorisation or primality question, or None."""
    t = q.lower.strip().rstrip("?!. ")
    t = re.sub(r"\s+(?:pls|please|plz|thanks|thx)$", "", t)
    m = re.fullmatch(r"(?:is|can) (" + _EXPR + r") (?:be )?(?:evenly |exactly )?divisible by (" + _INT + ")", t) or \
        re.fullmatch(r"(?:does|can) (" + _INT + r") (?:evenly |exactly )?divide (?:into )?(" + _EXPR + ")", t)
    if m:
        n, d = (m.group(1), m.group(2)) if t.startswith("is") or " divisible " in t else (m.group(2), m.group(1))
        n, d = _integer_expr(n), _integer_expr(d)
        if n is None or d is None or int(d) == 0:
            return None
        code = (f"n = {n}\nd = {d}\nq, r = divmod(n, d)\n"
                "('Yes: ' + str(n) + ' = ' + str(d) + ' × ' + str(q)) if r == 0 else "
                "('No: ' + str(n) + ' ÷ ' + str(d) + ' leaves remainder ' + str(r))")
        return Plan("number_theory", code, "Divided and looked at the remainder.", 0.96, "divisible")
    m = re.fullmatch(_LEAD + r"(?:all )?(?:the )?(?:prime factors?|prime factori[sz]ation)(?: of| for)? (" + _EXPR + ")",
                     t) or re.fullmatch(r"(?:factori[sz]e|factor) (" + _EXPR + r")(?: into primes)?", t)
    if m:
        n = _integer_expr(m.group(1))
        if n is None:
            return None
        code = (shipped(prime_factors) + "\n\n\n"
                f"n = {n}\nif n < 2 or n > {MAX_TRIAL_ROOT}**2:\n    raise ValueError('out of range for trial division')\n"
                "factors = prime_factors(n)\n"
                "sup = str.maketrans('0123456789', '⁰¹²³⁴⁵⁶⁷⁸⁹')\n"
                "str(n) + ' is prime' if list(factors.values()) == [1] else "
                "str(n) + ' = ' + ' × '.join(str(p) + (str(k).translate(sup) if k > 1 else '') for p, k in factors.items())")
        return Plan("number_theory", code, "Divided out each prime in turn (trial division).", 0.96, "prime_factors")
    m = re.fullmatch(_LEAD + r"(?:all )?(?:the )?(?:factors|divisors)(?: of| for) (" + _EXPR + ")", t)
    if m:
        n = _integer_expr(m.group(1))
        if n is None:
            return None
        code = (f"n = {n}\nif n < 1 or n > {MAX_TRIAL_ROOT}**2:\n    raise ValueError('out of range for trial division')\n"
                "small = [d for d in range(1, int(n ** 0.5) + 1) if n % d == 0]\n"
                "divisors = sorted(set(small + [n // d for d in small]))\n"
                "', '.join(str(d) for d in divisors)")
        return Plan("number_theory", code, "Tried every divisor up to the square root and paired it with n / d.",
                    0.96, "divisors")
    m = re.fullmatch(r"is (" + _EXPR + r") (?:a )?prime(?: number)?", t)
    if m and not re.fullmatch(r"\d+", m.group(1).strip()):
        n = _integer_expr(m.group(1))
        if n is None:
            return None
        code = (shipped(is_prime) + "\n\n\n"
                f"n = {n}\nif n >= {PRIME_TEST_LIMIT}:\n    raise ValueError('too large for an exact test')\n"
                "('Yes' if is_prime(n) else 'No') + ' (' + str(n) + ')'")
        return Plan("number_theory", code, "Evaluated the number and tested it with Miller-Rabin (exact at this size).",
                    0.96, "prime_expr")
    return None
