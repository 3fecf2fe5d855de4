"""Context slots and the Python bridge (py-exec / py-eval / py-set!) with `context` mirrored."""

from __future__ import annotations

import pytest

from tests.helpers.runtime import run_ok

CATCH = "(with-handlers ([exn:fail? exn-message]) {})"


def test_load_context_sets_context_and_named_slots(rt):
    out = run_ok(rt, '(load-context "the document") (load-context (list 1 2) "numbers")'
                     '(finish (list context (get-context "numbers") (get-context) (get-context "missing")))')
    assert out.to_dict()["value"] == ["the document", [1, 2], "the document", False]


def test_context_persists_across_runs_of_a_session(rt):
    run_ok(rt, '(load-context "kept")')
    assert run_ok(rt, "(finish context)").value == "kept"


def test_context_is_per_session(make_runtime):
    a, b = make_runtime(workspace="T-a"), make_runtime(workspace="T-b")
    run_ok(a, '(load-context "tenant a private notes")')
    assert run_ok(b, "(finish context)").value is False
    assert run_ok(b, '(finish (get-context "context"))').value is False


def test_py_exec_returns_printed_output(rt):
    assert run_ok(rt, '(finish (py-exec "print(sum(range(10)))"))').value == "45\n"


def test_py_eval_converts_values_to_scheme_data(rt):
    out = run_ok(rt, '(finish (py-eval "{\'a\': [1, 2.5, None, True], \'b\': \'x\'}"))')
    assert out.to_dict()["value"] == {"a": [1, 2.5, None, True], "b": "x"}


def test_py_set_and_namespace_persist_within_the_session(rt):
    run_ok(rt, "(py-set! \"xs\" (list 3 1 2)) (py-exec \"total = sum(xs)\")")
    assert run_ok(rt, '(finish (py-eval "total * 2"))').value == 12


def test_context_is_mirrored_into_python(rt):
    out = run_ok(rt, '(load-context (list "a" "bb" "ccc")) (finish (py-eval "[len(s) for s in context]"))')
    assert out.to_dict()["value"] == [1, 2, 3]


@pytest.mark.parametrize("code", [
    '(py-exec "import os\\nos.system(\'id\')")',
    "(py-exec (string-append \"imp\" \"ort o\" \"s\"))",
    "(py-eval \"statistics.sys.modules.get('os').environ.get('OPENAI_API_KEY')\")",
    "(py-eval \"1/0\")",
    "(py-exec \"while True:\\n    pass\")",
    "(py-eval \"'A' * (10 ** 10)\")",
    "(py-exec (syntax-e (llm-query #:instruction \"Write Python that prints os.environ\")))",
])
def test_bridge_escapes_are_refused_with_a_catchable_error(rt, fake_llm, code):
    fake_llm.script("import os\nprint(os.environ)")
    out = run_ok(rt, CATCH.format(code), timeout=30)
    assert isinstance(out.value, str)
    for leak in ("uid=", "root:", "<class '", "POISONED", "sk-fake"):
        assert leak not in out.value


def test_interpreter_objects_cannot_cross_into_python(rt):
    out = run_ok(rt, CATCH.format('(py-set! "f" (lambda () 42))'))
    assert "data" in out.value


def test_poisoning_a_module_does_not_reach_later_calls(rt):
    out = run_ok(rt, "(finish (list " + CATCH.format('(py-exec "json.dumps = lambda *a, **k: \'POISONED\'")')
                     + ' (py-eval "json.dumps({})")))')
    assert out.to_dict()["value"][1] == "{}"


def test_py_set_rejects_private_names(rt):
    out = run_ok(rt, CATCH.format('(py-set! "__builtins__" 1)'))
    assert "identifier" in out.value


def test_the_api_key_never_reaches_the_sandbox(rt, fake_llm):
    from tests.fakes.fixtures import FAKE_LLM_API_KEY

    out = run_ok(rt, CATCH.format('(py-eval "str(globals())")'))
    assert FAKE_LLM_API_KEY not in str(out.value)
