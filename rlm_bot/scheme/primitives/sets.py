"""racket/set: immutable (set, list->set) and mutable (mutable-set) sets with equal? keys."""

from __future__ import annotations

from typing import Any

from rlm_bot.scheme.evaluator import apply_procedure
from rlm_bot.scheme.primitives.base import charge_list, contract, prim, to_pylist
from rlm_bot.scheme.values import VOID, Sequence, SetValue, hash_key, make_list


def _set(who: str, s: Any) -> SetValue:
    if type(s) is not SetValue:
        raise contract(who, "set?", s)
    return s


def _mutable(who: str, s: Any) -> SetValue:
    if type(s) is not SetValue or not s.mutable:
        raise contract(who, "set-mutable?", s)
    return s


def _build(items: Any, mutable: bool) -> SetValue:
    out = SetValue(mutable=mutable)
    for x in items:
        out.data[hash_key(x)] = x
    return out


@prim("set", "seteq", "seteqv")
def set_(*items):
    """(set v ...)"""
    return _build(items, False)


@prim("mutable-set", "mutable-seteq")
def mutable_set(*items):
    """(mutable-set v ...)"""
    return _build(items, True)


@prim("list->set", "list->seteq")
def list_to_set(lst):
    """(list->set lst)"""
    return _build(to_pylist("list->set", lst), False)


@prim("list->mutable-set")
def list_to_mutable_set(lst):
    """(list->mutable-set lst)"""
    return _build(to_pylist("list->mutable-set", lst), True)


@prim("set?")
def set_p(v):
    """(set? v)"""
    return type(v) is SetValue


@prim("set-member?")
def set_member_p(s, v):
    """(set-member? s v)"""
    return hash_key(v) in _set("set-member?", s).data


@prim("set-add")
def set_add(s, v):
    """(set-add s v) -> new set"""
    new = _set("set-add", s).copy()
    charge_list(len(new.data), "set-add")
    new.data[hash_key(v)] = v
    return new


@prim("set-remove")
def set_remove(s, v):
    """(set-remove s v) -> new set"""
    new = _set("set-remove", s).copy()
    new.data.pop(hash_key(v), None)
    return new


@prim("set-add!")
def set_add_bang(s, v):
    """(set-add! s v)"""
    _mutable("set-add!", s).data[hash_key(v)] = v
    return VOID


@prim("set-remove!")
def set_remove_bang(s, v):
    """(set-remove! s v)"""
    _mutable("set-remove!", s).data.pop(hash_key(v), None)
    return VOID


@prim("set-count")
def set_count(s):
    """(set-count s)"""
    return len(_set("set-count", s).data)


@prim("set-empty?")
def set_empty_p(s):
    """(set-empty? s)"""
    return not _set("set-empty?", s).data


@prim("set->list")
def set_to_list(s):
    """(set->list s)"""
    return make_list(list(_set("set->list", s).data.values()))


@prim("set-first")
def set_first(s):
    """(set-first s)"""
    data = _set("set-first", s).data
    if not data:
        raise contract("set-first", "(and/c set? (not/c set-empty?))", s)
    return next(iter(data.values()))


@prim("set-union")
def set_union(s, *more):
    """(set-union s ...)"""
    new = _set("set-union", s).copy()
    for o in more:
        new.data.update(_set("set-union", o).data)
    return new


@prim("set-intersect")
def set_intersect(s, *more):
    """(set-intersect s ...)"""
    new = _set("set-intersect", s).copy()
    for o in more:
        other = _set("set-intersect", o).data
        new.data = {k: v for k, v in new.data.items() if k in other}
    return new


@prim("set-subtract")
def set_subtract(s, *more):
    """(set-subtract s ...)"""
    new = _set("set-subtract", s).copy()
    for o in more:
        other = _set("set-subtract", o).data
        new.data = {k: v for k, v in new.data.items() if k not in other}
    return new


@prim("subset?")
def subset_p(a, b):
    """(subset? a b)"""
    other = _set("subset?", b).data
    return all(k in other for k in _set("subset?", a).data)


@prim("set=?")
def set_eq_p(a, b):
    """(set=? a b)"""
    return _set("set=?", a).data.keys() == _set("set=?", b).data.keys()


@prim("set-map")
def set_map(s, f):
    """(set-map s proc) -> list"""
    return make_list([apply_procedure(f, [x]) for x in list(_set("set-map", s).data.values())])


@prim("set-for-each")
def set_for_each(s, f):
    """(set-for-each s proc)"""
    for x in list(_set("set-for-each", s).data.values()):
        apply_procedure(f, [x])
    return VOID


@prim("set-filter")
def set_filter(f, s):
    """(set-filter pred s) — convenience"""
    new = _set("set-filter", s).copy()
    new.data = {k: v for k, v in new.data.items() if apply_procedure(f, [v]) is not False}
    return new


@prim("in-set")
def in_set(s):
    """(in-set s)"""
    data = _set("in-set", s).data
    return Sequence(lambda: iter(list(data.values())))
