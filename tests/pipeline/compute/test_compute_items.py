"""The reader of pasted labelled items (items.py) and the question reader over them (list_general.py):
the material is found wherever it sits, the question in any word order; what cannot be read is None."""

from datetime import date

import pytest

from rlm_bot.pipeline.compute.items import date_of, number_of, read_item, read_items
from rlm_bot.pipeline.compute.list_general import read_order, read_test

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize("text,name,value", [
    ("Ana 112%", "Ana", "112%"),
    ("BOX-A 18.5 kg", "BOX-A", "18.5 kg"),
    ("Ollie: submitted", "Ollie", "submitted"),
    ("PO-101 (Maersk)", "PO-101", "Maersk"),
    ("SKU1=A", "SKU1", "A"),
    ("Hana - Tuesday", "Hana", "Tuesday"),
    ("INV-1 due 2026-11-28", "INV-1", "2026-11-28"),
    ("#5004 Royal Mail", "#5004", "Royal Mail"),
    ("Freezer 1: -18°C", "Freezer 1", "-18°C"),
    ("3 Feb 2027", "3 Feb 2027", "3 Feb 2027"),
])
def test_an_item_reads_as_name_and_value(text, name, value):
    item = read_item(text)
    assert (item.name, item.value) == (name, value)


def test_an_item_with_named_fields():
    item = read_item("Kim (score 72, source: webinar)")
    assert item.name == "Kim" and item.fields == {"score": "72", "source": "webinar"}


@pytest.mark.parametrize("text,expected", [
    ("18.5 kg", (18500.0, "mass", 18.5)),
    ("500g", (500.0, "mass", 500.0)),
    ("$1.2M", (1200000.0, "", 1.2)),
    ("-18°C", (-18.0, "temp", -18.0)),
    ("€45,20", (45.2, "", 45.2)),
    ("net 30", (30.0, "", 30.0)),
    ("2.4MB", (2.4e6, "data", 2.4)),
])
def test_numbers_are_read_with_their_unit(text, expected):
    base, family, written = number_of(text)
    assert (base, family, written) == (pytest.approx(expected[0]), expected[1], pytest.approx(expected[2]))


def test_two_numbers_are_no_single_value():
    assert number_of("3 to 5 kg") is None


def test_dates_day_first_and_named():
    assert date_of("03/02/2026") == date(2026, 2, 3)
    assert date_of("21 Nov 2026") == date(2026, 11, 21)
    assert date_of("no date here") is None


@pytest.mark.parametrize("text,question,names", [
    ("attainment by rep:\nAna 112%\nRaj 87%\nwhich reps are at or above 100%?", "attainment by rep: which reps are at or above 100%?",
     ["Ana", "Raj"]),
    ("which boxes weigh no more than 25kg BOX-A 18.5kg, BOX-B 27.0kg, BOX-C 25.0kg", "which boxes weigh no more than 25kg",
     ["BOX-A", "BOX-B", "BOX-C"]),
    ("scores Priya=72; Jonas=58; Carla=91; Dev=64 — which are between 60 and 75", None, ["Priya", "Jonas", "Carla", "Dev"]),
    ("group these by terminal: BA117: T5, VS3: T3, BA283: T5", "group these by terminal:", ["BA117", "VS3", "BA283"]),
    ("split 5, 12, 7, 30, 9 into even and odd", None, ["5", "12", "7", "30", "9"]),
    ("stock check\nSKU-11 qty 0\nSKU-12 qty 14\nSKU-13 qty 3\nwhich are out of stock?", None,
     ["SKU-11", "SKU-12", "SKU-13"]),
])
def test_the_list_is_found_wherever_the_question_sits(text, question, names):
    material = read_items(text)
    assert [i.name for i in material.items] == names
    if question:
        assert material.question == question


def test_a_field_word_only_when_every_item_has_it():
    material = read_items("which of these are over $50?\n- Desk lamp $34.99\n- Oak side table $129.00\n- Mirror $55.00")
    assert [i.name for i in material.items] == ["Desk lamp", "Oak side table", "Mirror"]


def test_prose_is_no_list():
    assert read_items("can you review the onboarding doc before Friday? thanks") is None


def _keep(question, lines):
    material = read_items(question + "\n" + "\n".join(lines))
    test = read_test(material.question.lower(), material.items, TODAY)
    return test and test[0]


@pytest.mark.parametrize("question,lines,test", [
    ("which are over the limit of 25 kg?", ["A 18 kg", "B 27 kg"], "num > 25000.0"),
    ("who hit 100% or more?", ["Ana 112%", "Raj 87%"], "num >= 100.0"),
    ("anyone on less than 50000?", ["Q 52000", "S 48000"], "written < 50000.0"),
    ("who still owes us money?", ["Acme 0", "Corvid 15"], "num is not None and num > 0"),
    ("which are out of stock?", ["SKU-1 qty 0", "SKU-2 qty 4"], "num == 0"),
    ("which orders go to DE?", ["Order 1: DE", "Order 2: FR"], "value.lower() == 'de'"),
    ("which are overdue?", ["INV-1 due 2026-11-28", "INV-2 due 2026-12-15"], "when < '2026-12-07'"),
    ("which mention 'crash'?", ["T-1: crash on login", "T-2: dark mode"], "'crash' in text.lower()"),
])
def test_the_question_test_is_read_in_any_wording(question, lines, test):
    assert _keep(question, lines) == test


def test_a_threshold_in_another_kind_of_unit_is_not_compared():
    assert _keep("which are over 5 km?", ["A 3 kg", "B 7 kg"]) is None


@pytest.mark.parametrize("ask,kind,desc", [
    ("heaviest first", "number", True),
    ("cheapest to most expensive", "number", False),
    ("oldest first", "date", False),
    ("oldest first", "number", True),
    ("sort descending", "number", True),
    ("reverse alphabetical", "alphabet", True),
    ("sort these", "number", False),
])
def test_the_sort_order_is_read_from_the_first_end_named(ask, kind, desc):
    assert read_order(ask, kind) is desc


@pytest.mark.parametrize("text", [
    "which of these reps should we promote? Ana 112%, Raj 87%, Mei 100%",
    "rank these ideas by how exciting they are: AI notes, dark mode, offline sync",
    "group these feedback comments by theme: 'slow app', 'love the UI', 'crashes on login'",
    "which Leeds store is busier?\nLeeds - mugs\nYork - plates\nLeeds - bowls\nYork - jugs",
])
def test_judgement_over_items_is_left_to_the_model(text):
    from rlm_bot.pipeline.compute.list_general import solve_items
    from rlm_bot.pipeline.compute.templates import make_query
    assert solve_items(make_query(text, TODAY)) is None
