"""Detection, issue #16 (det16): classes of asks the detector missed on new voices, and the talk around the
same material it must keep out. Variants of the classes (written for these tests), not rows of the sets:

- a yes/no question the message's own numbers settle ('are we short?', 'within spec?', 'can she take 4 more?')
- a result asked by its noun alone ('takings?', 'runtime?', '% lift?', 'top day?')
- a rewrite of a string given after a colon, an encoding, a name turned round, zeros stripped
- 'code' as a label (territory code, promo code) is no programming cue
- an ask opening pasted material, an instruction after the question, a filler before the auxiliary
- an amount restated for another period ('arr → mrr', 'hourly equivalent'), years in months
and the negatives: a verdict ('looks fair to you?', 'is that realistic?'), a verdict asked BEFORE pasted
arithmetic, a message kept for the record, a rule of one's own policy ('does our SLA count weekends?').
"""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.analyze.settled import settled_asks
from rlm_bot.pipeline.types import Task


def computes(text: str) -> bool:
    return analyze(Task(text=text)).computation


@pytest.mark.parametrize("text", [
    "float was 250.00, drawer has 243.10 now. are we short?",
    "van payload is 1,200 kg and we've loaded 1,150 kg. are we over?",
    "fridge reads 6.5 C, spec is 2-5 C. within spec?",
    "quota was 40 demos, we booked 43 🎉 did we hit it?",
    "she's at 37 h this week and the cap is 40 — can she do a 4h shift?",
    "is 2,950 kg under the 3 t limit y/n",
    "are these identical? 9f8e7d6c5b vs 9f8e7d6c5c",
])
def test_yes_no_questions_settled_by_the_stated_numbers_are_computations(text):
    assert list(settled_asks(text)), text
    assert computes(text), text


@pytest.mark.parametrize("text", [
    "float was 250.00 and the drawer has 243.10 — should I report it?",
    "our uptime SLA is 99.9% and we hit 99.7% — is that normal for a small team?",
    "night shift is 19:00 to 07:00 — is that legal under the working time rules?",
    "is 78 over the pass mark?",                       # one number: nothing to compare it with
    "saving 300 a month — is that enough for a deposit?",
])
def test_yes_no_questions_that_ask_a_judgement_or_lack_the_numbers_are_not_settled(text):
    assert not list(settled_asks(text)), text


@pytest.mark.parametrize("text", [
    "sold 22 pies at 4.50 and 8 tarts at 6.00, takings?",
    "job kicked off 21:40 and ended 01:05, runtime?",
    "trials went 860 -> 1,020 this month. % lift?",
    "busiest hour? 9am 41, 10am 77, 11am 63, noon 90, 1pm 58",
    "offer is 96,000/yr — hourly equivalent at 1,950 hrs/year?",
    "arr 1.44m, what's that as mrr",
    "4.5 years in months?",
    "can you uppercase this for the promo code: spring-bundle-25",
    "strip the leading zeros from these: 000731, 0042, 0000918",
    "flip to last, first: Ana Beltrán",
    "base64 encode this pls: build-ok",
    "convert fetchOrderTotals to snake_case",
    "capitalize every word pls: best ways to store flour",
    "word count on this tagline? \"Fresh bread, every morning, since 1982\"",
    "what's the closing sequence for `load(cfg[keys(0, 1`",
    "random q but is 7919 prime",
    "can u pull out the order_ids from these lines\n```\n10:01 INFO order_id=A17 ok\n10:02 WARN order_id=B22 slow\n"
    "10:03 INFO order_id=C31 ok\n10:04 INFO order_id=D40 ok\n```",
    "from this list give me only the staff based in leeds pls\nname,city\nAmy,Leeds\nBob,York\nCal,Leeds\nDee,Hull",
    "start dates: Ana 04/03/2027, Ben 19/12/2026, Cy 11/01/2027 — who's first? sort earliest → latest",
    "does `88a31x9` contain only hex chars?",
    "rollout rule: on = `(plan == pro) or (beta and not blocked)`. plan is free, beta is true, blocked is false. is it on?",
    "patients per nurse: 27 patients, 6 nurses",
    "first class ends 10:50, second starts 11:05 — gap?",
    "total story points here?\n\n| Story | Pts |\n|---|---|\n| Login | 5 |\n| Export | 8 |\n| Billing | 13 |",
])
def test_asks_in_new_voices_are_computations(text):
    assert computes(text), text


