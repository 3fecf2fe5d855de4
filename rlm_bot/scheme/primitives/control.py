"""Control: apply, values, escape continuations, dynamic-wind, errors, parameters, finish."""

from __future__ import annotations

from typing import Any

from rlm_bot.scheme import evaluator as ev
from rlm_bot.scheme.errors import ContinuationJump, Finish, SchemeError
from rlm_bot.scheme.primitives.base import TABLE, check_proc, contract, prim, show, to_pylist
from rlm_bot.scheme.primitives.output import format_string
from rlm_bot.scheme.runstate import TLS
from rlm_bot.scheme.values import (
    EOF, VOID, CaseLambda, Closure, Continuation, Exn, Keyword, MultipleValues, Parameter,
    Primitive, Procedure, Symbol,
)


class TailPrimitive(Primitive):
    """A primitive that may return a pending tail call `(procedure, frame)` (e.g. `apply`)."""

    __slots__ = ()


def _apply(f, *args):
    """(apply proc v ... lst): a proper tail call when in tail position"""
    check_proc("apply", f)
    if not args:
        raise contract("apply", "a list as last argument", VOID)
    tail = to_pylist("apply", args[-1])
    all_args = [*args[:-1], *tail]
    if type(f) is Closure:
        return (f, [None, *all_args])
    return ev.apply_slow(f, all_args, None, True)


TABLE["apply"] = TailPrimitive("apply", _apply)


@prim("values")
def values(*vals):
    """(values v ...)"""
    return vals[0] if len(vals) == 1 else MultipleValues(list(vals))


@prim("call-with-values")
def call_with_values(producer, consumer):
    """(call-with-values producer consumer)"""
    return ev.apply_procedure(consumer, ev.force_values(ev.apply_procedure(producer, [])))


def call_ec(proc: Any) -> Any:
    """Call `proc` with an escape continuation valid during the call."""
    k = Continuation()
    st = TLS.st
    saved = (st.depth, st.sdepth, st.params)
    try:
        return ev.apply_procedure(proc, [k])
    except ContinuationJump as jump:
        if jump.k is not k:
            raise
        st = TLS.st
        st.depth, st.sdepth, st.params = saved
        return jump.value
    finally:
        k.active = False


@prim("call/cc", "call-with-current-continuation", "call/ec", "call-with-escape-continuation")
def call_cc(proc):
    """(call/cc proc): escape-only continuations (re-entry is a clean error)"""
    check_proc("call/cc", proc)
    return call_ec(proc)


@prim("dynamic-wind")
def dynamic_wind(pre, thunk, post):
    """(dynamic-wind pre thunk post): post runs however thunk exits"""
    ev.apply_procedure(pre, [])
    try:
        return ev.apply_procedure(thunk, [])
    finally:
        ev.apply_procedure(post, [])


@prim("finish")
def finish(v=VOID):
    """(finish v): end the run now with value v (cannot be caught)"""
    raise Finish(v)


def _format(fmt: str, args: tuple) -> str:
    return format_string("error", fmt, list(args))


@prim("error")
def error(first=None, *args):
    """(error 'who "format ~a" v ...) | (error "message" v ...) | (error 'sym)"""
    if type(first) is Symbol:
        if not args:
            message = f"error: {first.name}"
        elif type(args[0]) is str:
            message = f"{first.name}: {_format(args[0], args[1:])}"
        else:
            message = f"{first.name}: " + " ".join(show(a) for a in args)
    elif type(first) is str:
        message = first + "".join(" " + show(a) for a in args)
    else:
        message = " ".join(show(a) for a in (first, *args))
    raise SchemeError(message, kind="fail")


@prim("raise")
def raise_(v, barrier=True):
    """(raise v): raise any value; exceptions made by error/make-exn keep their kind"""
    if type(v) is Exn:
        raise SchemeError(v.message, kind=v.kind, value=v)
    raise SchemeError(f"uncaught exception: {show(v)}", kind="raise", value=v)


@prim("raise-argument-error")
def raise_argument_error(name, expected, v, *more):
    """(raise-argument-error 'name "expected" v)"""
    who = name.name if type(name) is Symbol else str(name)
    raise SchemeError(f"{who}: contract violation\n  expected: {expected}\n  given: {show(v)}",
                      kind="fail:contract")


@prim("raise-user-error")
def raise_user_error(first, *args):
    """(raise-user-error 'who "format" v ...)"""
    try:
        error(first, *args)
    except SchemeError as exc:
        raise SchemeError(exc.message, kind="fail:user") from None


@prim("make-exn:fail", "make-exn", "exn:fail", "exn")
def make_exn_fail(message, marks=None):
    """(make-exn:fail message marks)"""
    if type(message) is not str:
        raise contract("make-exn:fail", "string?", message)
    return Exn(message, "fail")


@prim("make-exn:fail:user", "exn:fail:user")
def make_exn_user(message, marks=None):
    """(make-exn:fail:user message marks)"""
    return Exn(str(message), "fail:user")


@prim("current-continuation-marks")
def current_continuation_marks(*args):
    """(current-continuation-marks): an empty placeholder"""
    return VOID


@prim("exn-message")
def exn_message(e):
    """(exn-message e)"""
    if type(e) is not Exn:
        raise contract("exn-message", "exn?", e)
    return e.message


