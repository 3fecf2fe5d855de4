"""The ordered table of computation templates and the one function that tries them."""

from __future__ import annotations

from rlm_bot.pipeline import lazy_re as re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from rlm_bot.pipeline.compute import arith
from rlm_bot.pipeline.compute import bases
from rlm_bot.pipeline.compute import biz_metrics
from rlm_bot.pipeline.compute import clauses
from rlm_bot.pipeline.compute import clock_zones
from rlm_bot.pipeline.compute import brackets
from rlm_bot.pipeline.compute import calendar_counts
from rlm_bot.pipeline.compute import char_ops
from rlm_bot.pipeline.compute import compare
from rlm_bot.pipeline.compute import date_stories
from rlm_bot.pipeline.compute import dates
from rlm_bot.pipeline.compute import divisors
from rlm_bot.pipeline.compute import duration_sums
from rlm_bot.pipeline.compute import number_facts
from rlm_bot.pipeline.compute import occurrences
from rlm_bot.pipeline.compute import exchange
from rlm_bot.pipeline.compute import extract
from rlm_bot.pipeline.compute import extract_keyed
from rlm_bot.pipeline.compute import group_sums
from rlm_bot.pipeline.compute import list_general, listed_count, lists
from rlm_bot.pipeline.compute import log_counts
from rlm_bot.pipeline.compute import merge_keys
from rlm_bot.pipeline.compute import money
from rlm_bot.pipeline.compute import money_chain
from rlm_bot.pipeline.compute import numbers
from rlm_bot.pipeline.compute import puzzles
from rlm_bot.pipeline.compute import relations
from rlm_bot.pipeline.compute import remainders
from rlm_bot.pipeline.compute import rounding_ask
from rlm_bot.pipeline.compute import stat_reader
from rlm_bot.pipeline.compute import stat_weighted
from rlm_bot.pipeline.compute import string_reader
from rlm_bot.pipeline.compute import string_edits
from rlm_bot.pipeline.compute import tables
from rlm_bot.pipeline.compute import tally
from rlm_bot.pipeline.compute import text
from rlm_bot.pipeline.compute import truths
from rlm_bot.pipeline.compute import unit_reader
from rlm_bot.pipeline.compute import verdicts
from rlm_bot.pipeline.compute import word_problems
from rlm_bot.pipeline.compute.arith import Query
from rlm_bot.pipeline.compute.typos import fix_typos
from rlm_bot.pipeline.compute.plan import (
    MAX_TEXT_CHARS, NUM_RE, Plan, collapse_long_numbers, split_options, strip_mention, to_number,
)

# Everyday forms read the whole query; in a long text (a story, a contract, a law exam question)
# their cue words are incidental, so they only run when the instruction part is at most this long.
EVERYDAY_MAX_INSTRUCTION_CHARS = 300
# Longer queries only get the forms that apply an operation to a payload ("count the words in: ...").
EVERYDAY_MAX_CHARS = 600
# ... and only up to this size (a payload of a few pages; beyond it, a model or a file tool is the way).
PAYLOAD_MAX_CHARS = 8_000

# Forms that read a pasted text of any length (up to PAYLOAD_MAX_CHARS) behind a short instruction.
PASTED: tuple[Callable[[Query], Plan | None], ...] = (
    extract.solve_extract,
    extract_keyed.solve_keyed_extract,  # a field the lines name themselves ('the req_ids', 'host: …')
)
# Puzzle forms whose wording is unmistakable; they may read long texts.
PUZZLES: tuple[Callable[[Query], Plan | None], ...] = (
    puzzles.solve_swaps,
    puzzles.solve_truth_chain,
    puzzles.solve_navigate,
    puzzles.solve_free_slot,
    puzzles.solve_ordering,
    puzzles.solve_svg_shape,
    puzzles.solve_object_counting,
    puzzles.solve_colored_objects,
    date_stories.solve_date_reasoning,
)
def _fact_in_clauses(q: Query) -> Plan | None:
    """A number fact or yes/no fact asked in one clause of a chatty message."""
    return clauses.solve_in_clauses(q, (truths.solve_truth, bases.solve_bases, number_facts.solve_number_facts,
                                        divisors.solve_divisors, numbers.solve_number_theory, compare.solve_comparison))


