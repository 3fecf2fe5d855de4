"""Evaluator: procedure application, proper tail calls, deep recursion without RecursionError.

Compiled code (see compiler.py) is a tree of Python closures `node(frame) -> value`. A call in
tail position does not call: it returns the tuple `(procedure, frame)` and the nearest
non-tail call (`call_closure`) loops on it — a trampoline, so tail loops run in constant space.

Non-tail calls recurse natively (fast). Each thread keeps an estimate of the Python frames in
use; when it nears the per-thread recursion limit, the call continues in a fresh thread with
its own recursion depth and a fixed stack size, and the caller waits (`_hop`). Python's
recursion limit is never changed. Steps are counted per call and the clock, the cancel flag
and the step limit are checked every `TICK` steps, so limit checks stay cheap.
"""

from __future__ import annotations

import contextvars
import threading
from typing import Any

from rlm_bot.scheme.errors import ContinuationJump, LimitExceeded, SchemeError
from rlm_bot.scheme.printer import to_write
from rlm_bot.scheme.runstate import TLS, State
from rlm_bot.scheme.values import (
    NIL, UNDEFINED, VOID, CaseLambda, Closure, Continuation, MultipleValues, Parameter,
    Primitive, ReentrantPrimitive, make_list,
)

EVAL_STACK_BYTES = 16 * 1024 * 1024  # C stack of every evaluation thread (virtual memory)
APPLY_COST = 6  # Python frames used by a primitive that calls back into Scheme
_stack_lock = threading.Lock()


def start_thread(target: Any, name: str = "scheme-eval") -> threading.Thread:
    """Start a daemon thread with the evaluator's stack size."""
    with _stack_lock:
        old = threading.stack_size()
        try:
            threading.stack_size(EVAL_STACK_BYTES)
        except (ValueError, RuntimeError):  # platform refuses: keep the default
            pass
        try:
            # the starter's contextvars (a request's deadline) follow the run into its thread
            thread = threading.Thread(target=contextvars.copy_context().run, args=(target,), name=name,
                                      daemon=True)
            thread.start()
        finally:
            threading.stack_size(old)
    return thread


def call_closure(f: Closure, frame: list, cost: int) -> Any:
    """Apply closure `f` to `frame` ([None, arg1, ...]) in non-tail position."""
    st = TLS.st
    st.budget -= 1
    if st.budget < 0:
        st.run.tick(st)
    d = st.depth + cost
    if d > st.hop_at:
        return _hop(f, frame, cost)
    sd = st.sdepth + 1
    if sd > st.max_sdepth:
        raise LimitExceeded("max_depth", f"recursion depth limit exceeded: more than {st.max_sdepth} "
                            "nested calls (max_depth); use a tail-recursive loop or raise the limit")
    st.depth = d
    st.sdepth = sd
    code = f.code
    if len(frame) == code.fast_len:
        frame[0] = f.env
    else:
        frame = bind(f, frame, None)
    r = code.body(frame)
    while type(r) is tuple:
        f, frame = r
        if type(f) is Closure:
            st.budget -= 1
            if st.budget < 0:
                st.run.tick(st)
            code = f.code
            if len(frame) == code.fast_len:
                frame[0] = f.env
            else:
                frame = bind(f, frame, None)
            r = code.body(frame)
        else:
            r = apply_slow(f, frame[1:], None, True)
    st.depth = d - cost
    st.sdepth = sd - 1
    return r


def bounce(r: tuple) -> Any:
    """Run one pending tail call `(procedure, frame)`; may return another."""
    f, frame = r
    if type(f) is Closure:
        st = TLS.st
        st.budget -= 1
        if st.budget < 0:
            st.run.tick(st)
        code = f.code
        if len(frame) == code.fast_len:
            frame[0] = f.env
        else:
            frame = bind(f, frame, None)
        return code.body(frame)
    return apply_slow(f, frame[1:], None, True)


