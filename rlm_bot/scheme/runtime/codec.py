"""Conversions between Scheme values and plain data.

- `encode`/`decode`: Scheme data <-> tagged JSON for checkpoints. Only data survives: numbers,
  strings, booleans, chars, symbols, lists, vectors, hash tables. Procedures, continuations,
  futures and other host objects are refused, and decoding can only ever build data.
- `to_jsexpr`/`from_json`: Racket's jsexpr convention (objects -> hash tables with symbol keys,
  arrays -> lists, null -> 'null) for `#:json #t` replies and MCP results.
- `to_python`/`from_python`: values crossing the Python bridge.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from rlm_bot.scheme import to_write, values as V
from rlm_bot.scheme.runtime.errors import RuntimeFail
from rlm_bot.scheme.values import (NIL, VOID, Char, HashTable, Keyword, Pair, Symbol, list_to_py,
                                   make_list, sym)

MAX_DEPTH = 100
MAX_ITEMS = 200_000
SAFE_INT = 2**53


class NotData(RuntimeFail):
    """A value that is not plain data was given where data is required."""


class _Budget:
    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items = 0

    def tick(self, what: str) -> None:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise NotData(f"{what} has more than {MAX_ITEMS} elements")


def describe(v: Any) -> str:
    """A short name of a value's type for error messages."""
    if isinstance(v, V.Procedure):
        return "a procedure"
    return {bool: "a boolean", str: "a string", int: "an integer", float: "a number"}.get(
        type(v), f"a {type(v).__name__.lower()}")


# --- checkpoints -----------------------------------------------------------------------------


def encode(v: Any, what: str = "checkpoint value") -> Any:
    """Tagged JSON for Scheme data; raises NotData for anything else."""
    return _enc(v, 0, _Budget(), what)


def _enc(v: Any, depth: int, budget: _Budget, what: str) -> Any:
    if depth > MAX_DEPTH:
        raise NotData(f"{what} is nested more than {MAX_DEPTH} levels deep")
    budget.tick(what)
    t = type(v)
    if t is bool or t is str:
        return v
    if t is int:
        return v if -SAFE_INT < v < SAFE_INT else {"i": str(v)}
    if t is float:
        return v if math.isfinite(v) else {"f": repr(v)}
    if t is Fraction:
        return {"q": f"{v.numerator}/{v.denominator}"}
    if t is Char:
        return {"c": v.ch}
    if t is Symbol:
        return {"y": v.name}
    if t is Keyword:
        return {"k": v.name}
    if v is NIL:
        return {"l": []}
    if t is Pair:
        items, x = [], v
        while type(x) is Pair:
            items.append(_enc(x.car, depth + 1, budget, what))
            x = x.cdr
        if x is NIL:
            return {"l": items}
        return {"p": items, "t": _enc(x, depth + 1, budget, what)}
    if t is list:
        return {"v": [_enc(x, depth + 1, budget, what) for x in v]}
    if t is HashTable:
        return {"h": [[_enc(k, depth + 1, budget, what), _enc(val, depth + 1, budget, what)]
                      for k, val in v.items()], "m": bool(v.mutable)}
    raise NotData(f"{what} must be data (numbers, strings, booleans, lists, vectors, hash "
                  f"tables), not {describe(v)}")


def decode(x: Any) -> Any:
    """Scheme data from tagged JSON written by `encode` (unknown shapes are refused)."""
    return _dec(x, 0)


def _dec(x: Any, depth: int) -> Any:
    if depth > MAX_DEPTH + 1:
        raise NotData("stored checkpoint is nested too deeply")
    t = type(x)
    if t in (bool, str, int, float):
        return x
    if t is dict and len(x) >= 1:
        if "l" in x:
            return make_list([_dec(i, depth + 1) for i in x["l"]])
        if "v" in x:
            return [_dec(i, depth + 1) for i in x["v"]]
        if "h" in x:
            table = HashTable(mutable=bool(x.get("m", True)))
            for k, val in x["h"]:
                table.set(_dec(k, depth + 1), _dec(val, depth + 1))
            return table
        if "p" in x:
            return make_list([_dec(i, depth + 1) for i in x["p"]], _dec(x["t"], depth + 1))
        if "i" in x:
            return int(x["i"])
        if "f" in x:
            return float(x["f"])
        if "q" in x:
            return Fraction(x["q"])
        if "c" in x:
            return Char(str(x["c"]))
        if "y" in x:
            return sym(str(x["y"]))
        if "k" in x:
            return Keyword.intern(str(x["k"]))
    raise NotData("stored checkpoint has an unknown shape")


# --- JSON (jsexpr) ---------------------------------------------------------------------------


def from_json(x: Any, depth: int = 0) -> Any:
    """A parsed JSON document as a Racket jsexpr."""
    if depth > MAX_DEPTH:
        raise NotData(f"JSON nested more than {MAX_DEPTH} levels deep")
    if x is None:
        return sym("null")
    if isinstance(x, (bool, int, float, str)):
        return x
    if isinstance(x, list):
        return make_list([from_json(i, depth + 1) for i in x])
    if isinstance(x, dict):
        table = HashTable(mutable=False)
        for k, v in x.items():
            table.set(sym(str(k)), from_json(v, depth + 1))
        return table
    raise NotData(f"cannot convert {type(x).__name__} to a jsexpr")


