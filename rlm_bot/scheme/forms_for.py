"""Racket `for` loops and sequences.

(for (clause ...) body ...+) and for/list, for/vector, for/hash, for/hasheq, for/and, for/or,
for/sum, for/product, for/first, for/last, for/fold, and the for* variants; a clause is
[id seq], [(id ...) seq], #:when expr, #:unless expr, #:break expr or #:final expr.
Every iteration binds fresh variables (closures capture that iteration's values) and counts a step.
"""

from __future__ import annotations

import itertools
from typing import Any, Iterator

from rlm_bot.scheme import evaluator as ev
from rlm_bot.scheme.compiler import special
from rlm_bot.scheme.environment import CompileScope
from rlm_bot.scheme.errors import SchemeError
from rlm_bot.scheme.primitives.base import charge_list, check_num, contract, prim
from rlm_bot.scheme.primitives.numeric import add, mul
from rlm_bot.scheme.runstate import TLS, current_run
from rlm_bot.scheme.values import (
    NIL, UNDEFINED, VOID, Char, HashTable, Keyword, MultipleValues, Pair, Sequence, SetValue, Symbol,
    Values, list_to_py, make_list,
)


def to_iter(v: Any, who: str = "for") -> Iterator[Any]:
    """A Python iterator over a Scheme sequence (lists, vectors, strings, hashes, n, in-*)."""
    t = type(v)
    if t is Pair or v is NIL:
        return _list_iter(v)
    if t is list:
        return iter(list(v))
    if t is str:
        return (Char(c) for c in v)
    if t is int and v >= 0:
        return iter(range(v))
    if t is HashTable:
        return (Values([k, x]) for k, x in v.items())
    if t is Sequence:
        return v.make()
    if t is SetValue:
        return iter(list(v.data.values()))
    raise contract(who, "sequence? (a list, vector, string, hash, natural number or in-... form)", v)


def _list_iter(x: Any) -> Iterator[Any]:
    start = x
    while type(x) is Pair:
        yield x.car
        x = x.cdr
    if x is not NIL:
        raise contract("in-list", "list?", start)


@prim("in-range")
def in_range(a, b=None, step=1):
    """(in-range end) / (in-range start end [step]): lazy"""
    start, end = (0, a) if b is None else (a, b)
    for x in (start, end, step):
        check_num("in-range", x)
    if step == 0:
        raise contract("in-range", "a non-zero step", step)
    if all(type(x) is int for x in (start, end, step)):
        return Sequence(lambda: iter(range(start, end, step)))

    def gen():
        x = start
        while (x < end) if step > 0 else (x > end):
            yield x
            x += step

    return Sequence(gen)


@prim("in-naturals")
def in_naturals(start=0):
    """(in-naturals [start])"""
    return Sequence(lambda: itertools.count(start))


@prim("in-list")
def in_list(lst):
    """(in-list lst)"""
    if type(lst) is not Pair and lst is not NIL:
        raise contract("in-list", "list?", lst)
    return Sequence(lambda: _list_iter(lst))


@prim("in-vector")
def in_vector(v, start=0, end=None):
    """(in-vector vec [start end])"""
    if type(v) is not list:
        raise contract("in-vector", "vector?", v)
    return Sequence(lambda: iter(v[start:end]))


@prim("in-string")
def in_string(s):
    """(in-string s)"""
    if type(s) is not str:
        raise contract("in-string", "string?", s)
    return Sequence(lambda: (Char(c) for c in s))


@prim("in-hash")
def in_hash(h):
    """(in-hash h): two values per element, key and value"""
    if type(h) is not HashTable:
        raise contract("in-hash", "hash?", h)
    return Sequence(lambda: (Values([k, x]) for k, x in h.items()))


@prim("in-hash-keys")
def in_hash_keys(h):
    """(in-hash-keys h)"""
    if type(h) is not HashTable:
        raise contract("in-hash-keys", "hash?", h)
    return Sequence(lambda: (k for k, _ in h.items()))


@prim("in-hash-values")
def in_hash_values(h):
    """(in-hash-values h)"""
    if type(h) is not HashTable:
        raise contract("in-hash-values", "hash?", h)
    return Sequence(lambda: (x for _, x in h.items()))


@prim("in-indexed")
def in_indexed(seq):
    """(in-indexed seq): two values, element and index"""
    return Sequence(lambda: (Values([x, i]) for i, x in enumerate(to_iter(seq, "in-indexed"))))


@prim("in-value")
def in_value(v):
    """(in-value v)"""
    return Sequence(lambda: iter([v]))


