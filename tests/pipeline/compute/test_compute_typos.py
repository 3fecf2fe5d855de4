"""Typo correction of the instruction words of a computable request (rlm_bot/pipeline/compute/typos.py)."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.typos import fix_typos


@pytest.mark.parametrize("text,fixed", [
    ("revrse this: lemon", "reverse this: lemon"),
    ("is 999 divisble by 9", "is 999 divisible by 9"),
    ("extarct the emails: a@b.test", "extract the emails: a@b.test"),
    ("how many occurances of 'x' are there", "how many occurrences of 'x' are there"),
    ("Pallindrome check: 'abba'", "Palindrome check: 'abba'"),
    ("what r the factors of 12", "what are the factors of 12"),
])
def test_typos_in_the_instruction_are_corrected(text, fixed):
    assert fix_typos(text) == fixed


@pytest.mark.parametrize("text", [
    "reverse this: revrse divisble",           # the data after the instruction is never rewritten
    "the factory reversed its numbers",         # words of their own and inflections stay
    "Balances are off by 3",
    "our actors and letter carriers",
    "I revere the reviewers",
    "hw budget r&d",
])
def test_words_that_are_words_and_the_data_stay(text):
    assert fix_typos(text) == text
