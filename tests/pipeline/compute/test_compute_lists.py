"""Pasted lists grouped, filtered, counted and de-duplicated in the real sandbox; instructions the
list forms cannot read exactly are left to the model."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.lists import pasted_list
from rlm_bot.pipeline.compute.templates import find_plan
from tests.helpers.compute import ask

EMAILS = "- alice@acme.com\n-   bob@globex.io\n- carol@acme.com\n- dave@Initech.com\n- erin@acme.com"


_ask = ask


@pytest.mark.parametrize("text,answer", [
    ("<@U07BOT> group these by domain\n" + EMAILS,
     "• acme.com (3): alice@acme.com, carol@acme.com, erin@acme.com\n• globex.io (1): bob@globex.io\n"
     "• initech.com (1): dave@Initech.com"),
    ("how many per domain?\n" + EMAILS, "• acme.com: 3\n• globex.io: 1\n• initech.com: 1"),
    ("group these by first letter: apple, banana, avocado, Blueberry, cherry",
     "• A (2): apple, avocado\n• B (2): banana, Blueberry\n• C (1): cherry"),
    ("can you group these by team?\n• Alice (team: eng)\n• Bob (team: ops)\n• Carol (team: eng)\n• Dan (team=design)",
     "• eng (2): Alice, Carol\n• ops (1): Bob\n• design (1): Dan"),
    ("group by extension\nsrc/app.py\nREADME.md\nsrc/util.py\ndocs/index.md\nMakefile",
     "• md (2): README.md, docs/index.md\n• py (2): src/app.py, src/util.py\n• (none) (1): Makefile"),
    ("group these by domain\n```\nhttps://github.com/a/b\nhttp://www.example.com/x\nhttps://github.com/c\n```",
     "• github.com (2): https://github.com/a/b, https://github.com/c\n• example.com (1): http://www.example.com/x"),
    ("which of these are over 100?\n120\n95\n300\n100", "120, 300"),
    ("which of these are at least 100?\n1) 120\n2) 95\n3) 300\n4) 100", "120, 300, 100"),
    ("how many of these took more than 200ms?\n- /login 120ms\n- /search 340ms\n- /home 80 ms\n- /cart 95ms",
     "1 (/search)"),  # the count of what the filter keeps, then the items kept
    ("which of these contain prod\n1. prod-db-1\n2. staging-db\n3. prod-api\n4. dev-prod-mirror",
     "prod-db-1, prod-api, dev-prod-mirror"),
    ("which ones start with 'api'?\n- api-gateway\n- web\n- API-auth\n- rapid", "api-gateway, API-auth"),
    ("which of these are emails\nalice@acme.com\nnot an email\nhttps://example.com\nbob@globex.io",
     "alice@acme.com, bob@globex.io"),
    ("which of these are IP addresses?\n10.0.0.1\n999.1.1.1\nlocalhost\n192.168.1.20", "10.0.0.1, 192.168.1.20"),
    ("which of these are duplicates?\na@x.com\nb@x.com\nA@x.com\nc@y.com\nb@x.com", "a@x.com (×2), b@x.com (×2)"),
    ("which of these appear only once?\n- red\n- blue\n- red\n- green", "blue, green"),
    ("dedupe this list\n- apple\n- pear\n- Apple \n- fig", "apple, pear, fig"),
    ("how many unique names?\nann\nbo\nAnn\ncy\nbo", "3 unique (of 5)"),
    ("how many per team?\n- ann, team=red\n- bo, team=blue\n- cy, team=red", "• red: 2\n• blue: 1"),
    ("group these by domain pls\n- ops@acme.io\n- jo@gmail.com\n- ceo@acme.io", "• acme.io (2): ops@acme.io, ceo@acme.io\n"
     "• gmail.com (1): jo@gmail.com"),
    ("dedupe these rows\nname,team\nann,eng\nbo,ops\nann,eng", "• name,team\n• ann,eng\n• bo,ops"),
    ("how many duplicates are there?\n- a\n- b\n- a\n- c\n- b", "2 items appear more than once: a (×2), b (×2)"),
    ("sort these by length, longest first\n- ccc\n- a\n- bb", "ccc\nbb\na"),
    ("sort these\n- pear\n- Apple\n- fig", "Apple\nfig\npear"),
    ("sort descending\n1. 10\n2. 9.5\n3. 100\n4. $7", "100\n10\n9.5\n$7"),
    ("which of these are prime?\n- 7\n- 9\n- 11\n- 15", "7, 11"),
    ("how many items are in this list?\n- apple\n- pear\n- fig", "3 items"),
    ("which of these PRs have 'wip' in the title?\n- #12 add login\n- #13 WIP: refactor\n- #14 wip docs",
     "#13 WIP: refactor, #14 wip docs"),
])
def test_list_forms_answered_in_the_sandbox(sandbox, text, answer):
    result = _ask(text, sandbox)
    assert result is not None, find_plan(text)
    assert result.answer == answer


@pytest.mark.parametrize("text", [
    "which of these should we prioritise?\n- auth rewrite\n- billing bug\n- docs",
    "which of these do you think is best?\n- postgres\n- mysql\n- sqlite",
    "which of these are fruits?\n- apple\n- carrot\n- pear",           # no test the forms know
    "group these by vibe\n- a\n- b\n- c",                              # a key no item shows: most items lack it
    "summarise these\n- we shipped v2\n- latency is down\n- two incidents",
    "what's left to do:\n- fix login\n- write docs",
    "sort these by priority\n- fix login\n- write docs\n- ship v2",
    "which of these have we shipped?\n- login\n- search\n- billing",
    "which of these is causing the outage?\n- db is slow\n- cache misses\n- a bad deploy",
])
def test_list_instructions_it_cannot_read_are_left_to_the_model(sandbox, text):
    result = _ask(text, sandbox)
    assert result is None


def test_sorting_a_pasted_list_is_not_grouping_it():
    plan = find_plan("sort these by length\n- ccc\n- a\n- bb")
    assert plan is not None and plan.kind == "sorting"


def test_list_existing_inline_forms_still_answer(sandbox):
    """compute_text's inline filter, dedupe and sort keep their answers."""
    assert _ask("which of these are even: 3, 8, 12, 7", sandbox).answer == "8, 12"
    assert _ask("dedupe: a, b, a, c", sandbox).answer == "a, b, c"
    assert _ask("sort these words alphabetically: pear, apple, fig", sandbox).answer == "apple, fig, pear"


@pytest.mark.parametrize("text,instruction,items", [
    ("group by domain:\n* a@x.com\n* b@y.com", "group by domain", ["a@x.com", "b@y.com"]),
    ("- 1\n- 2\n- 3\nwhich of these are odd?", "which of these are odd?", ["1", "2", "3"]),
    ("dedupe: a; b; a", "dedupe", ["a", "b", "a"]),
    ("which of these are emails\na@b.co, c@d.io", "which of these are emails", ["a@b.co", "c@d.io"]),
])
def test_pasted_list_splits_instruction_and_items(text, instruction, items):
    assert pasted_list(text) == (instruction, items)


def test_an_email_address_is_not_a_slack_mention():
    plan = find_plan("<@U1> group these by domain\nalice@acme.com\nbob@acme.com")
    assert plan is not None and "'alice@acme.com'" in plan.code
