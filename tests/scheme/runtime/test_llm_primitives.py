"""llm-query, syntax-e, #:json, and every bad input of a model call, against the fake provider."""

from __future__ import annotations

import pytest

from testing.fakes.openai_server import Fail, Reply
from tests.helpers.runtime import run_ok

CATCH = '(with-handlers ([exn:fail? (lambda (e) (string-append "caught: " (exn-message e)))]) {})'


def test_llm_query_returns_syntax_that_syntax_e_unwraps(rt, fake_llm):
    fake_llm.script("hello there")
    out = run_ok(rt, '(define r (llm-query #:instruction "Say hi" #:data "to Ann" #:model "haiku"))'
                     "(finish (list (string? r) (syntax-e r) (syntax-e \"plain\")))")
    assert out.value is not None
    assert out.to_dict()["value"] == [False, "hello there", "plain"]
    call = fake_llm.chat_calls[0]
    assert "Say hi" in call.messages[-1]["content"] and "to Ann" in call.messages[-1]["content"]
    assert call.model == "claude-haiku-4-5"
    assert out.tokens == call.prompt_tokens + call.completion_tokens
    assert out.calls == 1


def test_llm_query_passes_system_temperature_and_max_tokens(rt, fake_llm):
    run_ok(rt, '(llm-query #:instruction "x" #:system "Be terse." #:temperature 0.2 #:max-tokens 33)')
    call = fake_llm.chat_calls[0]
    assert call.messages[0] == {"role": "system", "content": "Be terse."}
    assert call.params["temperature"] == 0.2 and call.params["max_tokens"] == 33


def test_positional_instruction_is_accepted(rt, fake_llm):
    fake_llm.script("42")
    out = run_ok(rt, '(finish (syntax-e (llm-query "What is six times seven?")))')
    assert out.value == "42"


def test_json_reply_becomes_a_jsexpr(rt, fake_llm):
    fake_llm.script('{"name": "Ann", "tags": ["a", "b"], "n": 2, "none": null}')
    out = run_ok(rt, '(define j (syntax-e (llm-query #:instruction "Give JSON" #:json #t)))'
                     "(finish (list (hash-ref j 'name) (hash-ref j 'tags) (hash-ref j 'n) (hash-ref j 'none)))")
    assert out.to_dict()["value"] == ["Ann", ["a", "b"], 2, None]
    assert fake_llm.chat_calls[0].params.get("response_format") == {"type": "json_object"}


def test_non_json_reply_to_json_is_a_catchable_error(rt, fake_llm):
    fake_llm.script("Sure! Here it is: name=Ann")
    out = run_ok(rt, CATCH.format('(llm-query #:instruction "Give JSON" #:json #t)'))
    assert out.value.startswith("caught: ") and "not JSON" in out.value


def test_non_json_reply_uncaught_is_one_clear_line(rt, fake_llm):
    fake_llm.script("not json at all")
    out = rt.execute('(llm-query #:instruction "Give JSON" #:json #t)', timeout=10)
    assert not out.ok and "not JSON" in out.error and "\n" not in out.error


def test_unknown_alias_is_a_catchable_error_and_nothing_is_sent(rt, fake_llm):
    out = run_ok(rt, CATCH.format('(llm-query #:instruction "hi" #:model "gpt-9-ultra")'))
    assert "unknown model alias" in out.value and "gpt-9-ultra" in out.value
    assert fake_llm.chat_calls == []


def test_provider_down_is_a_catchable_error(rt, fake_llm):
    fake_llm.rule(lambda req: Fail.server_error(503, "overloaded"))
    out = run_ok(rt, CATCH.format('(llm-query #:instruction "hi" #:model "gpt")'))
    assert out.value.startswith("caught: ")
    assert "gpt" in out.value


def test_provider_unreachable_uncaught_gives_a_clear_line(make_runtime, fake_llm):
    rt = make_runtime(RLM_LLM_API_BASE="http://127.0.0.1:9/v1", RLM_LLM_TIMEOUT="2")
    out = rt.execute('(llm-query #:instruction "hi")', timeout=20)
    assert not out.ok and out.error and "\n" not in out.error
    assert "Traceback" not in out.error


@pytest.mark.parametrize("bad", ["#:max-tokens -1", "#:max-tokens 0", "#:max-tokens +inf.0",
                                 '#:max-tokens "lots"', "#:max-tokens 100000000",
                                 "#:temperature 9", '#:model 42', "#:instruction 7"])
def test_bad_keyword_values_are_refused_before_sending(rt, fake_llm, bad):
    source = f'(llm-query {bad})' if "#:instruction" in bad else f'(llm-query #:instruction "hi" {bad})'
    out = run_ok(rt, CATCH.format(source))
    assert out.value.startswith("caught: ")
    assert fake_llm.chat_calls == []


def test_missing_instruction_is_a_clear_error(rt, fake_llm):
    out = rt.execute("(llm-query)", timeout=5)
    assert not out.ok and "instruction" in out.error


def test_reply_usage_is_reported_in_tokens_and_cost(rt, fake_llm):
    fake_llm.script(Reply("ok", prompt_tokens=1000, completion_tokens=500))
    out = run_ok(rt, '(llm-query #:instruction "hi" #:model "sonnet")')
    assert out.tokens == 1500
    assert out.cost > 0


def test_a_non_json_reply_still_charges_its_tokens(rt, fake_llm):
    fake_llm.script(Reply("plain words", prompt_tokens=40, completion_tokens=2))
    out = run_ok(rt, '(with-handlers ([exn:fail? exn-message]) (llm-query #:instruction "x" #:json #t))')
    assert out.tokens == 42 and out.cost > 0


def test_every_call_is_recorded_in_the_usage_table(rt, fake_llm):
    from sqlalchemy import select

    from rlm_bot.config import load_settings
    from rlm_bot.storage import open_database
    from rlm_bot.storage.models import Usage

    fake_llm.script(Reply("a", prompt_tokens=10, completion_tokens=5))
    run_ok(rt, '(llm-query #:instruction "x" #:model "haiku")')
    rt.gateway.ledger.flush()
    with open_database(load_settings()).session() as s:
        rows = s.scalars(select(Usage)).all()
        seen = [(r.workspace, r.prompt_tokens + r.completion_tokens, r.ok) for r in rows]
        assert seen == [("T-test", 15, True)]
        assert rows[0].run_id and rows[0].model


@pytest.mark.parametrize("program,script,phrase", [
    ('(llm-query #:instruction "hi" #:model "gpt-9-ultra")', None, "unknown model alias"),
    ('(parameterize ([token-budget 3]) (llm-query #:instruction "hi"))', None, "budget"),
    ('(llm-query #:instruction "hi" #:json #t)', "no json here", "not JSON"),
    ('(llm-query #:instruction "hi" #:model "gpt")', Fail.server_error(500, "boom"), "gpt"),
    ('(checkpoint! "k" (lambda () 1))', None, "data"),
])
def test_uncaught_bad_input_is_one_clear_line(rt, fake_llm, program, script, phrase):
    if script is not None:
        fake_llm.rule(lambda req: script)
    out = rt.execute(program, timeout=15)
    assert not out.ok and phrase in out.error
    assert "\n" not in out.error and "Traceback" not in out.error
    assert "(at line 1" in out.error  # located in the program
