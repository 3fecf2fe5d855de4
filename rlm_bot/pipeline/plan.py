"""Stage 5, plan: answer directly (cascade), search a tool plan (LATS), or run a Scheme program.

`plan(features, decision, ...) -> PlanChoice` decides the strategy only; the execute stage runs
it. Simple queries are answered directly. Queries whose intent needs tools (computation, code,
debugging, analysis) get a LATS tool plan when tools are registered. Long or multi-part queries
go to a Scheme map-reduce program (execute_scheme.py) when the pipeline allows it (setting
RLM_SCHEME_STRATEGY); the learner's strategy preferences for the query type (kept under the names the
execute stage records: "cascade" is a direct answer) can override the default.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

TOOL_INTENTS = ("computation", "code_task", "debug_task", "analysis_task")
SCHEME_MIN_CHARS = 6000  # long inputs are better handled by a program that chunks them
STRATEGIES = ("direct", "lats", "scheme")
LEARNED_MARGIN = 0.15  # a learned strategy must beat the default's learned value by this much
# the name the execute stage records a strategy's outcomes under, where it differs from the plan's
RECORDED_AS = {"cascade": "direct"}


@dataclass(frozen=True)
class PlanChoice:
    """The strategy for one query and why."""

    strategy: str  # "direct" | "lats" | "scheme"
    reason: str


def plan(
    features: Any,
    *,
    tools_available: bool = False,
    scheme_available: bool = False,
    learned: Mapping[str, float] | None = None,
    fits_whole: bool = True,
) -> PlanChoice:
    """Pick the strategy for an analysed query (learned strategy preferences may override).

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
    if scheme_available and chars >= SCHEME_MIN_CHARS:
        default = PlanChoice("scheme", f"long input ({chars} chars): a Scheme program can chunk it")
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
