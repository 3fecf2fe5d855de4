"""Everyday ways of asking for dates, clock times, money over time and percentages (real sandbox)."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.stage import ComputationResult
from tests.helpers.compute import ask_if_detected

TODAY = "2026-12-07"  # a Monday


def _ask(text: str, sandbox) -> ComputationResult | None:
    return ask_if_detected(text, sandbox, today=TODAY)


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
    # clock times are not calendar days; the time said to be now is where the span starts
    ("how long until 6 pm if it's 10:15 am now?", "7 h 45 min"),
    ("how many mins between 7:10 and 9:00", "110 minutes (1 h 50 min)"),
])
def test_dates_and_times_as_people_ask(sandbox, query, answer):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.split(" (")[0] == answer.split(" (")[0], result


@pytest.mark.parametrize("query,first", [
    # a price that rises (or falls) by a rate each year, compounded
    ("my salary is 52,000 and rises 2% a year, what will it be in 4 years", "56,286.47"),
    ("car is worth £9,000 and drops 10% every year, what's it worth after 3 years", "£6,561.00"),
    # a growth rate per year from a start and an end value
    ("users went from 2,000 to 2,880 over 2 years, what's the annual growth rate", "20.00%"),
    # inflation shrinks what money buys; it raises what things cost
    ("with 2% inflation a year, what is 500 worth in real terms after 5 years", "452.87"),
    ("at 2% inflation a year, what will a 500 basket cost in 5 years", "552.04"),
    # no rate named, no interest: plain division
    ("lent my brother 900, he pays back 150 a month, how many months until it's paid off", "6 months"),
    ("0% interest instalments on a $1,800 laptop over 6 months?", "$300.00"),
    # the target named with 'save'
    ("need to save 3,600 for a course in 9 months, how much should i set aside each month", "400.00"),
    ("if i put 100 a month into savings for 2 years how much will i have", "2,400.00"),
    ("gym goes from 30 to 36 a month, how much more per year", "72.00 more"),
    ("how long until 5k doubles at 8% a year", "9.01 years"),
])
def test_money_over_time_as_people_ask(sandbox, query, first):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(first), result


@pytest.mark.parametrize("query", [
    # a share of an amount is no rate of interest: the template that cannot use it leaves the question
    "what's 15% of 200 at 4% for 3 years",
    # inflation with nothing saying whether the value or the price is asked
    "inflation 3% a year for 10 years on 100",
])
def test_money_over_time_does_not_guess(sandbox, query):
    result = _ask(query, sandbox)
    assert result is None or result.template not in {"compound_interest", "inflation_real_value",
                                                     "inflation_future_price"}, result


def test_share_of_salary_is_the_deposit_and_the_other_rate_the_interest(sandbox):
    result = _ask("if i save 10% of a 4,000 monthly salary at 3% interest, how much after 2 years", sandbox)
    assert result is not None and result.answer.startswith("9,881.13 after 2 years"), result


@pytest.mark.parametrize("query,first", [
    ("signups 250 -> 300, what's the % change", "20%"),
    ("we were at 1,000 customers and now 900. change in %?", "-10%"),
    ("click rate went from 5% to 6%, relative increase?", "20%"),
    # a fall asked about as a decrease is given as its size
    ("shares fell from 50 to 40, what's the percentage decrease", "20% decrease"),
    ("18 out of 24 builds passed, what % is that", "75%"),
    ("what's 10% of £250", "£25.00"),
    ("how much is 20% vat on 450", "90"),
    # a price after a discount or a tax, taken back to the price before it
    ("paid $85 after a 15% discount, what was the original price", "$100.00"),
    ("the total is 120 including 20% vat, what's the price before vat", "100"),
])
def test_percentages_as_people_ask(sandbox, query, first):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(first), result


@pytest.mark.parametrize("query,first", [
    ("2 teas at €2.50 and 3 muffins at €3, what's the total", "€14.00"),
    ("8 seats × $45 plus a $20 booking fee — total?", "$380.00"),
    ("12 hrs x 3 days x $30/hr", "$1,080.00"),
    ("how much is 900 divided between 4 of us", "225"),
    ("ok so what's 6 * 7 * 2", "84"),
    # decimal commas, dots between thousands, as much of Europe writes money
    ("what's 2.310,75 € + 189,25 €", "€2,500.00"),
    # ... but a comma before three digits still separates thousands
    ("what's 2,310 + 1,690 total", "4,000"),
])
def test_labelled_sums(sandbox, query, first):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(first), result


@pytest.mark.parametrize("query", [
    # a word that changes the arithmetic keeps the question from the tally
    "3 shirts at $20 each with 10% off, total?",
    "Tom buys 4 apples at $2 and gives half to Sue. How much did Sue's apples cost?",
    # a percentage-point question is not a relative change
    "rate went from 5% to 6% and then 7%, % change?",
])
def test_tally_and_change_do_not_misread(sandbox, query):
    result = _ask(query, sandbox)
    assert result is None or result.template not in {"labelled_sum", "percentage_change"}, result


@pytest.mark.parametrize("query,answer", [
    # the colon of a clock time is not where the pasted text starts
    ("any ip addresses in this? 'denied 10.1.2.3 at 14:05, allowed 10.1.2.4'", "2 IP addresses: 10.1.2.3, 10.1.2.4"),
    # a question mark ends the request; the text follows it
    ("which IPs failed? 192.168.0.7 timeout, 192.168.0.9 timeout", "2 IP addresses: 192.168.0.7, 192.168.0.9"),
    ("what are the links in this msg? docs https://docs.acme.dev and https://acme.dev/pricing",
     "2 URLs: https://docs.acme.dev, https://acme.dev/pricing"),
    # words of the pasted text ('api', 'code') are not the request asking how to extract
    ("pull the versions: api 2.0.1, code-server 1.9.3", "2 versions: 2.0.1, 1.9.3"),
    ("list the phone numbers: office 020 7946 0018, mobile +44 7700 900123",
     "2 phone numbers: 020 7946 0018, +44 7700 900123"),
    ("what numbers are in this note: 'desk 12, row 4'", "2 numbers: 12, 4"),
    # the colon of 'https:' is not where the text starts; a dash can be
    ("could you list the links mentioned here — https://one.example/a, and https://two.example",
     "2 URLs: https://one.example/a, https://two.example"),
    ("From the log below, which IPs appear?\n10.9.8.7 GET /\n10.9.8.6 GET /health", "2 IP addresses: 10.9.8.7, 10.9.8.6"),
    ("I need every email in this list: kim@q.dev (pm), lee@q.dev (qa)", "2 e-mail addresses: kim@q.dev, lee@q.dev"),
])
def test_extraction_as_people_ask(sandbox, query, answer):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == answer, result


def test_needing_a_kind_that_is_not_there_is_no_extraction(sandbox):
    result = _ask("I need the links for the offsite: the venue one and the hotel one", sandbox)
    assert result is None or result.kind != "extraction", result


@pytest.mark.parametrize("query,first", [
    ("streaming is €9/month or €90/year, how much do i save paying yearly", "€18.00 a year saved"),
    ("i put aside 50 a month from march to june, how much is that", "200.00"),
    ("if i save 10% of a 2,500 monthly salary, how much after a year", "3,000.00"),
    ("he's 6'1 in cm", "185.42"),
])
def test_more_everyday_money_and_units(sandbox, query, first):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(first), result


@pytest.mark.parametrize("query,first", [
    # 'loan 5 yrs': the 'an' ending 'loan' does not make the duration a rate's period
    ("25k loan 5 yrs 6.5% monthly payment?", "489.15 a month"),
    ("I'm putting £150 into an ISA every month at 5%, what will I have after 8 years?", "£17,661.08"),
    ("Revenue was $1.2M last year and $1.5M this year. What's the growth percentage?", "25%"),
    ("Kindly pull out the URLs: see https://example.org/a and http://foo.bar/b", "2 URLs"),
])
def test_terse_and_formal_voices(sandbox, query, first):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(first), result


@pytest.mark.parametrize("query,first", [
    # 'simple' after 'interest' still means simple interest, never compounded
    ("what's the interest on 8000 over 3 years at 6% simple", "interest 1,440.00"),
    ("What monthly amount do I need to put aside to reach £12,000 in 3 years?", "£333.33 a month"),
    ("price dropped by 12% to 44, what was it before", "50"),
    ("I owe 3,000 on a card at 19.9% APR and pay 150 a month, how long to clear it?", "25 months (2 years and 1 month)"),
])
def test_more_voices_for_money_and_percentages(sandbox, query, first):
    result = _ask(query, sandbox)
    assert result is not None and result.answer.startswith(first), result
