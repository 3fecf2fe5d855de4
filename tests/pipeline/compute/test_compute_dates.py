"""Dates in the forms people write them, and durations phrased the way people say them (real sandbox)."""

from __future__ import annotations

from datetime import date

import pytest

from rlm_bot.pipeline.compute.stage import ComputationResult, format_answer
from rlm_bot.pipeline.compute.dates import date_assumptions, find_dates
from tests.helpers.compute import ask_if_detected

TODAY = "2026-12-07"  # a Monday


def _ask(text: str, sandbox, **context) -> ComputationResult | None:
    return ask_if_detected(text, sandbox, **{"today": TODAY, **context})


@pytest.mark.parametrize("query,answer", [
    ("how many weeks ago was 2026-01-20?", "45 weeks and 6 days ago (321 days)"),
    ("<@U024BE7LH> how many weeks between jan 1 2025 and mar 1 2025", "8 weeks and 3 days (59 days)"),
    ("how many weeks from 2026-01-05 to 2026-02-02", "4 weeks"),
    ("how many days between 21/11/2026 and 25/12/2026", "34"),
    ("what day of the week is 21.11.2026", "Saturday"),
    ("what day is 21 Nov 2026", "Saturday"),
    ("how many days between Nov 21st and Dec 25th", "34"),
    ("how many days from 03/04/2026 to 2026-05-01",
     "58 (03/04/2026 read month first, as 4 March 2026; say if you meant 3 April)"),
    ("whats the date next friday",
     "2026-12-11 (Friday) (next Friday read as the first Friday after today, 2026-12-07)"),
    ("when is a week from tuesday", "2026-12-15 (Tuesday)"),
    ("what date is in 3 business days", "2026-12-10 (Thursday)"),
    ("what's the date 10 business days from 2026-12-18", "2027-01-01 (Friday)"),
    ("how many days until friday", "4"),
    ("how long ago was july 20 1969", "57 years, 4 months and 17 days ago (20,959 days)"),
    ("how long until christmas", "18 days"),
    ("how many months between 2023-04-15 and 2024-01-20", "9 months and 5 days"),
    ("how many years since 2019-05-01", "7 years and 7 months"),
    ("how many days since last monday", "7"),
    ("date in 6 weeks?", "2027-01-18 (Monday)"),
    ("how many wks ago was 3rd march", "39 weeks and 6 days ago (279 days)"),
    ("how many weeks until xmas", "2 weeks and 4 days (18 days)"),
    ("how old am i if i was born 12/05/1990", "36 (12/05/1990 read month first, as 5 December 1990; say if you meant 12 May)"),
    ("how many working days between 1 Dec 2026 and 24 Dec 2026", "17 (18 if 2026-12-24, the last day, counts too)"),
    ("what week number is it", "week 50 of 2026 (ISO 8601: weeks start on Monday)"),
    ("what quarter is 2026-05-14 in", "Q2 2026"),
    ("how many days in february 2028", "29"),
    ("whats the date 2 weeks from tmrw", "2026-12-22 (Tuesday)"),
    ("how many days til eoy", "24"),
    ("how many days between 2026-12-07 and 2027-03-01 excluding weekends", "60 (61 if 2027-03-01, the last day, counts too)"),
    ("how many weeks left this year", "3 weeks and 3 days"),
    ("is 2027-01-01 a monday?", "No, it is a Friday"),
    ("is christmas on a friday this year", "Yes"),
    ("how many days from 24/12/2026 to 02/01/2027", "9"),
    ("what's 72 hours from 2025-06-01 09:00", "2025-06-04 09:00 (Wednesday)"),
    ("90 minutes before 2026-12-07 00:30, what time is it", "2026-12-06 23:00 (Sunday)"),
])
def test_dates_in_everyday_forms(sandbox, query, answer):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == answer, result


@pytest.mark.parametrize("text,expected,notes", [
    ("21/11/2026", date(2026, 11, 21), 0),      # day over 12: only day-first reads
    ("11/21/2026", date(2026, 11, 21), 0),      # second over 12: only month-first reads
    ("03/04/2026", date(2026, 3, 4), 1),        # ambiguous slash: month first, and said so
    ("03.04.2026", date(2026, 4, 3), 1),        # ambiguous dots: day first, and said so
    ("21/11/2026 and 03/04/2026", date(2026, 11, 21), 0),  # the unambiguous one decides the other
])
def test_dates_numeric_forms_follow_a_stated_rule(text, expected, notes):
    found = find_dates(text, date(2026, 1, 1))
    assert found[0][0] == expected
    assert len(date_assumptions(text)) == notes
    if "and" in text:
        assert found[1][0] == date(2026, 4, 3)


@pytest.mark.parametrize("query", [
    "how long will the migration take?",
    "when is the next release?",
    "what day is the retro this week?",
    "are we shipping next friday?",
    "how many days did the outage last?",
    "what week do we ship?",
    "what quarter are we planning for?",
])
def test_dates_talk_without_dates_is_not_computed(sandbox, query):
    assert _ask(query, sandbox) is None


@pytest.mark.parametrize("value,style,text", [
    (0.30000000000000004, {}, "0.3"),
    (1236567, {"thousands": True}, "1,236,567"),
    (1236567, {}, "1236567"),
    (1234.5678, {"thousands": True}, "1,234.5678"),
    (55.775, {"unit": "money", "currency": ""}, "55.78"),
    (-1234.5, {"unit": "money", "currency": "€"}, "-€1,234.50"),
    (-25.0, {"unit": "percent"}, "-25%"),
])
def test_format_answer_writes_numbers_as_people_do(value, style, text):
    assert format_answer(value, "arithmetic", style=style) == text


@pytest.mark.parametrize("query,answer", [
    ("what's 1,234,567 + 2,000", "1,236,567"),
    ("whats 0.1 + 0.2", "0.3"),
    ("$50 split 3 ways", "$16.67"),
    ("if I buy 4 tickets at $12.50 each, what's the total?", "$50.00"),
    ("what percent of $200 is $50", "25%"),
    ("what's 15% of 80", "12"),
    ("how many weeks in 100 days", "14 weeks and 2 days (14.29 weeks)"),
    ("how many days is 60 hours", "2 days and 12 hours (2.5 days)"),
    ("how many days in 6 weeks", "42"),
    ("90 minutes in hours", "1.5"),
])
def test_existing_templates_answer_in_the_users_terms(sandbox, query, answer):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == answer, result
