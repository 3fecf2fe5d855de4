"""Issue #16, boolean: yes/no questions code settles from the message (real sandbox) — an amount against a stated
limit, budget, target or capacity (units converted, amounts added, a count out of a total against a percentage,
growth by a percent); a rule over named values; all/any over a pasted list; two clock times or durations in order;
checks on given strings; comparisons with insisting words, a sum's verb or 'm' millions. And the questions that look
alike but ask for a judgement, advice or writing, which must not be detected or must decline."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.compute import find_plan
from rlm_bot.pipeline.types import Task
from tests.helpers.compute import ask_if_detected

TODAY = "2026-12-07"


@pytest.mark.parametrize("query,starts", [
    # an amount against a threshold, units converted
    ("our parcel weighs 2,350 g and the small-parcel limit is 2 kg. over the limit?", "Yes: 2.35 kg is above"),
    ("pallet weighs 4,580 kg, is that over the 4.5 t limit of the lift?", "Yes: 4.58 t is above the limit of 4.5 t"),
    ("p99 latency is 1.3 s, the SLO is 1200 ms. are we within SLO?", "No"),
    ("max upload size is 25 MB, my file is 26,400 KB. is it over the limit?", "Yes"),
    ("minimum rest is 11 hours and she had 10.5 h between shifts — did she meet the minimum?", "No"),
    # amounts added up, in a list or with words between
    ("budget 40k, quotes came in at 12.5k, 18k and 11k. under budget overall?", "No: 41,500 is above the budget of 40,000"),
    ("the ticket cap for the gig is 1,200. we've sold 1,180 online and 45 at the door — are we over cap?", "Yes"),
    ("room booking says max 12 people, we have 9 staff plus 4 guests. over capacity?", "Yes: 13 is above the maximum of 12"),
    ("are these invoices together over 10k? 2,450.00 / 3,120.50 / 1,980.25 / 2,599.00", "Yes"),
    ("the bakery oven holds 24 trays and tomorrow's orders need 9 + 8 + 6 trays. over capacity?", "No"),
    ("Lab budget for reagents: £3,200. Spent £1,150 in Jan and £2,240 in Feb. Still within budget?", "No: £3,390.00"),
    # a count out of a total against a percentage; growth by a percent
    ("teacher here: pass mark is 60%. student got 43 out of 70. did they pass?", "Yes: 61.43%"),
    ("CTR target was 2.5%. we got 1,180 clicks on 52,000 impressions. did we hit it?", "No"),
    ("our SLA target is 95% and we answered 1,873 of 1,962 chats on time in nov, did we meet the target?", "Yes"),
    ("uptime this month 99.87%, target 99.9%. did we meet it?", "No"),
    ("if we grow 1.2m by 18% do we clear the 1.4m target? y/n", "Yes"),
    ("target is 50 signups a week; this week we got 12, 15 and 9. did we hit the target?", "No: 36 is below"),
    ("ad spend cap is €2,500/day and yesterday we spent €2,487.30. did we stay under the cap?",
     "Yes: €2,487.30 is below the cap of €2,500.00."),
])
def test_threshold_verdicts(sandbox, query, starts):
    result = ask_if_detected(query, sandbox, today=TODAY)
    assert result is not None and result.answer.startswith(starts), (query, result and result.answer)


@pytest.mark.parametrize("query,answer", [
    ("feature flag logic: enabled = `(region == eu) or (beta and not legacy)`. region is us, beta is true, legacy is "
     "true. is it enabled?", "No (the rule evaluates to False)."),
    ("fridge rule is (temp > 2) and (temp < 8). with temp = 9, is that true or false?", "False"),
    ("rollout condition: is_paid = true, is_eu = false, has_opt_out = true. rule is `is_paid and (is_eu or not "
     "has_opt_out)`. true or false?", "False"),
    ("sheets logic check: A2 is TRUE and B2 is FALSE. does =AND(A2, NOT(B2)) return TRUE?",
     "Yes (the rule evaluates to True)."),
    ("access = is_admin or (is_owner and not locked). is_admin false, is_owner true, locked false. is access true?",
     "Yes (the rule evaluates to True)."),
    ("threshold check: score = 72, rule is score >= 70 and score < 80. true or false?", "True"),
    ("what does `not True or not False and True` evaluate to (python rules)", "True"),
])
def test_rules_over_named_values(sandbox, query, answer):
    result = ask_if_detected(query, sandbox, today=TODAY)
    assert result is not None and result.answer == answer, (query, result and result.answer)


@pytest.mark.parametrize("query,answer", [
    ("are all of these even? 14, 22, 38, 41, 60", "No: 41 fails the test."),
    ("any negative numbers in this? 12, 7, -3, 40", "Yes: -3."),
    ("are all these scores above 50? 72, 55, 50, 91", "No: 50 fails the test."),
    ("any of these over 100? 45, 98, 101, 77", "Yes: 101."),
    ("is 14:50 earlier than 2:45 pm?", "No: 14:50 is later than 2:45 pm (same day)."),
    ("is 11:45 pm later than 23:30?", "Yes: 11:45 pm is later than 23:30 (same day)."),
    ("is 3 h 20 min longer than 190 minutes?", "Yes: 3 h 20 min vs 3 h 10 min."),
    ("are these two sha256s identical?\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n"
     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b856", "No: they differ at character 64 ('5' vs '6')."),
    ("are these two serials the same?\nSN-44817-AX\nSN-44817-AX", "Yes, identical."),
    ("does `3fa9c0zz1` contain only hex chars?", "No: 'z' is not a hex digit."),
    ("is `DEADBEEF42` only hex digits?", "Yes, only hex digits."),
    ("lab fridge must stay between 2 and 8 °C. it read 8.6 °C this morning, is that within range?",
     "No: 8.6 °C is outside the range 2–8 °C."),
    ("target pH is 6.5-7.5, the sample read 7.1. in range?", "Yes: 7.1 is inside the range 6.5–7.5."),
    ("the host has 64 GB of RAM and the VMs need 16 + 16 + 24 + 12 GB. does that fit?",
     "No: 68 GB is above the capacity of 64 GB."),
    ("are all of these divisible by 3? 12, 27, 33, 40", "No: 40 fails the test."),
    ("is 192.168.1.300 a valid ip?", "No: an IPv4 address is four numbers 0-255 separated by dots."),
    ("is ops-team@acme.co.uk a valid email address?", "Yes, it is a well-formed e-mail address."),
    ("does 17 + 26 + 31 + 9 actually equal 83 or am i losing it", "Yes"),
    ("does 18 + 27 + 33 really equal 78? checking a manifest", "Yes"),
    ("sanity check: does 245 + 380 + 129 come to 754?", "Yes"),
    ("is 4,312,500 more than 4.3m", "Yes"),
    ("true or false: 15% of 2.4m >= 350k", "True"),
])
def test_lists_times_strings_and_sums(sandbox, query, answer):
    result = ask_if_detected(query, sandbox, today=TODAY)
    assert result is not None and result.answer == answer, (query, result and result.answer)


@pytest.mark.parametrize("query", [
    # judgement, advice or writing about the same material: not a computation
    "is a 2.1% CTR good for a cold email campaign?",
    "is 99.9% uptime enough for an internal tool?",
    "does a 4.5 t limit sound reasonable for a warehouse lift?",
    "is the 60% pass mark fair for a first-year module?",
    "our budget is 40k, what should we cut first to stay under it?",
    "any ideas how to get under the 400ms latency budget?",
    "is it realistic to hit a 3% conversion goal with 2,000 visitors a month?",
    "can you draft a note telling the team we stayed under the €2,500 ad cap?",
    "we missed the 95% SLA target twice this year, will the client cancel?",
    "is 14:50 a good time for standup?",
    "are all of these vendors reputable? acme, globex, initech",
    # a threshold noun and a yes/no verb with no amount measured: a report asked about, or a plan
    "did we hit the 95% target in Q3 2025? cant find the dashboard",
    "are we over budget on the 2026 offsite? finance says 12 people signed up",
    "is our 40k budget going to be over the limit once we add 3 contractors?",
    "is the cap of 500 mg per day over the top for a 70 kg adult?",
    "are we still under the 50 GB cap after the 3 new hires join?",
])
def test_judgement_lookalikes_are_not_detected(query):
    assert not analyze(Task(text=query)).computation, query


@pytest.mark.parametrize("query", [
    # a part the reader cannot place: decline rather than guess
    "cpu limit 2000m in the pod spec, usage reads 2.4 cores. over the limit?",  # millicores vs cores
    "budget 40k, we spent 12k per week for 3 weeks. under budget?",  # a rate times a count, not a sum
    "limit is 20 kg and target is 15 kg, the bag is 18 kg. over?",  # two thresholds
    "we have 9 staff and the room takes 12 and the other room takes 8. over capacity?",  # two capacities
    "the rule is `a and b`. a is true. true or false?",  # b has no value
    "is 5m more than 3?",  # metres or millions: nothing says
    "target is 50 signups a week; we got 12, 15 and 9 over three days. did we hit the target?",  # a week's target, 3 days
    "budget is $500, we spent $120 on food and $90 a day on drinks, are we under budget?",  # a rate among the amounts
    "keep it between 2 and 8 °C, it read 47 °F. within range?",  # another scale: no conversion made here
])
def test_partial_readings_decline(query):
    plan = find_plan(query)
    assert plan is None or plan.kind != "boolean" or plan.template not in {
        "threshold", "rule_values", "clock_order", "duration_order"}, (query, plan and plan.code)
