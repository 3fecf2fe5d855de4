"""Budgets: parameterize only lowers, refusals happen before the provider sees anything,
real usage is charged, the run caps end a run, and retry loops cannot outrun them."""

from __future__ import annotations

from testing.fakes.openai_server import Reply
from tests.helpers.runtime import run_ok


def test_tokens_remaining_starts_at_the_run_cap(make_runtime):
    rt = make_runtime(RLM_RUN_MAX_TOKENS="12345")
    out = run_ok(rt, "(finish (tokens-remaining))")
    assert out.value == 12345


def test_parameterize_lowers_and_never_raises(rt):
    out = run_ok(rt, "(finish (parameterize ([token-budget 1000])"
                     " (list (tokens-remaining)"
                     "  (parameterize ([token-budget 1000000000]) (tokens-remaining))"
                     "  (parameterize ([token-budget 10]) (tokens-remaining)))))")
    assert out.to_dict()["value"] == [1000, 1000, 10]


def test_nested_escalation_cannot_raise_the_budget(rt, fake_llm):
    out = run_ok(rt, "(finish (parameterize ([token-budget 1000])"
                     " (parameterize ([token-budget 1000000000])"
                     "  (parameterize ([token-budget 1000000000000])"
                     "   (with-handlers ([exn:fail? exn-message])"
                     "    (llm-query #:instruction \"long essay\" #:max-tokens 5000))))))")
    assert "budget" in out.value
    assert fake_llm.chat_calls == []


def test_budget_refusal_happens_before_the_call(rt, fake_llm):
    out = run_ok(rt, "(finish (parameterize ([token-budget 50])"
                     " (with-handlers ([exn:fail? exn-message])"
                     "  (llm-query #:instruction \"Write 2000 words about anything.\" #:max-tokens 500))))")
    assert "budget" in out.value and "token" in out.value
    assert fake_llm.chat_calls == []


def test_budget_too_small_uncaught_is_one_clear_line(rt, fake_llm):
    out = rt.execute("(parameterize ([token-budget 5]) (llm-query #:instruction \"hi\"))", timeout=5)
    assert not out.ok and "budget" in out.error
    assert fake_llm.chat_calls == []


def test_real_usage_is_charged_to_every_enclosing_scope(rt, fake_llm):
    fake_llm.script(Reply("a", prompt_tokens=100, completion_tokens=20))
    out = run_ok(rt, "(finish (parameterize ([token-budget 5000])"
                     " (let ([before (tokens-remaining)])"
                     "  (parameterize ([token-budget 3000]) (llm-query #:instruction \"hi\" #:max-tokens 50))"
                     "  (list before (tokens-remaining)))))")
    assert out.to_dict()["value"] == [5000, 5000 - 120]


def test_cost_budget_refuses_an_expensive_call(rt, fake_llm):
    out = run_ok(rt, "(finish (parameterize ([cost-budget 0.000001])"
                     " (with-handlers ([exn:fail? exn-message])"
                     "  (llm-query #:instruction \"hi\" #:model \"opus\" #:max-tokens 2000))))")
    assert "cost budget" in out.value
    assert fake_llm.chat_calls == []


def test_cost_remaining_is_unlimited_by_default_and_shrinks(rt, fake_llm):
    out = run_ok(rt, "(finish (list (cost-remaining)"
                     " (parameterize ([cost-budget 0.5]) (llm-query #:instruction \"hi\" #:model \"sonnet\")"
                     "  (< (cost-remaining) 0.5))))")
    value = out.to_dict()["value"]
    assert value[0] == "+inf.0" and value[1] is True


def test_bad_budget_values_are_refused(rt):
    out = run_ok(rt, '(finish (list (with-handlers ([exn:fail? (lambda (e) "no")]) (parameterize ([token-budget -5]) 1))'
                     ' (with-handlers ([exn:fail? (lambda (e) "no")]) (parameterize ([token-budget "lots"]) 1))))')
    assert out.to_dict()["value"] == ["no", "no"]


