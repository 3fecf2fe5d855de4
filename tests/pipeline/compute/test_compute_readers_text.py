"""The general readers of the text kinds: bracketed material and its question in any order, comparisons
in words, character slices and positions, number facts, exclusions in extraction, a count over the text
above its question, labelled values in statistics (readers directly, and end to end in the real sandbox)."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.brackets import bracket_material, bracket_question
from rlm_bot.pipeline.compute.compare import comparison_expression
from rlm_bot.pipeline.compute.extract import excluded_word
from tests.helpers.compute import ask, ask_if_detected, bracket_answer


@pytest.mark.parametrize("body,material", [
    ("is this ok?\n```\nx = f(a[0]\n```", "x = f(a[0]"),
    ("the `g([1, 2)` call fails, brackets balanced?", "g([1, 2)"),
    ("brackets fine in \"(a [b) c]\" or not", "(a [b) c]"),
])
def test_bracket_material_is_found_wherever_it_sits(body, material):
    found = bracket_material(body)
    assert found is not None and found[0].strip() == material


def test_a_bracket_inside_a_string_literal_is_text(sandbox):
    result = ask('does {"k": "(note"} balance', sandbox)
    assert result is not None and result.answer.startswith("Yes — balanced"), result


@pytest.mark.parametrize("request_words,ask_kind", [
    ("are the parens ok here", "balanced"),
    ("do my braces pair up?", "balanced"),
    ("which closers are still open", "closers"),
    ("how many closing brackets do I need", "count"),
    ("what goes at the end", "closers"),
    ("write a function that checks balanced brackets", None),
    ("what is a bracket", None),
])
def test_bracket_question_is_read_from_the_words(request_words, ask_kind):
    assert bracket_question(request_words) == ask_kind


@pytest.mark.parametrize("query,answer", [
    ("(x + [y * 2) - 1] — do the brackets balance", "No"),
    ("{ ok: [1, (2)] } are those braces nested right?", "Yes"),
    ("tell me what closes it: if (a && (b || c", "))"),
    ("=SUMIF(A:A,\">0\",B:B → missing a bracket?", ")"),
])
def test_brackets_end_to_end(sandbox, query, answer):
    result = ask(query, sandbox)
    assert result is not None and result.kind == "brackets" and bracket_answer(result.answer, answer), result


def test_balance_verdict_says_what_is_wrong(sandbox):
    result = ask("are the brackets balanced: f(a[1)]", sandbox)
    assert result is not None and result.answer.startswith("No — not balanced: ") and "`)`" in result.answer


@pytest.mark.parametrize("body,truth", [
    ("is 7.5 at least 7.50", True),
    ("does 3 squared equal 9", True),
    ("is 2/5 bigger than 0.41", False),
    ("n = 12; is n between 10 and 11", False),
    ("is 0.1 + 0.2 == 0.3 in python", False),  # Python floats, as asked
    ("is 0.1 + 0.2 == 0.3", True),  # exact numbers as written
])
def test_comparison_expression_evaluates_as_meant(body, truth):
    found = comparison_expression(body)
    assert found is not None
    from fractions import Fraction  # noqa: F401  (names the expression uses)
    from math import sqrt  # noqa: F401
    assert bool(eval(found[0])) is truth  # the reader's output is a closed arithmetic expression


@pytest.mark.parametrize("body", ["is our churn lower than last year", "is the new build faster than 2.1",
                                  "is remote work better than the office"])
def test_comparison_of_things_not_numbers_is_not_read(body):
    assert comparison_expression(body) is None


@pytest.mark.parametrize("query,answer", [
    ("is -2 less than -7?", "No"),
    ("true or false: 2 ** 5 > 30", "True"),
])
def test_comparison_end_to_end(sandbox, query, answer):
    result = ask(query, sandbox)
    assert result is not None and result.kind == "boolean" and result.answer == answer, result


@pytest.mark.parametrize("query,answer", [
    ("last two letters of 'Lisbon'", "on"),
    ("what's the 4th letter of \"Slack\"", "c"),
    ("for the code ZX81-Q, what are characters 3 to 4?", "81"),
    ("alphabetise the letters in 'dcba'", "abcd"),
    ("strip the vowels from 'education'", "dctn"),
])
def test_character_operations_in_other_words(sandbox, query, answer):
    result = ask(query, sandbox)
    assert result is not None and result.kind == "string" and result.answer == answer, result


@pytest.mark.parametrize("query,answer", [
    ("add up the digits of 4096", "19"),
    ("previous prime before 50?", "47"),
    ("how many primes between 1 and 20", "8"),
    ("biggest prime factor of 77", "11"),
    ("what's the 12th fibonacci number", "144"),
])
def test_number_facts(sandbox, query, answer):
    result = ask(query, sandbox)
    assert result is not None and result.kind == "number_theory" and result.answer == answer, result


@pytest.mark.parametrize("ask_words,word", [
    ("list the emails, skip the bounce ones", "bounce"),
    ("urls except the staging one", "staging"),
    ("all the emails please", None),
])
def test_excluded_word(ask_words, word):
    assert excluded_word(ask_words) == word


def test_extraction_leaves_out_the_excluded_one(sandbox):
    result = ask("pull the emails out, ignore the bounce one: kim@a.io, bounce@a.io, lee@a.io", sandbox)
    assert result is not None and "bounce@a.io" not in result.answer and "kim@a.io, lee@a.io" in result.answer


def test_extraction_declines_when_the_excluded_one_is_not_told_apart(sandbox):
    result = ask("pull the emails out, ignore the old one: kim@a.io, lee@a.io", sandbox)
    assert result is None or result.kind != "extraction", result


def test_count_reads_the_text_above_its_question(sandbox):
    result = ask_if_detected("Thanks all for a great quarter, see you in January.\nhow many words is that", sandbox)
    assert result is not None and result.answer == "10", result


@pytest.mark.parametrize("query,answer", [
    ("north 12, south 18, east 9, west 21 — what's the mean?", "15"),
    ("sizes: a: 2.5kg, b: 3.5kg. average?", "3"),
    ("geometric mean of 4 and 9", "6"),
    ("midrange of 1, 5, 11", "6"),
])
def test_statistics_of_labelled_values(sandbox, query, answer):
    result = ask(query, sandbox)
    assert result is not None and result.kind == "statistics" and result.answer == answer, result