# Everyday forms, most specific first.
EVERYDAY: tuple[Callable[[Query], Plan | None], ...] = (
    calendar_counts.solve_calendar_count,  # 'how many weekdays in january 2027' (a month and year named)
    numbers.solve_reverse_words,
    numbers.solve_imperative_arithmetic,
    truths.solve_truth,  # computable yes/no facts (leap year, versions, CIDR, JSON, quantities in units)
    verdicts.solve_threshold,  # an amount against a stated limit, budget or target: yes or no
    verdicts.solve_time_order,  # two clock times or two durations in order
    verdicts.solve_range,  # an amount inside or outside a stated range
    verdicts.solve_string_check,  # given strings identical, only hex digits, a valid IPv4 / e-mail
    bases.solve_bases,  # a number in another base, its 1 bits, its bit length
    bases.solve_cidr_size,
    bases.solve_based_expression,
    number_facts.solve_number_facts,
    divisors.solve_divisors,
    remainders.solve_remainder,
    remainders.solve_parity,
    remainders.solve_power_modulo,
    remainders.solve_common_cycle,
    remainders.solve_common_divisor,
    remainders.solve_common_multiple,
    numbers.solve_number_theory,
    numbers.solve_number_questions,
    exchange.solve_exchange,  # money at a stated exchange rate
    exchange.solve_css_units,  # px / rem / em / pt
    money.solve_money,
    # after the money reader, which writes the period and the currency it read ('€1,538.30 a month after 2 years')
    biz_metrics.solve_business_metric,  # a named business metric (gross margin, CTR, NRR, ROAS...) from labelled figures
    money_chain.solve_money_chain,  # a price carried through counts and times by its units
    duration_sums.solve_compound_target,  # '1847 seconds in minutes and seconds'
    duration_sums.solve_years_months,  # '3.5 years in months?'
    duration_sums.solve_weekday_span,  # 'hrs between mon 9am and thu 5pm'
    duration_sums.solve_first_last_span,  # 'paged at 03:12, 03:40 and 04:05: first to last?'
    duration_sums.solve_duration_sum,  # '1h20, 45m, 2h05 and 35m, total?', mm:ss lengths added
    duration_sums.solve_duration_times_count,  # 'weekly call is 45 min, 13 weeks: total time?'
    duration_sums.solve_pace,  # '10.5 km in 58:48, pace per km?'
    duration_sums.solve_log_span,  # stamped log lines: first to last
    numbers.solve_compound_duration,
    numbers.solve_compound_length,
    numbers.solve_fraction,
    brackets.solve_brackets,
    text.solve_brackets,
    compare.solve_comparison,
    char_ops.solve_char_ops,
    string_edits.solve_string_edit,  # everyday edits of given strings, each of several items
    text.solve_boolean,
    _fact_in_clauses,  # one number fact asked inside chatter
    arith.solve_arithmetic,
    tally.solve_tally,
    tally.solve_word_mode,
    arith.solve_percentage,
    arith.solve_conversion,
    unit_reader.solve_unit_conversion,
    stat_weighted.solve_weighted,  # count × value pairs averaged by their counts
    stat_weighted.solve_clock_values,  # a statistic of values written m:ss / h:mm:ss
    stat_reader.solve_stat_anywhere,  # one statistic over the longest run of values, wherever it sits
    arith.solve_listed_stats,
    clock_zones.solve_zone_time,
    dates.solve_date_math,
    dates.solve_time_interval,
    text.solve_sorting,
    lists.solve_list_sort,  # a pasted list to sort, before 'smallest' reads as a statistic, 'reverse' as a string op
    log_counts.solve_log_count,  # counts over pasted records: 'how many 500s?', 'distinct IPs'
    occurrences.solve_occurrences,
    occurrences.solve_value_count,  # one listed value counted: '5,4,5,3,5 — how many 5 stars'
    text.solve_counting,
    text.solve_filter,
    arith.solve_stats,
    text.solve_string_op,
    string_reader.solve_string_reading,  # the operation and its string wherever they sit
    arith.solve_word_problem,
    relations.solve_each_needs,  # a group, each member the same priced basket
    relations.solve_runway,  # cash over the net burn
    word_problems.solve_word_problem,  # roles of the quantities, when no phrasing above fits
    group_sums.solve_group_sums,  # groups of so many at so much each, flat amounts, periods carried to the one asked
    relations.solve_rate_over_time,  # a rate carried over a time, periods converted
    relations.solve_whole_less_parts,  # a whole less the parts named: the rest asked
    relations.solve_each_times_count,  # so much for each one, so many of them
    word_problems.solve_expression_in_chatter,
)
# Pasted lists: forms that split the block from its one-line instruction themselves, tried last, on any
# instruction length (the list may be long), up to PAYLOAD_MAX_CHARS.
LIST_FORMS: tuple[Callable[[Query], Plan | None], ...] = (list_general.solve_items, lists.solve_list)
PAYLOAD_FORMS: tuple[Callable[[Query], Plan | None], ...] = (
    numbers.solve_reverse_words, brackets.solve_brackets, text.solve_brackets, text.solve_sorting, log_counts.solve_log_count, occurrences.solve_occurrences, occurrences.solve_value_count, text.solve_counting, text.solve_filter,
    arith.solve_stats, text.solve_string_op, string_edits.solve_string_edit,
)


