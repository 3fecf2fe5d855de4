"""JSON: string->jsexpr and jsexpr->string with Racket's conventions.

Objects are immutable hash tables with symbol keys, arrays are lists, null is the symbol 'null.
"""

from __future__ import annotations

import json
import math
from typing import Any

from rlm_bot.scheme.errors import SchemeError
from rlm_bot.scheme.primitives.base import charge_string, check_str, prim, show
from rlm_bot.scheme.values import NIL, HashTable, Pair, Symbol, make_list

_NULL = Symbol.intern("null")
MAX_JSON_DEPTH = 200


def from_json(v: Any) -> Any:
    """Python JSON data -> jsexpr (iterative enough: depth is bounded by the parser)."""
    if isinstance(v, dict):
        h = HashTable(mutable=False, kind="eq")
        for k, x in v.items():
            h.set(Symbol.intern(k), from_json(x))
        return h
    if isinstance(v, list):
        return make_list([from_json(x) for x in v])
    if v is None:
        return _NULL
    return v


def to_json(v: Any, depth: int = 0) -> Any:
    """jsexpr -> Python JSON data; a clear error for values that are not jsexprs."""
    if depth > MAX_JSON_DEPTH:
        raise SchemeError("jsexpr->string: value nested too deeply", kind="fail:contract")
    t = type(v)
    if v is _NULL:
        return None
    if t is bool or t is str or t is int:
        return v
    if t is float:
        if not math.isfinite(v):
            raise SchemeError(f"jsexpr->string: {show(v)} is not a valid JSON number", kind="fail:contract")
        return v
    if t is Pair or v is NIL:
        out = []
        while type(v) is Pair:
            out.append(to_json(v.car, depth + 1))
            v = v.cdr
        if v is not NIL:
            raise SchemeError("jsexpr->string: improper list is not a jsexpr", kind="fail:contract")
        return out
    if t is list:
        return [to_json(x, depth + 1) for x in v]
    if t is HashTable:
        out_d = {}
        for k, x in v.items():
            if type(k) is Symbol:
                key = k.name
            elif type(k) is str:
                key = k
            else:
                raise SchemeError(f"jsexpr->string: hash key {show(k)} must be a symbol", kind="fail:contract")
            out_d[key] = to_json(x, depth + 1)
        return out_d
    raise SchemeError(f"jsexpr->string: {show(v)} is not a jsexpr", kind="fail:contract")


@prim("string->jsexpr", "bytes->jsexpr")
def string_to_jsexpr(s, *, null=None):
    """(string->jsexpr s)"""
    check_str("string->jsexpr", s)
    try:
        data = json.loads(s)
    except RecursionError:
        raise SchemeError("string->jsexpr: JSON nested too deeply", kind="fail:read") from None
    except ValueError as exc:
        raise SchemeError(f"string->jsexpr: bad JSON input: {str(exc)[:120]}", kind="fail:read") from None
    return from_json(data)


@prim("jsexpr->string", "jsexpr->bytes")
def jsexpr_to_string(v, *, null=None, encode=None, indent=None):
    """(jsexpr->string v)"""
    text = json.dumps(to_json(v), ensure_ascii=False, separators=(",", ":"),
                      indent=indent if type(indent) is int else None)
    charge_string(len(text), "jsexpr->string")
    return text


@prim("jsexpr?")
def jsexpr_p(v):
    """(jsexpr? v)"""
    try:
        to_json(v)
    except SchemeError:
        return False
    return True


@prim("json-null")
def json_null():
    """(json-null) -> 'null"""
    return _NULL