def test_concurrent_calls_cannot_overspend_a_budget(rt, fake_llm):
    fake_llm.set_latency(0.2)
    out = run_ok(rt, "(finish (parameterize ([token-budget 2000])"
                     " (map-async (lambda (i) (with-handlers ([exn:fail? (lambda (e) 'refused)])"
                     "   (syntax-e (llm-query #:instruction \"hi\" #:max-tokens 400))))"
                     "  (range 10) #:max-concurrent 10)))")
    value = out.to_dict()["value"]
    sent = len(fake_llm.chat_calls)
    assert sent == sum(1 for v in value if v != "refused")
    assert 1 <= sent <= 2000 // 400


def test_retrying_a_refused_call_forever_ends_the_run(rt, fake_llm):
    out = rt.execute("(parameterize ([token-budget 10])"
                     " (let retry () (with-handlers ([exn:fail? (lambda (e) (retry))])"
                     "  (llm-query #:instruction \"x\"))))", timeout=10)
    assert not out.ok and "budget" in out.error
    assert fake_llm.chat_calls == []


def test_run_call_cap_counts_every_call(make_runtime, fake_llm):
    rt = make_runtime(RLM_RUN_MAX_CALLS="3")
    out = rt.execute('(for-each (lambda (i) (llm-query #:instruction "hi")) (range 10))', timeout=10)
    assert not out.ok and "cap" in out.error
    assert len(fake_llm.chat_calls) == 3


def test_huge_prompt_is_refused_before_sending(rt, fake_llm):
    out = run_ok(rt, "(finish (with-handlers ([exn:fail? exn-message])"
                     " (llm-query (make-string 5000000 #\\a))))")
    assert "limit" in out.value or "budget" in out.value
    assert fake_llm.chat_calls == []


def test_continuation_reentry_cannot_reset_spend(rt, fake_llm):
    fake_llm.script(*[Reply("x", prompt_tokens=60, completion_tokens=30)] * 5)
    out = rt.execute("(define n 0)"
                     "(parameterize ([token-budget 300])"
                     " (let loop ()"
                     "  (set! n (+ n 1))"
                     "  (with-handlers ([exn:fail? (lambda (e) n)])"
                     "   (llm-query #:instruction \"hi\" #:max-tokens 40)"
                     "   (if (< n 10) (loop) n))))", timeout=10)
    assert len(fake_llm.chat_calls) <= 300 // 90 + 1


def test_run_dollar_cap_refuses_before_sending(make_runtime, fake_llm):
    rt = make_runtime(RLM_RUN_MAX_COST="0.001")
    # opus: $25 per million output tokens -> 100 max-tokens alone may cost $0.0025 > $0.001
    out = rt.execute('(llm-query #:instruction "hi" #:model "opus" #:max-tokens 100)', timeout=20)
    assert not out.ok and "budget" in out.error and "RLM_RUN_MAX_COST" in out.error
    assert fake_llm.chat_calls == []
    run_ok(rt, '(llm-query #:instruction "hi" #:model "haiku" #:max-tokens 100)')  # haiku fits
    assert len(fake_llm.chat_calls) == 1
    assert run_ok(rt, "(finish (cost-remaining))").value <= 0.001
    assert rt.status()["limits"]["max_cost"] == 0.001


def test_run_dollar_cap_is_a_validated_setting(monkeypatch):
    import pytest

    from rlm_bot.config import load_settings
    from rlm_bot.errors import ConfigError
    from rlm_bot.llm import UsageMeter

    assert load_settings().llm.run_max_cost is None  # no dollar cap unless one is set
    monkeypatch.setenv("RLM_RUN_MAX_COST", "0")
    with pytest.raises(ConfigError, match="RLM_RUN_MAX_COST"):
        load_settings()
    monkeypatch.setenv("RLM_RUN_MAX_COST", "2.5")
    assert UsageMeter.for_run(load_settings().llm).max_cost == 2.5
