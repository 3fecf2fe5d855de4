"""Evaluator: tail calls, deep recursion, every per-run limit, finish, uncatchable limits."""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import replace

import pytest

from rlm_bot.scheme import run_program
from tests.helpers.scheme import FAST


def test_evaluator_tail_loop_of_a_million_iterations_runs_in_constant_space(run) -> None:
    result = run("(let loop ([i 0]) (if (= i 1000000) 'done (loop (+ i 1))))")
    assert result.ok, result.error
    assert result.value_text() == "'done"
    assert result.steps >= 1_000_000


@pytest.mark.parametrize("source", [
    "(define (f n) (cond [(= n 0) 'ok] [else (f (- n 1))])) (f 100000)",
    "(define (f n) (when (> n 0) (f (- n 1)))) (f 100000) 'ok",
    "(define (f n) (and #t (or #f (if (= n 0) 'ok (f (- n 1)))))) (f 100000)",
    "(define (f n) (case (if (= n 0) 'z 'nz) [(z) 'ok] [else (f (- n 1))])) (f 100000)",
    "(define (f n) (let ([m (- n 1)]) (if (< m 0) 'ok (f m)))) (f 100000)",
    "(define (f n) (let* ([m (- n 1)]) (letrec ([g (lambda () (if (< m 0) 'ok (f m)))]) (g)))) (f 100000)",
    "(define (f n) (begin (if (= n 0) 'ok (f (- n 1))))) (f 100000)",
    "(define (ev? n) (if (= n 0) 'ok (od? (- n 1)))) (define (od? n) (if (= n 0) 'ok (ev? (- n 1)))) (ev? 100000)",
    "(define f (case-lambda [(n) (if (= n 0) 'ok (f (- n 1)))])) (f 100000)",
    "(define (f n) (if (= n 0) 'ok (apply f (list (- n 1))))) (f 100000)",
])
def test_evaluator_every_tail_position_is_a_proper_tail_call(source: str) -> None:
    limits = replace(FAST, max_depth=1000)  # a non-tail call would hit this at once
    result = run_program(source, limits=limits)
    assert result.ok, result.error
    assert result.value_text() == "'ok"


def test_evaluator_recurses_ten_thousand_deep_without_touching_the_recursion_limit(run) -> None:
    before = sys.getrecursionlimit()
    result = run("(define (count n) (if (= n 0) 0 (+ 1 (count (- n 1))))) (count 10000)")
    assert result.ok, result.error
    assert result.value_text() == "10000"
    assert sys.getrecursionlimit() == before


def test_evaluator_deep_recursion_through_map_and_nested_expressions(run) -> None:
    src = """
    (define (build n) (if (= n 0) '() (cons n (build (- n 1)))))
    (define (my-map f l) (if (null? l) '() (cons (f (car l)) (my-map f (cdr l)))))
    (define (tree n) (if (= n 0) 'leaf (list (tree (- n 1)))))
    (list (length (my-map add1 (build 15000))) (length (flatten (tree 5000))))
    """
    result = run(src)
    assert result.ok, result.error
    assert result.value_text() == "'(15000 1)"


def test_evaluator_runaway_recursion_is_a_clean_depth_error(run) -> None:
    result = run("(define (count n) (+ 1 (count (+ n 1)))) (count 0)")
    assert not result.ok
    assert result.error_kind == "max_depth"
    assert "max_depth" in result.error


def test_evaluator_depth_errors_cannot_be_caught_and_the_host_lives_on(run) -> None:
    result = run("(define (f n) (+ 1 (f n))) (with-handlers ([(lambda (e) #t) (lambda (e) 'caught)]) (f 1))")
    assert not result.ok and result.error_kind == "max_depth"
    assert run("(+ 1 1)").value_text() == "2"


LIMITS = [
    ("(let loop () (loop))", {"max_steps": 50_000}, "max_steps"),
    ("(let loop () (loop))", {"timeout_seconds": 0.5, "max_steps": 10 ** 12}, "timeout_seconds"),
    ("(make-vector 2000000000 0)", {}, "max_memory_bytes"),
    ("(make-string 200000000 #\\a)", {}, "max_memory_bytes"),
    ("(define (dbl s n) (if (= n 0) (string-length s) (dbl (string-append s s) (- n 1)))) (dbl \"x\" 40)",
     {}, "max_memory_bytes"),
    ("(define (grow l n) (if (= n 0) (length l) (grow (append l l) (- n 1)))) (grow '(1) 40)", {},
     "max_memory_bytes"),
    ("(length (iota 1000000000))", {}, "max_memory_bytes"),
    ("(expt 7 1000000)", {}, "max_integer_bits"),
    ("(expt 10 (expt 10 10))", {}, "max_integer_bits"),
    ("(arithmetic-shift 1 100000000)", {}, "max_integer_bits"),
    ("(define (sq n k) (if (= k 0) n (sq (* n n) (- k 1)))) (sq 3 40)", {}, "max_integer_bits"),
    ("(let loop () (display \"xxxxxxxxxxxxxxxx\") (loop))", {}, "max_output_bytes"),
    ("(display (make-string 100000 #\\a))", {}, "max_output_bytes"),
    ("(define (f n) (+ 1 (f n))) (f 1)", {"max_depth": 500}, "max_depth"),
    ("(regexp-match #px\"(x+x+)+y\" (make-string 5000 #\\x))", {"regex_timeout_seconds": 0.2}, "regex_timeout_seconds"),
    ("(with-output-to-string (lambda () (let loop () (display \"xxxxxxxxxxxxxxxx\") (loop))))",
     {"max_memory_bytes": 1024 * 1024, "max_steps": 10 ** 9}, "max_memory_bytes"),
]


