"""Everyday ways of asking for dates, clock times, money over time and percentages (real sandbox)."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.compute import ComputationResult, compute
from rlm_bot.pipeline.types import Task

TODAY = "2026-12-07"  # a Monday


def _ask(text: str, sandbox) -> ComputationResult | None:
    task = Task(text=text, context={"today": TODAY})
    features = analyze(task)
    return compute(task, features, sandbox=sandbox) if features.computation else None


@pytest.mark.parametrize("query,answer", [
    # hours and minutes written together ('2h15m') are both read
    ("it's 21:30, what time will it be 2h45m later", "12:15 am"),
    ("starting 07:05, add 1h55m, when's that", "9:00 am"),
    # a day without a year, counted from today, is its next occurrence ...
    ("how many days away is 14 january", "38"),
    # ... or its last one when the question looks back
    ("how many days since 1 march", "281"),
    ("we moved in on 20 june 2026, how many days have we been here", "170"),
    # one year written for two dates
    ("how many days from 20 Feb to 1 Apr 2028", "41"),
    # the unit asked for after 'how long'
    ("how long ago in weeks was 2 nov 2026", "5 weeks ago"),
    ("the launch is 15/03/2027, how many days do we have", "98"),
    ("day of week for 4 july 2030", "Thursday"),
    ("lease signed 15/09/2025 and lasts 18 months, when does it end", "2027-03-15"),
])
def test_dates_and_times_as_people_ask(sandbox, query, answer):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.split(" (")[0] == answer.split(" (")[0], result
