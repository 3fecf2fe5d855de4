"""Issue #16, round 2: time and date forms from people who never saw the code (real sandbox).

Several clock ranges totalled, durations added, a span less its breaks, sleep, payment terms in days,
both ends of a span counted, a day restated in brackets, a greeting before the question; and the
forms that must decline rather than answer wrongly."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.stage import ComputationResult
from tests.helpers.compute import ask_if_detected

TODAY = "2026-12-07"  # a Monday


def _ask(text: str, sandbox) -> ComputationResult | None:
    return ask_if_detected(text, sandbox, today=TODAY)


@pytest.mark.parametrize("query,answer", [
    # several clock ranges: their lengths added
    ("my meetings today: 9:30-10:15, 11:00-11:45, 14:00-15:30. total time in meetings?", "3 h"),
    ("Hi, can you total my hours for these two days? Mon 8:50-17:05, Tue 9:10-17:30", "16 h 35 min"),
    ("Worked 22:00–02:30 Friday and 21:30–01:00 Saturday, total hours?", "8 h"),
    ("how much time did I spend in meetings: 9am-10:30am, 1pm-2pm, 3:15pm-4pm", "3 h 15 min"),
    # durations added or taken away
    ("add these up: 1h 20m + 45m + 2h 15m", "4 h 20 min"),
    ("what's 2 hrs 40 mins plus 1 hr 35 mins", "4 h 15 min"),
    ("2h 10m minus 35m", "1 h 35 min"),
    ("I ran 45 min on Monday, 1h 10m on Wednesday and 55 min on Friday, how long in total", "2 h 50 min"),
    ("total time for 1:20 + 0:45 + 2:15", "4:20"),
    # a span less its breaks
    ("My shift is 07:30 to 16:00 with a 30 min unpaid break, how many paid hours is that?", "8 h"),
    ("Shift 06:00-14:30 with two 15 min breaks, how many hours of paid time?", "8 h"),
    ("8:00 to 16:30 less half an hour for lunch, how long is that", "8 h"),
    # sleep, a length, a bare start hour
    ("if I go to bed at 10:45pm and wake up at 6:30am how much sleep is that", "7 h 45 min"),
    ("Lecture 10:10–11:40. Length in minutes?", "90 minutes (1 h 30 min)"),
    ("meeting from 2 to 3:30pm, how long?", "1 h 30 min"),
    # payment terms in days
    ("Hi, an invoice dated 12 Jan 2026 has 45-day payment terms - what date is it due?", "2026-02-26 (Thursday)"),
    ("Invoice issued 2026-11-20, payment terms 30 days. When is payment due?", "2026-12-20 (Sunday)"),
    ("If the bill is dated March 3 2026 and we have 90 day payment terms, when do we have to pay?",
     "2026-06-01 (Monday)"),
    # both ends counted
    ("Leave request is from Mon 14 Dec to Wed 23 Dec 2026 - how many calendar days is that, counting both ends?", "10"),
    ("How many days is 3 Aug to 14 Aug 2026 if I count the first and the last day?", "12"),
    # a day restated in brackets is one date
    ("how many days til Christmas (25th Dec)? 🎄", "18"),
    ("days between today and christmas, i.e. 25 december", "18"),
    # a greeting before the question
    ("Morning! The grant application closes on 15 January 2027. How many days do we have left from today?", "39"),
    # the end of a sleep named first, the start after it
    ("If my alarm is at 6:15 am and I go to sleep at 11 pm, how many hours of sleep will I get?",
     "7 h 15 min (7.25 hours)"),
    ("I woke at 7:00 and went to bed at 23:00, how long was I awake?", "16 h"),
    # back from the time things must be done by
    ("Roast needs 2 hours 15 mins and we eat at 19:30. When does it go in the oven?", "5:15 pm"),
    ("I want dinner ready by 7:15pm; the stew needs 3 hours. When do I put it on?", "4:15 pm"),
    # a race time to the second, 'time from'
    ("The race started at 10:00:00 and I finished at 13:27:45. What was my time?", "3 h 27 min 45 s"),
    ("time from 11:55 to 12:20?", "25 min"),
    # a weekend or a working day
    ("is 15 August 2027 a weekend?", "Yes, a Sunday"),
    ("was 1 July 2026 a working day?", "Yes, a Wednesday"),
    ("Our SLA is 5 business days. Ticket opened Thursday 10 Dec 2026, what's the deadline?", "2026-12-17 (Thursday)"),
    # clock times in words with minutes
    ("I was on a call from half past two until ten past four. How long was that?", "1 h 40 min"),
    ("from twenty to nine until five past eleven, how long is that?", "2 h 25 min"),
    # a day's span over the working days of a week
    ("I work 7:00-15:30 Mon to Fri, how many hours a week?", "42 h 30 min (42.5 hours)"),
    ("Office hours 9:30 to 17:00, four days a week - how many hours is that weekly?", "30 h"),
    ("job started 23:58:30 ended 00:02:10, runtime?", "3 min 40 s"),
    ("days left in the month?", "24"),
    ("next year, which weekday is 9 october?", "Saturday"),
])
def test_time_and_date_forms_of_unseen_writers(sandbox, query, answer):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == answer, (query, result and result.answer)


@pytest.mark.parametrize("query", [
    "2m + 3m",  # metres, maybe
    "I have 3h 20m of work split into 40m chunks, how many chunks in total?",
    "calls at 9:00, 11:30 and 15:00 - how long between them?",  # three times, no ranges
    "the meeting ended at 11:00 and started at 9:30, how long was it in total, with the prep?",
    "I work 9:00-17:00, how many hours a week?",  # the days a week not said
])
def test_time_forms_that_are_not_sure_decline(sandbox, query):
    result = _ask(query, sandbox)
    assert result is None or result.template not in {"durations_total", "ranges_total", "time_between"}, \
        (query, result and result.answer)


@pytest.mark.parametrize("query", [
    "what time is 9:45 + 2:30?",
    "what's 9:45 + 2:30",
])
def test_a_clock_time_plus_h_mm_is_not_read_as_two_lengths(sandbox, query):
    result = _ask(query, sandbox)
    assert result is None or result.template != "durations_total", (query, result and result.answer)
