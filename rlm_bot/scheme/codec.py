"""The one codec between Scheme values and plain data (Python objects and JSON).

Python data, in two modes:

- `to_python(v)` / `from_python(x)` — permissive, the engine's API (`rlm_bot.scheme`): natural
  Python data (lists, dicts, str, int/float/Fraction, bool, None for void; an improper list keeps
  its tail, multiple values become a tuple); procedures and host objects pass through unchanged.
  Python tuples become vectors, lists and sets lists, dicts immutable hash tables (string keys,
  or symbol keys with `symbol_keys=True` as jsexprs use).
- `to_python(v, strict=True)` / `from_python(x, strict=True)` — only data crosses, as it must into
  and out of the Python sandbox: Fractions become floats, improper lists, procedures and host
  objects are refused with `NotData` (a catchable `exn:fail` in a program); coming back, lists
  and tuples become lists, sets sorted lists, dicts mutable hash tables, and anything else its
  `str`.

JSON:

- `to_json_value(v)`: the CLI's `--json` encoding — numbers as JSON numbers (exact rationals as
  floats; +inf.0/+nan.0 as strings), strings, booleans, symbols and keywords as strings, chars as
  one-character strings, lists and vectors as arrays, hash tables as objects with string keys,
  void as null, an improper pair as a two-element array; anything else as its printed form.
- `to_jsonable(v)` / `from_json(x)`: Racket's jsexpr convention (objects <-> hash tables with
  symbol keys, arrays <-> lists, null <-> 'null) for `#:json #t` replies, runtime results and MCP.
- `encode(v)` / `decode(x)`: tagged JSON for checkpoints. Only data survives (numbers, strings,
  booleans, chars, symbols, keywords, lists, vectors, hash tables); decoding only builds data.

`scrub(v, secrets)` masks secret values inside data; `describe(v)` names a value's type.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from rlm_bot.scheme.errors import RuntimeFail
from rlm_bot.scheme.printer import int_to_str, to_display, to_write
from rlm_bot.scheme.values import (
    NIL, VOID, Char, HashTable, Keyword, MultipleValues, Pair, Procedure, SetValue, Symbol,
    list_to_py, make_list, sym,
)

MAX_DEPTH = 200          # permissive conversions and the CLI encoding
STRICT_MAX_DEPTH = 100   # what crosses into Python, jsexprs and checkpoints
MAX_NODES = 2_000_000    # values the CLI encoding visits before it writes TOO_DEEP
MAX_ITEMS = 200_000      # elements of one checkpoint value
SAFE_INT = 2**53         # integers beyond this are checkpointed as digit strings
TOO_DEEP = "#<too deep>"


class NotData(RuntimeFail):
    """A value that is not plain data was given where data is required."""


def describe(v: Any) -> str:
    """A short name of a value's type for error messages."""
    if isinstance(v, Procedure):
        return "a procedure"
    return {bool: "a boolean", str: "a string", int: "an integer", float: "a number"}.get(
        type(v), f"a {type(v).__name__.lower()}")


# --- Python data -----------------------------------------------------------------------------


def to_python(v: Any, *, strict: bool = False, depth: int = 0) -> Any:
    """Python data for a Scheme value (see the module docstring for the two modes)."""
    if strict and depth > STRICT_MAX_DEPTH:
        raise NotData(f"value is nested more than {STRICT_MAX_DEPTH} levels deep")
    t = type(v)
    if t in (bool, str, int, float):
        return v
    if t is Fraction:
        return float(v) if strict else v
    if t is Symbol or t is Keyword:
        return v.name
    if t is Char:
        return v.ch
    if v is VOID:
        return None
    if not strict and depth > MAX_DEPTH:
        raise ValueError("value nested too deeply to convert")
    if v is NIL:
        return []
    if t is Pair:
        return _pair_to_python(v, strict, depth)
    if t is list:
        return [to_python(x, strict=strict, depth=depth + 1) for x in v]
    if t is HashTable:
        return {_python_key(k, strict, depth): to_python(x, strict=strict, depth=depth + 1)
                for k, x in v.items()}
    if strict:
        raise NotData(f"only data can cross into Python, not {describe(v)}")
    if t is MultipleValues:
        return tuple(to_python(x, depth=depth + 1) for x in v.items)
    return v


def _pair_to_python(v: Pair, strict: bool, depth: int) -> Any:
    if strict:
        items = list_to_py(v)
        if items is None:
            raise NotData("an improper list cannot cross into Python")
        return [to_python(i, strict=True, depth=depth + 1) for i in items]
    out = []
    while type(v) is Pair:
        out.append(to_python(v.car, depth=depth + 1))
        v = v.cdr
    if v is not NIL:
        return (out, to_python(v, depth=depth + 1)) if len(out) == 1 else out + [to_python(v, depth=depth + 1)]
    return out


