"""Hash tables: mutable (make-hash) and immutable (hash), equal?-based keys."""

from __future__ import annotations

from typing import Any

from rlm_bot.scheme.errors import SchemeError
from rlm_bot.scheme.evaluator import apply_procedure
from rlm_bot.scheme.primitives.base import charge_list, contract, prim, show, to_pylist
from rlm_bot.scheme.values import NIL, VOID, HashTable, Pair, Procedure, hash_key, make_list

_NO_DEFAULT = object()


def _table(who: str, h: Any) -> HashTable:
    if type(h) is not HashTable:
        raise contract(who, "hash?", h)
    return h


def _mutable(who: str, h: Any) -> HashTable:
    if type(h) is not HashTable or not h.mutable:
        raise contract(who, "(and/c hash? (not/c immutable?))", h)
    return h


def _from_alist(who: str, alist: Any, mutable: bool, kind: str) -> HashTable:
    h = HashTable(mutable=mutable, kind=kind)
    for entry in to_pylist(who, alist):
        if type(entry) is not Pair:
            raise contract(who, "a list of pairs", alist)
        h.set(entry.car, entry.cdr)
    return h


def _maker(name: str, mutable: bool, kind: str) -> None:
    def f(alist=NIL):
        return _from_alist(name, alist, mutable, kind)

    f.__doc__ = f"({name} [assocs])"
    prim(name)(f)


for _name, _mut, _kind in (("make-hash", True, "equal"), ("make-hasheq", True, "eq"),
                           ("make-hasheqv", True, "eqv"), ("make-immutable-hash", False, "equal"),
                           ("make-immutable-hasheq", False, "eq"), ("make-weak-hash", True, "equal")):
    _maker(_name, _mut, _kind)


def _literal(name: str, kind: str) -> None:
    def f(*kvs):
        if len(kvs) % 2:
            raise SchemeError(f"{name}: key does not have a value (odd number of arguments)",
                              kind="fail:contract")
        h = HashTable(mutable=False, kind=kind)
        for i in range(0, len(kvs), 2):
            h.set(kvs[i], kvs[i + 1])
        return h

    f.__doc__ = f"({name} key val ...)"
    prim(name)(f)


_literal("hash", "equal")
_literal("hasheq", "eq")
_literal("hasheqv", "eqv")


@prim("hash?")
def hash_p(v):
    """(hash? v)"""
    return type(v) is HashTable


@prim("immutable?")
def immutable_p(v):
    """(immutable? v)"""
    return (type(v) is HashTable and not v.mutable) or type(v) is str


@prim("hash-ref")
def hash_ref(h, key, default=_NO_DEFAULT):
    """(hash-ref h key [failure-result-or-thunk])"""
    entry = _table("hash-ref", h).data.get(_key(key))
    if entry is not None:
        return entry[1]
    if default is _NO_DEFAULT:
        raise SchemeError(f"hash-ref: no value found for key\n  key: {show(key)}", kind="fail:contract")
    if isinstance(default, Procedure):
        return apply_procedure(default, [])
    return default


def _key(k: Any) -> Any:
    return hash_key(k)


@prim("hash-ref!")
def hash_ref_bang(h, key, default):
    """(hash-ref! h key to-set)"""
    _mutable("hash-ref!", h)
    entry = h.data.get(_key(key))
    if entry is not None:
        return entry[1]
    value = apply_procedure(default, []) if isinstance(default, Procedure) else default
    h.set(key, value)
    return value


@prim("hash-set!")
def hash_set_bang(h, key, value):
    """(hash-set! h key v)"""
    _mutable("hash-set!", h).set(key, value)
    return VOID


@prim("hash-set")
def hash_set(h, key, value):
    """(hash-set h key v) -> new immutable hash"""
    if type(h) is not HashTable or h.mutable:
        raise contract("hash-set", "(and/c hash? immutable?)", h)
    charge_list(len(h), "hash-set")
    new = h.copy()
    new.set(key, value)
    return new


