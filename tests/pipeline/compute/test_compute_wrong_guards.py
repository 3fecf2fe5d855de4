"""Guards against wrong answers seen on never-seen chat sets: each reader either accounts for every number and
the quantity asked, or declines (a decline hands the question to the model; a wrong answer misleads)."""

import pytest

from rlm_bot.pipeline.compute.templates import find_plan
from tests.helpers.compute import run_plan


@pytest.mark.parametrize("text", [
    # clock ranges are spans, not amounts to add
    "Mia's breaks were 10:05-10:20 and 13:00-13:40, total minutes of break?",
    # a duration times a count of weeks is not a sum of the two
    "standup is 15 min, 40 weeks a year. total time?",
    # a compound unit asked that the converters do not write
    "the export ran 2,300 s - how long is that in mins + secs?",
    # a monthly growth rate is not a yearly one
    "arr model: 1.2m growing 4% m/m, compounded. value in 18 months?",
])
def test_misread_forms_decline(text):  # ('2 payments, 1,200.00 and 850.50 usd. total?' is now read: test_compute_arith16)
    plan = find_plan(text)
    if plan is not None:  # another reader may take it, but only with a right reading: none of these forms is one
        pytest.fail(f"{text!r} answered by {plan.template}: {run_plan(plan)!r}")