def _hop(f: Closure, frame: list, cost: int) -> Any:
    """Continue a deep non-tail call in a fresh thread (fresh recursion depth); wait for it."""
    return in_fresh_thread(lambda: call_closure(f, frame, cost))


def in_fresh_thread(thunk: Any) -> Any:
    """Run `thunk` in a new evaluation thread of the same run (depth starts at 0) and wait."""
    st = TLS.st
    st.run.tick(st)  # count steps and check time/cancel/memory at every hop: chains stay bounded
    box: list[Any] = []

    def body() -> None:
        st2 = State(st.run, st.sdepth, st.params)
        TLS.st = st2
        try:
            box.append((True, thunk()))
        except BaseException as exc:  # noqa: BLE001 - handed back to the waiting thread
            # drop this thread's frames: a traceback spanning thousands of hops would keep them
            # all alive and make unwinding quadratic in the garbage collector
            box.append((False, exc.with_traceback(None)))
        finally:
            st.run.flush(st2)
            TLS.st = None

    try:
        thread = start_thread(body, "scheme-deep")
    except RuntimeError:  # the host cannot start more threads: end this run, not the host
        raise LimitExceeded("max_depth", "recursion too deep for the host: no more evaluation "
                            "threads can be started (max_depth)") from None
    thread.join()
    ok, value = box[0] if box else (False, LimitExceeded("max_depth", "evaluation thread failed"))
    if ok:
        return value
    raise value


def resolve(r: Any) -> Any:
    """Finish a pending tail call `(procedure, frame)` (non-tail context)."""
    while type(r) is tuple:
        f, frame = r
        if type(f) is Closure:
            return call_closure(f, frame, APPLY_COST)
        r = apply_slow(f, frame[1:], None, True)
    return r


def apply_procedure(f: Any, args: list, kwargs: dict | None = None) -> Any:
    """Apply any Scheme procedure to Python lists of arguments (from primitives)."""
    if kwargs:
        return apply_kw(f, list(args), kwargs, None)
    if type(f) is Closure:
        return call_closure(f, [None, *args], APPLY_COST)
    if type(f) is Primitive:
        return f.call(*args)
    return resolve(apply_slow(f, list(args), None, False))


REENTRY_COST = 40  # extra frames assumed inside a host primitive (runtime code) before it re-enters


def apply_slow(f: Any, args: list, pos: Any, tail: bool, cost: int = APPLY_COST) -> Any:
    """Application of everything but the fast paths: re-entrant primitives, case-lambda,
    parameters, continuations."""
    t = type(f)
    if t is Closure:
        frame = [None, *args]
        return (f, frame) if tail else call_closure(f, frame, APPLY_COST)
    if t is ReentrantPrimitive:
        return call_reentrant(f, args, None, pos, tail, cost)
    if isinstance(f, Primitive):
        try:
            r = f.call(*args)
        except Exception as exc:
            raise prim_error(f, exc, pos, len(args)) from None
        return r if tail or type(r) is not tuple else resolve(r)
    if t is CaseLambda:
        for clause in f.clauses:
            if arity_fits(clause.code, len(args)):
                return apply_slow(clause, args, pos, tail)
        raise SchemeError(f"{f.name or 'case-lambda'}: arity mismatch; no clause accepts {len(args)} "
                          "arguments", kind="fail:contract:arity", pos=pos)
    if t is Parameter:
        return _apply_parameter(f, args, pos)
    if t is Continuation:
        if not f.active:
            raise SchemeError("continuation application: the escape continuation is no longer "
                              "active (only escapes to an enclosing call/cc are supported)", pos=pos)
        raise ContinuationJump(f, args[0] if len(args) == 1 else MultipleValues(list(args)))
    raise SchemeError(f"application: not a procedure; expected a procedure that can be applied to "
                      f"arguments, given: {to_write(f, 60)}", kind="fail:contract", pos=pos)


