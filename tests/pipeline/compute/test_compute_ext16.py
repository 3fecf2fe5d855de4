"""Issue #16, extraction / filtering / counting round: counts of what a filter keeps, of a bare list and of
the line it names; filters on quarters, spelled days, ages in days, a pass mark, a version, cells of several
columns; extraction of the lines a word picks, of one id asked, of ids by their label, of SKUs, of a field the
lines name themselves and of request lines' status codes. Each with what it must decline or leave alone."""

from __future__ import annotations

import re
from datetime import date

import pytest

from rlm_bot.pipeline.compute.templates import find_plan
from tests.helpers.compute import ask, run_plan

TODAY = date(2026, 12, 7)


def _answer(text: str):
    plan = find_plan(text, TODAY)
    return None if plan is None else str(run_plan(plan))


@pytest.mark.parametrize("text,right", [
    # counting what the filter keeps (the count first, the items after it)
    ("how many are under 18?\nMaya 16\nJon 19\nLiv 17\nSam 22\nOla 15\nKit 18", "3 (Maya, Liv, Ola)"),
    ("how many orders are over 500? 320, 815, 499, 1200, 500, 760", "3 (815, 1200, 760)"),
    ("how many players are level 50 or above\nxXSlayerXx 52\nmoonwalker 49\nNoobMaster 50\ncrafty 12",
     "2 (xXSlayerXx, NoobMaster)"),
    # a bare list counted whole, or the line it names
    ("jan renewals, how many clinics is that\n\nHill Dental\nOak Vets\nBay Pharmacy\nElm Clinic\nSun Optics", "5"),
    ("how many closed lost?\nClosed Won\nClosed Lost\nOpen\nClosed Lost\nOpen", "2"),
    ("Closed Won\nClosed Lost\nOpen\nClosed Lost\nOpen\n\nhow many open ones in that list", "2"),
    ("volunteers for saturday\nMaya\nJonas\nPriti\nOwen\nhow many people is that?", "4"),
    ("how many said yes?\nAmy - yes\nBen - no\nCara - yes", "2 (Amy, Cara)"),
])
def test_counts_over_a_pasted_list(text, right):
    """(a count of the items a yes/no names is list_general's too: 'how many said yes?' -> 2 (Amy, Cara))"""
    got = _answer(text)
    assert got is not None and re.match(re.escape(right) + r"(?![\d.])", got), got


@pytest.mark.parametrize("text", [
    "how many times does 'error' appear here: error: x, warn: y, error: z, info, error",
    "how many different colours are in this list: red, blue, red, green, blue, yellow",
    "Start | End\n2026-02-02 | 2026-02-27\nhow many working days is that?",
    "120 volunteers, 9 shifts, 13 people per shift. how many volunteers are left unassigned?",
    "how many tickets in each status?\nCS-301  open\nCS-302  closed\nCS-303  open",
])
def test_counts_that_are_not_of_the_list_are_left_to_other_readers(text):
    plan = find_plan(text, TODAY)
    assert plan is None or plan.template not in ("items_count", "items_count_all", "items_count_value")


@pytest.mark.parametrize("text", [
    # a count of a bare list whose question names nothing of it and no whole ('how many should I order')
    "how many should I order?\nHill Dental\nOak Vets\nBay Pharmacy\nElm Clinic",
    # a judgement
    "how many of these candles should I pour? lavender 4, cedar 0, amber 7",
])
def test_counts_decline_what_they_cannot_read(text):
    plan = find_plan(text, TODAY)
    assert plan is None or plan.template not in ("items_count", "items_count_all", "items_count_value")


