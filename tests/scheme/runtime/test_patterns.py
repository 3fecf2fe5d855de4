"""Every pattern's doc page has a runnable example; each runs end to end against the provider."""

from __future__ import annotations

import re

import pytest

from rlm_bot.scheme.patterns import catalog
from rlm_bot.scheme.runtime.guide import seed_docs
from tests.helpers.runtime import run_ok, smart_rule

_BLOCK = re.compile(r"## Example\n```scheme\n(.*?)```", re.S)

# What each example must produce with `smart_rule` answering (a check per pattern, not an answer
# baked into the runtime: the provider's replies are scripted, the orchestration is real).
EXPECT = {
    "parallel_fan_out": lambda v, calls: len(v) == 3 and calls == 3,
    "code_generation": lambda v, calls: v == "385",
    "recursive_delegation": lambda v, calls: v == 42,
    "critique_refine": lambda v, calls: isinstance(v, str) and calls == 2,
    "cumulative_fold": lambda v, calls: isinstance(v, str) and calls == 3,
    "meta_orchestration": lambda v, calls: v.count("reply:") == 2 and calls == 3,
    "speculative_execution": lambda v, calls: v == "Paris",
    "ensemble_voting": lambda v, calls: v == "no" and calls == 5,
    "active_learning": lambda v, calls: v == ["positive", "other", "other"] and calls == 4,
    "tree_aggregation": lambda v, calls: isinstance(v, str) and calls == 4,
    "consensus_protocol": lambda v, calls: v == "100" and calls == 3,
    "backtracking_search": lambda v, calls: v == ["red", "green", "blue"],
    "anytime_algorithm": lambda v, calls: isinstance(v, str) and 1 <= calls <= 3,
    "memoization": lambda v, calls: v == ["Tokyo", "Tokyo"] and calls == 1,
    "stream_processing": lambda v, calls: len(v) == 4 and calls == 4,
    "multi_armed_bandit": lambda v, calls: v[0] == ["4", "4", "4"] and calls == 3,
}


def test_every_pattern_has_a_doc_page_with_the_required_sections():
    docs = seed_docs()
    assert sorted(p.doc for p in catalog()) == sorted(docs)
    assert len(catalog()) == 16
    for name, text in docs.items():
        for section in ("## Problem", "## When to use", "## Example", "## Cost and latency"):
            assert section in text, (name, section)
        assert _BLOCK.search(text), name


@pytest.mark.parametrize("doc", sorted(EXPECT))
def test_pattern_example_runs_end_to_end(rt, fake_llm, doc):
    fake_llm.rule(smart_rule)
    source = _BLOCK.search(seed_docs()[doc]).group(1)
    out = run_ok(rt, source, timeout=30)
    value = out.to_dict()["value"]
    assert EXPECT[doc](value, len(fake_llm.chat_calls)), (value, len(fake_llm.chat_calls))
    if doc == "speculative_execution":  # the losing call may be cancelled before it is sent
        assert out.calls >= len(fake_llm.chat_calls)
    else:
        assert out.calls == len(fake_llm.chat_calls)


def test_pattern_procedures_are_defined_in_every_session(rt):
    names = " ".join(p.procedure for p in catalog())
    out = run_ok(rt, f"(finish (map procedure? (list {names})))")
    assert out.to_dict()["value"] == [True] * 16


def test_stream_processing_resumes_after_a_restart(make_runtime, fake_llm):
    fake_llm.rule(smart_rule)
    program = ('(finish (stream-process "Tag it." (list "a" "b" "c" "d") #:window 2 #:key "resume"))')
    first = make_runtime(workspace="T-stream")
    run_ok(first, '(checkpoint! "resume" (list "done-a" "done-b"))')
    second = make_runtime(workspace="T-stream")
    out = run_ok(second, program)
    assert out.to_dict()["value"][:2] == ["done-a", "done-b"]
    assert len(fake_llm.chat_calls) == 2


def test_user_definitions_do_not_break_the_patterns(rt, fake_llm):
    fake_llm.rule(smart_rule)
    out = run_ok(rt, '(define text "mine") (define (tally . xs) "mine") (define chunk-list 0)'
                     '(finish (list (fan-out "Tag it." (list "a" "b")) text))')
    tagged, mine = out.to_dict()["value"]
    assert tagged == ["reply: Tag it. <data> a </data>", "reply: Tag it. <data> b </data>"]
    assert mine == "mine"


def test_an_error_inside_a_pattern_names_the_pattern_and_the_programs_form(rt):
    out = rt.execute('(define (summarise xs) (fan-out "Summarise" xs))\n\n(summarise 5)', timeout=20)
    assert not out.ok
    assert out.error.startswith("in pattern parallel-fan-out (fan-out): map-async needs a list")
    assert out.error.endswith("(at line 3, column 1)")  # the program's form, not a prelude line
    helper = rt.execute("(rlm:chunk-list 5 2)", timeout=20)
    assert helper.error.startswith("in pattern helper rlm:chunk-list: cdr: contract violation")
    plain = rt.execute("(car 5)", timeout=20)  # errors in the program itself are unchanged
    assert plain.error == "car: contract violation; expected: pair?; given: 5 (at line 1, column 1)"


def test_prelude_names_are_exactly_the_globals_loading_it_binds():
    from rlm_bot.scheme import Session
    from rlm_bot.scheme.patterns import prelude_names
    from rlm_bot.scheme.runtime.engine import load_prelude
    from rlm_bot.scheme.values import UNDEFINED

    session = Session()

    def bound() -> set[str]:
        return {name.name for name, cell in session.genv.cells.items() if cell.value is not UNDEFINED}

    before = bound()
    load_prelude(session)
    assert bound() - before == prelude_names() and len(prelude_names()) >= 16 + 5
    assert {p.procedure for p in catalog()} <= prelude_names()


def test_prelude_loads_with_the_first_run_that_names_it_and_after_a_reset(rt, fake_llm):
    from rlm_bot.scheme.values import UNDEFINED

    fake_llm.rule(smart_rule)
    assert run_ok(rt, "(+ 1 2)").to_dict()["value"] == 3
    assert rt.engine_session.genv.lookup("fan-out") is UNDEFINED  # not needed yet: not loaded
    out = run_ok(rt, '(finish (fan-out "Tag it." (list "a")))')
    assert out.to_dict()["value"] == ["reply: Tag it. <data> a </data>"]
    rt.reset()
    assert run_ok(rt, "(procedure? fan|-|out)").to_dict()["value"] is True  # `|` is dropped from symbols


def test_prelude_loaded_later_keeps_the_sessions_own_definitions(make_runtime, fake_llm):
    fake_llm.rule(smart_rule)
    rt = make_runtime()
    run_ok(rt, '(define (rlm:text v) "mine") (define anytime 7)')  # names prelude globals: loaded first
    out = run_ok(rt, '(finish (list (rlm:text 1) anytime (fan-out "Tag it." (list "a"))))')
    # as when the prelude loads with the session: the program's definitions replace the prelude's,
    # for its procedures too (fan-out formats each item with rlm:text)
    assert out.to_dict()["value"] == ["mine", 7, ["reply: Tag it. <data> mine </data>"]]

    from rlm_bot.scheme import Session
    from rlm_bot.scheme.runtime.engine import load_prelude
    from rlm_bot.scheme.values import UNDEFINED

    session = Session()
    session.define("rlm:tally", "defined before the prelude")  # e.g. by the host, before it loads
    load_prelude(session)
    assert session.genv.lookup("rlm:tally") == "defined before the prelude"
    assert session.genv.lookup("fan-out") is not UNDEFINED
