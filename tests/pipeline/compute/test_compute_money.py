"""Money over time asked the Slack way: interest, savings, instalments, price changes — run in the sandbox."""

from __future__ import annotations

import pytest

from tests.helpers.compute import ask_if_detected


_ask = ask_if_detected


@pytest.mark.parametrize("query,answer", [
    ("compound interest on $1000 at 5% for 3 years",
     "$1,157.63 after 3 years (interest $157.63; 5% a year compounded yearly, assumed as none was named)"),
    ("if i put €2,500 in a savings account at 4% compounded quarterly, how much after 18 months?",
     "€2,653.80 after 18 months (interest €153.80; 4% a year compounded quarterly)"),
    ("<@U024BE7LH> £10k invested at 6% compounded monthly for 10 years, whats it worth",
     "£18,193.97 after 10 years (interest £8,193.97; 6% a year compounded monthly)"),
    ("what's the simple interest on $5000 at 4% for 3 years", "interest $600.00, total $5,600.00 after 3 years"),
    ("if I save $200 a month at 4% interest how much will I have in 5 years?",
     "$13,259.80 after 5 years: $12,000.00 paid in + $1,259.80 interest (4% a year compounded monthly; "
     "deposits at the end of each month, assumed)"),
    ("i'm putting away €150 every month for 3 years at 3.5%, starting with €1,000. how much do i end up with?",
     "€6,795.50 after 3 years: €6,400.00 paid in + €395.50 interest (3.5% a year compounded monthly; "
     "deposits at the end of each month, assumed)"),
    ("saving 500/month, how much after 2 years", "12,000.00 after 2 years (24 deposits of 500.00, no interest)"),
    ("how long until I save $10,000 if I put away $400 a month?",
     "25 months (2 years and 1 month): the balance reaches $10,000.00 with the last deposit"),
    ("monthly payment on a $300,000 mortgage at 6.5% over 30 years",
     "$1,896.20 a month for 360 months (total paid $682,633.47, interest $382,633.47)"),
    ("whats the installment for a 20k loan at 7% for 5 years",
     "396.02 a month for 60 months (total paid 23,761.44, interest 3,761.44)"),
    ("what's the monthly payment on a 450k mortgage, 5.25% interest, 25 year term",
     "2,696.61 a month for 300 months (total paid 808,984.42, interest 358,984.42)"),
    ("how much do i need to save per month to have 10k in 2 years?", "416.67 a month for 24 months (no interest)"),
    ("how much interest will i earn on 10k at 4.5% for a year",
     "interest 450.00 after a year (final amount 10,450.00; 4.5% a year compounded yearly, assumed as none was named)"),
    ("inflation was 3% then 4% then 2.5%, total?", "+9.80% overall (each step applies to the result of the one before)"),
    ("salary went from 50k up 10% then a 5% cut — what's it now", "52,250.00 (+4.50% overall, from 50,000.00)"),
    ("wats the mortage payment on 250k at 6% for 30 yrs",  # typos as typed
     "1,498.88 a month for 360 months (total paid 539,595.47, interest 289,595.47)"),
    ("how long to double my money at 7%?",
     "10.24 years (about 10 years and 3 months; 7% a year compounded yearly, assumed)"),
    ("how long to pay off $5000 at 18% paying $200 a month",
     "32 months (2 years and 8 months), paying $6,313.96 in all (interest $1,313.96)"),
    ("If I invest $10,000 at 8% annual return, how much will it be worth in 20 years?",
     "$46,609.57 after 20 years (interest $36,609.57; 8% a year compounded yearly, assumed as none was named)"),
    ("price went up 5% then down 3%, what's the total change?",
     "+1.85% overall (each step applies to the result of the one before)"),
    ("$80 jacket, price up 10% then down 10%, what does it cost now", "$79.20 (-1.00% overall, from $80.00)"),
    ("our rent rose 4% last year and another 6% this year, how much is that overall?",
     "+10.24% overall (each step applies to the result of the one before)"),
])
def test_money_answers_with_the_users_currency_and_cents(sandbox, query, answer):
    result = _ask(query, sandbox)
    assert result is not None and result.answer == answer, result
    assert result.source == "template"


def test_money_payoff_that_never_ends_says_so(sandbox):
    result = _ask("how long to pay off $10,000 at 24% paying $150 a month", sandbox)
    assert result is not None and result.answer == "never: $150.00 a month does not cover the interest"


def test_money_compounding_frequencies_change_the_answer(sandbox):
    answers = {}
    for words in ("annually", "monthly", "daily", "continuously"):
        result = _ask(f"$1000 at 12% compounded {words} for 1 year, how much?", sandbox)
        answers[words] = result.answer.split()[0]
    assert answers == {"annually": "$1,120.00", "monthly": "$1,126.83", "daily": "$1,127.47",
                       "continuously": "$1,127.50"}


@pytest.mark.parametrize("query", [
    "what's a good savings account?",
    "what is compound interest?",
    "how do mortgages work",
    "should I pay off my loan early?",
    "my loan is at 5% lol",
    "how do I calculate a mortgage payment in excel?",
    "If real GDP per capita grows at a rate of 10 percent a year then we can expect the standard of living to "
    "double in\nA. 10 years.\nB. 9 years.\nC. 8 years.\nD. 7 years.",
    "Mandy owes Benedict $100. They agreed to have monthly interest of 2%. If Mandy was able to pay it after 3 "
    "months, how much should she give to Benedict?",
])
def test_money_talk_without_a_computation_is_not_computed(sandbox, query):
    assert _ask(query, sandbox) is None
