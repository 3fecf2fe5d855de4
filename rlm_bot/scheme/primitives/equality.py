"""Equality: eq?, eqv?, equal? (iterative, so deep structures cannot overflow the stack)."""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from rlm_bot.scheme.primitives.base import prim
from rlm_bot.scheme.runstate import active_state
from rlm_bot.scheme.values import Char, HashTable, Pair, SetValue, Struct


_FIXNUM = 1 << 60


@prim("eq?")
def eq(a: Any, b: Any) -> bool:
    """(eq? a b): identity; small exact integers and chars compare by value, as fixnums do."""
    if a is b:
        return True
    ta = type(a)
    if ta is not type(b):
        return False
    if ta is int:  # fixnums are eq? when equal; bignums are distinct objects in Racket
        return a == b and -_FIXNUM <= a < _FIXNUM
    if ta is Char:
        return a.ch == b.ch
    if ta is str:
        return a == "" and b == ""
    return False


@prim("eqv?")
def eqv(a: Any, b: Any) -> bool:
    """(eqv? a b): eq?, or numbers of the same exactness and value, or equal chars."""
    if a is b:
        return True
    ta = type(a)
    if ta is not type(b):
        return False
    if ta is int or ta is Fraction or ta is Char:
        return a == b
    if ta is float:
        return _same_float(a, b)
    return False


def _same_float(a: float, b: float) -> bool:
    """eqv? on flonums: 0.0 and -0.0 differ, +nan.0 equals itself."""
    if a != a:
        return b != b
    return a == b and math.copysign(1.0, a) == math.copysign(1.0, b)


def _check_run() -> None:
    st = active_state()
    if st is not None:
        st.run.check()


@prim("equal?")
def equal(a: Any, b: Any) -> bool:
    """(equal? a b): structural equality of pairs, vectors, strings, hashes, transparent structs."""
    stack = [(a, b)]
    work = 0
    while stack:
        x, y = stack.pop()
        work += 1
        if work % 100_000 == 0:
            _check_run()
        if x is y:
            continue
        tx = type(x)
        if tx is not type(y):
            return False
        if tx is Pair:
            stack.append((x.cdr, y.cdr))
            stack.append((x.car, y.car))
        elif tx is list:
            if len(x) != len(y):
                return False
            stack.extend(zip(reversed(x), reversed(y)))
        elif tx is HashTable:
            if len(x) != len(y) or x.mutable != y.mutable:
                return False
            for k, (_, v) in x.data.items():
                other = y.data.get(k)
                if other is None:
                    return False
                stack.append((v, other[1]))
        elif tx is SetValue:
            if x.mutable != y.mutable or x.data.keys() != y.data.keys():
                return False
        elif tx is Struct:
            if x.type is not y.type or not x.type.transparent:
                return False
            stack.extend(zip(x.fields, y.fields))
        elif tx is float:
            if not _same_float(x, y):
                return False
        elif tx in (int, str, Fraction, Char, bool):
            if x != y:
                return False
        else:
            return False
    return True