_SCALES = {"thousand": 1_000, "k": 1_000, "million": 1_000_000, "mn": 1_000_000, "billion": 1_000_000_000,
           "bn": 1_000_000_000, "trillion": 1_000_000_000_000}
_SCALED = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion|mn|bn)\b|(k)\b)", re.I)


_MONEY_SCALE_CONTEXT = re.compile(r"[$€£]|\b(?:usd|eur|gbp|arr|mrr|rev|revenue|sales|cogs|cash|bank|budget|burn(?:ing)?|"
                                  r"spend|spent|costs?|profit|margin|contract|deal|acv|tcv|valuation|funding|raised?|"
                                  r"price|fee|salary|payroll|impressions|churn|expansion|contraction|gm|roas|cpm|cac|"
                                  r"ltv|pipeline|bookings|gmv|ebitda|opex|capex|invoices?|ar|ap)\b", re.I)
_LENGTH_OR_TIME = re.compile(r"\b(?:metres?|meters?|km|cm|mm|feet|ft|miles?|min|mins|minutes?|secs?|seconds?|distance|"
                             r"height|length|width|tall|wide|deep|away|video|song|track|podcast|swim|run|walk|race)\b", re.I)
# '85k is what percent of 1.2m': beside a number in thousands, a number in m is in millions
_THOUSANDS_BESIDE = re.compile(r"(?<![\w.])\d+(?:\.\d+)?k\b|\d+(?:\.\d+)?\s?bn\b", re.I)
_SMALL_MILLIONS = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)m(?![\w/²³^])")


def _expand_scales(text: str) -> str:
    """'2.4 million' -> '2400000', '2.5k' -> '2500': templates must see the number that is meant."""
    def repl(m: re.Match) -> str:
        scale = _SCALES[(m.group(2) or m.group(3)).lower()]
        value = float(m.group(1)) * scale
        return str(int(value)) if value.is_integer() else repr(value)
    # after a currency symbol, M and B are millions and billions ('$1.2M'); elsewhere M may be metres
    text = re.sub(r"([$€£]\s?\d+(?:\.\d+)?)([mMbB])(?![\w-])",
                  lambda m: m.group(1) + (" million" if m.group(2) in "mM" else " billion"), text)
    # a capital M on a number is millions ('revenue 1.2M -> 1.8M'); metres are written with a small m
    text = re.sub(r"(?<![\w.])(\d+(?:\.\d+)?)M(?![\w/²³])", r"\1 million", text)
    # a small m on a number is millions in a message about money ('arr 3.42m', '2.5m contract'), never beside a length
    # or a time ('2.5m tall', 'a 5m video'): metres and minutes are written that way too
    if (_MONEY_SCALE_CONTEXT.search(text) or _THOUSANDS_BESIDE.search(text)) and not _LENGTH_OR_TIME.search(text):
        text = _SMALL_MILLIONS.sub(r"\1 million", text)
    # '3 dozen cookies' counts 36 cookies (a bare '6 dozen' is the dozen template's question)
    text = re.sub(r"(?<![\w.])(\d+)\s+dozen(?=\s+(?!of\b)[a-z])", lambda m: str(int(m.group(1)) * 12), text, flags=re.I)
    return _SCALED.sub(repl, text)


