"""list_general in the template order (after the list templates): a pasted list of labelled items is
filtered, grouped or sorted by the general reader when the list templates decline, and what it cannot read
exactly (a key no item carries, an order by merit, a table of several columns, a count or a statistic) is
left to other templates or the model."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.templates import find_plan
from tests.helpers.compute import ask


@pytest.mark.parametrize("text,expected", [
    # negation: the items whose value is NOT the named one
    ("who hasn't signed the form yet?\nmia: signed\nraj: pending\nlou: signed\nkai: missing", "raj, kai"),
    ("who's not in on monday?\nAna: Mon\nBo: Tuesday\nCy: Monday\nDi: Wed", "Bo, Di"),
    # which end first
    ("rank suppliers cheapest to most expensive - Kestrel 4.20, Marlow 3.85, Dunmore 4.60", "Marlow, Kestrel, Dunmore"),
    ("ports `21 443 5000 8443`, which are above 1024?", "5000, 8443"),
])
def test_pasted_items_are_read_by_the_general_reader(sandbox, text, expected):
    result = ask(text, sandbox)
    assert result is not None and result.answer == expected


@pytest.mark.parametrize("text", [
    "group these by owner\n- fix login\n- write docs\n- ship v2",              # no item carries an owner
    "rank these laptops for a student: air 13 8gb, xps 15 16gb, zen 14 32gb",   # merit, not a value
    "rank these for overall quality: A 3, B 5, C 4",
    "sort: H1 2026, H2 2025, H1 2025",                                         # ties settled by the names
    "total Wed-Thu for Hull?\nStore\tWed\tThu\nYork\t980\t1045\nHull\t760\t690",  # a table of several columns
])
def test_what_the_general_reader_cannot_read_is_declined(text):
    plan = find_plan(text)
    assert plan is None or not plan.template.startswith("items_")


@pytest.mark.parametrize("text", [
    "median of these order values: 340, 290, 415, 380",
    "dedupe: TX-1, TX-2, TX-1, TX-3",
])
def test_counts_statistics_and_dedupes_are_other_templates(text):
    plan = find_plan(text)
    assert plan is not None and not plan.template.startswith("items_")


@pytest.mark.parametrize("text,expected", [
    # a threshold named once and then referred to ('the limit')
    ("bags: red 7 kg, blue 9 kg, green 6.5 kg. the cabin limit is 8 kg - which are under the limit?", "red, green"),
    ("pass mark: 50\nwho is below the pass mark?\nana 61\nbo 44\ncy 50\ndi 38", "bo, di"),
    ("which are over our 30 kg weight limit?\nBOX-1 28 kg\nBOX-2 33 kg\nBOX-3 41 kg", "BOX-2, BOX-3"),
])
def test_a_threshold_named_elsewhere_is_read(sandbox, text, expected):
    result = ask(text, sandbox)
    assert result is not None and result.answer == expected


@pytest.mark.parametrize("text,expected", [
    # times of day are the items' values, the earliest first
    ("put my day in order by time:\nGym 18:30\nStand-up 09:15\nLunch w/ Sam 12:45\nDentist 08:40",
     "Dentist, Stand-up, Lunch w/ Sam, Gym"),
    ("trains: Leeds 07:45; York 06:10; Hull 13:20. sort by departure, earliest first", "York, Leeds, Hull"),
    ("sort these calls latest first: Acme 9:05 am, Globex 2:30 pm, Initech 11:15 am", "Globex, Initech, Acme"),
])
def test_times_of_day_sort(sandbox, text, expected):
    result = ask(text, sandbox)
    assert result is not None and result.answer == expected
