"""Date and clock questions in the voices of a chat (terse, polite, typos, data around the question),
answered by the date forms in the real sandbox."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.stage import ComputationResult
from rlm_bot.pipeline.compute.dates import chat_words, stated_today
from tests.helpers.compute import ask_if_detected

TODAY = "2026-12-07"  # a Monday


def _ask(text: str, sandbox) -> ComputationResult | None:
    return ask_if_detected(text, sandbox, today=TODAY)


@pytest.mark.parametrize("query,answer", [
    # chat spellings and an arrow for 'to'
    ("num dayz btwn 2026-02-01 -> 2026-03-01", "28"),
    ("days btw 2026-01-10 & 2026-01-31", "21"),
    ("difference in days: 2026-03-01 vs 2026-04-01", "31"),
    # the message says which day today is
    ("how many weeks until 1 feb 2027, today is 4 january", "4 weeks"),
    ("launch = 2027-01-11, today = 2027-01-04 -> days remaining?", "7"),
    # two dates without a year run forward
    ("away from 28 December until 6 January, how many nights?", "9"),
    # a numeric date said again with its month named
    ("visa ends 03/04/2027 (the 3rd of April). how many days from today?", "117"),
    # ages, in either order, on a later day, in days
    ("she was born on 1 March 1960, how old is she?", "66"),
    ("my birthday is 8 december 2000, how old am i", "25"),
    ("born 1999-12-31, age?", "26"),
    ("how old will someone born 2010-05-05 be on 2030-05-04?", "19"),
    ("how many days old is a baby born 2026-11-30?", "7"),
    # a date moved by an explicit sum
    ("2026-01-31 + 30 days", "2026-03-02 (Monday)"),
    ("subtract 2 weeks from 10 March 2027", "2027-02-24 (Wednesday)"),
    ("today - 7 days = ?", "2026-11-30 (Monday)"),
    ("60 days from today?", "2027-02-05 (Friday)"),
    # periods that start on a day and run for N units
    ("course starts 2027-01-04 and runs for 10 working days, when does it end?", "2027-01-15 (Friday)"),
    ("ticket opened 2026-12-11, SLA 2 business days, when is it due?", "2026-12-15 (Tuesday)"),
    ("bill dated 2027-01-15, net 30 - when is it due?", "2027-02-14 (Sunday)"),
    ("if I start on 1/2/2027 (1 Feb) and it takes 45 days, when do I finish?", "2027-03-18 (Thursday)"),
    # working days between a weekday end say the other way of counting; a start/end period counts both
    ("business days between 2026-12-07 and 2026-12-11", "4 (5 if 2026-12-11, the last day, counts too)"),
    ("start 2026-12-07, end 2026-12-11: how many working days?", "5"),
    # weekdays and named days
    ("weekday of 2027-03-17?", "Wednesday"),
    ("what day of the week is 1 jan next year", "Friday"),
    ("what's 2 weeks from next friday?", "2026-12-25 (Friday)"),
    ("how many months between mar 2026 and nov 2026", "8 months"),
    # clock times
    ("mins between 08:10 and 09:55", "105 minutes (1 h 45 min)"),
    ("time diff 10:05 am and 1:20 pm", "3 h 15 min"),
    ("departed 06:40, arrived 09:05 - travel time?", "2 h 25 min"),
    ("clock in 8.15am, clock out 5.45pm, total hours?", "9 h 30 min (9.5 hours)"),
    ("what time is it two and a half hours after 11:45?", "2:15 pm"),
    ("18:20 + 50 min", "7:10 pm"),
    ("leaving at 21:30, drive is 2h15m, arrival time?", "11:45 pm"),
    # weekdays counted, the nth weekday of a month, days of a year or quarter
    ("how many tuesdays between 2027-02-01 and 2027-02-28?", "4"),
    ("how many sundays are there in march 2027", "4"),
    ("when is the first monday of february 2027?", "2027-02-01 (Monday)"),
    ("date of the last thursday in november 2027?", "2027-11-25 (Thursday)"),
    ("how many days in Q2 2027?", "91"),
    # clock times on different days
    ("how many hours from 2026-12-10 22:00 to 2026-12-11 06:00", "8 h"),
    ("how long from 6pm friday to 8am monday", "62 h (2 days, 14 h)"),
    ("how long from 11pm tonight to 7:15am tomorrow?", "8 h 15 min"),
    # a break taken out; working hours written without colons
    ("how long between 8:30 and 17:00 minus a 30 min lunch?", "8 h"),
    ("I worked 8-4 today, how many hours is that?", "8 h"),
    ("from 0745 to 1610 how long is that?", "8 h 25 min"),
    # clock times said in words; the time to leave is the earlier one
    ("how long is it from half past eight to quarter to twelve?", "3 h 15 min"),
    ("when do I need to leave if the call is at 15:00 and the drive takes 35 min?", "2:25 pm"),
    ("what time will we arrive if we leave at 15:00 and the drive takes 35 min?", "3:35 pm"),
    # 'which day' of a period of working days is its date (the weekday is written with it)
    ("it takes 4 working days and I start on Wednesday 2026-12-09, which day do I finish?", "2026-12-14 (Monday)"),
    # typos, 'in how many days', a part of the day instead of am/pm, what is left of this month
    ("how mnay dyas untill 2027-01-07", "31"),
    ("in how many days is halloween?", "328"),
    ("what time is it 3 hours after 5:30 in the afternoon?", "8:30 pm"),
    ("how many business days are left in december?", "18 (19 counting today)"),
    # a polite opening is manners, not a story: the question is still answered
    ("Good morning! I hope you had a nice weekend. How many days are there until 2027-01-04?", "28"),
    # 'N weeks and M days' is one offset (it moved by M days only); compact dates; 'after friday'
    ("what date is 1 week and 2 days after 2027-03-01?", "2027-03-10 (Wednesday)"),
    ("days between 20270101 and 20270301", "59"),
    ("when is 3 business days after friday?", "2026-12-16 (Wednesday)"),
    # learners' English: 'how much days', 'how many hour', 'today 7 december, ...'
    ("today 7 december, my course finish 20 january. how much days i still have?", "44"),
    ("i start 9:10 and finish 17:40, how many hour i work?", "8 h 30 min (8.5 hours)"),
    # two dates with their times, written either way round
    ("count down to 2027-01-01 00:00 from 2026-12-31 20:15 in hours", "3 h 45 min (3.75 hours)"),
    # a day of this month without its month; notice given before a day
    ("how many days between the 8th and the 22nd?", "14"),
    ("how many days until the 20th?", "13"),
    ("how many days until the 2nd?", "26"),
    ("we need 14 days' notice before the move on 2027-03-01, by when do we tell them?", "2027-02-15 (Monday)"),
    ("what date is the 10th day after 2027-01-01?", "2027-01-11 (Monday)"),
    # the ends of months, the 1st of next month, a year on its own
    ("how many days till the end of jan?", "55"),
    ("what weekday is the 15th of next month?", "Friday"),
    ("how long till 2028", "1 year and 25 days (390 days)"),
])
def test_dates_and_times_in_chat_voices(sandbox, query, answer):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == answer, result


@pytest.mark.parametrize("text", [
    "standup: merged the export fix on 2026-12-03, next is the retry bug",
    "milestones: 2026-07-01, 2026-08-15 and 2026-09-30. does that order make sense?",
    "does summer time start on the last Sunday of March in the EU?",
    "Hi all, office closed 24/12 to 02/01, back on 4 January. Happy holidays!",
    "should net 30 or net 60 be our default for new customers?",
    "what time is it in Sydney if it's 5pm in Berlin?",
    "standup is 9:30am PST, what is that in CET?",
    "she finished in the 3rd place, how many days did the race take?",
])
def test_dates_mentioned_without_a_question_are_not_computed(sandbox, text):
    assert _ask(text, sandbox) is None


def test_chat_words_write_out_date_and_time_spellings():
    assert chat_words("num dayz btwn 2026-02-01 -> 2026-03-01") == "number of days between 2026-02-01 to 2026-03-01"
    assert chat_words("half an hour after 10:00, 2 and a half hrs") == "30 minutes after 10:00, 2.5 hours"
    assert chat_words("btw, how long is it") == "btw, how long is it"  # 'by the way' stays


def test_a_stated_today_replaces_the_clock_and_is_read_as_today():
    from datetime import date
    text, today = stated_today("how many days until 2027-01-01, today is 20 december", date(2026, 12, 7))
    assert today == date(2026, 12, 20) and "today" in text and "20 december" not in text
    # a date without a year is the one nearest the clock: 30 december said on 2 January is last year's
    assert stated_today("today is 30 december", date(2027, 1, 2))[1] == date(2026, 12, 30)


def test_times_with_seconds_are_subtracted_to_the_second(sandbox):
    # '14:22:10' is not 14:22 nor 22:10: the span is counted to the second
    result = _ask("elapsed time between 14:22:10 and 15:01:40?", sandbox)
    assert result is not None and result.answer == "39 min 30 s"


@pytest.mark.parametrize("query,answer", [
    # one date, one period and a question for a date, in any order (the period runs forward)
    ("bought the monitor on 2026-11-28, 30 day return window. last day to return?", "2026-12-28"),
    ("contract signed 21/11/2026, notice period 90 days - what date does it end?", "2027-02-19"),
    ("subscription renews 2027-01-31 — one month later is?", "2027-02-28"),
    ("order placed 2026-12-10, delivery in 15 business days. arrival date?", "2026-12-31"),
    # notice before a day counts back
    ("lease ends Jun 30 2027; 60 days notice needed. last day to give notice?", "2027-05-01"),
    # which of the two, and the day; an age asked as 'age now'
    ("is 2027-05-03 a weekday or weekend?", "A weekday: Monday"),
    ("born 12 May 1990 - age now?", "36"),
])
def test_period_from_a_date_in_any_order(query, answer, sandbox):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(answer), result
