"""Issue #16 round 4: the general list reader (list_general) runs before the extractors and the everyday forms,
answered in the real sandbox. A status, threshold or order asked over 'name value' lines names the items (not all
ids, not one number); groupings keep the '• key (n): members' layout; statistics, counts of one word and '40h'
values stay other readers' or read as numbers."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.templates import find_plan
from tests.helpers.compute import ask


@pytest.mark.parametrize("text,answer", [
    # a status beside ids: the ids of that status, not every id of the message
    ("which tickets are still open?\nCS-301  open\nCS-302  closed\nCS-303  open", "CS-301, CS-303"),
    ("which invoices are unpaid?\n- INV-201 paid\n- INV-202 unpaid\n- INV-203 paid", "INV-202"),
    # a threshold over 'name number' lines names the items ('None' and one number were answered before)
    ("which of these are over 40 hours?\nAmara 38\nBen 44.5\nDana 41", "Ben, Dana"),
    ("who worked at least 40h this week\nAmara: 38h\nBen: 44.5h\nChidi: 40h", "Ben, Chidi"),
    ("expenses — which ones are under 50? taxi 38.40; hotel 129.00; lunch 22.15", "taxi, lunch"),
    # a negated test
    ("which of these are not even: 2, 7, 10, 13", "7, 13"),
    # an order named by its end, over labelled numbers and dates without a year
    ("sort these debtors largest balance first:\nHollis 840\nMercer 1250\nQuayside 4120", "Quayside, Mercer, Hollis"),
    ("rank campaigns by CTR lowest → highest: spring 1.9%, bfcm 3.4%, vday 0.7%", "vday, spring, bfcm"),
    ("sort by deadline soonest first\nreport - Mar 3\nslides - Feb 27\nbudget - Mar 1", "slides, budget, report"),
    ("sort ascending and remove dups: 5, 3, 5, 1, 3", "1, 3, 5"),
    ("can u sort these client names A-Z: Zesty Foods, Bloom Co, Cafe Rio", "Bloom Co, Cafe Rio, Zesty Foods"),
    # groupings
    ("group these by store:\nLeeds - mugs\nYork - plates\nLeeds - bowls\nHull - mugs\nYork - cups",
     "• Leeds (2): mugs, bowls\n• York (2): plates, cups\n• Hull (1): mugs"),
    ("how many tickets in each status?\nCS-301  open\nCS-302  closed\nCS-303  open", "• open: 2\n• closed: 1"),
    ("average latency per region: eu 40, us 90, eu 60", "• eu: 50\n• us: 90"),
    ("sort these hosts into groups\n[prod] web1\n[dev] web2\n[prod] db1", "• prod (2): web1, db1\n• dev (1): web2"),
    # de-duplicating with case folded when asked
    ("remove duplicates (ignore case): Apple, banana, apple, BANANA, date", "Apple, banana, date"),
    ("dedupe this mailing list pls: ana@x.io ben@x.io ana@x.io cy@x.io", "ana@x.io, ben@x.io, cy@x.io"),
])
def test_list_reader_first(sandbox, text, answer):
    result = ask(text, sandbox)
    assert result is not None, find_plan(text)
    assert result.answer == answer


@pytest.mark.parametrize("text,template", [
    ("what's the max order amount here: 310, 275, 402, 198", "stats"),  # 'order amount' asks for no order
    ("red, green, blue, green, red, red — how often does red appear?", "count_occurrences"),
    ("Class schedule Mon 9:00-10:30, Wed 9:00-10:30, Fri 11:00-12:00 — total class time per week?", "ranges_total"),
])
def test_other_readers_keep_their_questions(text, template):
    plan = find_plan(text)
    assert plan is not None and plan.template == template
