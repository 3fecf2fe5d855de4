"""#:recursive: a model-written program runs in a child sandbox, charged to the parent."""

from __future__ import annotations

from testing.fakes.openai_server import Reply
from tests.helpers.runtime import run_ok


def test_recursive_runs_the_child_program_and_charges_the_parent(rt, fake_llm):
    fake_llm.script(Reply("```scheme\n(define x (syntax-e (llm-query #:instruction \"inner\")))\n"
                          "(finish (string-append \"child saw \" x))\n```", prompt_tokens=50,
                          completion_tokens=30),
                    Reply("inner reply", prompt_tokens=10, completion_tokens=5))
    out = run_ok(rt, '(finish (syntax-e (llm-query #:instruction "Delegate this" #:recursive #t)))')
    assert out.value == "child saw inner reply"
    assert out.tokens == 95 and out.calls == 2
    assert "You write a Scheme program" in fake_llm.chat_calls[0].messages[0]["content"]
    depths = [e.depth for e in rt.log.entries() if e.kind == "llm-query"]
    assert depths == [0, 1]


def test_the_child_cannot_see_the_parents_definitions(rt, fake_llm):
    fake_llm.script("```scheme\n(finish (secret-of-parent))\n```")
    out = run_ok(rt, '(define (secret-of-parent) "hidden")'
                     "(finish (with-handlers ([exn:fail? exn-message])"
                     ' (llm-query #:instruction "x" #:recursive #t)))')
    assert "depth 1" in out.value and "hidden" not in out.value


def test_the_child_gets_only_the_remaining_budget(rt, fake_llm):
    fake_llm.script("```scheme\n(finish (tokens-remaining))\n```")
    out = run_ok(rt, "(finish (parameterize ([token-budget 3000])"
                     ' (syntax-e (llm-query #:instruction "x" #:recursive #t #:max-tokens 200))))')
    assert 0 < out.value < 3000


def test_recursion_is_limited_to_three_levels(rt, fake_llm):
    fake_llm.rule(lambda req: '```scheme\n(finish (syntax-e (llm-query #:instruction "again" #:recursive #t)))\n```')
    out = rt.execute('(llm-query #:instruction "go" #:recursive #t)', timeout=30)
    assert not out.ok and "at most 3 levels" in out.error
    assert len(fake_llm.chat_calls) == 3


def test_recursive_async_returns_a_future(rt, fake_llm):
    fake_llm.script("```scheme\n(+ 1 2)\n```")
    out = run_ok(rt, '(finish (await (llm-query-async #:instruction "x" #:recursive #t)))')
    assert out.value == 3


def test_an_unawaited_recursive_child_is_stopped_when_the_parent_ends(rt, fake_llm):
    import time

    fake_llm.script("```scheme\n(syntax-e (llm-query #:instruction \"slow child call\"))\n```")
    fake_llm.rule(lambda req: Reply("late", latency=6.0 if "slow" in req.last_user else 1.0))
    started = time.monotonic()
    out = run_ok(rt, '(llm-query-async #:instruction "x" #:recursive #t)'
                     ' (llm-query #:instruction "parent keeps working") (finish "parent done")')
    assert out.value == "parent done"
    assert len(fake_llm.chat_calls) == 3  # program, parent's own call, child's slow call
    deadline = time.monotonic() + 5
    child = [c for c in fake_llm.chat_calls if "slow" in c.messages[-1]["content"]][0]
    while time.monotonic() < deadline and child.outcome == "pending":
        time.sleep(0.05)
    assert child.outcome == "disconnected"
    assert time.monotonic() - started < 5.5