_SPACE_GROUPED = r"(?<![\w.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,]\d|[ \u00a0\u202f]\d)"
# numbers grouped by spaces ('10 000 eur', '1 200, 950 and 1 075'): a no-break space always groups
# thousands; a plain one only beside a currency, or in an item of a list separated by ', '
_NBSP_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[\u00a0\u202f]\d{3})+(?![\d.,]\d)")
_MONEY_GROUPED = re.compile(r"(?<=[$€£])\s?" + _SPACE_GROUPED + r"|" + _SPACE_GROUPED + r"(?=\s?(?:[$€£]|(?:eur|euros?|usd|"
                            r"dollars|gbp|pounds|chf|sek|nok|dkk|pln|kr|czk)\b))", re.I)
_CENTS_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?:[ \u00a0\u202f]\d{3})+\.\d{2}(?![\d.,]?\d)")
_ZERO_GROUPED = re.compile(r"(?<![\d.,])\d{1,3}(?: 0\d\d)+(?![\d.,]\d| \d)")
_LISTED_GROUPED = re.compile(r"(?:(?<=, )|(?<=\band )|(?<=\bor ))" + _SPACE_GROUPED + r"|" + _SPACE_GROUPED + r"(?=\s*,)")


def _join_space_thousands(text: str) -> str:
    """'10 000' -> '10000' where the spaces can only group thousands."""
    def join(m: re.Match) -> str:
        return re.sub(r"[ \u00a0\u202f]", "", m.group(0))
    if "\u00a0" in text or "\u202f" in text:
        text = _NBSP_GROUPED.sub(join, text)
    text = _MONEY_GROUPED.sub(join, text)
    text = _ZERO_GROUPED.sub(join, text)  # '10 000 steps': no one writes '000' as a number of its own
    if _MONEY_OR_RATE.search(text) or re.search(r"\b(?:invoice|bill|price|cost|total|paid|pay)\b", text, re.I):
        text = _CENTS_GROUPED.sub(join, text)  # 'the 1 250.00 invoice': cents on a space-grouped amount
    if re.search(r"\d, \d", text):
        text = _LISTED_GROUPED.sub(join, text)
    return text


_MONEY_OR_RATE = re.compile(r"%|\bper ?cent|[$€£]|\b(?:eur|euros?|usd|dollars|gbp|pounds)\b", re.I)


_DOT_GROUPED_EURO = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,]?\d)(?=\s?(?:€|(?:eur|euros?|chf|kr|sek|nok|dkk|pln|czk)\b))"
                               r"|(?<=€)\s?\d{1,3}(?:\.\d{3})+(?![\d.,]?\d)", re.I)


def _money_decimal_commas(text: str) -> str:
    """'12,5%', '1.250,00 €', 'was 1,80 now 2,10 … what percent': decimal commas in a one-line question about
    money or a rate (a list, '12,18', or a pasted CSV is left as written); '1.450 €' is 1450 euros (no
    amount of money has three decimals)."""
    if "\n" in text or not _MONEY_OR_RATE.search(text):
        return text
    if not re.search(r"\d,\d{3}(?!\d)", text):
        text = _DOT_GROUPED_EURO.sub(lambda m: m.group(0).replace(".", ""), text)
    return tally.decimal_commas(text)


_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}
_AND_A_PART = re.compile(r"\b(one|two|three|four|five|six|seven|eight|nine|ten|\d+) and a (half|quarter)\b", re.I)


def _and_a_half(text: str) -> str:
    """'two and a half litres' -> '2.5 litres', '3 and a quarter' -> '3.25'."""
    return _AND_A_PART.sub(lambda m: repr(int(_SMALL.get(m.group(1).lower(), m.group(1)))
                                          + (0.5 if m.group(2).lower() == "half" else 0.25)), text)


_VERDICT_READERS = {"threshold": verdicts.solve_threshold, "rule": verdicts.solve_rule, "range": verdicts.solve_range}