@prim("hash-update!")
def hash_update_bang(h, key, updater, default=_NO_DEFAULT):
    """(hash-update! h key updater [failure-result])"""
    _mutable("hash-update!", h)
    h.set(key, apply_procedure(updater, [hash_ref(h, key, default)]))
    return VOID


@prim("hash-update")
def hash_update(h, key, updater, default=_NO_DEFAULT):
    """(hash-update h key updater [failure-result]) -> new hash"""
    return hash_set(h, key, apply_procedure(updater, [hash_ref(h, key, default)]))


@prim("hash-remove!")
def hash_remove_bang(h, key):
    """(hash-remove! h key)"""
    _mutable("hash-remove!", h).data.pop(_key(key), None)
    return VOID


@prim("hash-remove")
def hash_remove(h, key):
    """(hash-remove h key) -> new hash"""
    if type(h) is not HashTable or h.mutable:
        raise contract("hash-remove", "(and/c hash? immutable?)", h)
    new = h.copy()
    new.data.pop(_key(key), None)
    return new


@prim("hash-clear!")
def hash_clear_bang(h):
    """(hash-clear! h)"""
    _mutable("hash-clear!", h).data.clear()
    return VOID


@prim("hash-has-key?")
def hash_has_key_p(h, key):
    """(hash-has-key? h key)"""
    return _key(key) in _table("hash-has-key?", h).data


@prim("hash-count")
def hash_count(h):
    """(hash-count h)"""
    return len(_table("hash-count", h))


@prim("hash-empty?")
def hash_empty_p(h):
    """(hash-empty? h)"""
    return len(_table("hash-empty?", h)) == 0


@prim("hash-keys")
def hash_keys(h, try_order=False):
    """(hash-keys h)"""
    return make_list([k for k, _ in _table("hash-keys", h).items()])


@prim("hash-values")
def hash_values(h, try_order=False):
    """(hash-values h)"""
    return make_list([v for _, v in _table("hash-values", h).items()])


@prim("hash->list")
def hash_to_list(h, try_order=False):
    """(hash->list h) -> list of (key . value)"""
    return make_list([Pair(k, v) for k, v in _table("hash->list", h).items()])


@prim("hash-map")
def hash_map(h, f, try_order=False):
    """(hash-map h proc) -> list"""
    return make_list([apply_procedure(f, [k, v]) for k, v in _table("hash-map", h).items()])


@prim("hash-for-each")
def hash_for_each(h, f, try_order=False):
    """(hash-for-each h proc)"""
    for k, v in _table("hash-for-each", h).items():
        apply_procedure(f, [k, v])
    return VOID


@prim("hash-copy")
def hash_copy(h):
    """(hash-copy h) -> mutable copy"""
    charge_list(len(_table("hash-copy", h)), "hash-copy")
    return h.copy(mutable=True)


@prim("hash-union")
def hash_union(h, *others, combine=None):
    """(hash-union h other ...) for immutable hashes"""
    new = _table("hash-union", h).copy()
    for o in others:
        for k, v in _table("hash-union", o).items():
            if combine is not None and _key(k) in new.data:
                v = apply_procedure(combine, [new.get(k), v])
            new.set(k, v)
    return new


@prim("hash-filter-keys")
def hash_filter_keys(h, pred):
    """(hash-filter-keys h pred)"""
    new = HashTable(mutable=_table("hash-filter-keys", h).mutable, kind=h.kind)
    for k, v in h.items():
        if apply_procedure(pred, [k]) is not False:
            new.set(k, v)
    return new


@prim("hash-eq?")
def hash_eq_p(h):
    """(hash-eq? h)"""
    return _table("hash-eq?", h).kind == "eq"


@prim("hash-equal?")
def hash_equal_p(h):
    """(hash-equal? h)"""
    return _table("hash-equal?", h).kind == "equal"
