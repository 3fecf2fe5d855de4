"""Pairs and lists: racket/base and racket/list."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from rlm_bot.scheme.errors import SchemeError
from rlm_bot.scheme.evaluator import apply_procedure, call_closure
from rlm_bot.scheme.primitives.base import (
    TABLE, charge_list, check_index, check_num, check_proc, contract, prim, to_pylist,
)
from rlm_bot.scheme.primitives.equality import eq, equal, eqv
from rlm_bot.scheme.primitives.numeric import add
from rlm_bot.scheme.printer import to_write
from rlm_bot.scheme.values import (
    NIL, VOID, Closure, MultipleValues, Pair, Primitive, hash_key, make_list,
)


def call1(f: Any, x: Any) -> Any:
    """Apply a one-argument procedure quickly."""
    if type(f) is Closure:
        return call_closure(f, [None, x], 6)
    if type(f) is Primitive:
        return f.call(x)
    return apply_procedure(f, [x])


def call2(f: Any, x: Any, y: Any) -> Any:
    """Apply a two-argument procedure quickly."""
    if type(f) is Closure:
        return call_closure(f, [None, x, y], 6)
    if type(f) is Primitive:
        return f.call(x, y)
    return apply_procedure(f, [x, y])


@prim("cons")
def cons(a, b):
    """(cons a d)"""
    return Pair(a, b)


@prim("car")
def car(p):
    """(car p)"""
    if type(p) is not Pair:
        raise contract("car", "pair?", p)
    return p.car


@prim("cdr")
def cdr(p):
    """(cdr p)"""
    if type(p) is not Pair:
        raise contract("cdr", "pair?", p)
    return p.cdr


def _cxr(name: str) -> None:
    path = name[1:-1][::-1]

    def f(p):
        x = p
        for step in path:
            if type(x) is not Pair:
                raise contract(name, "a pair with the right shape", p)
            x = x.car if step == "a" else x.cdr
        return x

    f.__doc__ = f"({name} p)"
    prim(name)(f)


for _n in ("caar", "cadr", "cdar", "cddr", "caaar", "caadr", "cadar", "caddr", "cdaar", "cdadr",
           "cddar", "cdddr", "cadddr", "cddddr"):
    _cxr(_n)


@prim("list")
def list_(*items):
    """(list v ...)"""
    out = NIL
    for item in reversed(items):
        out = Pair(item, out)
    return out


@prim("list*", "cons*")
def list_star(*items):
    """(list* v ... tail)"""
    if not items:
        raise contract("list*", "at least one argument", NIL)
    return make_list(list(items[:-1]), items[-1])


@prim("length")
def length(lst):
    """(length lst)"""
    n, x = 0, lst
    while type(x) is Pair:
        n += 1
        x = x.cdr
    if x is not NIL:
        raise contract("length", "list?", lst)
    return n


@prim("list?")
def list_p(x):
    """(list? v)"""
    while type(x) is Pair:
        x = x.cdr
    return x is NIL


@prim("pair?", "cons?")
def pair_p(x):
    """(pair? v)"""
    return type(x) is Pair


@prim("null?", "empty?")
def null_p(x):
    """(null? v)"""
    return x is NIL


def _nth_pair(who: str, lst: Any, k: Any) -> Any:
    check_index(who, k)
    x = lst
    for _ in range(k):
        if type(x) is not Pair:
            raise SchemeError(f"{who}: index {k} is too large for list {_show(lst)}", kind="fail:contract")
        x = x.cdr
    return x


def _show(v: Any) -> str:
    return to_write(v, 60)


@prim("list-ref")
def list_ref(lst, k):
    """(list-ref lst pos)"""
    x = _nth_pair("list-ref", lst, k)
    if type(x) is not Pair:
        raise SchemeError(f"list-ref: index {k} is too large for list {_show(lst)}", kind="fail:contract")
    return x.car


@prim("list-tail", "drop")
def list_tail(lst, k):
    """(list-tail lst pos) / (drop lst pos)"""
    return _nth_pair("list-tail", lst, k)


@prim("take")
def take(lst, k):
    """(take lst pos)"""
    check_index("take", k)
    out, x = [], lst
    for _ in range(k):
        if type(x) is not Pair:
            raise SchemeError(f"take: list has fewer than {k} elements: {_show(lst)}", kind="fail:contract")
        out.append(x.car)
        x = x.cdr
    return make_list(out)


@prim("take-right")
def take_right(lst, k):
    """(take-right lst pos)"""
    items = to_pylist("take-right", lst)
    check_index("take-right", k)
    if k > len(items):
        raise SchemeError(f"take-right: list has fewer than {k} elements", kind="fail:contract")
    return make_list(items[len(items) - k:])


@prim("drop-right")
def drop_right(lst, k):
    """(drop-right lst pos)"""
    items = to_pylist("drop-right", lst)
    check_index("drop-right", k)
    if k > len(items):
        raise SchemeError(f"drop-right: list has fewer than {k} elements", kind="fail:contract")
    return make_list(items[: len(items) - k])


@prim("split-at")
def split_at(lst, k):
    """(split-at lst pos) -> two values"""
    return MultipleValues([take(lst, k), list_tail(lst, k)])


def _nth(name: str, k: int) -> None:
    def f(lst):
        x = lst
        for _ in range(k):
            if type(x) is not Pair:
                break
            x = x.cdr
        if type(x) is not Pair:
            raise contract(name, f"a list with at least {k + 1} elements", lst)
        return x.car

    f.__doc__ = f"({name} lst)"
    prim(name)(f)


for _i, _n in enumerate(("first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                         "eighth", "ninth", "tenth")):
    _nth(_n, _i)


@prim("rest")
def rest(lst):
    """(rest lst): lst must be a non-empty list"""
    if type(lst) is not Pair:
        raise contract("rest", "(and/c list? (not/c empty?))", lst)
    return lst.cdr


@prim("last")
def last(lst):
    """(last lst)"""
    if type(lst) is not Pair:
        raise contract("last", "(and/c list? (not/c empty?))", lst)
    x = lst
    while type(x.cdr) is Pair:
        x = x.cdr
    return x.car


@prim("last-pair")
def last_pair(lst):
    """(last-pair p)"""
    if type(lst) is not Pair:
        raise contract("last-pair", "pair?", lst)
    x = lst
    while type(x.cdr) is Pair:
        x = x.cdr
    return x


@prim("append")
def append(*lists):
    """(append lst ... [tail])"""
    if not lists:
        return NIL
    parts = [to_pylist("append", x) for x in lists[:-1]]
    total = sum(len(p) for p in parts)
    charge_list(total, "append")
    out = lists[-1]
    for part in reversed(parts):
        for item in reversed(part):
            out = Pair(item, out)
    return out


@prim("append*")
def append_star(*args):
    """(append* lst ... lsts)"""
    if not args:
        return NIL
    return append(*args[:-1], *to_pylist("append*", args[-1]))


@prim("reverse")
def reverse(lst):
    """(reverse lst)"""
    out, x = NIL, lst
    while type(x) is Pair:
        out = Pair(x.car, out)
        x = x.cdr
    if x is not NIL:
        raise contract("reverse", "list?", lst)
    return out


def _member(name: str, same: Any) -> None:
    def f(v, lst, is_equal=None):
        x = lst
        while type(x) is Pair:
            if (same(v, x.car) if is_equal is None else call2(is_equal, v, x.car) is not False):
                return x
            x = x.cdr
        if x is not NIL:
            raise contract(name, "list?", lst)
        return False

    f.__doc__ = f"({name} v lst) -> the tail starting with v, or #f"
    prim(name)(f)


def _eq(a, b):
    return eq(a, b)


_member("member", equal)
_member("memv", eqv)
_member("memq", _eq)


def _assoc(name: str, same: Any) -> None:
    def f(v, lst, is_equal=None):
        x = lst
        while type(x) is Pair:
            entry = x.car
            if type(entry) is not Pair:
                raise contract(name, "a list of pairs", lst)
            if (same(v, entry.car) if is_equal is None else call2(is_equal, v, entry.car) is not False):
                return entry
            x = x.cdr
        return False

    f.__doc__ = f"({name} v alist) -> the first pair whose car is v, or #f"
    prim(name)(f)


_assoc("assoc", equal)
_assoc("assv", eqv)
_assoc("assq", _eq)


def _lists_args(who: str, lists: tuple) -> list[list]:
    cols = [to_pylist(who, lst) for lst in lists]
    if len({len(c) for c in cols}) > 1:
        raise SchemeError(f"{who}: all lists must have the same size; given sizes "
                          f"{', '.join(str(len(c)) for c in cols)}", kind="fail:contract")
    return cols


@prim("map")
def map_(f, lst, *more):
    """(map proc lst ...)"""
    check_proc("map", f)
    if not more:
        return make_list([call1(f, x) for x in to_pylist("map", lst)])
    cols = _lists_args("map", (lst, *more))
    return make_list([apply_procedure(f, list(row)) for row in zip(*cols)])


@prim("for-each")
def for_each(f, lst, *more):
    """(for-each proc lst ...)"""
    check_proc("for-each", f)
    if not more:
        for x in to_pylist("for-each", lst):
            call1(f, x)
        return VOID
    for row in zip(*_lists_args("for-each", (lst, *more))):
        apply_procedure(f, list(row))
    return VOID


@prim("andmap")
def andmap(f, lst, *more):
    """(andmap proc lst ...)"""
    result: Any = True
    for row in zip(*_lists_args("andmap", (lst, *more))):
        result = apply_procedure(f, list(row))
        if result is False:
            return False
    return result


@prim("ormap")
def ormap(f, lst, *more):
    """(ormap proc lst ...)"""
    for row in zip(*_lists_args("ormap", (lst, *more))):
        result = apply_procedure(f, list(row))
        if result is not False:
            return result
    return False


@prim("filter")
def filter_(f, lst):
    """(filter pred lst)"""
    check_proc("filter", f)
    return make_list([x for x in to_pylist("filter", lst) if call1(f, x) is not False])


@prim("filter-not")
def filter_not(f, lst):
    """(filter-not pred lst)"""
    return make_list([x for x in to_pylist("filter-not", lst) if call1(f, x) is False])


@prim("partition")
def partition(f, lst):
    """(partition pred lst) -> two values"""
    yes, no = [], []
    for x in to_pylist("partition", lst):
        (yes if call1(f, x) is not False else no).append(x)
    return MultipleValues([make_list(yes), make_list(no)])


@prim("filter-map")
def filter_map(f, lst, *more):
    """(filter-map proc lst ...)"""
    out = []
    for row in zip(*_lists_args("filter-map", (lst, *more))):
        v = apply_procedure(f, list(row))
        if v is not False:
            out.append(v)
    return make_list(out)


@prim("append-map")
def append_map(f, lst, *more):
    """(append-map proc lst ...)"""
    parts = [apply_procedure(f, list(row)) for row in zip(*_lists_args("append-map", (lst, *more)))]
    return append(*parts, NIL) if parts else NIL


@prim("count")
def count(f, lst, *more):
    """(count proc lst ...)"""
    return sum(1 for row in zip(*_lists_args("count", (lst, *more)))
               if apply_procedure(f, list(row)) is not False)


@prim("foldl")
def foldl(f, init, lst, *more):
    """(foldl proc init lst ...): (proc elem ... acc)"""
    acc = init
    if not more:
        for x in to_pylist("foldl", lst):
            acc = call2(f, x, acc)
        return acc
    for row in zip(*_lists_args("foldl", (lst, *more))):
        acc = apply_procedure(f, [*row, acc])
    return acc


@prim("foldr")
def foldr(f, init, lst, *more):
    """(foldr proc init lst ...): from the right, without deep recursion"""
    acc = init
    if not more:
        for x in reversed(to_pylist("foldr", lst)):
            acc = call2(f, x, acc)
        return acc
    for row in reversed(list(zip(*_lists_args("foldr", (lst, *more))))):
        acc = apply_procedure(f, [*row, acc])
    return acc


@prim("remove")
def remove(v, lst, is_equal=None):
    """(remove v lst [equal?]): without the first element equal to v"""
    items = to_pylist("remove", lst)
    for i, x in enumerate(items):
        if equal(v, x) if is_equal is None else call2(is_equal, v, x) is not False:
            return make_list(items[:i] + items[i + 1:])
    return lst


@prim("remq")
def remq(v, lst):
    """(remq v lst)"""
    items = to_pylist("remq", lst)
    for i, x in enumerate(items):
        if _eq(v, x):
            return make_list(items[:i] + items[i + 1:])
    return lst


@prim("remove*")
def remove_star(vs, lst, is_equal=None):
    """(remove* vs lst): without every element equal to one of vs"""
    drop = to_pylist("remove*", vs)
    return make_list([x for x in to_pylist("remove*", lst)
                      if not any(equal(d, x) if is_equal is None else call2(is_equal, d, x) is not False
                                 for d in drop)])


@prim("remf")
def remf(f, lst):
    """(remf pred lst)"""
    items = to_pylist("remf", lst)
    for i, x in enumerate(items):
        if call1(f, x) is not False:
            return make_list(items[:i] + items[i + 1:])
    return lst


@prim("remove-duplicates")
def remove_duplicates(lst, is_equal=None, *, key=None):
    """(remove-duplicates lst [same?] #:key f)"""
    out, seen = [], set()
    kept: list = []
    for x in to_pylist("remove-duplicates", lst):
        k = x if key is None else call1(key, x)
        if is_equal is None:
            hk = hash_key(k)
            if hk in seen:
                continue
            seen.add(hk)
        else:
            if any(call2(is_equal, k, other) is not False for other in kept):
                continue
            kept.append(k)
        out.append(x)
    return make_list(out)


@prim("findf")
def findf(f, lst):
    """(findf pred lst) -> element or #f"""
    for x in to_pylist("findf", lst):
        if call1(f, x) is not False:
            return x
    return False


@prim("memf")
def memf(f, lst):
    """(memf pred lst) -> tail or #f"""
    x = lst
    while type(x) is Pair:
        if call1(f, x.car) is not False:
            return x
        x = x.cdr
    return False


@prim("assf")
def assf(f, lst):
    """(assf pred alist)"""
    for entry in to_pylist("assf", lst):
        if type(entry) is Pair and call1(f, entry.car) is not False:
            return entry
    return False


@prim("index-of")
def index_of(lst, v, is_equal=None):
    """(index-of lst v) -> index or #f"""
    for i, x in enumerate(to_pylist("index-of", lst)):
        if equal(x, v) if is_equal is None else call2(is_equal, x, v) is not False:
            return i
    return False


@prim("index-where")
def index_where(lst, f):
    """(index-where lst pred)"""
    for i, x in enumerate(to_pylist("index-where", lst)):
        if call1(f, x) is not False:
            return i
    return False


@prim("indexes-of")
def indexes_of(lst, v):
    """(indexes-of lst v)"""
    return make_list([i for i, x in enumerate(to_pylist("indexes-of", lst)) if equal(x, v)])


class _Less:
    """Wraps sort items so Python's stable sort calls the Scheme `less-than?` procedure."""

    __slots__ = ("key", "item", "less")

    def __init__(self, key: Any, item: Any, less: Any) -> None:
        self.key = key
        self.item = item
        self.less = less

    def __lt__(self, other: _Less) -> bool:
        return call2(self.less, self.key, other.key) is not False


def _fast_sortable(keys: list, less: Any) -> bool:
    if less is TABLE.get("<") or less is TABLE.get(">"):
        return all(type(k) in (int, float, Fraction) for k in keys)
    if less is TABLE.get("string<?") or less is TABLE.get("string>?"):
        return all(type(k) is str for k in keys)
    return False


def sort_items(who: str, items: list, less: Any, key: Any) -> list:
    """Stable sort of Python list `items` with a Scheme comparator (and optional key)."""
    check_proc(who, less)
    keys = items if key is None else [call1(key, x) for x in items]
    if _fast_sortable(keys, less):
        desc = less is TABLE.get(">") or less is TABLE.get("string>?")
        order = sorted(range(len(items)), key=keys.__getitem__, reverse=desc)
        if desc:  # keep equal elements in their original order, as a stable `>` sort does
            order = _stable_desc(order, keys)
        return [items[i] for i in order]
    wrapped = [_Less(k, x, less) for k, x in zip(keys, items)]
    wrapped.sort()
    return [w.item for w in wrapped]


def _stable_desc(order: list, keys: list) -> list:
    out, i = [], 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and keys[order[j + 1]] == keys[order[i]]:
            j += 1
        out.extend(sorted(order[i:j + 1]))
        i = j + 1
    return out


@prim("sort")
def sort(lst, less, *, key=None, cache_keys_p=False):
    """(sort lst less-than? #:key f #:cache-keys? b): stable"""
    return make_list(sort_items("sort", to_pylist("sort", lst), less, key))


@prim("argmin")
def argmin(f, lst):
    """(argmin proc lst): the first element minimising proc"""
    items = to_pylist("argmin", lst)
    if not items:
        raise contract("argmin", "(and/c list? (not/c empty?))", lst)
    best, best_v = items[0], call1(f, items[0])
    for x in items[1:]:
        v = call1(f, x)
        if v < best_v:
            best, best_v = x, v
    return best


@prim("argmax")
def argmax(f, lst):
    """(argmax proc lst): the first element maximising proc"""
    items = to_pylist("argmax", lst)
    if not items:
        raise contract("argmax", "(and/c list? (not/c empty?))", lst)
    best, best_v = items[0], call1(f, items[0])
    for x in items[1:]:
        v = call1(f, x)
        if v > best_v:
            best, best_v = x, v
    return best


def _count_range(start: Any, end: Any, step: Any) -> int:
    import math

    if step == 0:
        raise contract("range", "a non-zero step", step)
    n = math.ceil((end - start) / step)
    return max(0, int(n)) if math.isfinite(n) else 10 ** 12


@prim("range")
def range_(a, b=None, step=1):
    """(range end) / (range start end [step]) -> list"""
    start, end = (0, a) if b is None else (a, b)
    for v in (start, end, step):
        check_num("range", v)
    n = _count_range(start, end, step)
    charge_list(n, "range")
    if all(type(v) is int for v in (start, end, step)):
        return make_list(range(start, end, step))
    out, x = [], start
    for _ in range(n):
        out.append(x)
        x = x + step
    return make_list(out)


@prim("iota")
def iota(n, start=0, step=1):
    """(iota count [start step])"""
    check_index("iota", n)
    charge_list(n, "iota")
    return make_list([start + i * step for i in range(n)])


@prim("make-list")
def make_list_(n, v=0):
    """(make-list k v)"""
    check_index("make-list", n)
    charge_list(n, "make-list")
    return make_list([v] * n)


@prim("build-list")
def build_list(n, f):
    """(build-list n proc)"""
    check_index("build-list", n)
    charge_list(n, "build-list")
    return make_list([call1(f, i) for i in range(n)])


@prim("flatten")
def flatten(v):
    """(flatten v): without recursion, so deep trees are fine"""
    out, stack = [], [v]
    while stack:
        x = stack.pop()
        if type(x) is Pair:
            stack.append(x.cdr)
            stack.append(x.car)
        elif x is not NIL:
            out.append(x)
    charge_list(len(out), "flatten")
    return make_list(out)


@prim("add-between")
def add_between(lst, sep):
    """(add-between lst v)"""
    out = []
    for i, x in enumerate(to_pylist("add-between", lst)):
        if i:
            out.append(sep)
        out.append(x)
    return make_list(out)


@prim("list-set")
def list_set(lst, k, v):
    """(list-set lst pos v)"""
    items = to_pylist("list-set", lst)
    check_index("list-set", k)
    if k >= len(items):
        raise SchemeError(f"list-set: index {k} is too large for the list", kind="fail:contract")
    items[k] = v
    return make_list(items)


@prim("list-update")
def list_update(lst, k, f):
    """(list-update lst pos proc)"""
    items = to_pylist("list-update", lst)
    check_index("list-update", k)
    if k >= len(items):
        raise SchemeError(f"list-update: index {k} is too large for the list", kind="fail:contract")
    items[k] = call1(f, items[k])
    return make_list(items)


@prim("shuffle", run=True)
def shuffle(ctx, lst):
    """(shuffle lst): uses the run's seeded generator"""
    items = to_pylist("shuffle", lst)
    ctx.rng.shuffle(items)
    return make_list(items)


@prim("check-duplicates")
def check_duplicates(lst):
    """(check-duplicates lst) -> the first duplicate or #f"""
    seen = set()
    for x in to_pylist("check-duplicates", lst):
        k = hash_key(x)
        if k in seen:
            return x
        seen.add(k)
    return False


@prim("cartesian-product")
def cartesian_product(*lists):
    """(cartesian-product lst ...)"""
    import itertools

    cols = [to_pylist("cartesian-product", lst) for lst in lists]
    total = 1
    for c in cols:
        total *= max(1, len(c))
    charge_list(total * max(1, len(cols)), "cartesian-product")
    return make_list([make_list(list(row)) for row in itertools.product(*cols)])


@prim("combinations")
def combinations(lst, k=None):
    """(combinations lst [size])"""
    import itertools
    import math

    items = to_pylist("combinations", lst)
    if k is None:
        charge_list((2 ** min(len(items), 40)) * max(1, len(items)), "combinations")
        return make_list([make_list(list(c)) for r in range(len(items) + 1)
                          for c in itertools.combinations(items, r)])
    check_index("combinations", k)
    charge_list(math.comb(len(items), k) * max(1, k), "combinations")
    return make_list([make_list(list(c)) for c in itertools.combinations(items, k)])


@prim("permutations")
def permutations(lst):
    """(permutations lst)"""
    import itertools
    import math

    items = to_pylist("permutations", lst)
    charge_list(math.factorial(min(len(items), 20)) * max(1, len(items)), "permutations")
    return make_list([make_list(list(p)) for p in itertools.permutations(items)])


@prim("list-prefix?")
def list_prefix_p(a, b):
    """(list-prefix? l r)"""
    xs, ys = to_pylist("list-prefix?", a), to_pylist("list-prefix?", b)
    return len(xs) <= len(ys) and all(equal(x, y) for x, y in zip(xs, ys))


TABLE_CONSTANTS = {"empty": NIL, "null": NIL, "true": True, "false": False}


@prim("sum")
def sum_(lst):
    """(sum lst) — not in racket/base; provided for convenience (math/base has it)"""
    acc: Any = 0
    for x in to_pylist("sum", lst):
        acc = add(acc, x)
    return acc


def _install_constants() -> None:
    TABLE.update(TABLE_CONSTANTS)


_install_constants()
