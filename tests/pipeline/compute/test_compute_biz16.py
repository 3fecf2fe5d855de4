"""Business shorthand (issue #16): named metrics read from labelled figures (biz_metrics), a price carried through
counts and times by its units (money_chain), and a small 'm' read as millions only beside money. Run in the real
sandbox; each reader must answer right, and decline (or not detect) what it reads only in part or what asks for
judgement."""

from __future__ import annotations

import re

import pytest

from rlm_bot.pipeline.compute.templates import make_query
from tests.helpers.compute import ask_if_detected

_ask = ask_if_detected


def _first_number(answer: str) -> float:
    return float(re.search(r"-?\d[\d,]*(?:\.\d+)?", answer).group(0).replace(",", ""))


@pytest.mark.parametrize("query,expected", [
    ("gross margin? sales 212,400, cost of goods sold 131,900", (212400 - 131900) / 212400 * 100),
    ("what's the GM on rev 3.1m and cogs 1.05m", (3.1 - 1.05) / 3.1 * 100),
    ("gross profit 96k on revenue 480k, margin %?", 20.0),
    ("ctr for the spring promo: 640,000 impressions, 9,280 clicks", 9280 / 640000 * 100),
    ("newsletter signup page: 12,500 visitors, 400 signups. conversion rate?", 3.2),
    ("churn rate: started the month with 2,000 customers and lost 90", 4.5),
    ("retention if we started the quarter with 520 members and 39 cancelled", (520 - 39) / 520 * 100),
    ("ndr check: starting arr 8m, expansion 1.1m, contraction 200k, churn 450k", (8e6 + 1.1e6 - 200e3 - 450e3) / 8e6 * 100),
    ("grr pls. starting mrr 120,000, contraction 3,000, churn 6,600", (120000 - 9600) / 120000 * 100),
    ("mrr went 310k -> 334.8k. mom growth?", (334.8 - 310) / 310 * 100),
    ("cagr from 1.2m arr (2020) to 4.1m (2024)?", ((4.1 / 1.2) ** 0.25 - 1) * 100),
    ("revenue went from 800k to 2m over 5 years, cagr?", ((2 / 0.8) ** 0.2 - 1) * 100),
    ("annual churn if monthly churn is 2%", (1 - 0.98 ** 12) * 100),
    ("85k is what percent of 1.7m", 5.0),
])
def test_percent_metrics(sandbox, query, expected):
    result = _ask(query, sandbox)
    assert result is not None and abs(_first_number(result.answer) - expected) < 0.006, (query, result and result.answer)


@pytest.mark.parametrize("query,expected", [
    ("cpc? we spent $1,870 and got 1,100 clicks", 1.7),
    ("cpm: 4,000 spend, 2.5m impressions", 1.6),
    ("cpa on the retargeting push: spend 6k, 240 conversions", 25.0),
    ("tiktok test: spend 2k, 80k impressions, 1,600 clicks, 32 purchases. what's the cpa", 62.5),
    ("cac? s&m spend 90k this quarter, 150 new customers", 600.0),
    ("arr 4.2m — what's that in mrr", 350000.0),
    ("mrr is €61,250, annualized?", 735000.0),
    ("ltv: arpu 45 per month, monthly churn 3%", 1500.0),
    ("ltv with 80% gross margin, arpa $200/mo and 5% monthly churn", 3200.0),
    ("payback? cac 2,400, arpu 150 a month, gross margin 80%", 20.0),
    ("mrr 60k growing 5% mom, what's mrr in 4 months", 60000 * 1.05 ** 4),
    ("storage is 0.30 per crate per day, 200 crates for 15 days. cost?", 900.0),
    ("designer is $70/h, 5h a day, for 2 weeks (5 day weeks). total?", 3500.0),
    ("render node $1.25/hr, 6 of them running for 3 days straight. how much did it cost", 1.25 * 6 * 72),
    ("notion is $10 per seat per month, 25 seats, feb through nov inclusive. total?", 2500.0),
    ("gym 39 a month, phone 25 a month and cloud storage 3 a month, how much per year", 804.0),
    ("offer is 91,520/yr, hourly at 2080 hrs/year?", 44.0),
    ("weekly payroll is 9,200, what's that over 13 weeks", 119600.0),
])
def test_money_metrics(sandbox, query, expected):
    result = _ask(query, sandbox)
    assert result is not None and abs(_first_number(result.answer) - expected) < 0.006, (query, result and result.answer)


