"""Issue #16: conversions and clock times read by meaning, not by word order (real sandbox).

The unit reader finds the one quantity and the unit asked wherever they sit in the message (a
misspelt unit, a height as 5'11", a stated '1 GB = 1024 MB'); the zone reader pairs each clock time
with the UTC offset written beside it; and the forms that must decline rather than guess."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute import find_plan
from rlm_bot.pipeline.compute.stage import ComputationResult
from tests.helpers.compute import ask_if_detected

TODAY = "2026-12-07"


def _ask(text: str, sandbox) -> ComputationResult | None:
    return ask_if_detected(text, sandbox, today=TODAY)


@pytest.mark.parametrize("query,answer", [
    # the quantity first, the unit asked after it, in any words
    ("box is 45 cm wide, in inches?", "17.7165 inches"),
    ("the workshop is 2.75 hours, how many minutes?", "165 minutes"),
    ("roadshow route is 340 km, whats that in miels", "211.2662 miles"),
    ("in fahrenheit, what's 31C?", "87.8°F"),
    # heights and weights as people write them
    ("I'm 5'11\" — what is that in cm?", "180.34 cm"),
    ("I weigh 11 stone 4 — in kg?", "71.6676 kg"),
    ("my height is 182 cm, how tall is that in feet and inches", "5 ft 11.65 in"),
    ("how many mm is 3/4 inch", "19.05 mm"),
    # US and UK volumes, areas
    ("tank holds 15 US gallons, how many litres", "56.7812 litres"),
    ("can u convert 6 pints (UK) to litres", "3.4096 litres"),
    ("flat is 850 sq ft, in m2?", "78.9676 m2"),
    # data sizes: the base stated, or the decimal default said in the answer
    ("upload limit is 2.5 GB. how many MB is that (1 GB = 1024 MB)", "2560 MB (1 GB = 1024 MB)"),
    ("file is 3500 MB, in GB? assume 1024", "3.418 GB (binary: 1 GB = 1024 MB)"),
    ("data cap is 500 GB, in TB?", "0.5 TB (decimal: 1 TB = 1000 GB)"),
    # a conversion the user states is the one used
    ("parcel weighs 3.4 kg, what's that in pounds? (1 kg = 2.20462 lb)", "7.4957 pounds (1 kg = 2.20462 lb)"),
    ("ounces in a pound?", "16 ounces"),
    # the unit asked alone after the measure
    ("recipe says 350 F, celsius?", "176.67°C"),
])
def test_unit_reader_answers_any_word_order(sandbox, query, answer):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == answer, (query, result and result.answer)


@pytest.mark.parametrize("query,answer", [
    ("what time is it in Mumbai (UTC+5:30) when it's 09:00 UTC?", "14:30 (2:30 pm)"),
    ("call is at 16:00 UTC+1, what's that in UTC-7?", "08:00 (8:00 am)"),
    ("Sydney UTC+11, Los Angeles UTC-8: 8am Sydney is what time in LA?", "13:00 (1:00 pm) (the day before)"),
    ("meeting at 15:00 UTC, what time is it in UTC+10", "01:00 (1:00 am) (the next day)"),
    ("flight departs 10:20 (UTC+1) and lands 13:05 local time (UTC-4). how long is the flight?", "7 h 45 min"),
    ("dep 22:15 UTC+8, arr 06:40 UTC+1 next day - flight time?", "15 h 25 min"),
    # the landing named before the departure
    ("I land at 18:40 UTC+1, departed 09:15 UTC-4, how long was the flight?", "4 h 25 min"),
    # durations added to a clock time, counted durations, both times am, breaks taken out
    ("meeting starts 1:45pm and runs 1h45 plus 25 mins — what time does it end?", "3:55 pm"),
    ("4 meetings of 45 min starting 9:00 back to back, when do they end", "12:00 pm"),
    ("how long between 6.45 and 9.20 (both am)", "2 h 35 min"),
    ("nurse shift 19:00 to 07:30 with two 20 minute breaks. paid hours?", "11 h 50 min"),
    ("shift 06:00 to 14:30 minus 30 min break = ?", "8 h"),
])
def test_clock_times_with_offsets_and_durations(sandbox, query, answer):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == answer, (query, result and result.answer)


@pytest.mark.parametrize("query", [
    "12 bags of 25 lb and 3 kg of flour, total in kg?",  # two quantities: which is converted?
    "the office is 20 m from the station, and 5 km from the airport, in miles?",
    "is 5 km a long way to walk for a kid?",  # no unit asked
    "is it ok to say pounds in a stone",
    "we have 09:00 standup, the team in UTC+2 joins",  # no question
    "is 2 GB of RAM enough for a small web server?",
    "the bag is 2 kg, pounds or kilos?",
    # abbreviations are written all year, in summer time too: on a summer day PST against CET is not sure
    "what's 9am PST in CET on July 10 2027?",
    "temperature dropped 10 C overnight, how much in F?",  # a change, not a reading
    "I start at 7 and finish at 4:30 with 45 mins lunch, how many hours do I work?",  # '7' is no clock time read
])
def test_readers_decline_when_not_sure(query):
    plan = find_plan(query)
    assert plan is None or plan.template not in {"unit_reader", "zone_time", "zone_span"}, (query, plan)


def test_clock_arithmetic_does_not_ignore_an_offset():
    # the end named first and nothing naming the start: not sure, and plain clock arithmetic must not answer
    assert find_plan("arrived 14:00 UTC+1, how long since 09:00 UTC-4") is None