@pytest.mark.parametrize("text,right", [
    ("which contracts renew in Q1 2027?\nHill Dental: 2027-01-15\nOak Vets: 2027-04-02\nBay Pharmacy: 2027-03-30\n"
     "Sun Optics: 2027-02-11", "Hill Dental, Bay Pharmacy, Sun Optics"),
    ("which of these tickets were opened before the 2nd of december?\nCS-1 opened 2026-11-30\nCS-2 opened 2026-12-04\n"
     "CS-3 opened 2026-12-01", "CS-1, CS-3"),
    ("today is 2026-12-07. which tickets are older than 7 days?\nHD-1 opened 2026-11-25\nHD-2 opened 2026-12-03\n"
     "HD-3 opened 2026-11-20", "HD-1, HD-3"),
    ("pass mark is 50. who failed?\nAmira 72\nBen 48\nChloe 55\nDev 39\nFinn 50", "Ben, Dev"),
    ("which mods are built for 1.20.4?\nBetterHUD - 1.20.4\nFastLeaves - 1.19.2\nMapPlus - 1.20.4", "BetterHUD, MapPlus"),
    ("disks above 85%? (web-01 91%, web-02 64%, db-01 88%, cache-01 79%)", "web-01, db-01"),
    ("which invoices are unpaid and over 1000?\nINV-71  1200.00  unpaid\nINV-72  340.00  paid\nINV-73  980.00  unpaid\n"
     "INV-74  2500.00  unpaid\nINV-75  1500.00  paid", "INV-71, INV-74"),
    ("anything not shipped yet?\nA-101 DE shipped\nA-102 FR pending\nA-103 DE pending\nA-104 NL shipped",
     "A-102, A-103"),
    ("names starting with M from this list: Maria, Tom, Mehmet, Lucy, Marco, Nia", "Maria, Mehmet, Marco"),
    ("which pupils were absent more than 3 days\nAva 1\nBilly 5\nCara 0\nDanny 4\nEmre 3", "Billy, Danny"),
    ("any refunds above 50 eur? refund R1 20 eur, R2 75 eur, R3 50 eur, R4 120 eur", "R2, R4"),
])
def test_filters_read_by_meaning(text, right):
    assert _answer(text) == right


@pytest.mark.parametrize("text", [
    # two conditions of which a reader would read one
    "which invoices are unpaid or over 1000?\nINV-71  1200.00  unpaid\nINV-72  340.00  paid\nINV-73  980.00  unpaid",
    # a word no cell holds and no test reads ('late this week')
    "which invoices are unpaid and due this week?\nINV-71  1200.00  unpaid\nINV-72  340.00  paid\nINV-73  980.00  unpaid",
    # a version compared, not named
    "which mods need a version newer than 1.19.2?\nBetterHUD - 1.20.4\nFastLeaves - 1.19.2\nMapPlus - 1.20.4",
    # 'before the 2nd of december' over dates of two years: which december is not said
    "which tickets were opened before the 2nd of december?\nCS-1 opened 2025-11-30\nCS-2 opened 2026-12-04\n"
    "CS-3 opened 2026-12-01",
])
def test_filters_decline_what_they_read_only_in_part(text):
    assert _answer(text) is None


