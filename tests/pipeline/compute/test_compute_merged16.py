"""Questions an earlier round's readers declined that the sixth round's readers answer (each right):
a plan written '1.6m' beside money, a table's total asked 'in november' over a paste with no date
column (the paste is read as that month's), and clock lengths added in the notation they are written in
(1:20 + 0:45 + 2:15 is 4:20 whether a:b is h:mm or mm:ss)."""

from __future__ import annotations

import pytest

from tests.helpers.compute import ask_if_detected


@pytest.mark.parametrize("query,answer", [
    ("q4 bookings so far 1,284,500, plan is 1.6m. how much is left to close", "315500"),
    ("total fee in november\nmemo,fee\nhosting,80\ndomain,12", "Total fee: 92 (2 rows)"),
    ("these add up: 1:20, 0:45 and 2:15, total?", "4:20"),
])
def test_answers_the_merged_readers_give(sandbox, query, answer):
    result = ask_if_detected(query, sandbox)
    assert result is not None and result.answer == answer, result