def verdict_reads(text: str, which: str) -> bool:
    """Whether the yes/no reader named ('threshold', 'rule', 'range') reads the message whole: the analysis
    stage counts such a question as an operation only then."""
    try:
        return _VERDICT_READERS[which](make_query(text)) is not None
    except (ValueError, KeyError, IndexError, TypeError, ZeroDivisionError, OverflowError):
        return False


def make_query(raw: str, today: date | None = None, conversation: str = "") -> Query:
    """Prepare a query for the templates: strip mentions, expand 2.4 million / 3k, split options."""
    written = fix_typos(strip_mention(raw[:MAX_TEXT_CHARS]))
    cleaned = _expand_scales(_and_a_half(_money_decimal_commas(_join_space_thousands(collapse_long_numbers(written)))))
    body, options = split_options(cleaned)
    return Query(text=cleaned, lower=body.lower(), body=body, options=options, today=today or date.today(),
                 conversation=(conversation or "")[-MAX_TEXT_CHARS:], written=written)


# Templates that add up or count the numbers or lines they find: over a table of several columns the table reader
# declined they mix its columns ('total cost (nights x rate)' is not the sum of every cell; 'how many jobs failed'
# is not its line count).
_TABLE_CELL_SUMS = frozenset({"extract_number", "extract_amount", "count_items"})


# An ask for a figure per group ('sum the amounts by category', 'count per status', 'total for each team').
_GROUPED_ASK = re.compile(r"\b(?:sum|total|add|count|tally|subtotal)\w*\b[^\n]{0,40}\b(?:by|per|for each|for every|"
                          r"grouped by|broken down by)\s+(?!the way\b)[a-z]")


# Kinds whose answer is a number a rounding clause may round.
_ROUNDABLE_KINDS = frozenset({"arithmetic", "percentage", "percentage_change", "statistics", "money", "conversion",
                              "table_aggregation", "geometry"})


def find_plan(raw: str, today: date | None = None, conversation: str = "") -> Plan | None:
    """The first template that recognises the query, as a Plan, or None.

    `conversation` is the thread's earlier messages; only a request that points at them ("the
    message above") reads them. A rounding the message asks for ('2 decimals pls', '1 decimal is fine') is taken
    out first and applied to the answer: its number is no operand.
    """
    rest, places = rounding_ask.split_rounding(raw) if len(raw) <= EVERYDAY_MAX_CHARS else (raw, None)
    if places is not None:
        plan = _find_plan(rest, today, conversation)
        if plan is not None and plan.kind in _ROUNDABLE_KINDS:
            code = rounding_ask.rounded_code(plan.code, places)
            return replace(plan, code=code) if code else plan
    return _find_plan(raw, today, conversation)


def _find_plan(raw: str, today: date | None, conversation: str) -> Plan | None:
    q = make_query(raw, today)
    # A pasted table comes first: "sum the amount col" over a table asks for its column, not for the amounts
    # the extractors would find in the text.
    pasted = _first((tables.solve_table,), q)
    if pasted is not None:
        return pasted
    table = tables.holds_table(q.body)
    # a stated rule with its named values ('rule is `a and not b`. a = true, b = false'): before the list reader
    # takes 'a = true, b = false' for a list
    ruled = _first((verdicts.solve_rule,), q) if not table else None
    if ruled is not None:
        return ruled
    merged = _first((merge_keys.solve_merge_keys,), q) if not table else None
    if merged is not None:  # 'combine these so each quarter is on one line' over 'Q1: a, b' lines
        return merged
    # a pasted list of labelled items asked to be filtered, grouped or sorted: the general list reader reads the
    # items and the question whole, before the extractors pick ids out of it or the everyday forms one number
    listed = _first((list_general.solve_items,), q) if len(q.body) <= PAYLOAD_MAX_CHARS and not table else None
    if listed is not None:
        return listed
    pasted = _find_pasted(raw, today, conversation)
    if pasted is not None:
        if pasted.template in _TABLE_CELL_SUMS and _GROUPED_ASK.search(text.instruction_part(q.body).lower()):
            return None  # 'sum the amounts by category': a total per group, not one total of every number
        return pasted if not (table and pasted.template in _TABLE_CELL_SUMS) else None
    templates = PUZZLES
    if len(text.instruction_part(q.body)) <= EVERYDAY_MAX_INSTRUCTION_CHARS:
        templates = PUZZLES + (EVERYDAY if len(q.body) <= EVERYDAY_MAX_CHARS else
                               PAYLOAD_FORMS if len(q.body) <= PAYLOAD_MAX_CHARS else ())
    if len(q.body) <= PAYLOAD_MAX_CHARS:
        templates += LIST_FORMS
    plan = _first(templates, q)
    return plan if not (table and plan is not None and plan.template in _TABLE_CELL_SUMS) else None


