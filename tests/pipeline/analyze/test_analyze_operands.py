"""Operands beyond plain numbers: pasted tables in any format, pasted lists, extractable entities."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.analyze.operands import prose, read_operands, table_rows
from rlm_bot.pipeline.compute import strip_mention


@pytest.mark.parametrize("text,rows", [
    ("region,q1,q2\nnorth,120,150\nsouth,90,110\neast,200,180", 4),
    ("name\tteam\nAna\tEng\nBen\tOps", 3),
    ("| service | p95 |\n|---|---|\n| auth | 120 |\n| feed | 410 |", 3),
    ("city;orders\nLyon;1204\nParis;3910\nNice;877", 4),
    ("host      cpu%  mem%\nweb-1     73    41\nweb-2     91    66", 3),
    ("svc     errors\napi     12\nweb     3", 3),
    # prose whose lines happen to hold one comma each is not a table
    ("When the war ended, the treaty was signed by both sides in the old hall of the city,\n"
     "and the delegates, tired after months of talks, went home to their families and farms,\n"
     "while the newspapers, for once united in their praise, called it the peace of the century.", 0),
    ("a,b\n1,2", 0),  # two lines: too short to be a table
])
def test_table_rows_reads_any_delimiter(text, rows):
    assert table_rows(text.splitlines()) == rows


def test_read_operands_counts_pasted_lists_and_entities():
    ops = read_operands("ping jane.doe@acme.io or https://x.io/a from 10.0.0.12, upgraded to 3.12.1\n"
                        "- one\n- two\n- three")
    assert ops.entities == 4
    assert ops.list_items == 3
    assert ops.table_rows == 0


def test_prose_drops_table_rows_and_keeps_the_question():
    text = "count how many rows failed\nid,status\n1,ok\n2,failed\n3,failed"
    assert prose(text) == "count how many rows failed"
    assert prose("no table here, just words") == "no table here, just words"


def test_strip_mention_keeps_email_addresses():
    # the bot's Slack mention goes; a typed @name inside the text is text (a handle to extract, '@acme.com')
    assert strip_mention("<@U024BE7LH> mail jane@acme.io and @bob") == "mail jane@acme.io and @bob"
    assert strip_mention("<@U024BE7LH> @rlm mail jane@acme.io") == "mail jane@acme.io"
