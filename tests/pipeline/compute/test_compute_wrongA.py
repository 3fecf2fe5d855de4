"""Wrong answers of v–x turned right or into declines (round wrongA), each test a message of the same class
in other words: a yes/no over a list after a lead-in, a sum held against a stated figure, a shifted date held
against a deadline, 'am i missing a bracket', records asked for one part of each, cells of one line under a
title, a count with a test, '<column> free' over a yes/no column, a clock list filtered or ranked, 'group' as
a noun, dated lines sorted, dates asked rewritten, versions and ids of a shape the extractor leaves out."""

from __future__ import annotations

import pytest

from tests.helpers.compute import ask_if_detected


@pytest.mark.parametrize("query,answer", [
    # a quantified yes/no after a lead-in or under a heading merged with it
    ("overtime audit - did anyone log more than 40 hours?\nPriya 38\nTom 42\nLena 40", "Yes: Tom."),
    ("are all of the crates below 25 kg? weights 12, 18, 24, 9", "Yes, all 4 of them."),
    # 'am i missing a bracket?': yes, and the closers
    # (a which/what question is answered with the closers only)
    ("what do i need to close it: =ROUND(AVERAGE(D2:D9),2", "You need `)` at the end."),
    ("google sheets keeps erroring: =ROUND(AVERAGE(D2:D9),2\nam i missing a paren?", "Yes — you need `)` at the end."),
    # '<column> free' over a yes/no column: that column is no
    ("which snacks are nut free?\n```\nsnack | nuts | sugar\nTrail mix | yes | no\nCrisps | no | no\n"
     "Brownie | yes | yes\nFlapjack | no | yes\n```", "2 match (nuts is no): Crisps, Flapjack"),
    # dated lines sorted: the date names nothing, the line is shown whole
    ("sort these by date please\n5 Jun 2027 - vet (Rex)\n2 May 2027 - MOT\n19 May 2027 - dentist",
     "2 May 2027 - MOT, 19 May 2027 - dentist, 5 Jun 2027 - vet (Rex)"),
])
def test_answers_right(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer, (result.answer if result else None)


@pytest.mark.parametrize("query", [
    # a sum checked against a stated figure: a yes/no, not the sum
    "do these receipts come to the card total of 1,290.40?\n410.10\n300.00\n580.30",
    # a shifted date checked against a deadline
    "if the parts leave on march 3 and shipping takes 9 days, will they get here before the 15th?",
    # records asked for one part of each
    "Acme Ltd - PO-5501 - open\nBrightway - PO-5502 - closed\nCoralink - PO-5503 - open\n\nwhich PO numbers are open",
    "scanner report:\nSC-1 os 2.0.4\nSC-2 os 2.0.4\nSC-3 os 1.9.9\nwhich os versions are in use? unique list",
    # the cells of one line under a title line are the items, not the lines
    "outcome per call, calls 1-8: answered | missed | answered | voicemail | missed | answered | answered | missed\n\n"
    "how many calls were missed",
    # a count with a test in it
    "count the rides longer than 30 km in this log:\nmon 22km\nwed 41km\nfri 30km\nsun 55km",
    # a clock list filtered, or ranked
    "lap splits: L1 1:42, L2 1:38, L3 1:45, L4 1:36 - which laps were quicker than 1:40",
    "5k times from the club tonight\nAmir 21:40\nBea 19:55\nCal 23:10\nrank us fastest first",
    # dates asked rewritten: the listing gives them as written
    "pull out all the dates and give them in ISO format: invoice due 03/02/2027, reminder on March 9, 2027",
    # versions or ids of a shape the extractor leaves out
    "which versions are mentioned: release notes 4.12 adds sync, 4.10 fixed login, the app is v5.1 on beta",
    "what are the reference numbers here: order ref ZK4P9Q, invoice INV-88120, return RMA-3321",
    "what are the reference numbers in here?\nBooking ok! Order ref ZK4P9Q, invoice INV-88120, return RMA-3321. Thanks.",
])
def test_declined_or_not_read_wrongly(sandbox, query):
    result = ask_if_detected(query, sandbox)
    assert result is None, result.answer
