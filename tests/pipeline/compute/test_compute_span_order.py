"""Wrong answers that must not come back (real sandbox): a date without a year takes its year from the
span the words describe ('till xmas from nov 30 2026' runs from 30 Nov to the Christmas after it), a
quarter asked with a fiscal year is the fiscal quarter, and 'only the odd numbers from: ...' keeps the
odd ones instead of echoing the list."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.stage import ComputationResult
from tests.helpers.compute import ask_if_detected

TODAY = "2026-12-07"


def _ask(text: str, sandbox) -> ComputationResult | None:
    return ask_if_detected(text, sandbox, today=TODAY)


@pytest.mark.parametrize("query,answer", [
    ("days till xmas from nov 30 2026", "25"),
    ("how many days until dec 25 counting from 30 november 2026?", "25"),
    ("days till new year's day from dec 3 2026", "29"),
    ("how many days until halloween from 2 feb 2027", "271"),
    ("days from nov 30 2026 until christmas", "25"),       # the text order already runs forward
    ("days between 5 jan and 19 mar 2027", "73"),           # a yearless start takes the end's year
])
def test_a_yearless_date_takes_its_year_from_the_span_the_words_give(query, answer, sandbox):
    res = _ask(query, sandbox)
    assert res is not None and res.answer.split()[0] == answer


@pytest.mark.parametrize("query,quarter", [
    ("which quarter is nov 14 in if our fiscal year begins in october", "Q1"),
    ("our financial year starts in april, which quarter is 3 june in", "Q1"),
    ("what fiscal quarter is 14 nov 2026 if the FY starts in July", "Q2"),
])
def test_a_quarter_asked_with_a_fiscal_year_is_the_fiscal_quarter(query, quarter, sandbox):
    res = _ask(query, sandbox)
    assert res is None or res.answer.startswith(quarter)  # declining is allowed, a calendar quarter is not


@pytest.mark.parametrize("query,kept", [
    ("pls give me only the odd numbers from: 2,3,5,8,13,21,34", "3, 5, 13, 21"),
    ("just the odd ones from this list pls: 12, 15, 18, 21", "15, 21"),
    ("odd numbers only from: 2, 3, 5, 8", "3, 5"),
])
def test_only_the_odd_numbers_keeps_the_odd_ones(query, kept, sandbox):
    res = _ask(query, sandbox)
    assert res is not None and res.answer.startswith(kept)
