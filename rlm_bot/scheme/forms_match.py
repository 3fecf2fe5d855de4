"""racket/match: (match v [pattern body ...] ...), match*, match-define, match-lambda, match-let.

Patterns: _, id, literals, 'datum, (list p ...) with `p ...` ellipses, (list* p ... tail),
(cons a d), (vector p ...), (? pred p ...), (and p ...), (or p ...), (not p), (app f p),
(== v), (struct-id p ...), quasipatterns `(a ,x ,@rest); a clause may add #:when expr.
"""

from __future__ import annotations

from typing import Any, Callable

from rlm_bot.scheme import evaluator as ev
from rlm_bot.scheme.compiler import DEFINERS, Compiler, special
from rlm_bot.scheme.environment import CompileScope
from rlm_bot.scheme.errors import SchemeError
from rlm_bot.scheme.forms_data import definition_setter
from rlm_bot.scheme.primitives.equality import equal
from rlm_bot.scheme.printer import to_print
from rlm_bot.scheme.values import (
    NIL, UNDEFINED, VOID, Char, Keyword, Pair, Struct, StructType, Symbol,
    list_to_py, make_list, sym,
)

Matcher = Callable[[Any, list], bool]
_ELLIPSIS, _WILD, _WHEN = sym("..."), sym("_"), Keyword.intern("when")
_QUOTE, _QQ, _UNQ, _UNQS = sym("quote"), sym("quasiquote"), sym("unquote"), sym("unquote-splicing")