@prim("in-cycle")
def in_cycle(*seqs):
    """(in-cycle seq ...)"""
    return Sequence(lambda: itertools.cycle(list(itertools.chain(*[to_iter(s, "in-cycle") for s in seqs]))))


@prim("sequence->list")
def sequence_to_list(seq):
    """(sequence->list seq)"""
    items = []
    for x in to_iter(seq, "sequence->list"):
        items.append(x)
        if len(items) % 100_000 == 0:
            charge_list(100_000, "sequence->list")
            current_run().check()
    return make_list(items)


@prim("sequence?")
def sequence_p(v):
    """(sequence? v)"""
    return type(v) in (Pair, list, str, HashTable, Sequence) or v is NIL or (type(v) is int and v >= 0)


_WHEN, _UNLESS, _BREAK, _FINAL = (Keyword.intern(k) for k in ("when", "unless", "break", "final"))
_RESULT = Keyword.intern("result")


class _Stop(Exception):
    pass


def _groups(c, clauses: list, star: bool, where: Any) -> list[tuple]:
    """Split clauses into binding groups and guards: ("bind", [(ids, expr)]) / ("when", expr) ..."""
    out: list[tuple] = []
    i = 0
    while i < len(clauses):
        cl = clauses[i]
        if type(cl) is Keyword:
            if cl not in (_WHEN, _UNLESS, _BREAK, _FINAL) or i + 1 >= len(clauses):
                raise c.error(f"for: bad clause keyword #:{cl.name}", where)
            out.append((cl.name, clauses[i + 1]))
            i += 2
            continue
        items = list_to_py(cl)
        if not items or len(items) != 2:
            raise c.error("for: each clause is [id sequence] or [(id ...) sequence]", where)
        ids = [items[0]] if type(items[0]) is Symbol else list_to_py(items[0])
        if not ids or any(type(x) is not Symbol for x in ids):
            raise c.error("for: bad identifier in clause", where)
        if out and out[-1][0] == "bind" and not star:
            out[-1][1].append((ids, items[1]))
        else:
            out.append(("bind", [(ids, items[1])]))
        i += 1
    return out


def compile_loop(c, clauses: list, body_forms: list, scope, depth: int, star: bool, where: Any,
                 outer: CompileScope | None = None):
    """Compile clauses + body into `gen(env) -> iterator of body values`."""
    steps = []
    cur = scope
    for kind, data in _groups(c, clauses, star, where):
        if kind == "bind":
            exprs = [c.compile(e, cur, False, depth + 1) for _, e in data]
            arities = [len(ids) for ids, _ in data]
            names = [n for ids, _ in data for n in ids]
            cur = CompileScope(names, cur)
            steps.append(("bind", exprs, arities))
        else:
            steps.append((kind, c.compile(data, cur, False, depth + 1)))
    inner = CompileScope([], cur)
    body = c.scoped_body(body_forms, inner, where, False, depth + 1)
    extra = [UNDEFINED] * inner.size
    nsteps = len(steps)
    resolve = ev.resolve

    def run(level: int, env: Any) -> Iterator[Any]:
        if level == nsteps:
            yield ev.resolve(body([env, *extra]))
            return
        step = steps[level]
        kind = step[0]
        if kind == "bind":
            _, exprs, arities = step
            iters = [to_iter(e(env)) for e in exprs]
            st = TLS.st
            single = len(iters) == 1 and arities[0] == 1
            innermost = level + 1 == nsteps
            for row in (iters[0] if single else zip(*iters)):
                st.budget -= 1
                if st.budget < 0:
                    st.run.tick(st)
                if single:
                    if type(row) is Values:
                        raise SchemeError(f"for: expected 1 value from the sequence, received {len(row)}; "
                                          "bind a hash with [(k v) h]", kind="fail:contract:arity")
                    frame = [env, row]
                else:
                    frame = [env]
                    for n, v in zip(arities, row):
                        if n == 1:
                            if type(v) is Values:
                                raise SchemeError("for: expected 1 value from the sequence, received "
                                                  f"{len(v)}", kind="fail:contract:arity")
                            frame.append(v)
                        else:
                            vals = v if type(v) is Values else (v.items if type(v) is MultipleValues else [v])
                            if len(vals) != n:
                                raise SchemeError(f"for: expected {n} values from the sequence, got {len(vals)}",
                                                  kind="fail:contract:arity")
                            frame.extend(vals)
                if innermost:
                    yield resolve(body([frame, *extra]))
                else:
                    yield from run(level + 1, frame)
            return
        test = step[1]
        v = test(env)
        if kind == "when":
            if v is not False:
                yield from run(level + 1, env)
        elif kind == "unless":
            if v is False:
                yield from run(level + 1, env)
        elif kind == "break":
            if v is not False:
                raise _Stop()
            yield from run(level + 1, env)
        else:  # final: this iteration runs, then the loop stops
            yield from run(level + 1, env)
            if v is not False:
                raise _Stop()

    def gen(env: Any) -> Iterator[Any]:
        try:
            yield from run(0, env)
        except _Stop:
            return

    return gen


