"""Arithmetic guards: refuse integer results too large to build before one C call builds them.

`10**10**10`, `1 << 10**10` or `Fraction(3, 2) ** 10**8` spin inside a single C call where no
Python-level check or signal can interrupt them; these guards estimate the result size first.
(The worker's CPU limit and the host's watchdog remain the backstop for everything else.)
"""

from __future__ import annotations

import fractions
import operator
from typing import Any

# Safe arithmetic bounds (a single C call like 10**10**10 cannot be interrupted; refuse it).
MAX_INT_BITS = 4_000_000          # ~1.2 million decimal digits
MAX_FACTORIAL = 50_000
MAX_COMB_N = 200_000
MAX_RANGE_LEN = 100_000_000


def _int_bits(x: Any) -> int:
    if isinstance(x, int):
        return abs(x).bit_length()
    if isinstance(x, fractions.Fraction):
        return max(abs(x.numerator).bit_length(), x.denominator.bit_length())
    return 0


def guarded_pow(base: Any, exp: Any, mod: Any = None) -> Any:
    """`**` and `pow`: refuse integer/fraction results beyond MAX_INT_BITS before computing."""
    if mod is None and isinstance(exp, int) and not isinstance(exp, bool):
        bits = _int_bits(base)
        if bits > 1 and abs(exp) > 1 and (bits - 1) * abs(exp) > MAX_INT_BITS:
            raise OverflowError(
                f"result too large: about {(bits - 1) * abs(exp):,} bits "
                f"(the sandbox allows {MAX_INT_BITS:,})")
    if mod is None:
        return base ** exp
    return pow(base, exp, mod)


def guarded_lshift(a: Any, b: Any) -> Any:
    """`<<`: refuse shifts that would build integers beyond MAX_INT_BITS."""
    if isinstance(a, int) and isinstance(b, int) and a and b > 0 and _int_bits(a) + b > MAX_INT_BITS:
        raise OverflowError(f"result too large: more than {MAX_INT_BITS:,} bits")
    return a << b


_INPLACE = {
    "+=": operator.add, "-=": operator.sub, "*=": operator.mul, "/=": operator.truediv,
    "%=": operator.mod, "**=": guarded_pow, "<<=": guarded_lshift, ">>=": operator.rshift,
    "|=": operator.or_, "^=": operator.xor, "&=": operator.and_, "//=": operator.floordiv,
    "@=": operator.matmul,
}


def guarded_inplacevar(op: str, x: Any, y: Any) -> Any:
    """`_inplacevar_`: `x op= y` on names, with the same arithmetic guards."""
    try:
        fn = _INPLACE[op]
    except KeyError:
        raise TypeError(f"unsupported in-place operator {op!r}") from None
    if op in {"+=", "-=", "*=", "|=", "^=", "&="} and type(x) in (list, set, dict):
        # keep the in-place semantics of mutable containers (`lst += [1]` mutates lst)
        return {"+=": operator.iadd, "-=": operator.isub, "*=": operator.imul,
                "|=": operator.ior, "^=": operator.ixor, "&=": operator.iand}[op](x, y)
    return fn(x, y)
