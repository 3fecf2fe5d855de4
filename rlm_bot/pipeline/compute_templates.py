"""The ordered table of computation templates and the one function that tries them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from rlm_bot.pipeline import compute_arith as arith
from rlm_bot.pipeline import compute_dates as dates
from rlm_bot.pipeline import compute_puzzles as puzzles
from rlm_bot.pipeline import compute_text as text
from rlm_bot.pipeline.compute_arith import Query
from rlm_bot.pipeline.compute_plan import MAX_TEXT_CHARS, Plan, split_options, strip_mention

# Most specific forms first: puzzles whose wording is unmistakable, then the everyday forms.
TEMPLATES: tuple[Callable[[Query], Plan | None], ...] = (
    puzzles.solve_swaps,
    puzzles.solve_truth_chain,
    puzzles.solve_navigate,
    puzzles.solve_free_slot,
    puzzles.solve_ordering,
    puzzles.solve_table,
    puzzles.solve_svg_shape,
    puzzles.solve_object_counting,
    puzzles.solve_colored_objects,
    dates.solve_date_reasoning,
    text.solve_brackets,
    text.solve_boolean,
    arith.solve_arithmetic,
    arith.solve_percentage,
    arith.solve_conversion,
    dates.solve_date_math,
    dates.solve_time_interval,
    text.solve_sorting,
    text.solve_counting,
    text.solve_filter,
    arith.solve_stats,
    text.solve_string_op,
    arith.solve_word_problem,
)


def make_query(raw: str, today: date | None = None) -> Query:
    """Prepare a query for the templates: strip mentions, split multiple-choice options."""
    cleaned = strip_mention(raw[:MAX_TEXT_CHARS])
    body, options = split_options(cleaned)
    return Query(text=cleaned, lower=body.lower(), body=body, options=options, today=today or date.today())


def find_plan(raw: str, today: date | None = None) -> Plan | None:
    """The first template that recognises the query, as a Plan, or None."""
    q = make_query(raw, today)
    for template in TEMPLATES:
        try:
            plan = template(q)
        except (ValueError, KeyError, IndexError, TypeError, ZeroDivisionError, OverflowError, RecursionError):
            plan = None  # a template that trips over odd input simply does not apply
        if plan is not None:
            return plan
    return None