def _first(templates: tuple[Callable[[Query], Plan | None], ...], q: Query) -> Plan | None:
    """The plan of the first template that applies to `q` (its numbers covered, unless a puzzle or a table)."""
    for template in templates:
        try:
            plan = template(q)
        except (ValueError, KeyError, IndexError, TypeError, ZeroDivisionError, OverflowError, RecursionError):
            plan = None  # a template that trips over odd input simply does not apply
        if plan is not None and not (template in PUZZLES or template is tables.solve_table or covers_operands(q, plan)):
            plan = _counts_checked(q, plan)
        if plan is not None and (template in PUZZLES or template is tables.solve_table or covers_operands(q, plan)):
            return replace(plan, code=with_imports(plan.code), data={**answer_style(q, plan), **plan.data})
    return None


def _counts_checked(q: Query, plan: Plan) -> Plan | None:
    """`plan` with a check that each number it leaves unused counts the values one of its lists holds ('last 2
    sprints was 46 and 53'), or None when an unused number is anything else."""
    if plan.kind in _DATE_TIME_KINDS:
        return None
    used = {_canon(m.group(0)) for m in NUM_RE.finditer(plan.code)} - {None}
    missing = []
    for m in NUM_RE.finditer(q.body):
        canon = _canon(m.group(0))
        if canon is not None and canon not in used:
            missing.append((float(canon), m.start(), m.end()))
    code = listed_count.acknowledge_counts(q.body, plan.code, missing) if missing else None
    return replace(plan, code=code) if code else None


# Kinds whose single number may be an amount of money, and what says that it is one.
_MONEY_KINDS = frozenset({"percentage", "arithmetic", "statistics"})
_CURRENCY = re.compile(r"([$€£])\s?\d|\d\s?([€£])|\b(dollars?|bucks|usd|euros?|eur|pounds|gbp)\b", re.I)
_MONEY_WORDS = re.compile(r"\b(tip|bill|tab|tax|vat|price|cost|costs|fee|fees|salary|invoice|rent|budget|paid|spend|"
                          r"spent|refund|discount|wage)\b", re.I)
_CURRENCY_SYMBOLS = {"dollar": "$", "dollars": "$", "bucks": "$", "usd": "$", "euro": "€", "euros": "€", "eur": "€",
                     "pounds": "£", "gbp": "£"}
_GROUPED = re.compile(r"(?<![\d.])\d{1,3}(?:,\d{3})+(?![\d,])")


def answer_style(q: Query, plan: Plan) -> dict:
    """How the answer should be written for this query: money (symbol, cents), thousands separators."""
    style: dict = {}
    if _GROUPED.search(q.body) and plan.kind != "string":  # (a string op's digits are text: '1,234' -> '1234')
        style["thousands"] = True
    if plan.kind in _MONEY_KINDS and plan.data.get("stat") != "count":
        m = _CURRENCY.search(q.body)
        if m:
            word = (m.group(3) or "").lower()
            style.update(unit="money", currency=m.group(1) or m.group(2) or _CURRENCY_SYMBOLS.get(word, ""))
        elif _MONEY_WORDS.search(q.body):
            style.update(unit="money", currency="")
    return style


def _find_pasted(raw: str, today: date | None, conversation: str) -> Plan | None:
    """The pasted-text forms read the raw text (numbers and scale words as written, options kept)."""
    cleaned = fix_typos(strip_mention(raw[:MAX_TEXT_CHARS]))
    if len(cleaned) > PAYLOAD_MAX_CHARS * 2:
        return None
    q = Query(text=cleaned, lower=cleaned.lower(), body=cleaned, options={}, today=today or date.today(),
              conversation=(conversation or "")[-MAX_TEXT_CHARS:])
    for template in PASTED:
        try:
            plan = template(q)
        except (ValueError, KeyError, IndexError, TypeError, OverflowError, RecursionError):
            plan = None
        if plan is not None:
            return replace(plan, code=with_imports(plan.code))
    return None


