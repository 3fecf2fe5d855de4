"""Detection, issue #16 round 2 (dates2): a verdict asked after the material, judgement and writing cues
(what a term means, whether something counts as, a paragraph, a nicer file), and operations asked in
words the triggers did not read (two amounts compared, the mode, 'what's that come to', a split done
equally, the other unit closing a statement). Variants of the classes, not rows of the sets."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.types import Task


def computes(text: str) -> bool:
    return analyze(Task(text=text)).computation


@pytest.mark.parametrize("text", [
    # material, then a question asking for a verdict
    "Refund dates: 02/10, 09/10, 16/10. Does this refund pattern seem suspicious to you?",
    "Plan A: 40,000 over 4 years. Plan B: 40,000 over 2 years. Which is the smarter choice for a new charity?",
    "```\nagent,csat\nMia,4.8\nTom,4.1\nAli,4.5\n```\nwho should lead the new team? need to decide by monday",
    "Vendors:\n| Vendor | Quote |\n|---|---|\n| Northwind | 9,200 |\n| Contoso | 8,750 |\nWhich of these has the better reputation?",
    "signups by week: 410, 380, 455, 502. what story do these numbers tell? I need a paragraph for the newsletter",
    # judgement, meaning and writing cues
    "is it true that 20% of customers bring 80% of revenue?",
    "does the 25 hours free childcare count as income for the tax credit?",
    "what does the error 'ERR_CONN_RESET: connection reset by peer (code 104)' mean in our proxy logs?",
    "our uptime target is 99.9% — what does 'downtime' typically exclude, like scheduled windows?",
    "can you turn this CSV into a nice spreadsheet with colours for finance?\nitem,qty\nA,3\nB,7",
])
def test_verdicts_meanings_and_writing_are_not_computations(text):
    assert not computes(text)


@pytest.mark.parametrize("text", [
    "is 3,250 greater than 3,205?",
    "is 12.5 kg more than 12,400 g? yes or no",
    "shoe sizes from the order: 7, 8, 8, 9, 8, 10, 7 - what's the mode?",
    "lap times (s): 61.2, 59.8, 63.4, 60.1. what's the range?",
    "3 founders splitting a 12,300 bonus equally - what does each get",
    "we run 6 VMs at $0.12/hr all month (30 days). what's that come to?",
    "recipe says 200°C, my oven is in fahrenheit 🙃",
])
def test_operations_in_other_words_are_computations(text):
    assert computes(text)
