"""The readers that pair material of a message with what it asks (analyze/asked.py), and the detection
they add: a unit asked of a quantity, a date asked of a date and a period, an amount asked for another
period than the one it is stated for — in any word order — while talk about the same material stays talk."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.analyze.asked import conversion_asks, date_shift_asks, paired_asks, period_asks
from rlm_bot.pipeline.types import Task


def computes(text: str) -> bool:
    return analyze(Task(text=text)).computation


@pytest.mark.parametrize("text,unit", [
    ("the crate weighs 40 kg, how many lb for customs?", "lb"),
    ("hose is 15 m — in feet?", "feet"),
    ("dose volume 250 µL, how many mL is that?", "mL"),
    ("in ounces pls: the bag is 500 g", "ounces"),
    ("floor is 120 sq ft; how many m² of vinyl?", "m²"),
])
def test_conversion_ask_pairs_a_quantity_with_another_unit(text, unit):
    asks = list(conversion_asks(text))
    assert asks and asks[0][2].endswith(unit)


@pytest.mark.parametrize("text", [
    "the crate weighs 40 kg, how many kg can the van take?",  # same unit: not a conversion
    "how many feet of cable do we need?",                      # no quantity to convert
    "we ran 5 km, how many people came?",                      # 'people' is no unit
])
def test_conversion_ask_needs_a_quantity_of_another_unit_of_the_same_dimension(text):
    assert not list(conversion_asks(text))


@pytest.mark.parametrize("text", [
    "bought it on 2026-11-28 with a 30 day return window. last day to return?",
    "renews 2027-01-31 — one month later is?",
    "what date is the end of a 90 days notice period starting 21/11/2026",
    "invoice 3 Mar 2027 on net 45 — due?",
])
def test_date_shift_ask_needs_a_date_a_period_and_a_date_question(text):
    assert list(date_shift_asks(text))


@pytest.mark.parametrize("text", [
    "we have a 30 day return window, is that normal?",       # no date
    "bought it on 2026-11-28, love it",                       # no period, no ask
])
def test_date_shift_ask_stays_silent_without_its_parts(text):
    assert not list(date_shift_asks(text))


def test_period_ask_pairs_an_amount_with_another_period():
    assert list(period_asks("renewal is 36k/yr but billed quarterly. how much per invoice?"))
    assert list(period_asks("monthly retainer 4,500, annual cost?"))
    assert not list(period_asks("monthly retainer 4,500, is that a lot?"))
    assert not list(period_asks("what's our annual cost?"))  # one period, no amount


@pytest.mark.parametrize("text", [
    "sample kit box weighs 18 kg, how many lb for the shipping form?",
    "pallet is 1.4 m tall — in feet?",
    "bought the chair on 2026-11-20, 30 day return window. last day to return?",
    "lease ends Jun 30 2027; 60 days notice needed. last day to give notice?",
    "monthly retainer 3,200, annual cost?",
    "orders by status?\n1001 → shipped\n1002 → packing\n1003 → shipped\n1004 → on hold",
    "lcm of 8, 12 and 20? (syncing report cycles)",
    "we started the month with 1,800 users and lost 63. what's the churn %?",
])
def test_paired_material_and_ask_are_detected(text):
    assert computes(text)


@pytest.mark.parametrize("text", [
    "deadline is 21/11/2026 — is that realistic given the team is at 60% capacity?",
    "table:\nteam | headcount\nops | 12\neng | 40\nwhat does this say about our hiring strategy?",
    "list of vendors: Acme, Globex, Initech. which is the most reputable?",
    "Let's aim for 92% occupancy next quarter, thoughts?",
    "what's a good discount for the coats that aren't selling? thinking 20-30%",
    "here's the table, can you turn it into 3 bullet points?\n| Channel | Spend |\n| Google | 4,200 |\n| Meta | 2,800 |",
    "Is it normal that the match is only 3%? what do other startups offer?",
    "the box weighs 12 kg, should we ship by air or sea?",
])
def test_judgement_over_the_same_material_is_not_a_computation(text):
    assert not computes(text)


def test_paired_asks_is_the_union_of_the_readers():
    assert paired_asks("hose is 15 m — in feet?")
    assert not paired_asks("hose is 15 m, is that long enough?")
