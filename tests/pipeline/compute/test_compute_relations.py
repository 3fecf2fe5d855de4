"""Relations between quantities: a rate carried over a time, a whole less its parts, changes in turn."""

import pytest

from rlm_bot.pipeline.compute.relations import (
    period_ratio, solve_each_times_count, solve_rate_over_time, solve_runway, solve_whole_less_parts,
)
from rlm_bot.pipeline.compute.templates import find_plan, make_query
from rlm_bot.pipeline.compute.word_problems import solve_word_problem


def _value(plan):
    lines = plan.code.strip().split("\n")
    ns: dict = {}
    exec("\n".join(lines[:-1]), ns)
    value = eval(lines[-1], ns)
    return float(value.split()[0]) if isinstance(value, str) else value  # '15 months'


def test_period_ratio_is_fixed_or_none():
    assert period_ratio("year", "week") == 52 and period_ratio("day", "minute") == 1440
    assert period_ratio("year", "month") == 12 and period_ratio("quarter", "month") == 3
    assert period_ratio("month", "day") is None and period_ratio("month", "week") is None


@pytest.mark.parametrize("text,expected", [
    ("the sensor logs 4 readings a second - how many readings per day?", 345_600),
    ("my dog eats 300g of food a day, how much food in 3 weeks", 6300),
    ("she types at 70 wpm. how many words in 25 minutes?", 1750),
    ("gym is 12.50 a week, how much is that per year", 650),
    ("4 agents each answering 30 chats an hour, for 8 hours. how many chats in total?", 960),
    ("we ship 2 pallets a day, 6 days a week, each pallet has 40 cartons. cartons per week?", 480),
    ("we post 2x/day on linkedin and 1x/day on x for 30 days, how many posts total", 90),
    ("the bath holds 180 litres and the tap fills 12 litres per minute. how many minutes to fill it?", 15),
    ("I have 1,200 in the pot and add 50 every week. how much after 10 weeks?", 1700),
])
def test_rates_carried_over_time(text, expected):
    plan = solve_rate_over_time(make_query(text))
    assert plan is not None and abs(_value(plan) - expected) < 0.01


@pytest.mark.parametrize("text", [
    "we bill 120 an hour, how many hours in a month?",  # a month in hours is not fixed
    "is it ok to run the pump 6 hours a day for 2 weeks?",  # yes/no, not an amount
    "the bus leaves every 15 minutes and takes 40 minutes. how many buses a day?",  # a number left with no role
    "should i save 200 a month for 3 years or invest it?",
])
def test_rates_decline_unclear(text):
    assert solve_rate_over_time(make_query(text)) is None


@pytest.mark.parametrize("text,expected", [
    ("team of 24 engineers, 9 of them are remote. how many are in the office?", 15),
    ("of the 400 applicants 130 were rejected and 95 are still pending - how many were accepted?", 175),
    ("we printed 600 flyers, 420 of those were handed out. how many are left?", 180),
    ("the bus has 12 rows of 4 seats and 30 seats are taken. how many seats are free?", 18),
])
def test_whole_less_parts(text, expected):
    plan = solve_whole_less_parts(make_query(text))
    assert plan is not None and _value(plan) == expected


@pytest.mark.parametrize("text", [
    "class of 30, 12 of them are girls. how many girls?",  # asks about the part named
    "class of 30, 40 of them signed up. how many didn't?",  # more parts than the whole
    "we have 30 students and 12 teachers. how many students?",
])
def test_whole_less_parts_declines(text):
    assert solve_whole_less_parts(make_query(text)) is None


@pytest.mark.parametrize("text,expected", [
    ("started the day with 80 in the float, paid out 25, then 10, then took in 40. how much is in the float now?", 85),
    ("the tram had 55 people on it. 20 got off and 7 got on. how many are on it now?", 42),
])
def test_changes_in_turn(text, expected):
    plan = solve_word_problem(make_query(text))
    assert plan is not None and _value(plan) == expected


@pytest.mark.parametrize("text,expected", [
    ("ticket was 60, they raised it 25% and later cut it 10%. what's it now?", "67.50"),
    ("split the $900 fee between me + 2 other designers, what's each share?", "300.00"),
    ("5 dozen eggs shared among 4 cafes, how many each?", "15"),
])
def test_whole_pipeline_forms(text, expected):
    plan = find_plan(text)
    assert plan is not None
    assert expected in str(_value(plan)) or abs(float(str(_value(plan)).split()[0].replace(",", "").lstrip("$")) - float(expected)) < 0.01


@pytest.mark.parametrize("text,expected", [
    ("we're hiring 4 interns, each gets a laptop at $1,100, a headset at $80 and 2 chairs at $150. total?", 5920),
    ("3 new starters, each one needs a desk at 240 and 2 lamps at 35 - what does that cost altogether?", 930),
])
def test_each_member_same_basket(text, expected):
    plan = find_plan(text)
    assert plan is not None and plan.template == "word_each_needs" and abs(_value(plan) - expected) < 0.01


@pytest.mark.parametrize("text", [
    "4 packs of 6 batteries, each battery costs 0.75. total cost?",  # not the three numbers added
    "we're hiring 4 interns, laptops at $1,100, headsets at $80. total?",  # how many of each is not said
])
def test_counts_times_rates_are_not_a_list_to_add(text):
    plan = find_plan(text)
    assert plan is None or plan.template not in ("extract_number", "extract_amount", "word_sum_of_products") or \
        abs(_value(plan) - 18) < 0.01


@pytest.mark.parametrize("text,expected", [
    ("we've got 600k in the bank, burning 50k a month - what's our runway?", 12),
    ("cash on hand 90,000. monthly spend 12,000, monthly revenue 3,000. how many months until we run out?", 10),
    ("300k left, weekly burn 10k: runway in weeks?", 30),
])
def test_runway(text, expected):
    plan = solve_runway(make_query(text))
    assert plan is not None and abs(_value(plan) - expected) < 0.01


@pytest.mark.parametrize("text", [
    "we have 6 months of runway, is that enough to raise a seed?",
    "600k in the bank, burn 50k a month, revenue 60k a month. runway?",  # no burn left: never runs out
    "600k in the bank, burn 50k a month. runway in days?",  # a month in days is not fixed
])
def test_runway_declines(text):
    assert solve_runway(make_query(text)) is None


@pytest.mark.parametrize("text,expected", [
    ("each podcast episode takes me 90 min to cut and I have 5 lined up. how many minutes total?", 450),
    ("each standup is 15 min and we have 20 of them this month - how many hours is that?", 5),
])
def test_each_times_count(text, expected):
    plan = solve_each_times_count(make_query(text))
    assert plan is not None and abs(_value(plan) - expected) < 0.01


@pytest.mark.parametrize("text", [
    "each bag is 25 lb and we have 12 bags. total in kg?",  # a conversion besides the product
    "the van does 40 mph for 2 hours, how many km?",
])
def test_products_decline_a_conversion_they_do_not_make(text):
    plan = find_plan(text)
    assert plan is None or plan.template not in ("word_each_times_count", "word_rate_time", "word_product")