# Date and time templates turn their operands into other numbers (9:15 -> 555 minutes), so the
# operand check cannot apply to them; they only take short queries instead.
_DATE_TIME_KINDS = frozenset({"date_math", "time_interval"})
MAX_DATE_TIME_SENTENCES = 2
SHORT_DATE_TIME_WORDS = 24  # at most this many words, a third short sentence is allowed
# sentences that are manners, not part of a story: 'Hello there, I hope you're well.', 'Thanks so much!'
_PLEASANTRY = re.compile(r"^\W*(?:hi|hello|hey|hiya|howdy|greetings|(?:good )?(?:morning|afternoon|evening)|dear \w+|i hope|hope you|thanks|"
                         r"thank you|many thanks|cheers|sorry|apologies|quick question|could you help|can you help|"
                         r"please help)\b[^.!?]{0,40}[.!?]*\s*$", re.I)


_ROUND_DIGITS = re.compile(r"(\bround\((?:[^()]|\([^()]*\))*?),\s*\d+\)")


_AS_WRITTEN = frozenset({"remove", "string_op", "replace", "case_style", "initials", "string_reading", "count_text", "string_edit"})


def covers_operands(q: Query, plan: Plan) -> bool:
    """True when the plan's code uses every number the query states.

    A template that matched a fragment of a word problem ("5 packs at $3 each" inside a story with
    six more numbers) would answer a different question; when numbers of the query are missing
    from the code, the template does not apply and the query goes to the model (or to reasoning).
    """
    if plan.kind in _DATE_TIME_KINDS:
        sentences = [x for x in re.split(r"(?<=[.!?])\s+", q.body.strip()) if not _PLEASANTRY.match(x)]
        ended = len([x for x in sentences if re.search(r"[.!?]$", x.strip())])
        # a story is long; terse notes cut into short sentences ('incident was 21/11/2026. due date?') are not one
        return ended <= MAX_DATE_TIME_SENTENCES or (ended <= MAX_DATE_TIME_SENTENCES + 1 and
                                                    len(q.body.split()) <= SHORT_DATE_TIME_WORDS)
    # a string operation works on the text as written ('fun run 5k team' keeps its '5k'); '1. cherry': the list's
    # numbering, not an operand
    written = q.written and plan.kind in ("string", "counting") and plan.template in _AS_WRITTEN
    body = re.sub(r"(?m)^\s*\(?\d{1,3}[.)]\s+", " ", split_options(q.written)[0] if written else q.body)
    if plan.kind == "brackets":
        body = re.sub(r"#\d+\b", " ", body)  # 'ticket #4471 … balanced?': a ticket's number is a label, no operand
    stated = {_canon(m.group(0)) for m in NUM_RE.finditer(body)} - {None}
    # the digits of 'round(x, 4)' are no operand ('after 4 year' is not used by code that rounds to 4 places),
    # unless the query asks for the rounding
    asks_rounding = re.search(r"\b(?:round\w*|decimals?|places?|dp|significant)\b", q.lower)
    code = plan.code if asks_rounding else _ROUND_DIGITS.sub(r"\1)", plan.code)
    used = {_canon(m.group(0)) for m in NUM_RE.finditer(code)} - {None}
    return stated <= used


def _canon(token: str) -> str | None:
    value = to_number(token.lstrip("-−"))
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# names templates use -> the module they come from (imports are added to the code that needs them,
# so the code shown to the user runs as-is in any Python, and in the sandbox's curated modules)
_IMPORTS = {
    "datetime": ("date", "timedelta"),
    "itertools": ("permutations",),
    "fractions": ("Fraction",),
    "math": ("sqrt", "log", "log10", "log2", "factorial", "sin", "cos", "tan", "exp", "prod", "gcd"),
}


def with_imports(code: str) -> str:
    """Prefix `code` with `from M import names` lines for the library names it calls."""
    lines = []
    for module, names in _IMPORTS.items():
        used = [n for n in names if re.search(r"(?<![\w.'])" + n + r"\(", code)]
        if used:
            lines.append(f"from {module} import {', '.join(used)}")
    return "\n".join(lines + [code]) if lines else code
