"""The readers that pair material of a message with what it asks (analyze/asked.py), and the detection
they add: a unit asked of a quantity, a date asked of a date and a period, an amount asked for another
period than the one it is stated for — in any word order — while talk about the same material stays talk."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.analyze.asked import (closing_ask, conversion_asks, date_shift_asks, paired_asks, period_asks,
                                            value_asks, verdict_asks)
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


@pytest.mark.parametrize("text,clause", [
    ("a 5% raise on 82k — new salary", "new salary"),
    ("ok so rent 1850, utilities 210. monthly total? need it for the form", "monthly total?"),
    ("7 reels, 3 carousels — does that mix look balanced to u?", "does that mix look balanced to u?"),
    ("18,500 followers and 2.7% engagement, would brands pay me?", "would brands pay me?"),
])
def test_closing_ask_is_the_clause_a_message_ends_on(text, clause):
    a, b = closing_ask(text)
    assert text[a:b] == clause


@pytest.mark.parametrize("text,head", [
    ("already have $600 in the fund, adding $75 every week for 26 weeks. total at the end?", "total"),
    ("a 5% raise on 82k — new salary", "new salary"),
    ("ARR was 2.4M, we lost 310k to churn and added 725k new. what's ending ARR (in k)?", "ending ARR"),
    ("we're at 18,500 followers and need 25k by end of Q1 🎯 how many more do we need", "how many more"),
    ("per head: $1,260 bill, 9 people", "per head"),
    ("enox 1 mg/kg BID for a 76 kg patient. total mg per day?", "total"),
])
def test_value_ask_names_a_value_of_the_stated_numbers(text, head):
    asks = list(value_asks(text))
    assert asks and asks[0][2].lower() == head.lower()


@pytest.mark.parametrize("text", [
    "what's the total?",                                   # no numbers to compute it from
    "we spent 1,200 on ads and 800 on events. is the total too high?",  # a verdict on the total
    "in 2019 and 2020 what was the total?",                # years are labels
])
def test_value_ask_needs_numbers_and_a_value_asked(text):
    assert not list(value_asks(text))


@pytest.mark.parametrize("text", [
    "7 reels, 3 carousels, 2 lives scheduled for next week — does that mix look balanced to u?",
    "are these KPIs the right ones? ARR, NRR 110%, CAC payback 14 mo",
    "customer asked for 20% discount on a 3 year deal, should we accept?",
    "our trial is 14 days. would 30 days convert better?",
    "is a 4% employer match generous for a startup?",
])
def test_verdict_ask_is_a_yes_no_question_for_a_judgement(text):
    assert list(verdict_asks(text))
    assert not computes(text)


@pytest.mark.parametrize("text", [
    "is this balanced? {\"a\": [1, 2}",                     # the brackets are there: balance is measured
    "is 221 prime?",
    "would it be cheaper to pay 99/yr than 9.99/mo?",       # a measured comparison
    "region is us, beta is true, legacy is true. is it enabled?",
    "would you add these up: 12, 19, 40?",                   # a request, not a prediction
])
def test_verdict_ask_leaves_measured_yes_no_questions_alone(text):
    assert not list(verdict_asks(text))


@pytest.mark.parametrize("text", [
    "status: dec close ~70% done, AP cleared 1.1m, payroll ran 12/4, two recon items open",
    "weekly numbers: signups 1,240 (+8%), churn 2.1%, NPS 41. nothing urgent",
    "reminder: flu clinic Saturday 09:00–13:00, need 2 more volunteers",
    "haha that meme is 10/10 😂",
    "rate my new label layout 1-10 🙂",
    "which of these tables looks more normalized?\nusers(id, name, city)\norders(id, user_id, total)",
    "this is the plan for the stocktake, feedback welcome:\n1. count fridge items 07:00\n2. count CDs 07:30\n"
    "3. count shelves A–F 08:00–11:00",
])
def test_reports_ratings_and_reviews_are_not_computations(text):
    assert not computes(text)


@pytest.mark.parametrize("text", [
    "1.84m - 1.52m, divided by 4",
    "(2.4k + 3.1k) * 12",
    "ETA if it's 340 km at 85 km/h",
    "per head: $1,260 bill, 9 people",
    "a 5% raise on 82k — new salary",
    "remind me: what's 40% off 79.99",
    "our FY starts july 1. which fiscal quarter is march 3 2027 in",
    "which days did i hit 10k steps? mon 8200, tue 11050, wed 9900, thu 10000, fri 12400",
    "employees with 5+ years tenure (anniversary gifts):\nnina 7\nraj 3\nole 5\nmei 12\nsam 2",
    "replace all - with / in DE-HAM-0042",
    "Pallet 1: 312 kg, pallet 2: 287 kg, pallet 3: 405 kg. extract just the weights",
    "customer in Singapore (UTC+8) wants a call at 09:30 their time. what is that in UTC?",
    "customers by plan please —\nAcme,Enterprise\nHooli,Pro\nGlobex,Enterprise\nVandelay,Starter",
])
def test_fragments_and_terse_asks_are_computations(text):
    assert computes(text)


@pytest.mark.parametrize("text", [
    "which supplier would you go with?\nKestrel 0.42/unit lead time 6 wks\nNorvik 0.39/unit lead time 11 wks\nTamco 0.45/unit",
    "headcount:\nops 12\neng 40\nsales 18\nwhich team needs a manager most urgently?",
    "@channel lunch order by 11:30 pls, it's €12 each 🍕",
    "totals for the week: 14 invoices sent, 9 paid, 2 disputed. good week I reckon!",
    "omw to the store traffic on the m62 is awful eta 9:40 prob",
    "compare these 2 offers for me: 70k + 10% bonus vs 78k no bonus",
])
def test_choices_and_stated_amounts_are_not_selections_or_values(text):
    assert not computes(text)
