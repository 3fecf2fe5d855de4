"""More table layouts and question forms: SQL client grids, money pasted unquoted, periods of a date column,
units, derived columns, polarity of 'won'/'best', shares of rows; and the forms that must decline rather
than answer over the wrong rows. Answers come from the real sandbox with no model."""

from __future__ import annotations

import pytest

from rlm_bot.pipeline.compute.plan import numbers_in
from rlm_bot.pipeline.compute.templates import find_plan
from rlm_bot.pipeline.compute.table_parse import find_table
from tests.helpers.compute import ask

PSQL = """ sku  | title       | on_hand
------+-------------+---------
 K-10 | kettle      |      14
 T-22 | toaster     |       3
 M-31 | mixer       |      27
(3 rows)"""

LEDGER = """posted,memo,fee
2025-09-03,hosting,80
2025-09-19,domain,12
2025-10-02,hosting,80
2025-10-30,support,45"""

BUILDS = """| job | p90_ms | team |
|---|---|---|
| lint | 180 | web |
| unit | 920 | core |
| e2e | 2400 | web |
| deploy | 640 | core |"""

LEAGUE = "club,points\nrovers,31\nunited,44\ncity,38"
MARATHON = "runner,time_min\nida,201\njon,188\nkai,240"
HIRES = "person,hired,office\nola,2019,oslo\npia,2016,rome\nrui,2022,oslo"
STOCK = "part\tunits\nbolt\t0\nnut\t120\nwasher\t0\nrivet\t7"
ORDERS = "line,qty,unit_price\nA,3,$4.00\nB,2,$10.50\nC,5,$1.20"
PIPELINE = "region,deals,value\nNORTH,4,1000\nSOUTH,8,1200"
BUDGETS = "project,budget,actual\natlas,500,620\nboreas,900,880\ncirrus,300,310"
STAFF = "name,role,salary\numa,Designer,70\nvic,Engineer,90\nwen,Designer,80"


_ask = ask


@pytest.mark.parametrize("text,answer", [
    ("what's the total on_hand?\n" + PSQL, "Total on_hand: 44 (3 rows)"),
    ("whose balance is the biggest\nclient,balance\nacme,$950.00\nglobex,$1,250.00\ninitech,$80.00",
     "globex has the highest balance: $1,250.00."),
    ("how much in fees in october\n" + LEDGER, "Total fee: 125 (2 rows where posted in october)"),
    ("total fee per month\n" + LEDGER, "Total fee per month:\n• 2025-09: 92\n• 2025-10: 125"),
    ("which jobs take over 900ms p90?\n" + BUILDS, "2 match (p90_ms > 900): unit, e2e"),
    ("who won?\n" + LEAGUE, "united has the highest points: 44."),
    ("who won the race\n" + MARATHON, "jon has the lowest time_min: 188."),
    ("who was slowest\n" + MARATHON, "kai is the slowest (time_min 240)."),
    ("who was hired first\n" + HIRES, "pia is the earliest (hired 2016)."),
    ("which parts have no units\n" + STOCK, "2 match (units is 0): bolt, washer"),
    ("what's the order total (qty * unit_price)?\n" + ORDERS, "Total qty * unit_price: $39.00 (3 rows)"),
    ("what's the average value per deal in the south\n" + PIPELINE,
     "Average value / deals: 150 (1 row where region is SOUTH)"),
    ("which projects have actual > budget?\n" + BUDGETS, "2 match (actual > budget): atlas, cirrus"),
    ("what % of the staff are designers\n" + STAFF, "66.7% (2 of 3 rows match (role is Designer))"),
    ("mean salary of the designers?\n" + STAFF, "Average salary: 75 (2 rows where role is Designer)"),
    ("Pulled this from the 2025 report. What's the total points?\n" + LEAGUE, "Total points: 113 (3 rows)"),
    ("how many incidents per service?\nincident,service\nI-1,api\nI-2,db\nI-3,api",
     "Incidents per service:\n• api: 2\n• db: 1"),
    ("which shop sold the most\nshop,sales\nnorth,410\nsouth,520", "south has the highest sales: 520."),
    ("which customer has the most orders\ncustomer,orders\nann,12\nbo,30\ncy,7", "bo has the highest orders: 30."),
    ("which items are priced between 5 and 9?\nitem,price\npen,3\npad,5\nink,9\nbag,14",
     "2 match (price >= 5 and price <= 9): pad, ink"),
    ("how many members are 40 or older\nmember,age\nal,39\nbea,40\ncal,58", "2 of 3 rows match (age >= 40): bea, cal"),
    ("which plan has the highest conversion rate\nplan,conversion rate\nfree,1.5%\npro,4.2%",
     "pro has the highest conversion rate: 4.2%."),
    ("mean of the latencies under 100\nsvc,latency\na,40\nb,90\nc,400",
     "Average latency: 65 (2 rows where latency < 100)"),
    ("pages handled by each engineer?\nengineer,handled\nzoe,3\nyan,4\nzoe,6", "Total handled per engineer:\n• zoe: 9\n• yan: 4"),
    ("which invoices haven't been paid\ninvoice,paid\nA7,yes\nB2,no\nC9,no", "2 match (paid is no): B2, C9"),
    ("who's the best-paid?\nname,salary\nama,70\nben,95", "ben is the best paid (salary 95)."),
    ("what's Ida's time?\n| **Runner** | **Time** |\n|---|---|\n| Ida | 3:59 |\n| Jon | 4:10 |", "Ida's Time is 3:59."),
    ("list the staff by salary from highest to lowest\n" + STAFF.replace("name,role", "name,job"),
     "vic, wen, uma\n\nSorted by salary (descending):\n| name | job | salary |\n|---|---|---|\n| vic | Engineer | 90 |\n"
     "| wen | Designer | 80 |\n| uma | Designer | 70 |"),
    ("rank the staff from lowest to highest by salary\n" + STAFF.replace("name,role", "name,job"),
     "uma, wen, vic\n\nSorted by salary (ascending):\n| name | job | salary |\n|---|---|---|\n| uma | Designer | 70 |\n"
     "| wen | Designer | 80 |\n| vic | Engineer | 90 |"),
    ("what's the average salary of people in the Designer role\n" + STAFF,
     "Average salary: 75 (2 rows where role is Designer)"),
    ("how many deals were over $2k\nrep,deal\nann,$2,500\nbob,$900\ncy,$4,000", "2 of 3 rows match (deal > $2000): ann, cy"),
])
def test_table_forms_answered(sandbox, text, answer):
    result = _ask(text, sandbox)
    assert result is not None, text
    assert result.answer == answer


