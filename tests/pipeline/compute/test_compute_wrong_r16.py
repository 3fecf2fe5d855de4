"""Wrong answers of the unseen chat sets p-r in the table, boolean, number-theory, date and extraction readers
(issue #16): each cause in words of its own, run in the real sandbox; the stage must answer right or decline,
and the plain forms next to each guard must still be answered."""

from __future__ import annotations

import re

import pytest

from tests.helpers.compute import ask_if_detected

_ask = ask_if_detected


@pytest.mark.parametrize("query", [
    # sizes to fit, not values to take the minimum of: a common multiple
    "pallets hold 4, 6 or 9 crates. what's the smallest order that fills whole pallets of any of those sizes?",
    "least number of chairs that can be split evenly into rows of 5, 6 and 8?",
])
def test_sizes_to_fit_are_not_a_minimum(sandbox, query):
    result = _ask(query, sandbox)
    assert result is None or result.answer.split()[0] not in {"4", "5"}, result


def test_plain_smallest_of_a_list_still_answered(sandbox):
    result = _ask("what's the smallest of 14, 9, 22 and 17?", sandbox)
    assert result is not None and result.answer.startswith("9"), result


def test_together_over_tests_the_sum_not_each_item(sandbox):
    result = _ask("do these three payments combined come to more than 5k? 1,900 / 2,250.50 / 1,100", sandbox)
    assert result is None or "none" not in result.answer.lower(), result


def test_how_much_money_is_not_a_count_column(sandbox):
    table = "month | refunds | refunded_usd\nJan | 3 | 240\nFeb | 5 | 410\nMar | 2 | 95\n"
    result = _ask(table + "how much did we refund in refunds this quarter?", sandbox)
    assert result is None or not result.answer.startswith(("10", "Total refunds: 10")), result


def test_how_many_hours_over_an_hours_column_is_not_a_row_count(sandbox):
    table = ("```\nItem           Hours   Who\n-------------  ------  ----\nDesign review  3       ana\n"
             "Bug bash       5.5     raj\nRelease notes  2       ana\nOn-call        8       raj\n```")
    result = _ask("how many hours does ana have in total?\n" + table, sandbox)
    assert result is None or re.search(r"\d+(?:\.\d+)?", result.answer).group(0) in {"5", "5.0", "5.00"}, result


def test_which_ids_are_a_value_is_a_filter_not_an_extraction(sandbox):
    text = ("```\nid,title,priority\nOPS-7,Disk full,High\nOPS-8,Slow login,Low\nOPS-9,Cert expiry,High\n```\n"
            "which tickets are High?")
    result = _ask(text, sandbox)
    assert result is None or "OPS-8" not in result.answer, result


def test_listed_ids_still_extracted(sandbox):
    result = _ask("which tickets are mentioned here: OPS-7 is blocked by OPS-9", sandbox)
    assert result is not None and "OPS-7" in result.answer and "OPS-9" in result.answer, result


@pytest.mark.parametrize("query,first", [
    ("invoice dated 03/10/2026 (dd/mm/yyyy), due 14 days later. due date?", "2026-10-17"),
    ("kickoff 04/09/2026 in US format, the review is 10 days after. what date is the review?", "2026-04-19"),
])
def test_a_stated_date_order_is_followed(sandbox, query, first):
    result = _ask(query, sandbox, today="2026-12-07")
    assert result is None or result.answer.startswith(first), result


def test_a_numbered_period_is_not_one_period(sandbox):
    result = _ask("release 7 shipped on Oct 5 and we ship every 3 weeks. when does release 10 ship?", sandbox,
                  today="2026-12-07")
    assert result is None or not result.answer.startswith("2026-10-26"), result


def test_one_date_said_twice_is_not_a_zero_span(sandbox):
    result = _ask("how many days left till the Mar 3 offsite (that's mar 3 2027)?", sandbox, today="2026-12-07")
    assert result is None or not result.answer.startswith("0"), result


def test_most_common_value_is_still_a_mode(sandbox):
    result = _ask("most common response code in this list? 301 404 301 500 301 404", sandbox)
    assert result is not None and result.answer.startswith("301"), result


def test_which_handles_are_tagged_is_still_an_extraction(sandbox):
    result = _ask('which @handles got tagged in this? "thanks @mira.k and @devon_p for the photos"', sandbox)
    assert result is None or ("@mira.k" in result.answer and "@devon_p" in result.answer), result