class _Pat:
    """Compiles one clause's pattern; pattern variables get slots of `scope`."""

    def __init__(self, c: Compiler, scope: CompileScope, where: Any) -> None:
        self.c, self.scope, self.where = c, scope, where

    def var(self, name: Symbol) -> int:
        return self.scope.add(name, checked=False)

    def compile(self, p: Any) -> Matcher:
        t = type(p)
        if t is Symbol:
            if p is _WILD:
                return lambda v, f: True
            if p is _ELLIPSIS:
                raise self.c.error("match: `...` must follow a pattern", self.where)
            slot = self.var(p)

            def bind(v, f, slot=slot):
                f[slot] = v
                return True

            return bind
        if t in (int, float, str, bool, Char, Keyword) or p is NIL:
            return lambda v, f: equal(v, p)
        if t is not Pair:
            return lambda v, f: equal(v, p)
        head, args = p.car, list_to_py(p.cdr)
        if args is None:
            raise self.c.error("match: bad pattern", self.where)
        name = head.name if type(head) is Symbol else None
        if name == "quote":
            datum = args[0]
            return lambda v, f: equal(v, datum)
        if name == "quasiquote":
            return self.quasi(args[0])
        if name == "list":
            return self.seq(args, NIL)
        if name == "list*":
            return self.seq(args[:-1], args[-1], tail_pattern=True)
        if name == "cons":
            a, d = self.compile(args[0]), self.compile(args[1])
            return lambda v, f: type(v) is Pair and a(v.car, f) and d(v.cdr, f)
        if name == "vector":
            inner = self.seq(args, NIL)
            return lambda v, f: type(v) is list and inner(make_list(v), f)
        if name == "?":
            pred = self.c.compile(args[0], self.scope, False, 1)
            rest = [self.compile(a) for a in args[1:]]
            return lambda v, f: (ev.apply_procedure(pred(f), [v]) is not False
                                 and all(m(v, f) for m in rest))
        if name == "and":
            parts = [self.compile(a) for a in args]
            return lambda v, f: all(m(v, f) for m in parts)
        if name == "or":
            parts = [self.compile(a) for a in args]
            return lambda v, f: any(m(v, f) for m in parts)
        if name == "not":
            inner = self.compile(args[0])
            return lambda v, f: not inner(v, f)
        if name == "app":
            fn = self.c.compile(args[0], self.scope, False, 1)
            inner = self.compile(args[1])
            return lambda v, f: inner(ev.apply_procedure(fn(f), [v]), f)
        if name == "==":
            expr = self.c.compile(args[0], self.scope, False, 1)
            return lambda v, f: equal(v, expr(f))
        if name is not None:
            return self.struct(head, args)
        raise self.c.error("match: bad pattern", self.where)

    def seq(self, pats: list, tail: Any, tail_pattern: bool = False) -> Matcher:
        """(list p ...) with at most one `p ...`; `tail` matches what follows."""
        if _ELLIPSIS in pats:
            i = pats.index(_ELLIPSIS)
            if i == 0:
                raise self.c.error("match: `...` must follow a pattern", self.where)
            before = [self.compile(x) for x in pats[: i - 1]]
            rep_pat = pats[i - 1]
            rep = self.compile(rep_pat)
            rep_vars = [self.scope.slots[n] for n in _pattern_vars(rep_pat)]
            after = [self.compile(x) for x in pats[i + 1:]]
            tail_m = self.compile(tail) if tail_pattern else None

            def match_rep(v, f):
                items = []
                x = v
                while type(x) is Pair:
                    items.append(x.car)
                    x = x.cdr
                if tail_m is None and x is not NIL:
                    return False
                n_fixed = len(before) + len(after)
                if len(items) < n_fixed:
                    return False
                for m, item in zip(before, items):
                    if not m(item, f):
                        return False
                middle = items[len(before): len(items) - len(after)]
                collected = [[] for _ in rep_vars]
                for item in middle:
                    if not rep(item, f):
                        return False
                    for k, slot in enumerate(rep_vars):
                        collected[k].append(f[slot])
                for k, slot in enumerate(rep_vars):
                    f[slot] = make_list(collected[k])
                for m, item in zip(after, items[len(items) - len(after):]):
                    if not m(item, f):
                        return False
                return tail_m(x, f) if tail_m is not None else True

            return match_rep
        ms = [self.compile(x) for x in pats]
        tail_m = self.compile(tail) if tail_pattern else None

        def match_list(v, f):
            x = v
            for m in ms:
                if type(x) is not Pair or not m(x.car, f):
                    return False
                x = x.cdr
            return tail_m(x, f) if tail_m is not None else x is NIL

        return match_list

    def quasi(self, q: Any) -> Matcher:
        if type(q) is Pair and q.car is _UNQ:
            return self.compile(q.cdr.car)
        if type(q) is Pair:
            items, x = [], q
            while type(x) is Pair and x.car is not _UNQ:
                items.append(x.car)
                x = x.cdr
            if items and type(items[-1]) is Pair and items[-1].car is _UNQS:
                last = self.compile(items[-1].cdr.car)
                head = [self.quasi(i) for i in items[:-1]]

                def spliced(v, f):
                    y = v
                    for m in head:
                        if type(y) is not Pair or not m(y.car, f):
                            return False
                        y = y.cdr
                    return last(y, f)

                return spliced
            ms = [self.quasi(i) for i in items]
            tail = self.quasi(x) if x is not NIL else None

            def match_q(v, f):
                y = v
                for m in ms:
                    if type(y) is not Pair or not m(y.car, f):
                        return False
                    y = y.cdr
                return tail(y, f) if tail is not None else y is NIL

            return match_q
        if type(q) is list:
            inner = self.quasi(make_list(q))
            return lambda v, f: type(v) is list and inner(make_list(v), f)
        return lambda v, f: equal(v, q)

    def struct(self, head: Symbol, args: list) -> Matcher:
        type_ref = self.c.variable(sym(f"struct:{head.name}"), self.scope)
        fields = [self.compile(a) for a in args]

        def match_struct(v, f):
            stype = type_ref(f)
            if type(stype) is not StructType:
                raise SchemeError(f"match: {head.name} is not a structure type", kind="fail:contract")
            if type(v) is not Struct:
                return False
            t = v.type
            while t is not None and t is not stype:
                t = t.parent
            if t is None or len(fields) > len(v.fields):
                return False
            return all(m(x, f) for m, x in zip(fields, v.fields))

        return match_struct


def _pattern_vars(p: Any) -> list[Symbol]:
    if type(p) is Symbol:
        return [] if p in (_WILD, _ELLIPSIS) else [p]
    if type(p) is not Pair:
        return []
    head = p.car
    if head is _QUOTE:
        return []
    if type(head) is Symbol and head.name in ("?", "app", "=="):
        rest = list_to_py(p.cdr) or []
        return [v for a in rest[1:] for v in _pattern_vars(a)] if head.name != "==" else []
    out = []
    x = p if type(head) is not Symbol or head.name in ("quasiquote",) else p.cdr
    while type(x) is Pair:
        out.extend(_pattern_vars(x.car))
        x = x.cdr
    return out


DEFINERS["match-define"] = lambda head, args: _pattern_vars(args[0])


