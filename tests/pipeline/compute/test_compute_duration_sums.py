"""Durations in mixed notations added up, a duration written in a compound unit, clock times with weekdays, the
span from the first to the last clock time or log stamp, a pace, a duration repeated a stated number of times, and
zone abbreviations with the season said (issue #16, branch time16). Run in the real sandbox; each reader also
declines what it reads only in part, and questions that ask for advice about such numbers are no computation."""

from __future__ import annotations

import pytest

from tests.helpers.compute import ask_if_detected as _ask


@pytest.mark.parametrize("query,expected", [
    ("podcast edit: segments ran 1h20, 45m, 2h05 and 35m. total runtime?", "4 h 45 min"),
    ("my meetings today: 25m standup, 50m design review, 1h15m planning, 40m 1:1. how much time is that total",
     "3 h 10 min"),
    ("sum these call durations (mm:ss)\n12:40\n8:15\n23:05\n4:50", "48 min 50 s"),
    ("boss fight attempts took 6:40, 7:15, 5:55 and 8:20 (mins:secs). total?", "28 min 10 s"),
    ("add up the lap times 1:02:15, 0:58:40, 1:05:30", "3 h 6 min 25 s"),
    ("our nurse handovers took 15m, 20m, 1h10m and 25m this week, total in minutes?", "130 minutes"),
    ("tutoring sessions this month 1h, 1h30, 45min, 2h, 1h15. how many hours is that altogether", "6.5 hours"),
    ("shifts this week: 9h, 10h30, 8h45, 11h, 9h15. anything over 40h is overtime, how much overtime", "8 h 30 min"),
    ("1h20 + 2h50 + 40m in hours and minutes", "4 h 50 min"),
])
def test_durations_in_mixed_notations_are_added(sandbox, query, expected):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == expected, result


@pytest.mark.parametrize("query", [
    "meeting at 10:15 and 11:40, total?",  # times of day, not lengths
    "what's the average of 1h20, 45m and 2h05",  # another measure
    "standups ran 15m, 20m and 25m; which one was longest",
])
def test_duration_sums_decline_what_they_read_in_part(sandbox, query):
    assert _ask(query, sandbox) is None


def test_a_media_word_makes_a_b_minutes_and_seconds(sandbox):
    result = _ask("tracks 3:45, 4:12 and 5:03, total?", sandbox)
    assert result is not None and result.answer == "13 min", result


@pytest.mark.parametrize("query,expected", [
    ("deploy pipeline took 1847 seconds, what's that in minutes and seconds", "30 min 47 s"),
    ("the job ran 7380 seconds, how long is that in hours and minutes", "2 h 3 min"),
    ("parcel is 70 kg, what's that in lb and oz", "154 lb 5.2 oz"),
])
def test_one_quantity_in_a_compound_unit(sandbox, query, expected):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(expected), result


def test_a_compound_unit_the_form_does_not_write_declines(sandbox):
    result = _ask("2 m in feet and cm", sandbox)
    assert result is None, result


@pytest.mark.parametrize("query,expected", [
    ("hrs between mon 9am and thu 5pm same week?", "80 h"),
    ("the raid event runs sat 6pm to mon 6am, how many hours is that", "36 h"),
    ("ticket opened Thursday 3pm, closed Monday 10am the following week. how many hours open?", "91 h"),
])
def test_weekday_clock_spans(sandbox, query, expected):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == expected, result


def test_weekday_span_with_a_break_declines(sandbox):
    result = _ask("hours between mon 9am and thu 5pm minus a 1h lunch each day?", sandbox)
    assert result is None or result.answer != "80 h", result


@pytest.mark.parametrize("query,expected", [
    ("got paged at 03:12, 03:40 and 04:05 last night. how long between the first and the last page?", "53 min"),
    ("server alerts at 23:50, 00:20 and 01:05. how long from the first alert to the last?", "1 h 15 min"),
])
def test_first_to_last_clock_time(sandbox, query, expected):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == expected, result


def test_log_span_first_to_last_line(sandbox):
    text = ("how long did this restart loop last (first to last line)?\n```\n"
            "2026-12-06T23:58:41Z WARN worker-7 liveness probe failed\n"
            "2026-12-07T00:00:02Z WARN worker-7 back-off restarting\n"
            "2026-12-07T00:03:12Z INFO worker-7 container started\n```")
    result = _ask(text, sandbox)
    assert result is not None and result.answer == "4 min 31 s", result


