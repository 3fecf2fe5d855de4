"""The scope log records every model call, unwrap, py-* call, checkpoint and restore; get-status."""

from __future__ import annotations

from tests.fakes.fixtures import FAKE_LLM_API_KEY
from tests.helpers.runtime import run_ok


def test_every_kind_of_operation_is_logged(rt, fake_llm):
    fake_llm.script("a reply")
    run_ok(rt, '(syntax-e (llm-query #:instruction "hello model" #:model "haiku"))'
               '(py-exec "print(1)") (py-eval "2") (py-set! "z" 3)'
               '(checkpoint! "k" 1) (restore "k")')
    entries = [e.to_dict() for e in rt.log.entries()]
    kinds = [e["kind"] for e in entries]
    assert kinds == ["llm-query", "syntax-e", "py-exec", "py-eval", "py-set!", "checkpoint!", "restore"]
    call = entries[0]
    assert call["model"] == "haiku" and call["tokens"] > 0 and "hello model" in call["preview"]
    assert call["call_id"] and call["ms"] >= 0 and "cost" in call
    assert entries[1]["preview"] == "a reply"


def test_get_scope_log_from_scheme(rt, fake_llm):
    out = run_ok(rt, '(llm-query #:instruction "x") (define log (get-scope-log))'
                     "(finish (list (length log) (hash-ref (car log) 'kind) (length (get-scope-log 1))))")
    assert out.to_dict()["value"] == [1, "llm-query", 1]


def test_failures_are_logged_with_their_error(rt, fake_llm):
    run_ok(rt, '(with-handlers ([exn:fail? void]) (llm-query #:instruction "x" #:json #t))'
               '(with-handlers ([exn:fail? void]) (checkpoint! "f" car))')
    entries = [e.to_dict() for e in rt.log.entries()]
    assert entries[-1]["kind"] == "checkpoint!" and entries[-1]["ok"] is False


def test_secrets_never_reach_the_log_or_outputs(rt, fake_llm):
    fake_llm.script(f"the key is {FAKE_LLM_API_KEY}")
    out = run_ok(rt, f'(finish (syntax-e (llm-query #:instruction "echo {FAKE_LLM_API_KEY}")))')
    text = repr([e.to_dict() for e in rt.log.entries()])
    assert FAKE_LLM_API_KEY not in text
    assert FAKE_LLM_API_KEY not in repr(rt.status())
    assert fake_llm.chat_calls[0].api_key == FAKE_LLM_API_KEY  # it did reach the provider
    assert out.ok and out.value == "the key is ****"


def test_get_status_reports_run_and_client_state(rt, fake_llm):
    out = run_ok(rt, '(llm-query #:instruction "x") (finish (get-status))')
    status = out.to_dict()["value"]
    assert status["run"]["calls"] == 1 and status["run"]["tokens"] > 0
    assert "in_flight" in status["run"] and "rate_limits" in status["client"]
    assert status["limits"]["max_calls"] > 0