def _clauses(c: Compiler, clauses: list, scope, tail: bool, depth: int, where: Any, arity: int):
    out = []
    for clause in clauses:
        items = list_to_py(clause)
        if not items or len(items) < 2:
            raise c.error("match: each clause is [pattern body ...]", where)
        inner = CompileScope([], scope)
        pats = list_to_py(items[0]) if arity > 1 else [items[0]]
        if pats is None or len(pats) != arity:
            raise c.error(f"match*: each clause needs {arity} patterns", where)
        pc = _Pat(c, inner, where)
        matchers = [pc.compile(p) for p in pats]
        body_forms = items[1:]
        guard = None
        if len(body_forms) >= 2 and body_forms[0] is _WHEN:
            guard = c.compile(body_forms[1], inner, False, depth + 1)
            body_forms = body_forms[2:]
        body = c.scoped_body(body_forms, inner, where, tail, depth + 1)
        out.append((matchers, guard, body, inner))
    return out


def _run(clauses, env, values: list, who: str):
    for matchers, guard, body, inner in clauses:
        frame = [UNDEFINED] * (inner.size + 1)
        frame[0] = env
        if all(m(v, frame) for m, v in zip(matchers, values)) and (guard is None or guard(frame) is not False):
            return body(frame)
    shown = " ".join(to_print(v, 60) for v in values)
    raise SchemeError(f"{who}: no matching clause for {shown}", kind="fail:contract")


# (match expr [pattern body ...] ...)
@special("match")
def match_form(c, x, scope, tail, depth):
    """Compile (match expr [pattern body ...] ...)"""
    items = list_to_py(x.cdr)
    if not items:
        raise c.error("match: bad syntax; expected (match expr [pattern body ...] ...)", x)
    subject = c.compile(items[0], scope, False, depth + 1)
    clauses = _clauses(c, items[1:], scope, tail, depth, x, 1)
    return lambda env: _run(clauses, env, [subject(env)], "match")


# (match* (expr ...) [(pattern ...) body ...] ...)
@special("match*")
def match_star_form(c, x, scope, tail, depth):
    """Compile (match* (expr ...) [(pattern ...) body ...] ...)"""
    items = list_to_py(x.cdr)
    exprs = list_to_py(items[0]) if items else None
    if exprs is None:
        raise c.error("match*: bad syntax", x)
    subjects = [c.compile(e, scope, False, depth + 1) for e in exprs]
    clauses = _clauses(c, items[1:], scope, tail, depth, x, len(subjects))
    return lambda env: _run(clauses, env, [s(env) for s in subjects], "match*")


# (match-lambda [pattern body ...] ...)
@special("match-lambda")
def match_lambda_form(c, x, scope, tail, depth):
    """Compile (match-lambda [pattern body ...] ...)"""
    arg = sym(" match-arg")
    lam = Pair(sym("lambda"), Pair(Pair(arg, NIL), Pair(Pair(sym("match"), Pair(arg, x.cdr)), NIL)))
    c.positions[id(lam)] = c.pos(x)
    return c.compile(lam, scope, tail, depth)


# (match-let ([pattern expr] ...) body ...)
@special("match-let")
def match_let_form(c, x, scope, tail, depth):
    """Compile (match-let ([pattern expr] ...) body ...)"""
    items = list_to_py(x.cdr)
    binds = [list_to_py(b) for b in (list_to_py(items[0]) or [])] if items else None
    if not items or binds is None or any(b is None or len(b) != 2 for b in binds):
        raise c.error("match-let: bad syntax", x)
    pats = make_list([b[0] for b in binds])
    exprs = make_list([b[1] for b in binds])
    form = Pair(sym("match*"), Pair(exprs, Pair(Pair(pats, make_list(items[1:])), NIL)))
    c.positions[id(form)] = c.pos(x)
    return c.compile(form, scope, tail, depth)


# (match-define pattern expr)
@special("match-define")
def match_define_form(c, x, scope, tail, depth):
    """Compile (match-define pattern expr)"""
    items = list_to_py(x.cdr)
    if not items or len(items) != 2:
        raise c.error("match-define: bad syntax; expected (match-define pattern expr)", x)
    names = _pattern_vars(items[0])
    value = c.compile(items[1], scope, False, depth + 1)
    inner = CompileScope([], scope)
    matcher = _Pat(c, inner, x).compile(items[0])
    slots = [inner.slots[n] for n in names]
    targets = [definition_setter(c, n, scope, x) for n in names]

    def match_define(env):
        frame = [UNDEFINED] * (inner.size + 1)
        frame[0] = env
        v = value(env)
        if not matcher(v, frame):
            raise SchemeError(f"match-define: no match for {to_print(v, 60)}", kind="fail:contract")
        for slot, assign in zip(slots, targets):
            assign(env, frame[slot])
        return VOID

    return match_define