@pytest.mark.parametrize("source,overrides,limit", LIMITS)
def test_evaluator_each_limit_ends_the_run_with_an_error_naming_it(source: str, overrides: dict, limit: str) -> None:
    limits = replace(FAST, **overrides)
    started = time.monotonic()
    result = run_program(source, limits=limits)
    assert not result.ok
    assert result.error_kind == limit, result.error
    assert limit in result.error
    assert time.monotonic() - started < limits.timeout_seconds + 5


def test_evaluator_limit_errors_are_not_catchable_by_with_handlers(run) -> None:
    src = "(let retry () (with-handlers ([(lambda (e) #t) (lambda (e) (retry))]) (let loop () (loop))))"
    result = run(src, replace(FAST, max_steps=100_000))
    assert not result.ok and result.error_kind == "max_steps"


def test_evaluator_output_is_kept_up_to_the_limit(run) -> None:
    result = run("(let loop () (display \"ab\") (loop))", replace(FAST, max_output_bytes=1000))
    assert not result.ok and result.error_kind == "max_output_bytes"
    assert result.output == "ab" * 500


def test_evaluator_finish_ends_the_run_from_any_depth_and_cannot_be_caught(run) -> None:
    src = """
    (define (deep n) (if (= n 0) (finish 'early) (+ 1 (deep (- n 1)))))
    (with-handlers ([(lambda (e) #t) (lambda (e) 'caught)])
      (dynamic-wind void (lambda () (deep 3000)) (lambda () (display "unwound"))))
    (display "not reached")
    """
    result = run(src)
    assert result.ok, result.error
    assert result.value_text() == "'early"
    assert result.output == "unwound"


def test_evaluator_value_is_the_last_top_level_form(run) -> None:
    assert run("(define x 1) (set! x 2) (* x 21)").value_text() == "42"


def test_evaluator_continuation_reentry_is_a_clean_error(run) -> None:
    result = run("(define k #f) (+ 1 (call/cc (lambda (c) (set! k c) 1))) (k 5)")
    assert not result.ok
    assert "continuation" in result.error


def test_evaluator_sandbox_has_no_host_access_primitives(run) -> None:
    for name in ("eval", "exit", "system", "open-input-file", "load", "getenv", "current-directory",
                 "file->string", "delete-file", "namespace-require", "current-namespace", "read-eval-print-loop"):
        result = run(f"({name} \"x\")")
        assert not result.ok and "undefined" in result.error, name


def test_evaluator_runs_from_several_threads_at_once() -> None:
    src = "(define (fib n) (if (< n 2) n (+ (fib (- n 1)) (fib (- n 2))))) (list (fib 15) (count-down 3000))"
    prelude = "(define (count-down n) (if (= n 0) 0 (+ 1 (count-down (- n 1)))))"
    results: list = []

    def worker() -> None:
        results.append(run_program(prelude + src, limits=FAST).value_text())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["'(610 3000)"] * 4


def test_evaluator_random_is_reproducible_per_seed() -> None:
    a = run_program("(list (random 1000) (random 1000) (random))", seed=42).value_text()
    b = run_program("(list (random 1000) (random 1000) (random))", seed=42).value_text()
    c = run_program("(list (random 1000) (random 1000) (random))", seed=43).value_text()
    assert a == b and a != c


def test_evaluator_struct_and_closures_capture_per_iteration_bindings(run) -> None:
    src = "(define fs (for/list ([i 3]) (lambda () i))) (map (lambda (f) (f)) fs)"
    assert run(src).value_text() == "'(0 1 2)"


def test_evaluator_deep_recursion_through_higher_order_primitives_and_nested_code(run) -> None:
    inner = "(car (map f (list (- n 1))))"
    for _ in range(60):
        inner = f"(+ 0 {inner})"
    result = run(f"(define (f n) (if (= n 0) 0 (+ 1 {inner}))) (f 3000)")
    assert result.ok, result.error
    assert result.value_text() == "3000"
    sort_deep = run("(define (f n) (if (= n 0) 0 (+ 1 (car (sort (list (f (- n 1))) <))))) (f 5000)")
    assert sort_deep.ok and sort_deep.value_text() == "5000"


def test_evaluator_deep_runaway_recursion_stops_at_its_limits_and_leaves_no_threads() -> None:
    before = threading.active_count()
    timed = run_program("(define (f n) (+ 1 (f n))) (f 1)",
                        limits=replace(FAST, max_depth=10 ** 6, timeout_seconds=1.0, max_steps=10 ** 9))
    assert not timed.ok and timed.error_kind in ("timeout_seconds", "max_memory_bytes")
    stepped = run_program("(define (f n) (+ 1 (f n))) (f 1)",
                          limits=replace(FAST, max_depth=10 ** 6, max_steps=50_000))
    assert not stepped.ok and stepped.error_kind == "max_steps"
    deadline = time.monotonic() + 10
    while threading.active_count() > before and time.monotonic() < deadline:
        time.sleep(0.05)
    assert threading.active_count() <= before


def test_evaluator_unbound_operator_fails_before_its_arguments_run(run) -> None:
    result = run("(let retry () (guard (e (#t (retry))) (display \"never\")))")
    assert not result.ok and result.error.startswith("guard: undefined")
    assert result.output == ""


@pytest.mark.parametrize("source,pos", [
    ("(define x 1)\n  undefined-var", "(at line 2, column 3)"),
    ("1\n\n   (car 5)", "(at line 3, column 4)"),
    ("(define (f x) (vector-ref x 9))\n(f (vector))", "(at line 1, column 15)"),
    ("(raise 'boom)", "(at line 1, column 1)"),
])
def test_evaluator_every_error_names_a_source_position(run, source: str, pos: str) -> None:
    result = run(source)
    assert not result.ok and result.error.endswith(pos), result.error
