"""Arithmetic, percentage, money-over-time, conversion and statistics forms of the unseen chat sets,
round 3 (issue #16): each error class in words of its own, run in the real sandbox as the pipeline runs
it, and the look-alikes the stage must still leave alone."""

from __future__ import annotations

import pytest

from tests.helpers.compute import ask_if_detected

_ask = ask_if_detected


@pytest.mark.parametrize("query,first", [
    # an inline expression among chat words: sign-offs, inline code, emoji shortcodes, a purpose clause
    ("could you kindly compute 45 x 12 x 3.5 and get back to me", "1890"),
    ("Kindly calculate 20 x 30 x 1.5 and revert", "900"),
    ("fyi can you calculate (1,200 + 850 + 430) / 4 for the weekly report", "620"),
    ("calc `96 / 8 + 14 * 3` pls :thinking_face:", "54"),
    ("wat is 7200 divided by 16", "450"),
    # 'x' after a bracket multiplies
    ("what's (9 + 6) x 4 minus 3 squared", "51"),
])
def test_inline_expressions_in_chat(sandbox, query, first):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(first), result


@pytest.mark.parametrize("query", [
    "can you calculate 12 * 4 for the 3 teams",  # a number after it may change the sum
    "calc 45 x 12 and then tell me why the build broke",
])
def test_inline_expression_with_more_asked_is_left_alone(sandbox, query):
    result = _ask(query, sandbox)
    assert result is None or result.answer.split()[0] not in {"48", "540"}, result


@pytest.mark.parametrize("query,first", [
    ("the dinner was $64.50, what's an 18% tip", "$11.61"),
    ("our lunch bill came to £42.00 - how much would a 12.5% tip be?", "£5.25"),
    ("1,250 USD + 8% tax = ?", "$1,350.00"),
    ("load time fell from 3.2 s to 2.4 s, what's the % decrease?", "25%"),
    ("what is 12% of ₹45,000", "5,400"),
])
def test_percentage_forms(sandbox, query, first):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(first), result


@pytest.mark.parametrize("query,first", [
    ("average of these order totals: 120, 95, 143, 88", "111.5"),
    ("median order value from today: $18.20, $25.00, $31.40, $22.10, $19.99", "$22.10"),
    ("what's the max order amount here: 310, 275, 402, 198", "402"),
])
def test_order_values_are_statistics_not_sorting(sandbox, query, first):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(first), result


def test_sort_by_order_value_still_sorts(sandbox):
    result = _ask("sort these order values: 340, 290, 415", sandbox)
    assert result is not None and result.answer.startswith("290, 340, 415"), result


@pytest.mark.parametrize("query,first", [
    ("rent is 1,400 and goes up 4% every year. what will it be after 3 increases?", "1,574.81"),
    ("a ticket cost $12.00 in 2019 and rises 6% each year, what will it cost in 2025?", "$17.02"),
    ("membership was €250 back in 2021 and increases 3% a year. price in 2024?", "€273.18"),
])
def test_recurring_growth_over_raises_or_between_years(sandbox, query, first):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(first), result


@pytest.mark.parametrize("query,first", [
    ("the board is 48 inches wide, what's that in cm?", "121.92"),
    ("my fridge is at 38F, whats that in C", "3.3333"),
    ("that hike was 14 miles - what's it in km?", "22.53"),
])
def test_conversion_what_is_that_in(sandbox, query, first):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(first), result


@pytest.mark.parametrize("query,first", [
    ("2,400 boxes x 36 cans per box - how many cans in total?", "86,400"),
    ("we ship 1,120 crates × 18 bottles each. total bottles?", "20,160"),
    ("we got 5 vans with 40 boxes each and 3 vans with 25 boxes each, how many boxes in all?", "275"),
    ("there are 9 classes with 28 pupils each and 4 classes with 31 pupils each - how many pupils altogether?", "376"),
])
def test_groups_with_thousands_or_times_and_several_groups(sandbox, query, first):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(first), result


def test_groups_of_different_things_are_not_added(sandbox):
    result = _ask("4 shelves with 30 books each and 2 shelves with 12 dvds each, how many books in total?", sandbox)
    assert result is None or not result.answer.startswith("144"), result


@pytest.mark.parametrize("query,first", [
    ("each minibus seats 14 people - how many minibuses will we need to carry 100 people?", "8 minibuses"),
    ("each crate holds 24 bottles, how many crates do I need for 500 bottles", "21 crates"),
    ("each shelf can hold 40 binders. how many shelves would we need for 1,010 binders?", "26 shelves"),
])
def test_how_many_needed_rounds_up(sandbox, query, first):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(first), result


def test_how_many_needed_of_other_things_is_left_alone(sandbox):
    result = _ask("each box holds 12 mugs, how many boxes do we need for 30 plates?", sandbox)
    assert result is None or not result.answer.startswith("3 boxes"), result
