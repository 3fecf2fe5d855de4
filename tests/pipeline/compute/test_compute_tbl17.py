"""Tables, groupings and sorts asked in voices the readers were not fitted to (a shop floor, a depot, a ferry
desk): the key read by its role (a time in each line, the repeating side of 'Leeds-07', the key the ask names by
'which till'), named metrics made of the columns that play their roles (ROAS, CTR, goals per game), totals over
repeated names; answered in the real sandbox, and what is not said declined."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.templates import find_plan
from tests.helpers.compute import ask, ask_if_detected


@pytest.mark.parametrize("text,answer", [
    # sorting: the one clock time of each line, a name shared by every item, terse asks, lengths of time and of words
    ("fix the order pls, by time\n17:20 close till\n08:05 open shutters\n12:45 staff lunch\n10:30 supplier call",
     "08:05 open shutters, 10:30 supplier call, 12:45 staff lunch, 17:20 close till"),
    ("sort asc: Gate 14, Gate 3, Gate 22, Gate 9", "Gate 3, Gate 9, Gate 14, Gate 22"),
    ("asc pls: 88 4.5 1,200 17 300", "4.5; 17; 88; 300; 1,200"),
    ("crates longest first? c1=1h 10m, c2=35m, c3=2h 20m", "c3, c1, c2"),
    ("sort these SKUs shortest to longest: BOX, CRATEXL, PALLET, TUBE12", "BOX, PALLET, TUBE12, CRATEXL"),
    ("a-z pls\nzinc\nbrass\ncopper\nnickel", "brass\ncopper\nnickel\nzinc"),
    # grouping: the key the ask names by role, or the repeating part of each item
    ("who's on which till?\nJo - till 1\nAmir - till 2\nKemi - till 1\nLuca - till 3",
     "• till 1 (2): Jo, Kemi\n• till 2 (1): Amir\n• till 3 (1): Luca"),
    ("group by day\nmina - thu\ncarl - fri\nmina - fri\nolu - thu", "• thu (2): mina, olu\n• fri (2): carl, mina"),
    ("group these vans by depot: Leeds-07, York-02, Leeds-11, Hull-01, York-05",
     "• Leeds (2): Leeds-07, Leeds-11\n• York (2): York-02, York-05\n• Hull (1): Hull-01"),
    ("bucket these emails by domain\nann@fjord.no\nbo@kite.se\ncy@fjord.no",
     "• fjord.no (2): ann@fjord.no, cy@fjord.no\n• kite.se (1): bo@kite.se"),
    ("which aisle has the most faults?\nbulb - aisle 3\nshelf - aisle 5\nsign - aisle 3\ndoor - aisle 1", "aisle 3 (2)"),
    # tables: named metrics by the roles of the columns, per-unit rates, totals over repeated names, periods added up
    ("campaign,spend,revenue\nspring,1000,4200\nsummer,2500,7500\nautumn,800,3600\nwhich campaign has the best ROAS?",
     "autumn has the highest revenue / spend: 4.5."),
    ("ad,impressions,clicks\nx,10000,250\ny,8000,280\nz,12000,240\nwhich ad has the highest CTR?",
     "y has the highest clicks as % of impressions: 3.5%."),
    ("team,games,goals\nReds,10,21\nBlues,8,20\nGreens,12,22\nwho scores the most goals per game?",
     "Blues has the highest goals / games: 2.5."),
    ("courier,day,drops\nsam,mon,20\nteo,mon,25\nsam,tue,18\nteo,tue,9\nwho made the most drops in total?",
     "sam has the highest total drops: 38 (sam 38, teo 34)"),
    ("courier,day,drops\nsam,mon,20\nteo,mon,25\nsam,tue,18\nhow many did sam deliver in total?",
     "Total drops: 38 (2 rows where courier is sam)"),
    ("name,jan,feb,mar\nIvo,3,4,5\nUna,6,1,2\nwho sold the most overall?", "Ivo has the highest jan-mar: 12."),
    ("what's the total for these?\nOslo,120.50\nBergen,99.50\nTromso,80.00", "Total amount: 300.00 (3 rows)"),
])
def test_tbl17_forms_answered_in_the_sandbox(sandbox, text, answer):
    result = ask(text, sandbox)
    assert result is not None, find_plan(text)
    assert result.answer == answer


@pytest.mark.parametrize("text", [
    "sort these by how tasty they are: kale, chips, apple",  # an order by taste: a judgement
    "group these people by who would make a good team: Ana, Bo, Cy",
    "which shift is best for a new starter?\nJo - early\nAmir - late",
    "ad,impressions,clicks\nx,10000,250\ny,8000,280\nshould we drop ad x?",
    # a tie for the most: no one key to name
    "courier,day,drops\nsam,mon,20\nteo,mon,25\nsam,tue,18\nteo,tue,13\nwho made the most drops in total?",
    "which aisle has the most faults?\nbulb - aisle 3\nshelf - aisle 5\nsign - aisle 3\ndoor - aisle 5",
    # items not split alike, or a JSON object: no group read from them
    "group my schedule by class type\nMon - spin 6:30am\nTue - yoga 7pm\nWed - spin 12pm\nThu - HIIT 6:30am",
    '{"e1":"ios","e2":"web","e3":"ios"}\ngroup the ids by platform',
    # both sides of each item repeat and the ask names neither: which is the key is not said
    "bucket by type: red shirt, blue hat, red hat, blue shirt",
])
def test_tbl17_unsaid_or_judged_is_declined(sandbox, text):
    assert ask_if_detected(text, sandbox) is None


def test_a_name_shared_by_every_item_is_shown_whole(sandbox):
    # 'Dock, Dock, Dock' was the answer: the shared name tells the items apart no more
    result = ask("sort the dock numbers ascending: Dock 12, Dock 3, Dock 27, Dock 8", sandbox)
    assert result is not None and result.answer == "Dock 3, Dock 8, Dock 12, Dock 27"


def test_a_query_string_value_ends_at_the_next_field(sandbox):
    text = ("https://x.io/?src=ig&m=story\nhttps://x.io/p?src=tt\nhttps://x.io/?src=ig&m=reel\n"
            "^ group these by src")
    result = ask(text, sandbox)
    assert result is not None and "• ig (2)" in result.answer and "story" not in result.answer.split(":")[0]