def _python_key(k: Any, strict: bool, depth: int) -> Any:
    if strict:
        return to_python(k, strict=True, depth=depth + 1) if not isinstance(k, (list, Pair, HashTable)) else str(k)
    return _key(k) if type(k) in (Symbol, Keyword) else to_python(k, depth=depth + 1)


def from_python(x: Any, *, strict: bool = False, symbol_keys: bool = False, depth: int = 0) -> Any:
    """A Scheme value for Python data (see the module docstring for the two modes)."""
    if strict:
        return _from_python_strict(x, depth, symbol_keys)
    if x is None:
        return VOID
    t = type(x)
    if t in (bool, str, int, float, Fraction):
        return x
    if depth > MAX_DEPTH:
        raise ValueError("value nested too deeply to convert")
    if isinstance(x, dict):
        h = HashTable(mutable=False, kind="eq" if symbol_keys else "equal")
        for k, item in x.items():
            key = Symbol.intern(str(k)) if symbol_keys else from_python(k, depth=depth + 1)
            h.set(key, from_python(item, symbol_keys=symbol_keys, depth=depth + 1))
        return h
    if isinstance(x, tuple):
        return [from_python(i, symbol_keys=symbol_keys, depth=depth + 1) for i in x]
    if isinstance(x, (list, set, frozenset)):
        return make_list([from_python(i, symbol_keys=symbol_keys, depth=depth + 1) for i in x])
    if isinstance(x, int):
        return int(x)
    if isinstance(x, float):
        return float(x)
    if isinstance(x, str):
        return str(x)
    return x


def _from_python_strict(x: Any, depth: int, symbol_keys: bool) -> Any:
    if depth > STRICT_MAX_DEPTH:
        raise NotData(f"Python value is nested more than {STRICT_MAX_DEPTH} levels deep")
    if x is None:
        return VOID
    if isinstance(x, bool) or isinstance(x, (int, float, str)):
        return x
    if isinstance(x, (list, tuple)):
        return make_list([_from_python_strict(i, depth + 1, symbol_keys) for i in x])
    if isinstance(x, dict):
        table = HashTable(mutable=True)
        for k, v in x.items():
            key = sym(k) if symbol_keys and isinstance(k, str) else _from_python_strict(k, depth + 1, False)
            table.set(key, _from_python_strict(v, depth + 1, symbol_keys))
        return table
    if isinstance(x, (set, frozenset)):
        return make_list([_from_python_strict(i, depth + 1, symbol_keys) for i in sorted(x, key=repr)])
    return str(x)


# --- JSON: the CLI encoding ------------------------------------------------------------------


def to_json_value(v: Any, depth: int = 0, budget: list | None = None) -> Any:
    """The CLI's JSON encoding of a Scheme value (see the module docstring)."""
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


# --- JSON: jsexprs ---------------------------------------------------------------------------


def from_json(x: Any, depth: int = 0) -> Any:
    """A parsed JSON document as a Racket jsexpr."""
    if depth > STRICT_MAX_DEPTH:
        raise NotData(f"JSON nested more than {STRICT_MAX_DEPTH} levels deep")
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
    if depth > STRICT_MAX_DEPTH:
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


# --- checkpoints -----------------------------------------------------------------------------


class _ItemBudget:
    """Elements one encode has written so far (more than MAX_ITEMS is refused)."""

    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items = 0

    def tick(self, what: str) -> None:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise NotData(f"{what} has more than {MAX_ITEMS} elements")


def encode(v: Any, what: str = "checkpoint value") -> Any:
    """Tagged JSON for Scheme data; raises NotData for anything else."""
    return _enc(v, 0, _ItemBudget(), what)


def _enc(v: Any, depth: int, budget: _ItemBudget, what: str) -> Any:
    if depth > STRICT_MAX_DEPTH:
        raise NotData(f"{what} is nested more than {STRICT_MAX_DEPTH} levels deep")
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
    if depth > STRICT_MAX_DEPTH + 1:
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


# --- secrets ---------------------------------------------------------------------------------


def scrub(v: Any, secrets: tuple[str, ...], depth: int = 0) -> Any:
    """`v` with every occurrence of a secret value masked in its strings (data rebuilt only
    where something changed; other values returned as they are)."""
    if not secrets or depth > STRICT_MAX_DEPTH:
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
