"""Converting Scheme values to and from Python and JSON.

- `to_json_value(v)`: the CLI's `--json` encoding — numbers as JSON numbers (exact rationals as
  floats; +inf.0/+nan.0 as strings), strings, booleans, symbols and keywords as strings, chars as
  one-character strings, lists and vectors as arrays, hash tables as objects with string keys,
  void as null, an improper pair as a two-element array; anything else as its printed form.
- `to_python(v)`: natural Python data (lists, dicts with str keys, str, int/float/Fraction, bool,
  None for void); procedures and host objects pass through unchanged.
- `from_python(v)`: Python data to Scheme (lists -> lists, tuples -> vectors, dicts -> immutable
  hash tables with string keys, or symbol keys with `symbol_keys=True` as jsexprs use, None -> void).
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from rlm_bot.scheme.printer import int_to_str, to_display, to_write
from rlm_bot.scheme.values import (
    NIL, VOID, Char, HashTable, Keyword, MultipleValues, Pair, SetValue, Symbol, make_list,
)

MAX_DEPTH = 200
TOO_DEEP = "#<too deep>"


MAX_NODES = 2_000_000


def to_json_value(v: Any, depth: int = 0, budget: list | None = None) -> Any:
    """The JSON encoding of a Scheme value (see the module docstring)."""
    if budget is None:
        budget = [0]
    budget[0] += 1
    if budget[0] > MAX_NODES:
        return TOO_DEEP
    t = type(v)
    if t is bool or t is str:
        return v
    if t is int:  # json cannot write integers past CPython's 4300-digit limit: give their digits
        return v if v.bit_length() < 14_000 else int_to_str(v)
    if t is float:
        return v if math.isfinite(v) else to_write(v)
    if t is Fraction:
        return float(v)
    if t is Symbol or t is Keyword:
        return v.name
    if t is Char:
        return v.ch
    if v is VOID or v is None:
        return None
    if depth > MAX_DEPTH:
        return TOO_DEEP
    if v is NIL:
        return []
    if t is Pair:
        out = []
        while type(v) is Pair:
            out.append(to_json_value(v.car, depth + 1, budget))
            v = v.cdr
        if v is NIL:
            return out
        tail = to_json_value(v, depth + 1, budget)
        for item in reversed(out):
            tail = [item, tail]
        return tail
    if t is list:
        return [to_json_value(x, depth + 1, budget) for x in v]
    if t is MultipleValues:
        return [to_json_value(x, depth + 1, budget) for x in v.items]
    if t is HashTable:
        return {_key(k): to_json_value(x, depth + 1, budget) for k, x in v.items()}
    if t is SetValue:
        return [to_json_value(x, depth + 1, budget) for x in v.data.values()]
    return to_write(v, 200)


def _key(k: Any) -> str:
    if type(k) in (Symbol, Keyword):
        return k.name
    return to_display(k, 200)


def to_python(v: Any, depth: int = 0) -> Any:
    """Natural Python data for a Scheme value (procedures and host objects pass through)."""
    t = type(v)
    if t in (bool, str, int, float, Fraction):
        return v
    if t is Symbol or t is Keyword:
        return v.name
    if t is Char:
        return v.ch
    if v is VOID:
        return None
    if depth > MAX_DEPTH:
        raise ValueError("value nested too deeply to convert")
    if v is NIL:
        return []
    if t is Pair:
        out = []
        while type(v) is Pair:
            out.append(to_python(v.car, depth + 1))
            v = v.cdr
        if v is not NIL:
            return (out, to_python(v, depth + 1)) if len(out) == 1 else out + [to_python(v, depth + 1)]
        return out
    if t is list:
        return [to_python(x, depth + 1) for x in v]
    if t is HashTable:
        return {_key(k) if type(k) in (Symbol, Keyword) else to_python(k, depth + 1): to_python(x, depth + 1)
                for k, x in v.items()}
    if t is MultipleValues:
        return tuple(to_python(x, depth + 1) for x in v.items)
    return v


def from_python(v: Any, *, symbol_keys: bool = False, depth: int = 0) -> Any:
    """A Scheme value for Python data."""
    if v is None:
        return VOID
    t = type(v)
    if t in (bool, str, int, float, Fraction):
        return v
    if depth > MAX_DEPTH:
        raise ValueError("value nested too deeply to convert")
    if isinstance(v, dict):
        h = HashTable(mutable=False, kind="eq" if symbol_keys else "equal")
        for k, x in v.items():
            key = Symbol.intern(str(k)) if symbol_keys else from_python(k, depth=depth + 1)
            h.set(key, from_python(x, symbol_keys=symbol_keys, depth=depth + 1))
        return h
    if isinstance(v, tuple):
        return [from_python(x, symbol_keys=symbol_keys, depth=depth + 1) for x in v]
    if isinstance(v, (list, set, frozenset)):
        return make_list([from_python(x, symbol_keys=symbol_keys, depth=depth + 1) for x in v])
    if isinstance(v, int):
        return int(v)
    if isinstance(v, float):
        return float(v)
    if isinstance(v, str):
        return str(v)
    return v
