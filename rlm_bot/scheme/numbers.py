"""Numeric helpers: exactness conversion and the bignum size guard."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from rlm_bot.scheme.errors import LimitExceeded, SchemeError
from rlm_bot.scheme.runstate import active_state

DEFAULT_MAX_INTEGER_BITS = 1_000_000


def norm(x: Any) -> Any:
    """A Fraction with denominator 1 becomes an int."""
    if type(x) is Fraction and x.denominator == 1:
        return x.numerator
    return x


def to_inexact(x: Any) -> float:
    """`exact->inexact`: huge values become +inf.0/-inf.0 as in Racket."""
    try:
        return float(x)
    except OverflowError:
        return math.inf if x > 0 else -math.inf


def to_exact(x: Any) -> Any:
    """`inexact->exact`: floats become exact rationals."""
    if type(x) is float:
        if x != x or x in (math.inf, -math.inf):
            raise SchemeError(f"inexact->exact: no exact representation for {x!r}".replace("inf", "+inf.0"),
                              kind="fail:contract")
        return norm(Fraction(x))
    return x


def max_integer_bits() -> int:
    """The bignum limit of the current run (a default outside runs)."""
    st = active_state()
    if st is None:
        return DEFAULT_MAX_INTEGER_BITS
    return getattr(st.run.limits, "max_integer_bits", DEFAULT_MAX_INTEGER_BITS)


def check_bits(bits: int, who: str) -> None:
    """Refuse, before computing it, an integer result of about `bits` bits over the limit."""
    limit = max_integer_bits()
    if bits > limit:
        raise LimitExceeded("max_integer_bits", f"{who}: the result would have about {bits} bits; the "
                            f"limit is {limit} (max_integer_bits)")
