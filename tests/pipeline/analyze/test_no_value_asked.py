"""Asks that no computation answers, whatever numbers the message carries (analyze/asked.no_value_asked):
a reason, an action by a person or a tool, the meaning of a term, knowledge about a method, a verdict on an
opinion — while the computations they resemble stay computations."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.analyze import analyze
from rlm_bot.pipeline.analyze.asked import no_value_asked
from rlm_bot.pipeline.types import Task


def computes(text: str) -> bool:
    return analyze(Task(text=text)).computation


@pytest.mark.parametrize("text", [
    "p95 latency jumped from 120ms to 410ms after the deploy - why?",
    "signups dropped from 900 to 640 week over week, any idea why?",
    "churn was 3% in may and 5% in june. what caused that?",
    "how come the median basket went from 42 to 31 eur",
    "any reason the day 4 dip happened?\nday\torders\n1\t80\n2\t84\n3\t79\n4\t40\n5\t82",
    "invite these folks to the design channel: kim@acme.io, raj@acme.io",
    "pls forward them to the finance team: 3 invoices, 1,200 / 880 / 415",
    "what does snake case mean in python naming?",
    "what does the median stand for in a boxplot",
    "which search algorithm is best for a sorted array like 2, 5, 9, 14, 20?",
    "what data structure is fastest for lookups by id 1001, 1002, 1003?",
    "true or false: open offices make teams more creative",
])
def test_asks_for_no_value_are_not_computations(text):
    assert no_value_asked(text) is not None
    assert not computes(text)


@pytest.mark.parametrize("text", [
    "latency went from 120ms to 410ms - what's the percent change?",
    "signups went from 900 to 640, how many did we lose and why?",
    "add 15, 27 and 38",
    "add them up: 4, 9, 16",
    "what does 0x1F come to in decimal?",
    "true or false: 91 is prime",
    "not (true and false) - true or false?",
    "true or false: 'level' is a palindrome",
    "sort these ascending: 5, 3, 9, 1",
])
def test_value_asks_are_left_to_the_other_readers(text):
    assert no_value_asked(text) is None


@pytest.mark.parametrize("text", [
    "latency went from 120ms to 410ms - what's the percent change?",
    "add 15, 27 and 38",
    "true or false: 91 is prime",
    "not (true and false) - true or false?",
])
def test_value_asks_stay_computations(text):
    assert computes(text)
