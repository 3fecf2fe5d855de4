"""Lists and tables asked in the voices of Slack and DMs (polite lead-ins, closing thanks, typos, decimal
commas, day-first dates, prose pairs), answered in the real sandbox; what cannot be read exactly is declined."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.templates import find_plan
from rlm_bot.pipeline.compute.list_runtime import duration, natural_key, quantity
from rlm_bot.pipeline.compute.table_runtime import number
from tests.helpers.compute import ask


@pytest.mark.parametrize("text,answer", [
    # sorting: what is compared, read from the items
    ("sort these by date (dd/mm/yyyy): 10/03/2026, 02/11/2025, 28/01/2026", "02/11/2025, 28/01/2026, 10/03/2026"),
    ("order these from longest to shortest: 20m, 1h15m, 45s, 2h", "2h, 1h15m, 20m, 45s"),
    ("sort pls: build12, build3, build100", "build3, build12, build100"),
    ("reverse alphabetical order pls: kiwi, apple, mango", "mango, kiwi, apple"),
    ("Can you sort these from largest to smallest? 2,500; 780; 12,000", "12,000; 2,500; 780"),
    ("Could you please put the following cities in alphabetical order for me? Oslo, Bern, Accra. Many thanks!",
     "Accra, Bern, Oslo"),
    ("sort: 2.10, 2.9, 2.1 (these are version numbers)", "2.1, 2.9, 2.10"),
    # filtering: lead-ins, number words, labels beside names
    ("Of the following cities, which ones begin with the letter B? Berlin, Oslo, Bern, Rome", "Berlin, Bern"),
    ("Kindly tell me which of these readings are below zero: 4, -2, 0, -7", "-2, -7"),
    ("which jobs failed?\n- backup: ok\n- sync: failed\n- report: failed", "sync, report"),
    ("which of these words are anagrams of 'night'? thing, table, night", "thing"),
    ("anything under $5 here? tea $3.50, cake $6, water $1", "tea, water"),  # the things, not their prices
    ("only even ones pls 13 22 8 41", "22, 8"),
    # grouping: prose pairs, typos, totals and counts worded many ways
    ("tally these: red blue red red green", "• red: 3\n• blue: 1\n• green: 1"),
    ("make groups by city:\nAna Lisbon\nRui Porto\nEva Lisbon", "• Lisbon (2): Ana, Eva\n• Porto (1): Rui"),
    ("grup these by day\nmon - gym\ntue - swim\nmon - run", "• mon (2): gym, run\n• tue (1): swim"),
    ("Could you total each category? food 12, rent 500, food 8", "• food: 20\n• rent: 500"),
    ("how many tickets per team? eng, ops, eng, eng", "• eng: 3\n• ops: 1"),
    ("Please group my friends by town? Ada is in Leeds, Bo is in York and Cy is in Leeds. Thanks!",
     "• Leeds (2): Ada, Cy\n• York (1): Bo"),
    ("bucket these codes by class (2xx/5xx): 200, 503, 204", "• 2xx: 200, 204\n• 5xx: 503"),
    ("group by year: 2023-001, 2024-017, 2023-112", "• 2023 (2): 2023-001, 2023-112\n• 2024 (1): 2024-017"),
    ("total per person pls\nana €10,50\nbo €4,25\nana €1,50", "• ana: €12.00\n• bo: €4.25"),
    ("pls separate the odd numbers from the even ones: 3, 10, 7", "• odd: 3, 7\n• even: 10"),
    ("who got 70 or more?\n- ana: 65\n- bo: 80\n- cy: 70", "bo, cy"),
    ("Please split these ages into adult (18 or more) and minor: 12, 30, 18, 9", "• adult: 30, 18\n• minor: 12, 9"),
    ("Which team has how many people?\nann eng\nbo ops\ncy eng", "• eng: 2\n• ops: 1"),
    ("sort by population, largest first: Lyon 522,000, Paris 2,100,000, Nice 342,000",
     "Paris 2,100,000; Lyon 522,000; Nice 342,000"),
    ("sort descending: 1e3, 250, 4000, 75", "4000, 1e3, 250, 75"),
    ("any palindromes in here? noon, cat, level", "noon, level"),
    ("Could you please list which of the following values exceed 10? 4, 12, 30", "12, 30"),
    ("Drop any names that start with A: Amir, Beth, Alice", "Beth"),
    ("alphabetical order pls 🙏\n```\npear\nApple\nfig\n```", "Apple\nfig\npear"),
    ("Just the odd ones please — 10, 11, 12, 13", "11, 13"),
    ("pick out the ones over 2 hours: standup 15m, planning 2h30m, offsite 6h", "planning 2h30m, offsite 6h"),
    ("votes: yes, no, yes, yes — how many of each?", "• yes: 3\n• no: 1"),
    ("sort the list pls\n1. pear\n2. apple", "apple\npear"),
    ("rank these teams by wins: Lions 12, Bears 15, Hawks 9", "Bears, Lions, Hawks"),
])
def test_list_voices_answered_in_the_sandbox(sandbox, text, answer):
    result = ask(text, sandbox)
    assert result is not None, find_plan(text)
    assert result.answer == answer


@pytest.mark.parametrize("text,answer", [
    ("Please find the scores below. What is the average score?\n| name | score |\n|---|---|\n| a | 70 |\n| b | 90 |",
     "Average score: 80 (2 rows)"),
    ("Below is the menu; could you sort it from cheapest to most expensive?\ndish,price\nsoup,6\nsteak,24\nsalad,9",
     "soup, salad, steak\n\nSorted by price (ascending):\n| dish | price |\n|---|---|\n| soup | 6 |\n| salad | 9 |\n| steak | 24 |"),
    ("how many hosts run debian?\n\nHOST     OS           ZONE\nweb-1    Debian 12    a\nweb-2    Ubuntu 22    b\n"
     "db-1     Debian 11    a", "2 of 3 rows match (OS has the word 'debian'): web-1, db-1"),
    ("What's the difference between the highest and lowest price?\nitem,price\npen,2\nbag,30\nhat,12",
     "Highest minus lowest price: 28 (3 rows)"),
    ("avg price?\nproduct\tprice\nA\t€2,50\nB\t€3,50", "Average price: €3.00 (2 rows)"),
    ("Please sort the list below by age, oldest first.\nname,age\nal,30\nbo,52\ncy,41",
     "bo, cy, al\n\nSorted by age (descending):\n| name | age |\n|---|---|\n| bo | 52 |\n| cy | 41 |\n| al | 30 |"),
    ("```\nname     team  points\nana      red   10\nbo-long  blue  4\nmaximilian red 7\n```\npoints per team?",
     "Total points per team:\n• red: 17\n• blue: 4"),
    ("NODE   CPU%\nn1     91\nn2     40\nwhich nodes are above 90%?", "1 match (CPU% > 90%): n1"),
    ("which projects are over budget?\nproject,budget,spent\nalpha,100,130\nbeta,80,60", "1 match (spent > budget): alpha"),
    ("Which services are over their error budget?\nservice,budget,errors\napi,120,95\nweb,80,110",
     "1 match (errors > budget): web"),
    ("name | points\nann | 7\nbo | 12\ncy | 9\ntop 2 people?", "bo (12), cy (9)"),
    ("day,orders\nMon,5\nTue,8\nWed,3\nWhat was the busiest day?", "Tue has the highest orders: 8."),
    ("test,result,secs\nx1,ok,20\nx2,fail,35\nx4,fail,50\naverage secs of the failed tests?",
     "Average secs: 42.50 (2 rows where result is fail)"),
])
def test_table_voices_answered_in_the_sandbox(sandbox, text, answer):
    result = ask(text, sandbox)
    assert result is not None, find_plan(text)
    assert result.answer == answer


@pytest.mark.parametrize("text", [
    "sort these dates: 03/02/2026, 04/01/2026",                    # 3 Feb or 2 Mar: the two readings disagree
    "sort: Q1 2025, Q3 2024, Q2 2025",                             # two numbers per item: letter order is wrong
    "can you sort out the merge conflict in this list of imports? import os, sys, json",
    "which files are python? setup.py, index.ts, notes.md",        # a word no item writes
    "here's the sales csv, can you turn it into a chart for the deck?\nregion,q3\nnorth,120\nsouth,90",
    "| name | role |\n|---|---|\n| ana | pm |\n| ben | eng |\nis this org chart up to date?",
    "which temperatures are below freezing? 20°F, 40°F, 31°F",      # freezing is 0 °C, not a °F reading
    "Please group these order numbers by year: 2024-0012, 2025-0003 and sort them",  # 'order' is a noun here
])
def test_what_cannot_be_read_exactly_is_declined(sandbox, text):
    assert ask(text, sandbox) is None


def test_reading_a_pasted_list_stays_linear_on_long_lines():
    import time

    from rlm_bot.pipeline.compute.lists import pasted_list
    started = time.perf_counter()
    for text in ("a, " * 3000 + "b — how many?", "x " * 5000 + ", y, z. which?", "word , " * 2000 + "end",
                 "One afternoon, a long story, with commas, and more, clauses: " + "then this, " * 200 + "the end"):
        pasted_list(text)
    assert time.perf_counter() - started < 2.0


def test_shipped_readers_of_durations_names_and_decimal_commas():
    assert [duration(x) for x in ("1h30m", "45 min", "90s", "2 days 3h", "apple", "5")] == \
        [5400.0, 2700.0, 90.0, 183600.0, None, None]
    assert sorted(["item10", "item2", "item1"], key=natural_key) == ["item1", "item2", "item10"]
    assert [number(x) for x in ("€45,20", "1.250,00", "2,5%", "1,250", "1,2")] == [45.2, 1250.0, 2.5, 1250.0, None]
    assert quantity("INV-2 €1.250,00") == (1250.0, 1250.0, "")
