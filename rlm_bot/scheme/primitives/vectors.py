"""Vectors (Python lists)."""

from __future__ import annotations

from typing import Any

from rlm_bot.scheme.errors import SchemeError
from rlm_bot.scheme.evaluator import apply_procedure
from rlm_bot.scheme.primitives.base import (
    SLOT_BYTES, charge, charge_list, check_index, contract, prim, to_pylist,
)
from rlm_bot.scheme.primitives.equality import equal
from rlm_bot.scheme.primitives.lists import argmax, argmin, call1, sort_items
from rlm_bot.scheme.values import VOID, make_list


def _vec(who: str, v: Any) -> list:
    if type(v) is not list:
        raise contract(who, "vector?", v)
    return v


def _idx(who: str, v: list, k: Any) -> int:
    check_index(who, k)
    if k >= len(v):
        raise SchemeError(f"{who}: index {k} is out of range for a vector of length {len(v)}",
                          kind="fail:contract")
    return k


@prim("vector")
def vector(*items):
    """(vector v ...)"""
    return list(items)


@prim("vector-immutable")
def vector_immutable(*items):
    """(vector-immutable v ...)"""
    return list(items)


@prim("make-vector")
def make_vector(n, fill=0):
    """(make-vector k [v])"""
    check_index("make-vector", n)
    if n > 1024:
        charge(n * SLOT_BYTES, f"make-vector: a vector of {n} slots")
    return [fill] * n


@prim("vector?")
def vector_p(v):
    """(vector? v)"""
    return type(v) is list


@prim("vector-length")
def vector_length(v):
    """(vector-length vec)"""
    return len(_vec("vector-length", v))


@prim("vector-ref")
def vector_ref(v, k):
    """(vector-ref vec k)"""
    return v[_idx("vector-ref", _vec("vector-ref", v), k)]


@prim("vector-set!")
def vector_set(v, k, x):
    """(vector-set! vec k v)"""
    v[_idx("vector-set!", _vec("vector-set!", v), k)] = x
    return VOID


@prim("vector->list")
def vector_to_list(v, start=0, end=None):
    """(vector->list vec [start end])"""
    items = _vec("vector->list", v)[start:end]
    charge_list(len(items), "vector->list")
    return make_list(items)


@prim("list->vector")
def list_to_vector(lst):
    """(list->vector lst)"""
    return to_pylist("list->vector", lst)


@prim("vector-fill!")
def vector_fill(v, x):
    """(vector-fill! vec v)"""
    vec = _vec("vector-fill!", v)
    vec[:] = [x] * len(vec)
    return VOID


@prim("vector-copy")
def vector_copy(v, start=0, end=None):
    """(vector-copy vec [start end])"""
    items = _vec("vector-copy", v)
    end = len(items) if end is None else end
    if not (0 <= start <= end <= len(items)):
        raise SchemeError("vector-copy: index out of range", kind="fail:contract")
    charge_list(end - start, "vector-copy")
    return items[start:end]


@prim("vector-copy!")
def vector_copy_bang(dest, at, src, start=0, end=None):
    """(vector-copy! dest dest-start src [src-start src-end])"""
    d, s = _vec("vector-copy!", dest), _vec("vector-copy!", src)
    end = len(s) if end is None else end
    chunk = s[start:end]
    if at + len(chunk) > len(d):
        raise SchemeError("vector-copy!: not enough room in the destination", kind="fail:contract")
    d[at:at + len(chunk)] = chunk
    return VOID


@prim("vector-append")
def vector_append(*vs):
    """(vector-append vec ...)"""
    total = sum(len(_vec("vector-append", v)) for v in vs)
    if total > 1024:
        charge(total * SLOT_BYTES, f"vector-append: a vector of {total} slots")
    out: list = []
    for v in vs:
        out.extend(v)
    return out


@prim("vector-map")
def vector_map(f, v, *more):
    """(vector-map proc vec ...)"""
    if not more:
        return [call1(f, x) for x in _vec("vector-map", v)]
    return [apply_procedure(f, list(row)) for row in zip(v, *more)]


@prim("vector-map!")
def vector_map_bang(f, v):
    """(vector-map! proc vec)"""
    vec = _vec("vector-map!", v)
    for i, x in enumerate(vec):
        vec[i] = call1(f, x)
    return VOID


@prim("vector-for-each")
def vector_for_each(f, v, *more):
    """(vector-for-each proc vec ...)"""
    for row in zip(_vec("vector-for-each", v), *more):
        apply_procedure(f, list(row))
    return VOID


@prim("build-vector")
def build_vector(n, f):
    """(build-vector n proc)"""
    check_index("build-vector", n)
    if n > 1024:
        charge(n * SLOT_BYTES, f"build-vector: a vector of {n} slots")
    return [call1(f, i) for i in range(n)]


@prim("vector-member")
def vector_member(x, v):
    """(vector-member v vec) -> index or #f"""
    for i, y in enumerate(_vec("vector-member", v)):
        if equal(x, y):
            return i
    return False


@prim("vector-sort")
def vector_sort(v, less, start=0, end=None, *, key=None):
    """(vector-sort vec less-than? [start end] #:key f)"""
    return sort_items("vector-sort", _vec("vector-sort", v)[start:end], less, key)


@prim("vector-sort!")
def vector_sort_bang(v, less, start=0, end=None, *, key=None):
    """(vector-sort! vec less-than? [start end] #:key f)"""
    vec = _vec("vector-sort!", v)
    end = len(vec) if end is None else end
    vec[start:end] = sort_items("vector-sort!", vec[start:end], less, key)
    return VOID


@prim("vector-argmin")
def vector_argmin(f, v):
    """(vector-argmin proc vec)"""
    return argmin(f, make_list(_vec("vector-argmin", v)))


@prim("vector-argmax")
def vector_argmax(f, v):
    """(vector-argmax proc vec)"""
    return argmax(f, make_list(_vec("vector-argmax", v)))


@prim("vector-count")
def vector_count(f, v):
    """(vector-count proc vec)"""
    return sum(1 for x in _vec("vector-count", v) if call1(f, x) is not False)


@prim("vector-filter")
def vector_filter(f, v):
    """(vector-filter pred vec)"""
    return [x for x in _vec("vector-filter", v) if call1(f, x) is not False]


@prim("vector-take")
def vector_take(v, k):
    """(vector-take vec k)"""
    return _vec("vector-take", v)[:check_index("vector-take", k)]


@prim("vector-drop")
def vector_drop(v, k):
    """(vector-drop vec k)"""
    return _vec("vector-drop", v)[check_index("vector-drop", k):]
