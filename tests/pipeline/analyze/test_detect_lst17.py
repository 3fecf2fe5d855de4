"""Detection, round lst17: asks that carry numbers or a list but want a judgement, a belief or a translation
are no computation (a judgement with no reader parsing it, items picked by 'you think', a word 'in Spanish');
the counts, filters and checks that resemble them stay computations."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.types import Task


@pytest.mark.parametrize("text", [
    "which of these delivery slots is better for us, 2027-03-01 or 2027-06-30?",
    "list the invoice ids you think are duplicates: INV-1, INV-2, INV-3",
    "how many R's are in 'Rotterdam' in German?",
])
def test_a_judgement_belief_or_translation_is_not_a_computation(text):
    assert not analyze(Task(text=text, source="test")).computation


@pytest.mark.parametrize("text", [
    "which of these dates is earlier, 2027-03-01 or 2027-06-30?",
    "list the invoice ids: INV-1, INV-2, INV-3",
    "how many R's are in 'Rotterdam'?",
    "scores: 4,5,5,3,5 - how many 5s",
])
def test_the_computations_they_resemble_stay_computations(text):
    assert analyze(Task(text=text, source="test")).computation