def to_jsonable(v: Any, depth: int = 0) -> Any:
    """Scheme data as JSON-ready Python (lists/vectors -> arrays, hashes -> objects, symbols ->
    strings, 'null -> null); other values become their printed form."""
    if depth > MAX_DEPTH:
        return "…"
    t = type(v)
    if t in (bool, str, int):
        return v
    if t is float:
        return v if math.isfinite(v) else ("+nan.0" if v != v else "+inf.0" if v > 0 else "-inf.0")
    if t is Fraction:
        return float(v)
    if t is Symbol:
        return None if v.name == "null" else v.name
    if t is Char:
        return v.ch
    if v is NIL:
        return []
    if v is VOID:
        return None
    if t is Pair:
        items = list_to_py(v)
        if items is not None:
            return [to_jsonable(i, depth + 1) for i in items]
        return [to_jsonable(i, depth + 1) for i in v] + [to_jsonable(_tail(v), depth + 1)]
    if t is list:
        return [to_jsonable(i, depth + 1) for i in v]
    if t is HashTable:
        return {_key_text(k): to_jsonable(val, depth + 1) for k, val in v.items()}
    return _printed(v)


def _tail(p: Pair) -> Any:
    while type(p) is Pair:
        p = p.cdr
    return p


def _key_text(k: Any) -> str:
    if isinstance(k, (Symbol, Keyword)):
        return k.name
    return k if isinstance(k, str) else str(to_jsonable(k))


def _printed(v: Any) -> str:
    try:
        return to_write(v)
    except Exception:  # noqa: BLE001 - printing is best effort for non-data values
        return repr(v)


# --- Python bridge ---------------------------------------------------------------------------


def to_python(v: Any, depth: int = 0) -> Any:
    """Scheme data as plain Python for the sandbox; procedures and host objects are refused."""
    if depth > MAX_DEPTH:
        raise NotData(f"value is nested more than {MAX_DEPTH} levels deep")
    t = type(v)
    if t in (bool, str, int, float):
        return v
    if t is Fraction:
        return float(v)
    if t is Symbol or t is Keyword:
        return v.name
    if t is Char:
        return v.ch
    if v is NIL:
        return []
    if v is VOID:
        return None
    if t is Pair:
        items = list_to_py(v)
        if items is None:
            raise NotData("an improper list cannot cross into Python")
        return [to_python(i, depth + 1) for i in items]
    if t is list:
        return [to_python(i, depth + 1) for i in v]
    if t is HashTable:
        out = {}
        for k, val in v.items():
            out[to_python(k, depth + 1) if not isinstance(k, (list, Pair, HashTable)) else str(k)] = \
                to_python(val, depth + 1)
        return out
    raise NotData(f"only data can cross into Python, not {describe(v)}")


def from_python(x: Any, depth: int = 0, symbol_keys: bool = False) -> Any:
    """A plain Python value as Scheme data (None -> void, dict -> hash; string keys become
    symbols with `symbol_keys`, as in Racket's jsexprs)."""
    if depth > MAX_DEPTH:
        raise NotData(f"Python value is nested more than {MAX_DEPTH} levels deep")
    if x is None:
        return VOID
    if isinstance(x, bool) or isinstance(x, (int, float, str)):
        return x
    if isinstance(x, (list, tuple)):
        return make_list([from_python(i, depth + 1, symbol_keys) for i in x])
    if isinstance(x, dict):
        table = HashTable(mutable=True)
        for k, v in x.items():
            key = sym(k) if symbol_keys and isinstance(k, str) else from_python(k, depth + 1)
            table.set(key, from_python(v, depth + 1, symbol_keys))
        return table
    if isinstance(x, (set, frozenset)):
        return make_list([from_python(i, depth + 1, symbol_keys) for i in sorted(x, key=repr)])
    return str(x)


def scrub(v: Any, secrets: tuple[str, ...], depth: int = 0) -> Any:
    """`v` with every occurrence of a secret value masked in its strings (data rebuilt only
    where something changed; other values returned as they are)."""
    if not secrets or depth > MAX_DEPTH:
        return v
    t = type(v)
    if t is str:
        for secret in secrets:
            if secret and secret in v:
                v = v.replace(secret, "****")
        return v
    if t is Pair:
        items = list_to_py(v)
        if items is not None:
            new = [scrub(i, secrets, depth + 1) for i in items]
            return v if all(a is b for a, b in zip(new, items)) else make_list(new)
        return v
    if t is list:
        return [scrub(i, secrets, depth + 1) for i in v]
    if t is HashTable:
        table = HashTable(mutable=v.mutable)
        for k, val in v.items():
            table.set(scrub(k, secrets, depth + 1), scrub(val, secrets, depth + 1))
        return table
    return v