def call_reentrant(f: Primitive, args: list, kwargs: dict | None, pos: Any, tail: bool, cost: int) -> Any:
    """Call a primitive that may apply Scheme procedures, counting its Python frames."""
    st = TLS.st
    cost += REENTRY_COST if f.needs_run else 0
    if st.depth + cost > st.hop_at:
        return in_fresh_thread(lambda: call_reentrant(f, args, kwargs, pos, False, cost))
    st.depth += cost
    try:
        r = f.call(*args, **kwargs) if kwargs else f.call(*args)
    except Exception as exc:
        raise prim_error(f, exc, pos, len(args)) from None
    finally:
        TLS.st.depth -= cost
    return r if tail or type(r) is not tuple else resolve(r)


def apply_kw(f: Any, args: list, kwargs: dict, pos: Any) -> Any:
    """Application with keyword arguments ({Keyword: value})."""
    if type(f) is Closure:
        frame = bind(f, [None, *args], kwargs)
        return call_bound(f, frame)
    if isinstance(f, Primitive):
        names = {}
        for kw, value in kwargs.items():
            name = kw.py_name
            if not f.any_keywords and name not in f.keywords:
                allowed = ", ".join(sorted("#:" + k.replace("_", "-") for k in f.keywords)) or "none"
                raise SchemeError(f"{f.name}: does not accept keyword argument #:{kw.name}; "
                                  f"accepted: {allowed}", kind="fail:contract", pos=pos)
            names[name] = value
        if type(f) is ReentrantPrimitive:
            return call_reentrant(f, args, names, pos, False, APPLY_COST)
        try:
            r = f.call(*args, **names)
        except Exception as exc:
            raise prim_error(f, exc, pos) from None
        return resolve(r) if type(r) is tuple else r
    name = getattr(f, "name", None) or "procedure"
    raise SchemeError(f"application: {name} does not accept keyword arguments", kind="fail:contract",
                      pos=pos)


def call_bound(f: Closure, frame: list) -> Any:
    """Run a closure whose frame is already bound (keyword calls)."""
    st = TLS.st
    st.budget -= 1
    if st.budget < 0:
        st.run.tick(st)
    if st.depth + APPLY_COST > st.hop_at:
        return in_fresh_thread(lambda: call_bound(f, frame))
    if st.sdepth + 1 > st.max_sdepth:
        raise LimitExceeded("max_depth", f"recursion depth limit exceeded: more than {st.max_sdepth} "
                            "nested calls (max_depth); use a tail-recursive loop or raise the limit")
    st.depth += APPLY_COST
    st.sdepth += 1
    try:
        return resolve(f.code.body(frame))
    finally:
        st.depth -= APPLY_COST
        st.sdepth -= 1


def arity_fits(code: Any, n: int) -> bool:
    """Whether compiled lambda code accepts `n` positional arguments."""
    if n < code.nreq:
        return False
    return code.rest or n <= code.nreq + len(code.opt)


def bind(f: Closure, frame: list, kwargs: dict | None) -> list:
    """Build the frame of `f` from positional `frame[1:]` and keyword arguments."""
    code = f.code
    args = frame
    n = len(args) - 1
    nreq, nopt = code.nreq, len(code.opt)
    if n < nreq or (n > nreq + nopt and not code.rest):
        raise SchemeError(_arity_message(f, n), kind="fail:contract:arity", pos=code.pos)
    size = nreq + nopt + len(code.kws) + (1 if code.rest else 0) + code.extra
    new = [UNDEFINED] * (size + 1)
    new[0] = f.env
    new[1:nreq + 1] = args[1:nreq + 1]
    for j, default in enumerate(code.opt):
        i = nreq + j
        new[i + 1] = args[i + 1] if i < n else resolve(default(new))
    slot = nreq + nopt + 1
    given = dict(kwargs) if kwargs else {}
    for kw, default in code.kws:
        if kw in given:
            new[slot] = given.pop(kw)
        elif default is None:
            raise SchemeError(f"{code.name or 'procedure'}: required keyword argument #:{kw.name} "
                              "not supplied", kind="fail:contract", pos=code.pos)
        else:
            new[slot] = resolve(default(new))
        slot += 1
    if given:
        bad = ", ".join("#:" + k.name for k in given)
        raise SchemeError(f"{code.name or 'procedure'}: does not expect keyword argument(s) {bad}",
                          kind="fail:contract", pos=code.pos)
    if code.rest:
        new[slot] = make_list(args[nreq + nopt + 1:]) if n > nreq + nopt else NIL
    return new


