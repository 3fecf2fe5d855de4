"""Guards against wrong answers seen on never-seen chat sets: each reader either accounts for every number and
the quantity asked, or declines (a decline hands the question to the model; a wrong answer misleads)."""

import pytest

from rlm_bot.pipeline.compute.templates import find_plan
from tests.helpers.compute import run_plan


@pytest.mark.parametrize("text", [
    # a duration times a count of weeks is not a sum of the two
    "standup is 15 min, 40 weeks a year. total time?",
    # a compound unit asked that the converters do not write
    "2,300 s in feet and cm",
    # a monthly growth rate is not a yearly one
    "arr model: 1.2m growing 4% m/m, compounded. value in 18 months?",
])
def test_misread_forms_decline(text):  # ('2 payments, 1,200.00 and 850.50 usd. total?' is now read: test_compute_arith16)
    plan = find_plan(text)
    if plan is not None:  # another reader may take it, but only with a right reading: none of these forms is one
        pytest.fail(f"{text!r} answered by {plan.template}: {run_plan(plan)!r}")


@pytest.mark.parametrize("text,expected", [
    # clock ranges are spans, their lengths added (the ranges are the breaks; no break length to take out)
    ("Mia's breaks were 10:05-10:20 and 13:00-13:40, total minutes of break?", "55 minutes"),
    # a compound unit the duration readers write
    ("the export ran 2,300 s - how long is that in mins + secs?", "38 min 20 s"),
])
def test_once_misread_forms_now_read_right(text, expected):
    plan = find_plan(text)
    assert plan is not None and str(run_plan(plan)).startswith(expected)