@pytest.mark.parametrize("text", [
    "roster:\nMon Ana, Ben\nTue Cy, Dee\nWed Ana, Eli\nThu Ben, Cy\nlooks fair to you? Ben says he always gets mondays",
    "does this bonus plan make sense to you or should we pay on margin instead?\nrevenue 84,000 x 5% = 4,200\n"
    "plus kicker 300",
    "orders this week: 412. returned: 9. refunds: 3. just logging it here for later",
    "does our leave policy count bank holidays? HR says 25 days and I counted 28",
    "what would you say if a candidate asks about the 3 year vesting with a 1 year cliff?",
    "is a 3.2x roas good for a skincare brand?",
    "ctr went from 2.4% to 1.9% — any ideas how to get it back up?",
    "can you make this price list look nicer for the window: rye 3.20, sourdough 4.10, bap 0.60",
    "what's a good CTR for a cold email campaign",
    "write a sign for the window: 3 croissants for 5.00",
    "what naming convention should our team use, camelCase or snake_case?",
    "rank these 5 ideas by customer value: sso, audit, export, api, themes",
    "runtime errors keep happening at 02:00 and 03:00, thoughts?",
    "top 3 reasons deals slip past quarter end? we had 9 slip last quarter",
    "what's the peak season for flights to Japan, we're going in 2027 with 2 kids",
    "do I need a permit if the shed is over 15 sq m and 2.5 m high?",
    "runtime of the movie is 2h 10m, is it suitable for kids under 8?",
    "we're at 2.1% returns, target 1.8%, I think we should switch courier. thoughts?",
])
def test_verdicts_advice_writing_and_records_are_not_computations(text):
    assert not computes(text), text


def test_detection_on_the_det16_design_rows():
    """The det16 design rows (new voices: a shop owner, university HR and lab staff, a growth team, a nurse
    scheduler, a game modder, a sysadmin, a landlord and a teacher): those the compute readers answer are in
    the chat set, the others in chat_detect_design.jsonl. Detection P and R must both stay >= 0.97."""
    import json
    from pathlib import Path

    data = Path(__file__).resolve().parents[3] / "testing" / "data"
    rows = [json.loads(line) for name in ("chat_compute_queries.jsonl", "chat_detect_design.jsonl")
            for line in (data / name).read_text(encoding="utf-8").splitlines()
            if line.startswith('{"id": "dt16-')]
    assert len(rows) >= 120
    detected = [(r, computes(r["text"])) for r in rows]
    tp = sum(1 for r, d in detected if d and r["computable"])
    fp = sum(1 for r, d in detected if d and not r["computable"])
    positives = sum(1 for r in rows if r["computable"])
    assert tp / positives >= 0.97, [r["text"] for r, d in detected if r["computable"] and not d]
    assert tp / (tp + fp) >= 0.97, [r["text"] for r, d in detected if d and not r["computable"]]


@pytest.mark.parametrize("text", [
    "is our 40k budget going to be over the limit once we add 3 contractors?",
    "are we still under the 50 GB cap after the 3 new hires join?",
    "is the cap of 500 mg per day over the top for a 70 kg adult?",
])
def test_a_hypothetical_or_judged_yes_no_is_not_settled_by_the_numbers(text):
    assert not analyze(Task(text=text, source="test")).computation


@pytest.mark.parametrize("text", [
    "which of these students deserves the end of year prize? Amira 72, Ella 91, Chloe 55",
    "what do you make of these numbers?\nchannel,spend,conversions\nSearch,4200,168\nSocial,2600,52\nEmail,350,41",
    "which grouping of these nurses would make the fairest rota?\n| nurse | unit |\n|---|---|\n| Priya | Ward 3 |\n"
    "| Tom | ICU |\n| Aoife | Ward 3 |",
])
def test_an_opinion_asked_with_no_reader_parsing_it_is_not_a_computation(text):
    assert not analyze(Task(text=text, source="test")).computation
