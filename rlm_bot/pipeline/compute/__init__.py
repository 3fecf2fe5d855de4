"""Stage 2, compute: answer by running code when computing beats reasoning.

A query the analysis stage marks as computation-suitable gets REPL code — from a template (no
model needed) or, when none fits and a model is configured, written by the model — that runs in
the Python sandbox; the answer carries the value, the code and a one-line explanation.

The package's face: other packages import these names from `rlm_bot.pipeline.compute`, never from
its modules. The analyze stage imports this face too (the template matcher decides computability);
so compute never imports analyze: it reads the analysis through its own `Features` Protocol. Inside:

    stage.py           compute(task, features, sandbox=..., llm=...) -> ComputationResult | None
    templates.py       the ordered table of templates and find_plan, the one function that tries them
    plan.py            the Plan a template produces and the parsing helpers templates share
    typos.py           typo correction of a request's instruction words
    arith.py, numbers.py, divisors.py, money.py, tally.py, text.py, puzzles.py, extract.py,
    dates.py, date_stories.py, lists.py, sort.py, filter.py, groups.py, tables.py
                       the templates, one family each
    units.py           the unit table (UNITS): dimensions and sizes of the units people write
    unit_reader.py     conversions read by meaning: the one quantity and the unit asked, in any order
    clock_zones.py     clock times with UTC offsets: a time in another zone, a flight between zones
    duration_sums.py   durations in mixed notations added ('1h20, 45m', mm:ss lengths), a duration in a compound
                       unit, weekday clock spans, first-to-last times and log stamps, paces, years and months
    char_ops.py        character slices, positions, sorted letters, vowels removed, of a given string
    number_facts.py    digit sums, neighbouring primes, primes in a range, extreme prime factors, Fibonacci, n!
    remainders.py      remainders of equal shares, 'nobody left over?', when cycles coincide (least common multiple)
    string_reader.py   one string operation read by meaning: the operation named anywhere, the string wherever it sits
    stat_reader.py     one statistic over the longest run of listed values, lead-in numbers left out
    occurrences.py     how often an item or word occurs in given material; distinct items of a list
    log_counts.py      counts over pasted records (log lines): the records holding the word the question names
                       ('how many 500s?', 'how many POs still pending?'), distinct IPs / status codes / users
    extract_filter.py  which extracted items are asked for: a domain ('@acme.com', 'not on acme.com'), an ending,
                       a label before each ('the pickup and delivery dates'), a currency, a line's token, first/last
    compare.py         comparisons and truth questions about numbers, read into one Python expression
    brackets.py        bracket questions: the bracketed material, the question asked of it, stack code
    dates_parse.py     dates and clock times as people write them in chat
    quantities.py      the numbers of a message with their roles (a count of things, a rate per something, money)
    word_problems.py   word problems composed from those roles (products whose units cancel, sums, shares, containers)
    percent_roles.py   percentages read by role: VAT in/on an amount, SLA downtime, tips, markup vs margin, part of whole,
                       one rate applied to one amount by its words (of / add / off / before), successive rates
    price_roles.py     a cost and a selling price (margin, markup) or an old and a new value (percent change), read by role
    items.py           a pasted list of labelled items ('Ana 112%', 'PO-101 (Maersk)', 'INV-1 due …') found
                       wherever it sits, each read as a name with a typed value or named fields
    list_general.py    the question over such items in any word order: a test, a grouping key, a sort order
    table_parse.py, table_question.py, table_code.py
                       a pasted table: found, its question read, the code its plan runs
    table_grid.py      a grid of short codes (a rota, an attendance sheet): counted or listed by row and column
    table_derived.py   measures two columns make, named in the question: a rate (late %), what is left (free
                       beds), a complement (absences), a profit, a change between two columns
    verdicts.py        yes/no settled by the message: an amount against a stated limit or range, a stated rule
                       with its values, two times in order, checks on given strings
    biz_metrics.py     business metrics by the roles of labelled figures (margin, CTR, CPA, ROAS, NRR, churn,
                       LTV, ARR/MRR, growth, CAGR, projections, shares, SLO downtime)
    money_chain.py     a price carried through counts and times by cancelling units ('per pallet per day')
    string_edits.py    everyday edits of given strings, one item or each of several (slugs, cases, padding,
                       last-first, hex/rgb, base64, truncation, character counts)
    stat_weighted.py   weighted means of count × value pairs; statistics of m:ss / h:mm:ss values
    extract_keyed.py   values of a field the pasted lines name themselves ('req_ids' over 'req_id=…')
    calendar_counts.py weekdays / named weekdays / Friday-the-13ths in a named month or year
    listed_count.py    a small count of the listed values ('the last 3 sprints') checked, not read as an operand
    merge_keys.py      repeated 'KEY: a, b' lines merged so each key is on one line
    rounding_ask.py    a rounding asked anywhere ('2 decimals pls', 'whole number is ok') taken out before the templates
                       read the question, then applied to the answer
    share_parts.py     a part's share of labelled figures: siblings summed, or a whole named ('budget', 'of the 640')
    group_sums.py      groups of so many at so much each, flat amounts, periods carried to the one asked
    ship.py            ships module functions' source into the sandbox with a plan's code
    table_runtime.py, list_runtime.py, number_runtime.py, svg_geometry.py
                       the functions plans ship into the sandbox
"""

from rlm_bot.pipeline.compute.plan import Plan, collapse_long_numbers, strip_mention
from rlm_bot.pipeline.compute.typos import fix_typos
from rlm_bot.pipeline.compute.templates import find_plan, verdict_reads
from rlm_bot.pipeline.compute.stage import ComputationResult, compute

__all__ = ["ComputationResult", "Plan", "collapse_long_numbers", "compute", "find_plan", "fix_typos",
           "strip_mention", "verdict_reads"]
