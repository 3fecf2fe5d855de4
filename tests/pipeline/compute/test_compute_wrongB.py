"""Wrong answers of the unseen chat sets v-x in the number-theory, string, statistics, arithmetic, percentage,
money-over-time, conversion and time readers: each cause in words of its own, run in the real sandbox; the stage
must answer right or decline, and the plain form next to each guard must still be answered."""

from __future__ import annotations

import pytest

from tests.helpers.compute import ask_if_detected

_ask = ask_if_detected


def _first(result) -> str:
    return result.answer.split()[0].rstrip(",")


# ----- word sums ---------------------------------------------------------------------------------------

def test_nothing_left_over_asks_no_remainder(sandbox):
    result = _ask("have 90 roses and 36 tulips, want identical bouquets with nothing left over. most bouquets?", sandbox)
    assert result is None or _first(result) != "54", result


def test_take_off_deducts_in_a_sum(sandbox):
    result = _ask("fuel log says 310 litres jan, 285 feb, 402 mar. take off the 60 litres spilled in mar — whats the total?",
                  sandbox)
    assert result is not None and _first(result) == "937", result


def test_count_of_other_things_is_no_amount_of_the_total(sandbox):
    result = _ask("van 7 made 4 runs today, 12 crates, 15 crates and 9, plus collected 6 empties. total crates moved?",
                  sandbox)
    assert result is None or _first(result) not in {"53", "46", "42"}, result


def test_week_number_is_a_label_not_an_amount(sandbox):
    result = _ask("week 12 cycling: tue 18.5, thu 22, sat 40.25 (km). add it up for me?", sandbox)
    assert result is not None and _first(result) == "80.75", result


# ----- counting --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "how many different ways can 5 guests line up for a photo (order matters)?",
    "how many different orders can i play 6 songs in (all 6, any order)?",
])
def test_arrangements_are_not_distinct_items(sandbox, query):
    result = _ask(query, sandbox)
    assert result is None or _first(result) not in {"1", "2"}, result


def test_distinct_items_still_counted(sandbox):
    result = _ask("how many different colours: red, blue, red, green, blue", sandbox)
    assert result is not None and _first(result) == "3", result


# ----- strings ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "hashtag for 'Friday Fish Fry' - lowercase no spaces with the #",
    'url slug for the blog post: "Spring Menu – Wild Garlic (Limited)" (lowercase, hyphens)',
])
def test_case_change_with_a_further_edit_is_not_only_the_case(sandbox, query):
    result = _ask(query, sandbox)
    assert result is None or " " not in result.answer.strip(), result


def test_upper_case_keeps_the_heading_of_its_own_line(sandbox):
    result = _ask("put this in all caps for the sign please\nopening hours: noon till late", sandbox)
    assert result is not None and result.answer.strip() == "OPENING HOURS: NOON TILL LATE", result


def test_plain_upper_case_still_answered(sandbox):
    result = _ask("uppercase this: hello world", sandbox)
    assert result is not None and result.answer.strip() == "HELLO WORLD", result


# ----- statistics ------------------------------------------------------------------------------------------

def test_count_in_the_lead_in_is_no_value(sandbox):
    result = _ask("sales over the past 5 days: 20, 30, 40, 50, 60 — what's the average per day?", sandbox)
    assert result is None or _first(result) == "40", result


def test_corrected_statistic_over_the_values_before_it(sandbox):
    result = _ask("scores: 3, 9, 4, 10, 8\nmean and median? actually just the median is fine", sandbox)
    assert result is not None and _first(result) == "8", result


def test_in_min_is_minutes_not_the_minimum(sandbox):
    result = _ask("lap times in min: 4.0, 4.2, 4.4 — sample standard deviation pls", sandbox)
    assert result is not None and (_first(result) == "0.2" and "min" not in result.answer), result


def test_several_statistics_all_answered(sandbox):
    result = _ask("mean and median of 3, 5, 9, 10", sandbox)
    assert result is None or ("6.75" in result.answer and "7" in result.answer), result


# ----- percentage ------------------------------------------------------------------------------------------

def test_rate_named_then_its_share_asked(sandbox):
    result = _ask("we add 10% service on a £150 bill, how much is the service charge?", sandbox)
    assert result is not None and "15" in result.answer and "165" not in result.answer, result


def test_imperative_rate_still_applied(sandbox):
    result = _ask("add 10% tip to 40", sandbox)
    assert result is not None and result.answer.startswith("44"), result


# ----- money over time -------------------------------------------------------------------------------------

def test_deposits_at_the_end_of_every_month_are_a_savings_plan(sandbox):
    result = _ask("if i put 100 in at the end of every month, 6% a year compounded monthly, balance after 1 year?", sandbox)
    assert result is not None and "1,233.56" in result.answer, result


def test_deposits_at_the_start_of_every_month_are_no_single_sum(sandbox):
    result = _ask("if i deposit 100 at the start of every month at 6% a year compounded monthly, balance after 1 year?",
                  sandbox)
    assert result is None or "106.17" not in result.answer, result


# ----- conversion ------------------------------------------------------------------------------------------

def test_stated_size_applies_to_the_plural_unit(sandbox):
    result = _ask("taking 1 cup = 250 ml, how many ml is 3 cups of stock", sandbox)
    assert result is not None and _first(result) == "750", result


# ----- clock times -----------------------------------------------------------------------------------------

def test_arrival_then_start_asked_counts_back(sandbox):
    result = _ask("the roast needs 2h 10min and guests arrive at 19:00, when does it need to go in", sandbox)
    assert result is not None and ("4:50" in result.answer or "16:50" in result.answer), result


def test_arrival_then_end_asked_counts_on(sandbox):
    result = _ask("my train arrives at 18:00 and the walk is 25 min, when do i get home?", sandbox)
    assert result is not None and ("6:25" in result.answer or "18:25" in result.answer), result
