"""Pasted tables: found in CSV, TSV, semicolon, Markdown and aligned layouts, questions over them answered
in the real sandbox with no model, and questions the engine cannot place left to the model (None)."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.templates import find_plan
from rlm_bot.pipeline.compute.table_parse import find_table
from rlm_bot.pipeline.compute.table_runtime import as_date, number, show
from tests.helpers.compute import ask

REVENUE_CSV = """<@U07BOT> which region brought in the highest revenue?
```
region,quarter,revenue
EMEA,Q3,"$1,200"
APAC,Q3,$950
AMER,Q3,"$2,310.50"
LATAM,Q3,$410
```"""

TEAM_MD = """| name  | team   | salary    | start      |
|-------|--------|-----------|------------|
| Alice | eng    | $120,000  | 2021-03-01 |
| Bob   | ops    | $95,000   | 2019-11-15 |
| Carol | eng    | $101,500  | 2023-01-09 |
| Dan   | design |           | 2022-06-30 |"""

PODS = """NAME                     READY   STATUS             RESTARTS   AGE
api-7d9f8b-x2x           1/1     Running            0          3d
worker-5c6d7-abcd        0/1     CrashLoopBackOff   12         3d
web-6f7g8-zz             1/1     Running            1          5h"""

SPEND_TSV = "team\tvendor\tspend\neng\tAWS\t1,200.00\nops\tPagerDuty\t300.00\neng\tGitHub\t450.50\ndesign\tFigma\t80.00"

INVENTORY = "sku,item,qty,unit price\nA-1,widget,40,$2.50\nA-2,gadget,0,$12.00\nB-7,gizmo,15,$7.25\nB-9,doohickey,3,$19.99"

OKRS = ("| owner | objective | progress |\n|---|---|---|\n| maya | ship search | 80% |\n| li | cut p99 | 35% |\n"
        "| omar | docs revamp | 100% |\n| maya | hiring | 50% |")

HOSTS = ("host          cpu%   mem_gb   env\nweb-01        72     3.1      prod\nweb-02        15     2.8      prod\n"
         "db-01         91     14.0     prod\nci-runner     44     7.5      staging")

PEOPLE_SEMI = "name;age;city\nAnn;31;Berlin\nBen;25;Paris\nCy;40;Berlin\nDee;36;Lisbon"


_ask = ask


@pytest.mark.parametrize("text,answer", [
    (REVENUE_CSV, "AMER has the highest revenue: $2,310.50."),
    ("@rlm   what's the LOWEST revenue ??\n" + REVENUE_CSV.split("\n", 1)[1], "LATAM has the lowest revenue: $410."),
    (REVENUE_CSV.replace("which region brought in the highest revenue?", "total revenue?"),
     "Total revenue: $4,870.50 (4 rows)"),
    ("what's Bob's salary\n" + TEAM_MD, "Bob's salary is $95,000."),
    ("<@U1> average salary of the eng team?\n" + TEAM_MD, "Average salary: $110,750.00 (2 rows where team is eng)"),
    ("who has no salary?\n" + TEAM_MD, "1 match (salary is blank): Dan"),
    ("which team is carol on\n" + TEAM_MD, "Carol's team is eng."),
    ("which pods are not running?\n" + PODS, "1 match (STATUS is not Running): worker-5c6d7-abcd"),
    ("how many pods have restarts over 0?\n```\n" + PODS + "\n```", "2 of 3 rows match (RESTARTS > 0): "
                                                                     "worker-5c6d7-abcd, web-6f7g8-zz"),
    ("total spend per team\n" + SPEND_TSV, "Total spend per team:\n• eng: 1,650.50\n• ops: 300.00\n• design: 80.00"),
    ("count per city\n" + PEOPLE_SEMI, "Rows per city:\n• Berlin: 2\n• Lisbon: 1\n• Paris: 1"),
    ("who is older than 30?\n" + PEOPLE_SEMI, "3 match (age > 30): Ann, Cy, Dee"),
    ("who is older than Dee?\n" + PEOPLE_SEMI, "1 match (age > dee's): Cy"),
    ("who's the youngest\n" + PEOPLE_SEMI, "Ben is the youngest (age 25)."),
    ("how many people live in Berlin?\n" + PEOPLE_SEMI, "2 of 4 rows match (city is Berlin): Ann, Cy"),
    ("what's the median age\n" + PEOPLE_SEMI, "Median age: 33.50 (4 rows)"),
    ("top 2 by age\n" + PEOPLE_SEMI, "Cy (40), Dee (36)"),
    ("how many requests did billing get?\nservice,errors,requests\nauth,12,4000\nbilling,40,2500\nsearch,3,9000",
     "Total requests: 2500 (1 row where service is billing)"),
    ("how many orders did acme place?\norder,customer,value\n1,acme,$100\n2,acme,$300\n3,globex,$50",
     "2 of 3 rows match (customer is acme): 1, 2"),
    ("list the open tickets without an owner\nticket | status | owner\nT-1 | open | ann\nT-2 | closed | bo\n"
     "T-3 | open |\nT-4 | in progress | ann", "1 match (owner is blank and status is open): T-3"),
    ("what's the highest score in each team?\nname,team,score\na,red,5\nb,blue,7\nc,red,9",
     "Highest score per team:\n• red: 9\n• blue: 7"),
    ("who joined before 2022?\n" + TEAM_MD, "2 match (start before 2022): Alice, Bob"),
    ("how many started since 1 Jan 2022?\n" + TEAM_MD, "2 of 4 rows match (start since 1 jan 2022): Carol, Dan"),
    ("total spend?\nitem,spend\nAWS,\"$1,200\"\nR&amp;D tools,$300\nTotal,\"$1,500\"", "Total spend: $1,500.00 (2 rows)"),
    ("which rows have score &gt; 5\nname,score\na,3\nb,7\nc,9", "2 match (score > 5): b, c"),
    ("how many hours did alice log?\nname\tproject\thours\nalice\tapollo\t12.5\nbob\tapollo\t7\nalice\tzeus\t3",
     "Total hours: 15.5 (2 rows where name is alice)"),
    ("hours per name\nname\tproject\thours\nalice\tapollo\t12.5\nbob\tapollo\t7\nalice\tzeus\t3",
     "Total hours per name:\n• alice: 15.5\n• bob: 7.0"),
    ("how much did we spend on AWS?\nvendor,spend,month\nAWS,$1200,jan\nGCP,$300,jan\nAWS,$900,feb",
     "Total spend: $2,100.00 (2 rows where vendor is AWS)"),
    ("what's the average?\nname,score\na,3\nb,7\nc,9", "Average score: 6.33 (3 rows)"),
    ("how many unique customers are there?\norder,customer,value\n1,acme,$100\n2,acme,$300\n3,globex,$50",
     "2 different customer values: acme, globex"),
    ("what's the average salary excluding Bob\n" + TEAM_MD, "Average salary: $110,750.00 (2 rows where name is not Bob)"),
    ("how many people are not in eng\n" + TEAM_MD, "2 of 4 rows match (team is not eng): Bob, Dan"),
    ("total revenue for EMEA and APAC\nregion,revenue\nEMEA,100\nAPAC,90\nAMER,50",
     "Total revenue: 190 (2 rows where region is APAC or EMEA)"),
    ("most expensive item?\n" + INVENTORY, "doohickey is the most expensive (unit price $19.99)."),
    ("which items have qty under 10\n" + INVENTORY, "2 match (qty < 10): gadget, doohickey"),
    ("who has progress below 50%?\n" + OKRS, "1 match (progress < 50%): li"),
    ("average progress\n" + OKRS, "Average progress: 66.25% (4 rows)"),
    ("which hosts are above 70% cpu?\n```\n" + HOSTS + "\n```", "2 match (cpu% > 70%): web-01, db-01"),
    ("which host uses the most memory\n" + HOSTS, "db-01 has the highest mem_gb: 14.0."),
    ("average cpu for prod\n" + HOSTS, "Average cpu%: 59.33 (3 rows where env is prod)"),
    ("who sold the most in March?\nrep,jan,feb,mar\nann,10,12,9\nbo,8,15,20", "bo has the highest mar: 20."),
])
def test_table_questions_answered_in_the_sandbox(sandbox, text, answer):
    result = _ask(text, sandbox)
    assert result is not None, find_plan(text)
    assert result.answer == answer
    assert result.kind == "table_aggregation" and result.template.startswith("table_")


def test_table_sort_by_a_date_column_gives_a_markdown_table(sandbox):
    result = _ask("hey bot, sort by start date please\n" + TEAM_MD, sandbox)
    assert result is not None
    lines = result.answer.splitlines()
    assert lines[0] == "Bob, Alice, Dan, Carol"  # the names in their order first
    assert lines[2] == "Sorted by start (ascending):"
    assert [line.split("|")[1].strip() for line in lines[5:]] == ["Bob", "Alice", "Dan", "Carol"]


def test_table_sort_descending_by_a_number(sandbox):
    result = _ask("@bot sort by revenue, highest first\n" + REVENUE_CSV.split("\n", 1)[1], sandbox)
    assert result is not None
    assert result.answer.splitlines()[0] == "AMER, EMEA, APAC, LATAM"
    assert [line.split("|")[1].strip() for line in result.answer.splitlines()[5:]] == ["AMER", "EMEA", "APAC", "LATAM"]


def test_table_plan_code_does_the_work_in_the_sandbox():
    """The planner ships the table and the helpers; the aggregate itself is not in the code."""
    plan = find_plan("total spend per team\n" + SPEND_TSV)
    assert plan is not None
    assert "1650.5" not in plan.code and "1,650.50" not in plan.code
    assert "def number(cell):" in plan.code and "'1,200.00'" in plan.code


@pytest.mark.parametrize("text", [
    "<@U1> summarise this\n```\n" + REVENUE_CSV.split("```\n", 1)[1],
    "what do you think about these numbers?\n" + PEOPLE_SEMI,
    "any trends here?\n" + SPEND_TSV,
    "can you turn this into JSON\n" + TEAM_MD,
    "which is better, eng or ops?\n" + SPEND_TSV,            # opinion
    "what's the total?\n" + TEAM_MD.replace("| start      |", "| bonus      |").replace("2021-03-01", "$5,000 ")
    .replace("2019-11-15", "$2,000   ").replace("2023-01-09", "$1,000   ").replace("2022-06-30", "$0        "),
    "who is older than 30 or lives in Paris?\n" + PEOPLE_SEMI,  # an 'or' across columns
    "how many are over 3?\n" + PODS,                           # 'over 3' restarts, or 3 days of age?
    "which region grew the most?\n" + REVENUE_CSV.split("\n", 1)[1],
    "who joined before 03/04/2022?\n" + TEAM_MD,              # a slash date: day or month first?
    "who logged the most hours?\nname\tproject\thours\nalice\tapollo\t12.5\nbob\tapollo\t7\nalice\tzeus\t3",
    "sort by severity\nid | title | severity\n1 | login broken | high\n2 | typo | low\n3 | slow | medium",
    "which region had the highest revenue last quarter?\n" + REVENUE_CSV.split("\n", 1)[1],  # 'quarter' unplaced
    "what is the max salary\nname,salary\nmax,10\nann,20\nbo,5",  # Max's salary, or the maximum?
    "progress per owner\n" + OKRS,                            # percentages do not add up per owner
    "what's maya's progress\n" + OKRS,                        # two rows for maya
])
def test_table_questions_it_cannot_place_are_left_to_the_model(sandbox, text):
    assert find_plan(text) is None
    assert _ask(text, sandbox) is None


def test_table_a_long_story_around_a_table_is_not_read_as_its_question():
    story = ("Here is a table of our penguins. We now add a penguin to the table and delete another one, and "
             "the keeper says the oldest one is not listed; the next table is similar but for giraffes. " * 3)
    assert find_plan(story + "\nname, age, height\nJody, 5, 430\nGladys, 10, 420\nWhich is the oldest?") is None


@pytest.mark.parametrize("text,layout,columns,rows", [
    ("a,b\n1,2\n3,4", "csv", ("a", "b"), 2),
    ("x\ty\tz\n1\t\t3\n4\t5\t6", "tsv", ("x", "y", "z"), 2),
    ("|a|b|\n|1|2|\n|3|4|", "markdown", ("a", "b"), 2),
    ("| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 | 4 |", "markdown", ("a", "b"), 2),
    ("name   score\nann    3\nbo     4", "aligned", ("name", "score"), 2),
    ("name score\nann 3\nbo 4", "spaces", ("name", "score"), 2),
])
def test_find_table_layouts(text, layout, columns, rows):
    pasted = find_table("question?\n" + text + "\n")
    assert pasted is not None and pasted.question == "question?"
    assert (pasted.table.layout, pasted.table.columns, len(pasted.table.rows)) == (layout, columns, rows)


@pytest.mark.parametrize("text", [
    "just one line, with, commas",
    "a,b\n1,2",                             # one data row
    "1,2\n3,4\n5,6",                        # no header
    "a,b\n1,2\n3,4\n\nc,d\n5,6\n7,8",       # two tables: which one?
    "I went to the shop\nand bought 3 apples\nthen 4 pears",
])
def test_find_table_refuses_what_is_not_one_table(text):
    assert find_table(text) is None


@pytest.mark.parametrize("cell,value", [
    ("$1,234.50", 1234.5), ("12%", 12.0), ("(300)", -300.0), ("1.2k", 1200.0), ("45 ms", 45.0), ("-€7", -7.0),
    (".5", 0.5), ("2026-01-02", None), ("v1.2.3", None), ("1,2", None), ("n/a", None), ("", None),
])
def test_number_reads_cells(cell, value):
    assert number(cell) == value


def test_as_date_and_show():
    assert as_date("21 Nov 2026") == as_date("Nov 21, 2026") == as_date("11/21/2026") == "2026-11-21"
    assert as_date("21/11/2026", day_first=True) == "2026-11-21" and as_date("hello") is None
    assert show(1234.5, ["$1,200", "$950"]) == "$1,234.50"
    assert show(33.333333, ["31", "25"], average=True) == "33.33"
    assert show(40.0, ["12%"]) == "40%"
