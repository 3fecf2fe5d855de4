"""Stage 5, plan: answer directly (cascade), search a tool plan (LATS), or run a Scheme program.

`plan(features, decision, ...) -> PlanChoice` decides the strategy only; the execute stage runs
it. Simple queries are answered directly. Queries whose intent needs tools (computation, code,
debugging, analysis) get a LATS tool plan when tools are registered. Inputs that take over a
quarter of the routed model's context window (or fit no model whole) go to a Scheme map-reduce
program (execute/long_input.py) when the pipeline allows it (setting RLM_SCHEME_STRATEGY). The
learner's strategy preferences for the query type (kept under the names the execute stage
records: "cascade" is a direct answer) can override the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from rlm_bot.pipeline.route import CHARS_PER_TOKEN

TOOL_INTENTS = ("computation", "code_task", "debug_task", "analysis_task")
SCHEME_MIN_CHARS = 6000  # below this a program has nothing worth cutting into parts
# By default an input is read in parts once it takes this share of the routed model's context
# window. Below that the model reads it whole, cheaper (the parts repeat the request and the
# instructions: ~1.5x the tokens at 200k characters, `bench longinput`) and without cutting a
# stack trace or a function in two; far into the window, recall of the middle suffers and a
# program that reads every part pays off. Learned preferences can still choose either.
SCHEME_WINDOW_SHARE = 0.25
STRATEGIES = ("direct", "lats", "scheme")
LEARNED_MARGIN = 0.15  # a learned strategy must beat the default's learned value by this much
# the name the execute stage records a strategy's outcomes under, where it differs from the plan's
RECORDED_AS = {"cascade": "direct"}


class PlanFeatures(Protocol):
    """What the planner reads of a query's analysis (analyze's QueryFeatures fits it); each is read
    with a default (no intent, no length, not simple) when an object lacks it."""

    @property
    def intent(self) -> str:
        """What the query asks for: the tool intents get a LATS plan."""
        ...

    @property
    def chars(self) -> int:
        """The query's length in characters: long inputs go to a Scheme program."""
        ...

    @property
    def is_simple(self) -> bool:
        """Whether a direct answer will do."""
        ...


@dataclass(frozen=True)
class PlanChoice:
    """The strategy for one query and why."""

    strategy: str  # "direct" | "lats" | "scheme"
    reason: str


def plan(
    features: PlanFeatures,
    *,
    tools_available: bool = False,
    scheme_available: bool = False,
    learned: Mapping[str, float] | None = None,
    fits_whole: bool = True,
    window_tokens: int | None = None,
) -> PlanChoice:
    """Pick the strategy for an analysed query (learned strategy preferences may override).

    `window_tokens`: the routed model's context window; the scheme strategy is the default for
    inputs over SCHEME_WINDOW_SHARE of it (unknown: for every input of SCHEME_MIN_CHARS or more).
    `fits_whole=False`: the query fits no model's context window whole, so only a program that
    reads it in parts can answer it; learned preferences cannot override that."""
    intent = str(getattr(features, "intent", "") or "")
    chars = int(getattr(features, "chars", 0) or 0)
    if not fits_whole:
        if not scheme_available:
            raise ValueError("a query that fits no model whole needs the scheme strategy")
        return PlanChoice("scheme", f"the input ({chars} chars) fits no model's context window "
                                    "whole: a Scheme program reads it in parts")
    if getattr(features, "is_simple", False):
        return PlanChoice("direct", "simple query: answer directly")
    allowed = {"direct"} | ({"lats"} if tools_available else set()) | ({"scheme"} if scheme_available else set())
    if scheme_available and _reads_in_parts(chars, window_tokens):
        share = f", over {SCHEME_WINDOW_SHARE:.0%} of a {window_tokens}-token window" if window_tokens else ""
        default = PlanChoice("scheme", f"long input ({chars} chars{share}): a Scheme program reads it in parts")
    elif tools_available and intent in TOOL_INTENTS:
        default = PlanChoice("lats", f"{intent} needs tools: search a tool plan")
    else:
        default = PlanChoice("direct", f"{intent or 'query'}: answer directly through the cascade")
    learned = {RECORDED_AS.get(k, k): v for k, v in (learned or {}).items()}
    learned = {k: v for k, v in learned.items() if k in allowed}
    if learned:
        best = max(learned, key=learned.get)
        if best != default.strategy and learned[best] >= learned.get(default.strategy, 0.5) + LEARNED_MARGIN:
            return PlanChoice(best, f"learned: {best} satisfied {learned[best]:.2f} for this query type "
                                    f"(default {default.strategy})")
    return default


def _reads_in_parts(chars: int, window_tokens: int | None) -> bool:
    """Whether an input is long enough that reading it in parts is the default."""
    if chars < SCHEME_MIN_CHARS:
        return False
    return not window_tokens or chars / CHARS_PER_TOKEN >= SCHEME_WINDOW_SHARE * window_tokens
