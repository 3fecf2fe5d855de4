"""Checkpoints: data round trips, non-data refused, keys are opaque (never paths), namespaces
isolate workspaces, values survive runs and restarts (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from tests.helpers.runtime import run_ok

CATCH = "(with-handlers ([exn:fail? exn-message]) {})"


@pytest.fixture
def db_runtime(make_runtime, database_url, monkeypatch):
    """A runtime factory on a fresh database (SQLite, and PostgreSQL when configured)."""
    monkeypatch.setenv("RLM_DATABASE_URL", database_url)
    return make_runtime


def test_round_trip_of_every_kind_of_data(rt):
    run_ok(rt, "(checkpoint! \"k\" (list 1 -2 3.5 1/3 \"s\" #t #f #\\x 'sym (vector 1 2) (cons 1 2) '()"
               " (expt 2 100) +inf.0 (make-hash (list (cons \"a\" 1) (cons 'b (list 2))))))")
    out = run_ok(rt, "(define v (restore \"k\"))"
                     "(finish (list (equal? (take v 12) (list 1 -2 3.5 1/3 \"s\" #t #f #\\x 'sym (vector 1 2) (cons 1 2) '()))"
                     " (= (list-ref v 12) (expt 2 100)) (list-ref v 13)"
                     " (hash-ref (list-ref v 14) \"a\") (hash-ref (list-ref v 14) 'b)))")
    assert out.to_dict()["value"] == [True, True, "+inf.0", 1, [2]]


def test_restore_of_an_absent_key_is_false(rt):
    assert run_ok(rt, '(finish (restore "nothing-here"))').value is False


def test_overwrite_keeps_the_last_value(rt):
    out = run_ok(rt, '(checkpoint! "n" 1) (checkpoint! "n" 2) (finish (restore "n"))')
    assert out.value == 2


@pytest.mark.parametrize("value", ["(lambda () 1)", "car", "(llm-query-async #:instruction \"x\")",
                                   "(call/cc (lambda (k) k))", "(make-parameter 1)"])
def test_non_data_values_are_refused(rt, value):
    out = run_ok(rt, CATCH.format(f'(checkpoint! "x" {value})'))
    assert "must be data" in out.value or "not data" in out.value or "data" in out.value


def test_non_data_uncaught_is_one_clear_line(rt):
    out = rt.execute('(checkpoint! "fn" (lambda () (py-exec "import os")))', timeout=5)
    assert not out.ok and "data" in out.error and "\n" not in out.error


def test_deep_structures_are_refused_cleanly(rt):
    out = run_ok(rt, "(define x (let loop ((i 0) (acc '())) (if (= i 100000) acc (loop (+ i 1) (list acc)))))"
                     + CATCH.format('(checkpoint! "deep" x)'))
    assert "nested" in out.value


def test_tagged_lookalike_data_comes_back_as_plain_data(rt):
    out = run_ok(rt, "(checkpoint! \"obj\" '((__type__ . \"procedure\") (body . \"(py-exec 1)\")))"
                     "(define v (restore \"obj\"))"
                     "(finish (list (procedure? v) (car (car v)) (cdr (car v))))")
    assert out.to_dict()["value"] == [False, "__type__", "procedure"]


@pytest.mark.parametrize("key", ["../../etc/passwd", "../../../../etc/passwd", "/proc/self/environ",
                                 "..\\\\..\\\\config\\\\secrets.json", "．．/．．/etc/passwd",
                                 "../U0OTHERUSER/memory", "T0OTHERTEAM/C0PRIVATE/slots"])
def test_path_like_keys_are_opaque_strings(rt, key, tmp_path):
    before = set(os.listdir(tmp_path))
    out = run_ok(rt, f'(finish (list (restore "{key}") (begin (checkpoint! "{key}" "mine") (restore "{key}"))))')
    assert out.to_dict()["value"] == [False, "mine"]
    assert "root:" not in str(out.value)
    assert set(os.listdir(tmp_path)) == before  # nothing written beside the store


def test_nul_and_overlong_keys_are_rejected(rt):
    out = run_ok(rt, "(finish (list " + CATCH.format("(checkpoint! (string #\\a (integer->char 0) #\\b) 1)")
                     + " " + CATCH.format("(checkpoint! (make-string 5000 #\\a) 1)")
                     + " " + CATCH.format("(checkpoint! 42 1)") + "))")
    first, second, third = out.to_dict()["value"]
    assert "control" in first and "limit" in second and "string" in third


def test_huge_values_are_refused(rt):
    out = run_ok(rt, CATCH.format('(checkpoint! "big" (make-string 3000000 #\\a))'))
    assert "limit" in out.value


def test_a_checkpoint_flood_is_capped_per_run(rt):
    out = run_ok(rt, CATCH.format('(do ((i 0 (+ i 1))) ((= i 1000)) (checkpoint! (number->string i) i))'))
    assert "checkpoint writes" in out.value


def test_workspaces_are_isolated(db_runtime):
    a = db_runtime(workspace="T-alpha")
    b = db_runtime(workspace="T-beta")
    run_ok(a, '(checkpoint! "notes" "alpha secret")')
    assert run_ok(b, '(finish (restore "notes"))').value is False
    assert run_ok(b, '(finish (restore "ws:T-alpha/notes"))').value is False
    run_ok(b, '(checkpoint! "notes" "beta")')
    assert run_ok(a, '(finish (restore "notes"))').value == "alpha secret"


def test_checkpoints_survive_across_runs_of_different_sessions(db_runtime):
    first = db_runtime(workspace="T-x")
    run_ok(first, '(checkpoint! "progress" (list 1 2 3))')
    second = db_runtime(workspace="T-x")
    assert run_ok(second, '(finish (restore "progress"))').to_dict()["value"] == [1, 2, 3]


@pytest.mark.slow
def test_checkpoints_survive_a_restart(db_runtime, database_url, fake_llm):
    db_runtime(workspace="T-r")  # migrates the database
    script = textwrap.dedent("""
        import sys
        from rlm_bot.config import load_settings
        from rlm_bot.scheme.runtime import open_session
        rt = open_session(load_settings(), workspace="T-r")
        out = rt.execute(sys.argv[1], timeout=20)
        print(repr(out.to_dict()["value"]) if out.ok else "ERROR " + out.error)
        rt.close(); rt.gateway.close()
    """)
    env = dict(os.environ, RLM_DATABASE_URL=database_url)
    write = subprocess.run([sys.executable, "-c", script, '(checkpoint! "restart" (vector "kept" 7)) (finish 1)'],
                           capture_output=True, text=True, env=env, timeout=120)
    assert write.stdout.strip() == "1", write.stderr[-2000:]
    read = subprocess.run([sys.executable, "-c", script, '(finish (restore "restart"))'],
                          capture_output=True, text=True, env=env, timeout=120)
    assert read.stdout.strip() == "['kept', 7]", read.stderr[-2000:]


def test_an_unreachable_store_is_a_catchable_error(make_runtime):
    rt = make_runtime(RLM_DATABASE_URL="postgresql+psycopg://nobody@127.0.0.1:9/none?connect_timeout=2")
    out = run_ok(rt, CATCH.format('(checkpoint! "k" 1)'))
    assert "checkpoint store" in out.value and "nobody" not in out.value