@pytest.mark.parametrize("text,right", [
    ("IPs from the failed lines only, no repeats\n```\nMar 03 02:14:07 web1 sshd[812]: Failed password for root from "
     "45.33.12.9 port 4022\nMar 03 02:14:11 web1 sshd[812]: Accepted publickey for deploy from 10.1.0.5 port 5510\n"
     "Mar 03 02:15:40 web1 sshd[830]: Failed password for admin from 185.220.101.4 port 3311\n```",
     "2 IP addresses: 45.33.12.9, 185.220.101.4"),
    ("what's the phone number in here: 'driver Marek can be reached on +48 601 234 567 between 8 and 16'",
     "1 phone number: +48 601 234 567"),
    ("give me the order numbers from this email\n'hi, I placed order 55120 last week and order 55187 yesterday, "
     "tel 0612345678'", "55120, 55187"),
    ("what's the PO number in this? \"Please reference PO 4500187293 on all invoices. Our vendor ID is V-22817.\"",
     "4500187293"),
    ("pull the SKUs out of this restock note: need 12 of TS-BLK-M, 6 of TS-WHT-L and 20 of MUG-CER-01 before friday",
     "3 SKUs: TS-BLK-M, TS-WHT-L, MUG-CER-01"),
    ("pull out the dates from this rota note: swap 14/03 with Jenna, cover 21/03 nights, off 28/03",
     "3 dates: 14/03, 21/03, 28/03"),
    ("can u pull out just the req_ids from the ERROR lines\n```\n10:02:11 ERROR req_id=7f3a91c2 user=4411 declined\n"
     "10:02:14 INFO  req_id=88b01d4e user=1022 ok\n10:02:19 ERROR req_id=c09e5512 user=3107 upstream 503\n```",
     "7f3a91c2, c09e5512"),
    ("which hostnames are in this alert\n- host: web-07.prod.internal cpu 97%\n- host: web-09.prod.internal cpu 93%",
     "web-07.prod.internal, web-09.prod.internal"),
    ("just the status codes, in order\nGET /cart 200 14ms\nPOST /checkout 502 3004ms\nGET /img/a.png 304 2ms",
     "200, 502, 304"),
])
def test_extraction_by_meaning(text, right):
    assert _answer(text) == right


@pytest.mark.parametrize("text", [
    # 'order number' written nowhere after 'order', beside other numbers (quantities): not told apart
    "can you pull every order number out of this\n#10231 Sara 2x mug\n#10232 Tom 1x apron\n#10233 Aino 3x tote",
    # the word of 'from the X lines' is on no line
    "pull out just the req_ids from the WARN lines\n```\n10:02:11 ERROR req_id=7f3a91c2\n10:02:14 INFO req_id=88b01d4e\n"
    "10:02:19 ERROR req_id=c09e5512\n```",
    # a field two keys could be, or none
    "list the ids from this\nuser_id=4 order_id=9\nuser_id=5 order_id=10\nuser_id=6 order_id=11",
    # status codes of lines that are no request lines
    "just the status codes\nbuild 1 took 200 s\nbuild 2 took 304 s\nbuild 3 took 500 s",
])
def test_extraction_declines_what_it_cannot_tell_apart(text):
    plan = find_plan(text, TODAY)
    assert plan is None or plan.template not in ("extract_labelled", "extract_keyed", "extract_status_codes",
                                                 "extract_number")


@pytest.mark.parametrize("text", [
    "which campaigns look most promising to you? spring_sale 2.1%, retarget 4.8%, brand 0.6%",
    "which of these servers would you retire first and why? web-01 91%, db-01 88%",
    "which mods are the most fun to play with? BetterHUD, MapPlus, SkyBox",
])
def test_judgements_over_lists_are_not_computations(sandbox, text):
    from rlm_bot.pipeline.analyze import analyze
    from rlm_bot.pipeline.types import Task
    assert not analyze(Task(text=text)).computation


def test_a_count_runs_in_the_sandbox(sandbox):
    result = ask("how many are under 18?\nMaya 16\nJon 19\nLiv 17\nSam 22", sandbox)
    assert result is not None and result.answer.startswith("2")


@pytest.mark.parametrize("text,right", [
    ("how many weekdays (mon-fri) in january 2027? ignoring holidays", "21"),
    ("how many weekdays in february 2027?", "20"),
    ("how many mondays are there in march 2027", "5"),
    ("how many friday the 13ths are there in 2027?", "1"),
    ("number of weekend days in 2026", "104"),
])
def test_days_of_a_kind_in_a_month_or_year(text, right):
    assert _answer(text) == right


@pytest.mark.parametrize("text", [
    "how many working days in may 2027 excluding bank holidays?",  # which holidays is not known
    "how many weekdays in march?",  # the year is not said
    "how many weekdays in january 2027 and how many hours is that at 7.5 a day?",  # more is asked
])
def test_days_of_a_kind_decline_what_is_not_said(text):
    plan = find_plan(text, TODAY)
    assert plan is None or plan.template != "calendar_count"
