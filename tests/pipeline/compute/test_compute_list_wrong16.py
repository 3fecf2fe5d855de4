"""Wrong answers of the list readers found on the never-seen chat sets, each cause phrased anew: a list
read only in part (an item in another shape, a bullet the reader could not split, an item under a
header), 'in order' read as a sort, 'not alphabetically' read as alphabetical, a tab column flattened
into the name, a prefix cut at its first digit, day.month.year dates read as versions, and a count per
key over items that carry amounts. Each is answered right or declined (None: the model answers)."""

from __future__ import annotations

import pytest

from tests.helpers.compute import ask


@pytest.mark.parametrize("text,right", [
    # a bulleted item the reader cannot split ('&') before the items it reads: the list is not whole
    ("put these in a-z order\n- Zeta Labs\n- Acme & Sons\n- Beta Corp\n- Omega Ltd",
     "Acme & Sons, Beta Corp, Omega Ltd, Zeta Labs"),
    # an item in another shape after the items read ('Dee B2' carries a digit)
    ("group the staff by shift:\nMon - Ana\nTue - Ben\nMon - Cy\nWed - Dee B2\nTue - Eli",
     "• Mon (2): Ana, Cy\n• Tue (2): Ben, Eli\n• Wed (1): Dee B2"),
    ("order the sites by audit date\nsite\twhen\nNorth - Depot 4\t2027-06-01\nEast\t2027-05-02\nWest\t2027-05-20",
     "East, West, North - Depot 4"),
    # day.month.year is a date, not a version number
    ("arrange the depots by inspection date, earliest first\nLeeds 14.03.2027\nYork 02.03.2027\nHull 28.02.2027\n"
     "Bath 09.03.2027", "Hull, York, Bath, Leeds"),
    # the order meant is not the alphabet
    ("order these ids by number (not alphabetically)\nID-90 Red\nID-100 Blue\nID-9 Green",
     "ID-9 Green\nID-90 Red\nID-100 Blue"),
    # a tab is the column separator: the name keeps its ' - '
    ("which rows are below zero?\nOpening balance\t500.00\nAdjustment - rounding\t-0.40\nFees\t12.00",
     "Adjustment - rounding"),
    # a prefix is the part before the separator, digits and all
    ("bucket these by prefix: eu2-api-01, us3-api-02, eu2-db-01", "• eu2 (2): eu2-api-01, eu2-db-01\n• us3 (1): us3-api-02"),
    # 'how many per player' over rows carrying an amount: the count of rows may not be what is asked
    ("how many goals per player?\nAli, semi, 2\nBo, final, 1\nAli, final, 1", "• Ali: 3\n• Bo: 1"),
])
def test_a_list_reader_answers_right_or_declines(sandbox, text, right):
    result = ask(text, sandbox)
    assert result is None or result.answer == right, result.answer


def test_in_order_keeps_the_list_order_and_is_no_sort(sandbox):
    result = ask("only the port numbers from these, in order:\nssh 22 open\nhttp 80 open\nhttps 443 open\n"
                 "alt 8080 closed", sandbox)
    assert result is None or result.template != "items_sort"


@pytest.mark.parametrize("text,right", [
    # the style's name after the arrow is the target, not the text to convert
    ("max_retry_count -> PascalCase pls", "MaxRetryCount"),
    ("order-line-item => snake_case?", "order_line_item"),
])
def test_a_case_style_converts_the_text_before_the_arrow(sandbox, text, right):
    result = ask(text, sandbox)
    assert result is None or result.answer == right, result.answer


def test_a_tab_separated_list_is_still_sorted_whole(sandbox):
    # the tab kept as the column separator must not hide the items' numbers from the code
    result = ask("order the regions by p95, fastest first:\n```\nams\t41ms\nnrt\t188ms\nsyd\t230ms\ndub\t35ms\n```", sandbox)
    assert result is not None and result.answer == "dub, ams, nrt, syd", result and result.answer