@pytest.mark.parametrize("text", [
    "how many builds went over 2s\n" + BUILDS,                   # the column is in ms: not compared as 2
    "total fee per quarter\n" + LEDGER,                          # no quarter to group by: not a total of all rows
    "which region is best?\n" + PIPELINE,                        # two measures: best by which?
    "which vendor is best\nvendor,weight\na,3\nb,5",              # a measure of unknown sense
    "average value per deal\n" + PIPELINE,                       # mean of ratios, or total over total?
    "mean salary in engineering\n" + STAFF,                      # 'engineering' is almost 'Engineer': unread filter
    "which job was slowest per team\n" + BUILDS.replace("p90_ms", "duration"),
    "how much is left in the budget?\n" + BUDGETS,              # budget minus actual, not the budgets added up
    "what's uma's bonus\n" + STAFF,                              # no bonus column: not uma's row named back
])
def test_table_forms_that_decline(sandbox, text):
    assert _ask(text, sandbox) is None


def test_table_extreme_over_repeated_names_needs_the_filter_to_single_them_out(sandbox):
    table = "rep,quarter,deals\nann,Q1,5\nbo,Q1,9\nann,Q2,12"
    assert _ask("who closed the most deals in Q1\n" + table, sandbox).answer == \
        "bo has the highest deals among the rows where quarter is Q1: 9."
    assert _ask("who closed the most deals\n" + table, sandbox) is None  # ann twice: a row or her total?


def test_table_ready_column_of_done_over_total_cells(sandbox):
    pods = ("NAME        READY   STATUS\nweb-1       2/2     Running\nweb-2       1/2     Running\n"
            "job-9       0/1     Pending")
    assert _ask("how many pods aren't ready\n" + pods, sandbox).answer == \
        "2 of 3 rows match (READY is not complete): web-2, job-9"
    assert _ask("which pods are ready\n" + pods, sandbox).answer == "1 match (READY is complete): web-1"


def test_table_is_read_before_the_amount_extractor():
    plan = find_plan("sum the fee col\nday\tfee\n01/02\t9.99\n02/02\t0.01")
    assert plan is not None and plan.template == "table_sum"


def test_table_statistics_over_a_pasted_table_are_not_a_list_of_numbers():
    text = "mean of the values\nid,value\n1,10\n2,30"
    assert find_table(text) is not None
    plan = find_plan(text)
    assert plan is None or plan.kind == "table_aggregation"


def test_numbers_with_a_grouped_decimal_before_a_comma_read_whole():
    assert numbers_in("1,204.50, 980 and 3,000") == [1204.5, 980, 3000]