def _parts(c, x):
    items = list_to_py(x.cdr)
    if not items or len(items) < 2 or list_to_py(items[0]) is None:
        raise c.error(f"{x.car.name}: bad syntax; expected ({x.car.name} (clause ...) body ...+)", x)
    return items


def _reducer(kind: str):
    def reduce(values: Iterator[Any]) -> Any:
        if kind == "for":
            for _ in values:
                pass
            return VOID
        if kind in ("list", "vector"):
            out = list(values)
            return out if kind == "vector" else make_list(out)
        if kind in ("hash", "hasheq", "hasheqv"):
            h = HashTable(mutable=False, kind=kind[4:] or "equal")
            for v in values:
                if type(v) is not MultipleValues or len(v.items) != 2:
                    raise SchemeError("for/hash: body must return two values (key and value)",
                                      kind="fail:contract:arity")
                h.set(v.items[0], v.items[1])
            return h
        if kind == "sum":
            acc: Any = 0
            for v in values:
                acc = add(acc, v)
            return acc
        if kind == "product":
            acc = 1
            for v in values:
                acc = mul(acc, v)
            return acc
        if kind == "and":
            result: Any = True
            for v in values:
                result = v
                if v is False:
                    return False
            return result
        if kind == "or":
            for v in values:
                if v is not False:
                    return v
            return False
        if kind == "first":
            for v in values:
                return v
            return False
        if kind == "last":
            result = False
            for v in values:
                result = v
            return result
        if kind == "count":
            return sum(1 for v in values if v is not False)
        raise AssertionError(kind)

    return reduce


_KINDS = ("list", "vector", "hash", "hasheq", "hasheqv", "sum", "product", "and", "or", "first",
          "last", "count")


def _register(star: bool) -> None:
    prefix = "for*" if star else "for"

    # (for (clause ...) body ...+) / (for/KIND (clause ...) body ...+)
    def for_form(c, x, scope, tail, depth):
        """Compile (for (clause ...) body ...+) / (for/KIND (clause ...) body ...+)"""
        items = _parts(c, x)
        name = x.car.name
        kind = name.split("/", 1)[1] if "/" in name else "for"
        gen = compile_loop(c, list_to_py(items[0]), items[1:], scope, depth, star, x)
        reduce = _reducer(kind)
        return lambda env: reduce(gen(env))

    special(prefix, *[f"{prefix}/{k}" for k in _KINDS])(for_form)

    # (for/fold ([acc init] ... [#:result expr]) (clause ...) body ...+)
    def for_fold_form(c, x, scope, tail, depth):
        """Compile (for/fold ([acc init] ... [#:result expr]) (clause ...) body ...+)"""
        items = _parts(c, x)
        specs = list_to_py(items[0])
        result_expr = None
        if len(specs) >= 2 and specs[-2] is _RESULT:
            result_expr, specs = specs[-1], specs[:-2]
        accs = []
        for spec in specs:
            pair = list_to_py(spec)
            if not pair or len(pair) != 2 or type(pair[0]) is not Symbol:
                raise c.error("for/fold: each accumulator is [id init]", x)
            accs.append(pair)
        inits = [c.compile(e, scope, False, depth + 1) for _, e in accs]
        acc_scope = CompileScope([n for n, _ in accs], scope)
        clauses = list_to_py(list_to_py(x.cdr)[1])
        gen = compile_loop(c, clauses, items[2:], acc_scope, depth, star, x)
        result = c.compile(result_expr, acc_scope, False, depth + 1) if result_expr is not None else None
        n = len(accs)

        def for_fold(env):
            frame = [env, *[i(env) for i in inits]]
            for v in gen(frame):
                vals = v.items if type(v) is MultipleValues else [v]
                if len(vals) != n:
                    raise SchemeError(f"for/fold: expected {n} values from the body, received {len(vals)}",
                                      kind="fail:contract:arity")
                frame[1:] = vals
            if result is not None:
                return ev.resolve(result(frame))
            return frame[1] if n == 1 else MultipleValues(frame[1:])

        return for_fold

    special(f"{prefix}/fold")(for_fold_form)


_register(False)
_register(True)
