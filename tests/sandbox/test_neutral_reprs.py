"""No text a run returns shows an interpreter class repr, however it was produced."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "code",
    [
        "print(int, [str], {1: float})",
        "print(f'{dict}')",
        "f'{list}'",
        "print(repr(bool), str(set))",
        "raise ValueError(f'{tuple}')",
        "xs = [int, str]\nprint(xs)",
    ],
)
def test_sandbox_class_reprs_are_neutral(pool, code):
    result = pool.run(code)
    for text in (result.output, result.error or "", result.value_json or ""):
        assert "<class '" not in text
    assert "<class " in (result.output + (result.error or "") + (result.value_json or ""))