def test_roas_is_a_multiple_with_its_number(sandbox):
    result = _ask("roas? spend 4k, revenue 13k", sandbox)
    assert result is not None and result.answer.startswith("3.25x") and "3.25" in result.answer


def test_ltv_to_cac_is_a_multiple(sandbox):
    result = _ask("ltv:cac if ltv is 2,700 and cac 900", sandbox)
    assert result is not None and result.answer.startswith("3x"), result


@pytest.mark.parametrize("query", [
    # judgement, advice, writing, definitions
    "what's a healthy ltv:cac for a seed-stage saas?",
    "should COGS include the support team's salaries when we compute gross margin",
    "write a tweet saying our roas doubled to 6x",
    "our ctr is 0.8% on linkedin, is that normal?",
    "explain the difference between nrr and grr",
    "how do i compute cagr in excel",
    "what does cpm stand for",
    # a needed figure missing
    "gross margin on 2.4m revenue?",
    "ltv?",
    "cpa for last week pls",
])
def test_judgement_and_missing_figures_are_not_computed(sandbox, query):
    assert _ask(query, sandbox) is None


@pytest.mark.parametrize("query", [
    # a figure with no role the metric can use: read in part, so declined
    "gross margin? revenue 500k, cogs 200k, headcount 14",
    # the ltv needs a monthly churn; a yearly one is another formula
    "ltv: arpu 50 a month, annual churn 30%",
    # 120 pallets beside a price per day only: what the pallets are for is not said
    "storage is 2.10 a day, we have 120 pallets for 18 days. cost?",
    # '3PL' is a name, not a figure
    "the 3PL charges 0.45 per pallet per day, 120 pallets for 18 days, cost?",
])
def test_figures_read_in_part_are_declined(sandbox, query):
    result = _ask(query, sandbox)
    assert result is None or result.source != "template" or result.template not in (
        "biz_gross_margin", "biz_ltv", "money_chain"), result


@pytest.mark.parametrize("text,million", [
    ("revenue 3.42m, cogs 810k", True),
    ("the 2.5m contract", True),
    ("85k is what percent of 1.2m", True),
    ("the wall is 2.5m tall and costs 300", False),
    ("a 5m video at $2 a view", False),
    ("ran 10m in 3 minutes", False),
])
def test_a_small_m_is_millions_only_beside_money(text, million):
    body = make_query(text).body
    assert ("million" in body or re.search(r"\d{7}", body) is not None) is million, body


@pytest.mark.parametrize("query,expected", [
    ("on-call answered 412 of 480 pages within 5 minutes. give me the percentage", 412 / 480 * 100),
    ("msrp was 1,200 and we sold it at 960. what % discount is that", 20.0),
    ("referral fee is 4% of first year acv and acv = 48,000. payout?", 1920.0),
    ("build time dropped from 18min to 12min, what's that as a % reduction?", (18 - 12) / 18 * 100),
    ("a 99.9% uptime SLA allows how many minutes of downtime over a 30 day month?", 43.2),
    ("our weekly spend right now is 2,400 EUR and the vendor is raising prices 5%, what will the new weekly spend be?", 2520.0),
    ("customer gets 8% off the 2 500.00 invoice, how much do they pay after the discount?", 2300.0),
])
def test_shares_discounts_and_changes(sandbox, query, expected):
    result = _ask(query, sandbox)
    assert result is not None and abs(_first_number(result.answer) - expected) < 0.006, (query, result and result.answer)


@pytest.mark.parametrize("query", [
    # the share of the rest is another question than the share stated
    "25 of 180 builds failed, what percent passed?",
    # a month without its days is no fixed period
    "how much downtime does 99.95% uptime allow a month?",
])
def test_shares_and_downtime_read_in_part_are_not_answered_wrong(sandbox, query):
    result = _ask(query, sandbox)
    assert result is None or result.template not in ("biz_share", "biz_downtime"), result
