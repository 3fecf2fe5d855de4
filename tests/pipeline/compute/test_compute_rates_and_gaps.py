"""Readers of issue #16: aligned pastes cut at their gaps, one rate applied to one amount, shares of the rest,
percentiles and lists written with slashes or spaced units."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.percent_roles import solve_rate_applied, solve_share_rate
from rlm_bot.pipeline.compute.table_parse import find_table
from rlm_bot.pipeline.compute.templates import find_plan
from tests.helpers.compute import ask

DF = ("Filesystem      Size  Used Avail Use% Mounted on\n"
      "/dev/sda1        50G   41G  9.0G  82% /\n"
      "/dev/sdb1       200G  120G   80G  60% /data\n"
      "tmpfs           7.8G  1.2G  6.6G  16% /run\n"
      "/dev/nvme0n1p2  100G   95G  5.0G  95% /var/lib/docker")
DOCKER = ("CONTAINER ID   IMAGE          STATUS          PORTS\n"
          "a1b2c3d4e5f6   nginx:1.25     Up 2 hours      0.0.0.0:80->80/tcp\n"
          "b2c3d4e5f6a7   postgres:16    Up 2 hours      5432/tcp\n"
          "c3d4e5f6a7b8   redis:7        Exited (1)      ")


def test_df_output_is_cut_where_every_line_is_blank():
    pasted = find_table("which mount is the fullest?\n" + DF)
    assert pasted is not None
    assert pasted.table.columns == ("Filesystem", "Size", "Used", "Avail", "Use%", "Mounted on")
    assert pasted.table.rows[-1] == ("/dev/nvme0n1p2", "100G", "95G", "5.0G", "95%", "/var/lib/docker")
    assert len(pasted.table.rows) == 4


def test_an_empty_last_cell_keeps_its_row():
    pasted = find_table(DOCKER + "\nhow many containers are there")
    assert pasted is not None and len(pasted.table.rows) == 3
    assert pasted.table.rows[2] == ("c3d4e5f6a7b8", "redis:7", "Exited (1)", "")


def test_a_sentence_above_an_aligned_table_is_not_its_header():
    pasted = find_table("whats the price of sku 6001\nSKU      ITEM         PRICE\n4411     Blue mug     6.50\n"
                        "6001     Tea towel    3.99\n7313     Oak board    24.00")
    assert pasted is not None and pasted.table.columns == ("SKU", "ITEM", "PRICE")


@pytest.mark.parametrize("text,answer", [
    ("which mount is the fullest?\n" + DF, "/var/lib/docker"),
    ("which filesystem has the least space available\n" + DF, "/dev/nvme0n1p2"),
    ("who earns the most?\nname,dept,salary,years\nAna,Eng,95000,4\nCho,Eng,105000,2\nEli,Sales,61000,3", "Cho"),
    ("total contracted hours for Band 6 staff?\nname     band     hours\nAna      Band 5   37.5\n"
     "Dmitri   Band 6   30\nInes     Band 6   15", "45"),  # 'band 6' names the cell, not the column and a 6
    ("which class had the most absences?\nClass,Enrolled,Present\n7A,28,26\n7B,30,24\n8A,27,27", "7B"),
    ("hotel,rooms,booked\nAlder,120,96\nBirch,80,78\nCedar,60,30\noccupancy rate at Birch?", "97.5%"),
    ("service   requests  errors\nauth      40000     120\nbilling   25000     400\n\nwhich service has the highest error rate?", "billing"),
    ("hotel,rooms,booked\nAlder,120,96\nBirch,80,78\nCedar,60,30\nhow many rooms are still free overall", "56"),
    ("which release had the most bugs found?\nrelease,bugs_found\n4.9,23\n4.10,31\n4.11,17", "4.10"),
    ("which squad had the lowest completion rate (completed/committed)?\nsquad,committed,completed\nPay,34,29\n"
     "Growth,27,19", "Growth"),
])
def test_table_questions_read_by_meaning(sandbox, text, answer):
    result = ask(text, sandbox)
    assert result is not None, find_plan(text)
    assert answer in result.answer


@pytest.mark.parametrize("text", [
    "how many filesystems are over 50% used?\n" + DF,  # 'used' is both a column and what the 50% says
    "how many wards are completely full\n| Ward | Beds | Occupied |\n|---|---|---|\n| A | 30 | 27 |\n| B | 12 | 12 |",
    "how many containers are up\n" + DOCKER,  # 'up' is a word inside the status cells
])
def test_table_questions_with_words_left_over_are_declined(text):
    plan = find_plan(text)
    assert plan is None or not plan.template.startswith("table") or "Used >" not in plan.code


@pytest.mark.parametrize("text,value", [
    ("what's 12.5% of a $16,000 campaign budget?", 2000),
    ("invoice is £1,250 net, need to add 20% vat. total?", 1500),
    ("our annual plan is 1,188 usd, marketing wants 15% off for black friday. final price?", 1009.8),
    ("blazer is £36 and that includes vat at 20%. what's the price without vat?", 30),
    ("wholesaler pushing a 7.5% increase on the 48.00 pack price. new price?", 51.6),
    ("how much is saved on a $899 laptop at 15% off", 134.85),
    ("if 35% of a number is 84 what is the number", 240),
])
def test_one_rate_applied_to_one_amount(sandbox, text, value):
    plan = solve_rate_applied(text)
    assert plan is not None
    result = ask(text, sandbox)
    assert result is not None and abs(float(result.answer.split()[0].strip("$£€%").replace(",", "")) - value) < 0.01


@pytest.mark.parametrize("text", [
    "we got a 15% raise after a 10% pay cut on 3000, where are we?",  # two rates
    "is 20% off 80 a good deal?",  # judgement
    "add 20% to 100 or take 20% off, which is more?",  # both ways
])
def test_a_rate_and_an_amount_read_two_ways_are_declined(text):
    assert solve_rate_applied(text) is None


def test_the_rest_of_a_whole_as_a_share():
    plan = solve_share_rate("out of 1,250 tickets 1,100 were sold. what percent unsold?")
    assert plan is not None and "whole - counted" in plan.code
    assert solve_share_rate("out of 1,250 tickets 1,100 were sold. what percent unhappy?") is None


@pytest.mark.parametrize("text,answer", [
    ("90th percentile of 12, 15, 18, 20, 22, 25, 30, 35, 40, 50", "41"),
    ("what's the 25th percentile of 12 15 18 20 22 25 30 35 40 50", "18.5"),
    ("which value occurs most often: 10 20 20 30 30 30 40", "30"),
    ("daily steps: 8,200 / 10,450 / 7,900 / 12,100 / 9,300. what's the median", "9,300"),
    ("I ran 5.2 km, 6.1 km, 4.8 km and 7.0 km this week, average distance?", "5.77"),
])
def test_statistics_over_lists_written_other_ways(sandbox, text, answer):
    result = ask(text, sandbox)
    assert result is not None, find_plan(text)
    assert answer in result.answer


def test_successive_discounts_as_one_rate(sandbox):
    result = ask("a 30% discount followed by an extra 10% is the same as what single discount?", sandbox)
    assert result is not None and result.answer.startswith("37")


def test_an_amount_already_discounted_is_read_back_not_discounted_again(sandbox):
    result = ask("we paid 1,380 for the flights after a 8% discount, what was the full fare?", sandbox)
    assert result is not None and "1,500" in result.answer
    assert solve_rate_applied("we paid 1,380 after a 8% discount, how nice is that") is None