def _arity_message(f: Closure, n: int) -> str:
    code = f.code
    if code.rest:
        expected = f"at least {code.nreq}"
    elif code.opt:
        expected = f"{code.nreq} to {code.nreq + len(code.opt)}"
    else:
        expected = str(code.nreq)
    return (f"{code.name or '#<procedure>'}: arity mismatch;\n the expected number of arguments does not "
            f"match the given number\n  expected: {expected}\n  given: {n}")


def _apply_parameter(p: Parameter, args: list, pos: Any) -> Any:
    st = TLS.st
    if not args:
        return st.params.get(p, p.value)
    if len(args) == 1:
        # Racket: assignment changes this thread's (this run's) binding, never other runs'
        st.params[p] = guard_value(p, args[0])
        return VOID
    raise SchemeError(f"{p.name or 'parameter'}: expects 0 or 1 arguments, given {len(args)}",
                      kind="fail:contract:arity", pos=pos)


def guard_value(p: Parameter, value: Any) -> Any:
    """Pass a new parameter value through the parameter's guard."""
    if p.guard is None:
        return value
    if isinstance(p.guard, (Closure, Primitive, CaseLambda)):
        return apply_procedure(p.guard, [value])
    return p.guard(value)


_PY_ERRORS = (
    (ZeroDivisionError, "fail:contract:divide-by-zero", "division by zero"),
    (OverflowError, "fail:contract", "number too large"),
    (MemoryError, "fail:out-of-memory", "out of memory"),
    (RecursionError, "fail", "nesting too deep for this operation"),
    (IndexError, "fail:contract", "index is out of range"),
    (KeyError, "fail:contract", "no value found for key"),
    (ValueError, "fail:contract", "bad argument value"),
    (TypeError, "fail:contract", "contract violation"),
)


def prim_error(f: Primitive, exc: BaseException, pos: Any, nargs: int | None = None) -> SchemeError:
    """Turn whatever a primitive raised into a located Scheme error (never a raw Python one)."""
    if isinstance(exc, SchemeError):
        if exc.pos is None:
            exc.pos = pos
        return exc
    if isinstance(exc, TypeError) and _is_arity_error(f, exc, nargs):
        return SchemeError(f"{f.name}: arity mismatch;\n the expected number of arguments does not match "
                           f"the given number\n  expected: {_prim_arity(f)}"
                           + (f"\n  given: {nargs}" if nargs is not None else ""), kind="fail:contract:arity",
                           pos=pos)
    for cls, kind, text in _PY_ERRORS:
        if isinstance(exc, cls):
            detail = _safe_detail(exc)
            return SchemeError(f"{f.name}: {text}" + (f" ({detail})" if detail else ""), kind=kind,
                               pos=pos)
    return SchemeError(f"{f.name}: failed ({type(exc).__name__})", pos=pos)


def _is_arity_error(f: Primitive, exc: TypeError, nargs: int | None) -> bool:
    if nargs is not None:
        return nargs < f.min_args or (f.max_args is not None and nargs > f.max_args)
    text = str(exc)
    return "positional argument" in text or "required" in text and "argument" in text


def _prim_arity(f: Primitive) -> str:
    if f.max_args is None:
        return f"at least {f.min_args}"
    if f.max_args == f.min_args:
        return str(f.min_args)
    return f"{f.min_args} to {f.max_args}"


def _safe_detail(exc: BaseException) -> str:
    """A short message from a Python exception, without reprs that could leak host objects."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    if "<" in text or "object at 0x" in text or len(text) > 160:
        return ""
    return text


def force_values(v: Any) -> list:
    """The values of a `values` result as a list."""
    return v.items if type(v) is MultipleValues else [v]