@pytest.mark.parametrize("query,expected", [
    ("my run yesterday was 10.5 km in 58:48, whats my pace per km?", "5:36"),
    ("ran 5 miles in 42 minutes, what was my pace", "8:24"),
    ("marathon in 3:45, 42.2 km, pace per km?", "5:20"),
])
def test_pace_reads_the_time_by_what_a_person_can_run(sandbox, query, expected):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(expected), result


def test_pace_with_another_number_declines(sandbox):
    assert _ask("ran 10 km in 50:00 with 3 stops, pace per km?", sandbox) is None


@pytest.mark.parametrize("query,expected", [
    ("weekly forecast call is 45 min, 13 weeks in the quarter. total time we spend on it?", "9 h 45 min"),
    ("we have 20 sessions of 1h15 this term, how many hours altogether", "25 hours"),
])
def test_a_duration_repeated(sandbox, query, expected):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == expected, result


@pytest.mark.parametrize("query", [
    "daily standup 15 min, 5 people, 20 working days. total time?",  # person-time: not one repeat count
    "call is 45 min, 13 weeks in the quarter, total?",  # nothing says the call is weekly
])
def test_a_repeat_not_sure_declines(sandbox, query):
    result = _ask(query, sandbox)
    assert result is None or result.answer != "9 h 45 min", result


@pytest.mark.parametrize("query,expected", [
    ("9am PST in EST?", "12:00"),
    ("our Chicago warehouse opens 8:00 am local time (CST), what time is that in Berlin? (it's december so no summer "
     "time)", "15:00"),
])
def test_zone_abbreviations_when_sure(sandbox, query, expected):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(expected), result


@pytest.mark.parametrize("query", [
    "is 9am PST too early for a call with the london office?",
    "what's the best time for a call between PST and CET teams?",
    "3pm CET for the sydney team",  # Sydney's offset depends on the season, which the message does not say
])
def test_zone_questions_not_computed(sandbox, query):
    assert _ask(query, sandbox) is None


@pytest.mark.parametrize("query", [
    "my standups keep running 45m instead of 15m, how do I get people to stop rambling?",
    "is 1h20 too long for a podcast episode?",
    "should I bill 1h20 or round it up to 1h30 for the client?",
    "my build takes 12m30s, any tips to make it faster?",
    "track lengths 3:45, 4:12, 5:03 — which order makes the best flow for a mixtape?",
])
def test_advice_about_durations_is_no_computation(sandbox, query):
    assert _ask(query, sandbox) is None


def test_invoice_rate_today(sandbox):
    result = _ask("invoice is 1,250 USD, rate today 0.9234, how much in EUR", sandbox)
    assert result is not None and "1,154.25" in result.answer, result


@pytest.mark.parametrize("query,expected", [
    ("how many weekdays in february 2027", "20"),
    ("how many working days are there in march 2027?", "23"),
])
def test_working_days_in_a_month(sandbox, query, expected):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == expected, result


def test_working_days_with_holidays_named_declines(sandbox):
    assert _ask("how many working days in december 2026 excluding the 25th and 26th", sandbox) is None


@pytest.mark.parametrize("query,expected", [
    ("Sprint 41 started Nov 23, we do 2-week sprints. When does sprint 43 start?", "2026-12-21"),
    ("cohort 3 started on 6 jan 2027, cohorts run 6 weeks back to back. when does cohort 5 start", "2027-03-31"),
])
def test_numbered_cycles_back_to_back(sandbox, query, expected):
    result = _ask(query, sandbox, today="2026-12-07")
    assert result is not None and result.answer.startswith(expected), result


@pytest.mark.parametrize("query", [
    "Sprint 41 started Nov 23, we do 2-week sprints with a 1 week break. When does sprint 43 start?",
    "Sprint 41 started Nov 23, we do 2-week sprints. When does sprint 43 end?",
])
def test_numbered_cycles_read_in_part_decline(sandbox, query):
    result = _ask(query, sandbox, today="2026-12-07")
    assert result is None or not result.answer.startswith("2026-12-21"), result


def test_clock_ranges_are_no_lengths_to_add(sandbox):
    result = _ask("Timesheet: 08:15-12:30 and 13:15-17:45. How many hours is that in total?", sandbox)
    assert result is not None and result.answer.startswith("8 h 45 min"), result


@pytest.mark.parametrize("query,expected", [
    ("3.5 years in months?", "42 months"),
    ("how many years is 42 months", "3.5 years"),
])
def test_years_and_months(sandbox, query, expected):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == expected, result


@pytest.mark.parametrize("query", ["3 months in weeks", "3.5 years in months for a loan, good idea?"])
def test_months_to_weeks_and_advice_decline(sandbox, query):
    assert _ask(query, sandbox) is None