def _exn_pred(name: str, prefix: str) -> None:
    def pred(v):
        return type(v) is Exn and (v.kind == prefix or v.kind.startswith(prefix + ":") or prefix == "")

    pred.__doc__ = f"({name} v)"
    prim(name)(pred)


for _name, _prefix in (("exn?", ""), ("exn:fail?", "fail"), ("exn:fail:contract?", "fail:contract"),
                       ("exn:fail:contract:divide-by-zero?", "fail:contract:divide-by-zero"),
                       ("exn:fail:contract:arity?", "fail:contract:arity"),
                       ("exn:fail:contract:variable?", "fail:contract:variable"),
                       ("exn:fail:user?", "fail:user"), ("exn:fail:read?", "fail:read"),
                       ("exn:fail:out-of-memory?", "fail:out-of-memory")):
    _exn_pred(_name, _prefix)


@prim("void")
def void(*args):
    """(void v ...)"""
    return VOID


@prim("void?")
def void_p(v):
    """(void? v)"""
    return v is VOID


@prim("procedure?")
def procedure_p(v):
    """(procedure? v)"""
    return isinstance(v, Procedure)


@prim("boolean?")
def boolean_p(v):
    """(boolean? v)"""
    return v is True or v is False


@prim("not")
def not_(v):
    """(not v)"""
    return v is False


@prim("symbol?")
def symbol_p(v):
    """(symbol? v)"""
    return type(v) is Symbol


@prim("keyword?")
def keyword_p(v):
    """(keyword? v)"""
    return type(v) is Keyword


@prim("identity")
def identity(v):
    """(identity v)"""
    return v


@prim("const")
def const(v):
    """(const v) -> a procedure returning v"""
    return Primitive("const", lambda *args, **kw: v)


@prim("thunk?")
def thunk_p(v):
    """(thunk? v)"""
    return isinstance(v, Procedure)


@prim("negate")
def negate(f):
    """(negate proc)"""
    check_proc("negate", f)
    return Primitive("negate", lambda *args: ev.apply_procedure(f, list(args)) is False, reenters=True)


@prim("compose", "compose1")
def compose(*fs):
    """(compose f g ...) -> applies the last first"""
    for f in fs:
        check_proc("compose", f)

    def composed(*args):
        vals = list(args)
        for f in reversed(fs):
            vals = ev.force_values(ev.apply_procedure(f, vals))
        return vals[0] if len(vals) == 1 else MultipleValues(vals)

    return Primitive("composed", composed, reenters=True)


@prim("curry")
def curry(f, *args):
    """(curry f v ...) -> partial application from the left"""
    return Primitive("curried", lambda *more: ev.apply_procedure(f, [*args, *more]), reenters=True)


@prim("curryr")
def curryr(f, *args):
    """(curryr f v ...) -> partial application from the right"""
    return Primitive("curried", lambda *more: ev.apply_procedure(f, [*more, *args]), reenters=True)


@prim("procedure-arity-includes?")
def arity_includes(f, n):
    """(procedure-arity-includes? proc k)"""
    if type(f) is Closure:
        return ev.arity_fits(f.code, n)
    if type(f) is CaseLambda:
        return any(ev.arity_fits(c.code, n) for c in f.clauses)
    if isinstance(f, Primitive):
        return f.min_args <= n and (f.max_args is None or n <= f.max_args)
    return False


@prim("make-parameter")
def make_parameter(value, guard=False, name=None):
    """(make-parameter v [guard]) -> parameter procedure"""
    g = None if guard is False else guard
    p = Parameter(value, g, name.name if type(name) is Symbol else None)
    if g is not None:
        p.value = ev.guard_value(p, value)
    return p


@prim("parameter?")
def parameter_p(v):
    """(parameter? v)"""
    return type(v) is Parameter


class Promise:
    """`delay`: computed once, on the first `force`."""

    scheme_name = "promise"
    __slots__ = ("thunk", "value", "done")

    def __init__(self, thunk: Any) -> None:
        self.thunk = thunk
        self.value = None
        self.done = False


@prim("force")
def force(p):
    """(force promise)"""
    if type(p) is not Promise:
        return p
    if not p.done:
        v = ev.resolve(p.thunk())
        if not p.done:
            p.value, p.done = v, True
    return p.value


@prim("promise?")
def promise_p(v):
    """(promise? v)"""
    return type(v) is Promise


@prim("eof-object")
def eof_object():
    """(eof-object)"""
    return EOF


@prim("eof-object?")
def eof_object_p(v):
    """(eof-object? v)"""
    return v is EOF


@prim("sleep", run=True)
def sleep(ctx, secs=0):
    """(sleep secs): waits, but never past the run's deadline"""
    import time

    end = time.monotonic() + max(0.0, float(secs))
    while True:
        ctx.check()
        left = end - time.monotonic()
        if left <= 0:
            return VOID
        time.sleep(min(left, 0.05))


@prim("current-milliseconds")
def current_milliseconds():
    """(current-milliseconds)"""
    import time

    return int(time.time() * 1000)


@prim("current-inexact-milliseconds")
def current_inexact_milliseconds():
    """(current-inexact-milliseconds)"""
    import time

    return time.time() * 1000.0


@prim("current-seconds")
def current_seconds():
    """(current-seconds)"""
    import time

    return int(time.time())


@prim("list->values")
def list_to_values(lst):
    """(list->values lst) — convenience"""
    items = to_pylist("list->values", lst)
    return items[0] if len(items) == 1 else MultipleValues(items)

