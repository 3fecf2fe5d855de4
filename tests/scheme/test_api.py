"""The extension API the LLM runtime builds on: primitives, run context, sessions, values."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction

import pytest

from rlm_bot.scheme import (
    NIL, VOID, Char, Finish, HashTable, Keyword, Opaque, Parameter, Primitive, SchemeError,
    Session, Symbol, from_python, list_to_py, make_list, run_program, to_json_value, to_python,
)
from tests.helpers.scheme import FAST


def _query(ctx, prompt, *, max_tokens=100, model_name=None):
    ctx.add_usage(tokens=7, cost=0.5)
    return f"{prompt}|{max_tokens}|{model_name}"


def _pmap(ctx, proc, lst):
    snapshot = ctx.parameterization()
    items = list_to_py(lst)
    with ThreadPoolExecutor(4) as pool:
        return make_list(list(pool.map(lambda x: ctx.apply(proc, [x], parameterization=snapshot), items)))


PRIMS = [Primitive("q", _query, needs_run=True), Primitive("pmap", _pmap, needs_run=True)]


def test_api_primitive_receives_context_positional_and_keyword_arguments() -> None:
    result = run_program('(q "hi" #:max-tokens 5 #:model-name "m")', primitives=PRIMS, limits=FAST)
    assert result.ok, result.error
    assert result.value == "hi|5|m"
    assert (result.tokens, result.cost) == (7, 0.5)
    assert result.to_json()["tokens"] == 7


@pytest.mark.parametrize("source,fragment", [
    ('(q "hi" #:bogus 1)', "does not accept keyword argument #:bogus"),
    ("(q)", "q: arity mismatch"),
    ('(q "a" "b")', "q: arity mismatch"),
])
def test_api_bad_calls_of_a_primitive_are_clean_scheme_errors(source: str, fragment: str) -> None:
    result = run_program(source, primitives=PRIMS, limits=FAST)
    assert not result.ok and fragment in result.error


def test_api_apply_from_worker_threads_keeps_parameterize_and_state_intact() -> None:
    src = """
    (define p (make-parameter 1))
    (define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2)))))
    (define (deep n) (if (= n 0) 0 (+ 1 (deep (- n 1)))))
    (list (pmap fib (range 12))
          (parameterize ([p 10]) (pmap (lambda (x) (+ x (p))) '(1 2 3)))
          (pmap deep '(2000 2000 2000 2000)))
    """
    result = run_program(src, primitives=PRIMS, limits=FAST)
    assert result.ok, result.error
    assert result.value_text() == "'((0 1 1 2 3 5 8 13 21 34 55 89) (11 12 13) (2000 2000 2000 2000))"


def test_api_errors_in_applied_procedures_reach_the_program_as_scheme_errors() -> None:
    src = "(with-handlers ([exn:fail? exn-message]) (pmap (lambda (x) (car x)) '(1)))"
    result = run_program(src, primitives=PRIMS, limits=FAST)
    assert result.ok and "car: contract violation" in result.value


def _fails(ctx, message):
    raise SchemeError(message)


def _explodes(ctx):
    return {}["missing"]


def _ends(ctx, v):
    raise Finish(v)


def test_api_scheme_error_from_a_primitive_is_catchable_and_python_errors_are_converted() -> None:
    prims = [Primitive("fails", _fails, needs_run=True), Primitive("explodes", _explodes, needs_run=True),
             Primitive("ends", _ends, needs_run=True)]
    caught = run_program('(with-handlers ([exn:fail? exn-message]) (fails "budget exhausted"))',
                         primitives=prims, limits=FAST)
    assert caught.value == "budget exhausted"
    raw = run_program("(explodes)", primitives=prims, limits=FAST)
    assert not raw.ok and raw.error.startswith("explodes:") and "KeyError" not in raw.error
    ended = run_program("(with-handlers ([(lambda (e) #t) (lambda (e) 'caught)]) (ends 'v)) 'not-here",
                        primitives=prims, limits=FAST)
    assert ended.ok and ended.value_text() == "'v"


def test_api_session_keeps_globals_until_reset() -> None:
    session = Session(limits=FAST)
    assert session.run("(define counter 41)").ok
    assert session.run("(set! counter (add1 counter)) counter").value == 42
    session.reset()
    assert "undefined" in session.run("counter").error


def test_api_parameter_with_a_python_guard_only_shrinks() -> None:
    budget = Parameter(1000, name="token-budget")

    def guard(value):
        return min(value, 1000)

    budget.guard = guard
    session = Session(limits=FAST)
    session.define("token-budget", budget)
    result = session.run("(list (token-budget) (parameterize ([token-budget 10]) (token-budget))"
                         " (parameterize ([token-budget 999999]) (token-budget)))")
    assert result.value_text() == "'(1000 10 1000)"


def test_api_context_exposes_state_limits_output_and_parameter_values() -> None:
    seen = {}
    p = Parameter("outer", name="p")

    def probe(ctx):
        seen["limits"] = ctx.limits.max_steps
        seen["value"] = ctx.parameter_value(p)
        ctx.state["calls"] = ctx.state.get("calls", 0) + 1
        ctx.write("from python\n")
        ctx.charge_memory(10)
        ctx.check()
        return ctx.state["calls"]

    session = Session(limits=FAST, primitives={"probe": Primitive("probe", probe, needs_run=True), "p": p})
    result = session.run("(parameterize ([p 'inner]) (probe) (probe))", state={"calls": 10})
    assert result.ok and result.value == 12
    assert result.output == "from python\nfrom python\n"
    assert seen == {"limits": FAST.max_steps, "value": Symbol.intern("inner")}


def test_api_memory_charged_by_a_primitive_is_refused_before_building() -> None:
    def big(ctx):
        ctx.charge_memory(10 ** 12, "a huge reply")
        return "never"

    result = run_program("(big)", primitives=[Primitive("big", big, needs_run=True)], limits=FAST)
    assert not result.ok and result.error_kind == "max_memory_bytes" and "a huge reply" in result.error


def test_api_cancel_event_stops_a_running_program() -> None:
    cancel = threading.Event()
    timer = threading.Timer(0.3, cancel.set)
    timer.start()
    started = time.monotonic()
    result = run_program("(let loop () (loop))", cancel=cancel,
                         limits=FAST.__class__(max_steps=10 ** 12, timeout_seconds=30))
    assert not result.ok and result.error_kind == "cancelled"
    assert time.monotonic() - started < 10


def test_api_cleanups_run_however_the_run_ends() -> None:
    ran = []

    def register(ctx):
        ctx.add_cleanup(lambda: ran.append("cleanup"))
        return VOID

    run_program("(register) (car '())", primitives=[Primitive("register", register, needs_run=True)], limits=FAST)
    assert ran == ["cleanup"]


class Future(Opaque):
    scheme_name = "future"


def test_api_host_objects_are_opaque_values() -> None:
    fut = Future()
    result = run_program("(list f (procedure? f))", primitives={"f": fut}, limits=FAST)
    assert result.ok
    assert list_to_py(result.value)[0] is fut
    assert result.value_text() == "(list #<future> #f)"


def test_api_json_encoding_of_values() -> None:
    src = "(list 1 1/2 2.5 \"s\" #t 'sym '#:kw #\\c (vector 1 2) (hash 'a 1) (void) (cons 1 2) '() +inf.0)"
    result = run_program(src, limits=FAST)
    assert result.to_json()["value"] == [1, 0.5, 2.5, "s", True, "sym", "kw", "c", [1, 2], {"a": 1},
                                         None, [1, 2], [], "+inf.0"]


def test_api_python_conversions_round_trip_plain_data() -> None:
    data = {"a": [1, 2.5, "x", True, None], "b": {"c": Fraction(1, 3)}}
    value = from_python(data, symbol_keys=True)
    assert isinstance(value, HashTable) and value.get(Symbol.intern("a")) is not None
    assert to_python(value) == data
    assert to_python(make_list([Char("a"), Keyword.intern("k"), NIL])) == ["a", "k", []]
    assert to_json_value(from_python((1, 2))) == [1, 2]


def test_api_run_result_shape_matches_the_cli_contract() -> None:
    out = run_program('(display "x") 5', limits=FAST).to_json()
    assert list(out) == ["ok", "value", "error", "output", "steps", "tokens", "cost"]
    assert out["ok"] is True and out["value"] == 5 and out["output"] == "x"


def test_api_a_primitive_may_run_another_program_in_the_same_session() -> None:
    session = Session(limits=FAST)

    def sub(ctx, source):
        inner = ctx.session.run(source)
        return inner.value if inner.ok else inner.error

    session.define("sub", Primitive("sub", sub, needs_run=True))
    result = session.run('(define base 40) (sub "(+ base 2)")')
    assert result.ok and result.value == 42


def test_api_errors_caught_by_a_primitive_do_not_leak_depth() -> None:
    def try_all(ctx, proc, n):
        failures = 0
        for _ in range(n):
            try:
                ctx.apply(proc, [])
            except SchemeError:
                failures += 1
        return failures

    src = "(define (deep k) (if (= k 0) (car '()) (+ 1 (deep (- k 1))))) (try-all (lambda () (deep 50)) 400)"
    result = run_program(src, primitives=[Primitive("try-all", try_all, needs_run=True)],
                         limits=FAST.__class__(max_depth=1000))
    assert result.ok, result.error
    assert result.value == 400
