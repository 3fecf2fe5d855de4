"""The number kinds read by shared mechanisms rather than one more phrasing each: a rounding asked anywhere is taken
out before the question is read; a run of named deductions keeps its sign; percent change by a wide ask lexicon with
arrows, years and sized product names as labels; a part's share of labelled figures; a rate applied by its words;
even shares among the people named; groups of so many at so much each with periods carried to the one asked; terse
divisibility; CAGR between two amounts labelled by their years. And the messages with numbers that ask for advice or
are ambiguous, declined."""

from __future__ import annotations

import pytest

from tests.helpers.compute import ask_if_detected


@pytest.mark.parametrize("query,answer", [
    # a rounding asked before the values or after the question is no operand ('2' was averaged in)
    ("mean packing time per order, 2 decimals: 12, 15, 11, 14", "13"),
    ("avg tips per shift (whole number is ok): 42, 57, 38, 61", "50"),
    # deductions named one after another keep their sign ('and pension 120' was added)
    ("wage slip: gross 2,400, minus tax 380 and pension 120. net pay?", "1,900.00"),
    # 'service charge 10%' names a charge; the charge itself is asked
    ("service charge 10% on a 180 bill — how much is the service charge", "18.00"),
    ("vat 20% on 350", "70.00"),
    # the total asked of simple interest comes first
    ("simple interest: borrowed 4,000 at 5% for 2 years. total to pay back?", "total 4,400.00 after 2 years (interest 400.00)"),
    # percent change: arrows, '% increase?', years as labels, a sized product name
    ("bread went from 2.40 to 2.76 a loaf, % increase?", "15%"),
    ("deliveries 1,250 last month -> 1,100 this month. % change?", "-12%"),
    ("the 750ml bottle went from 12 to 15, what % increase is that", "25%"),
    ("turnover 2022: 300k, turnover 2023: 345k. growth %?", "15%"),
    # a part's share: among sibling categories, of a named whole, of 'the 400'
    ("what percent of the fleet is electric? petrol 30 cars, electric 10 cars", "25%"),
    ("kitchen budget 4,000, spent 3,100 so far. what % of the budget is used", "77.5%"),
    ("of the 400 parcels, 36 were late. what % late?", "9%"),
    # a rate applied by its words: a rise named 'goes up', an ask '= ?', the amount's own period
    ("rent goes up 4% — on a rent of 1,500 what's the new rent", "1,560.00"),
    ("15% off the $80.00 annual pass = ?", "$68.00"),
    # even shares: the people named, an ask that opens the message
    ("the taxi was 48 and we're splitting it evenly between me, ana and joe. how much each?", "16"),
    ("per head: 960 for the minibus, 12 of us", "80"),
    # groups of so many at so much each; per-month amounts carried to the year, a one-off added once
    ("6 crates of milk at 14.50 each and 4 crates of eggs at 22 each. total?", "175"),
    ("5 vans doing 220 km a day each and 2 trucks doing 400 km a day each. total km per day?", "1900"),
    ("software is 30/month plus 10/month support and a one-off 100 setup fee. total for the year?", "580.00"),
    ("hotel 4 nights @ 95 plus meals 30/day for 4 days. what's the total i should claim", "500"),
    # terse divisibility, CAGR between two amounts labelled by their years
    ("1,782 divisible by 9?", "Yes: 1,782 = 9 × 198"),
    ("sales were 50k in 2020 and 80k in 2023, CAGR?", "16.96% a year"),
    # kept: a rate stated is applied, a rounding that is the question itself
    ("what is 10 percent less than 90", "81"),
    ("round 4.567 to 2 dp", "4.57"),
])
def test_answers_right(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer, result


@pytest.mark.parametrize("query", [
    # advice or judgement over numbers
    "our food cost is 34% of sales this month, is that too high for a bistro?",
    "rent is 1,200 and rising 3% a year, should we buy the building instead?",
    "split the tips between 5 waiters fairly — what's a fair system if some work longer shifts?",
    "we went from 212 to 265 covers, write a short note thanking the kitchen team",
    "is 4% a good interest rate for a business loan right now?",
    # ambiguous: 3 chefs and one monthly pay; two counts that may be siblings or a whole and a part
    "3 new chefs get a 5% raise on 2,200/month, what's the new monthly pay?",
    "tables tonight: 31 walk-ins, 57 bookings. what share were walk-ins (%)",
    # a subset beside its whole is not summed as a sibling
    "sent 800 / accepted 344. what share accepted?",
])
def test_declined(sandbox, query):
    result = ask_if_detected(query, sandbox)
    assert result is None, result.answer


@pytest.mark.parametrize("query,answer", [
    # a claim about a number checked ('is he right?'): the number settles it, no judgement is asked
    ("my nephew insists 221 is a prime number. is he right?", "No — 221 is not prime: 221 = 13 × 17."),
    ("my mate says 97 is prime, is he right?", "Yes — 97 is prime."),
    # the unit said for the first cycle is the later bare ones'; 'days until' asks when
    ("forklift service every 45 days, fire drill every 60 days, both happened today. days until both on the same day again?",
     "180 days"),
    # the most common of a list asked by what it is of, answered as written
    ("most frequent shift type on the rota: early, late, early, night, early, late", "early (3 of 6)"),
])
def test_claims_cycles_and_modes(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer, result


def test_a_judgement_of_a_claim_is_still_declined(sandbox):
    assert ask_if_detected("my boss says 4% is a good rate. is he right?", sandbox) is None
