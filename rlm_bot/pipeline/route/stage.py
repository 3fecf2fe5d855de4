"""Stage 4, routing: pick the cheapest model that will do, and the cascade to escalate through.

`route(features, profiles=..., settings=...) -> RouteDecision`. In the live pipeline the first hop
comes from the learned router (state.LiveRouter: the routing benchmark's BinaryRouter with
its experience in SQL), handed in as `learned`: the cascade starts at its weak model or at the
stronger next one, and the reason says what the learner estimated. Without a learned choice (the
`profiles` router setting, or no embedder available) the profile formula below decides: each
model of the cascade order gets an expected quality for this query — its profile's quality
baseline, lowered by the query's difficulty, raised where the model's strengths match the intent
or query type, and moved by what the learner has measured (`routing` adjustments keyed
`query_type` × model) — and an estimated dollar cost from its prices and the query's size. The
utility `quality - λ·cost` with λ set by cost sensitivity (0 = quality only, 1 = cost only; per
request, channel or workspace) picks the first model; the cascade continues through the costlier
models after it, so a doubtful cheap answer can escalate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from rlm_bot.errors import RlmError
from rlm_bot.pipeline.collaborators import AdjustmentReader

if TYPE_CHECKING:  # annotations only
    from rlm_bot.config import Settings
    from rlm_bot.pipeline.route.state import LearnedChoice  # numpy and SQL: types only
    from rlm_bot.types import Task

CHARS_PER_TOKEN = 4
DEFAULT_OUTPUT_TOKENS = 600
SIMPLE_OUTPUT_TOKENS = 150
# A model fails (1 - quality) × (EASY_FAILURE + HARD_FAILURE × difficulty) of the time: on easy
# queries every model does well, on hard ones the gaps between profiles widen.
EASY_FAILURE = 0.25
HARD_FAILURE = 1.5
STRENGTH_FAILURE = 0.8  # failure rate kept where a model's strengths match the query
LEARNED_WEIGHT = 3.0  # log-odds per unit of learned satisfaction above/below the baseline
LEARNED_MIN_COUNT = 3  # learned values resting on fewer observations are ignored
# Dollars that one point of expected quality is worth at cost sensitivity c: λ = c / (1 - c) / SCALE
COST_SCALE = 0.05
MAX_LAMBDA = 1e6


class RouteFeatures(Protocol):
    """What the router reads of a query's analysis (analyze's QueryFeatures fits it; the learned-router
    tests and benchmarks hand in plain namespaces). Each attribute is read with a default, so an
    object lacking one still routes: general query type, no intent, not simple, difficulty 0.5."""

    @property
    def query_type(self) -> str:
        """The query's type (a routing adjustments scope)."""
        ...

    @property
    def intent(self) -> str:
        """What the query asks for (question, code_task, ...), matched against model strengths."""
        ...

    @property
    def is_simple(self) -> bool:
        """Whether a short answer will do (fewer output tokens are estimated)."""
        ...

    @property
    def difficulty(self) -> Any:
        """How hard the query is in [0, 1]: a number, or an object with a `score` (analyze's Difficulty)."""
        ...

    @property
    def chars(self) -> int:
        """The query's length in characters (its prompt tokens are estimated from it)."""
        ...


class RoutingError(RlmError):
    """The router cannot decide: a model without a profile or prices, or an empty cascade."""


class ContextWindowError(RoutingError):
    """The query fits no model of the cascade whole (a program reading it in parts still can)."""


@dataclass(frozen=True)
class ModelCandidate:
    """How the router saw one model for this query."""

    alias: str
    quality: float
    cost: float
    utility: float
    learned: float | None = None


@dataclass(frozen=True)
class RouteDecision:
    """Where the query goes first, where it escalates next, and why."""

    model: str
    cascade: tuple[str, ...]
    reason: str
    estimated_cost: float
    score: float  # how much this query needs a stronger model than the first one (0..1)
    cost_sensitivity: float
    candidates: tuple[ModelCandidate, ...] = field(default_factory=tuple)
    learned: dict[str, Any] | None = None  # the learned router's estimates, when it decided

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form for telemetry."""
        return {
            "learned": self.learned,
            "model": self.model,
            "cascade": list(self.cascade),
            "reason": self.reason,
            "estimated_cost": self.estimated_cost,
            "score": self.score,
            "cost_sensitivity": self.cost_sensitivity,
            "candidates": [c.__dict__ for c in self.candidates],
        }


def resolve_cost_sensitivity(
    default: float,
    *,
    workspace: float | None = None,
    channel: float | None = None,
    request: float | None = None,
) -> float:
    """The most specific cost sensitivity given (request > channel > workspace > default)."""
    for value in (request, channel, workspace, default):
        if value is not None:
            if not 0.0 <= float(value) <= 1.0 or math.isnan(float(value)):
                raise RoutingError(f"cost sensitivity {value!r} is outside 0..1; use 0 (quality) … 1 (cost)")
            return float(value)
    raise RoutingError("no cost sensitivity given")


def request_cost_sensitivity(task: Task, settings: Settings) -> float:
    """The request's own cost sensitivity (`task.context["cost_sensitivity"]`), else its channel's,
    else its workspace's, else the default of `settings.routing`."""
    routing = settings.routing
    request = task.context.get("cost_sensitivity")
    if request is not None:
        try:
            request = float(request)
        except (TypeError, ValueError):
            raise RoutingError(f"cost sensitivity {request!r} is not a number; "
                               "use 0 (quality) … 1 (cost)") from None
    return resolve_cost_sensitivity(
        routing.cost_sensitivity,
        workspace=dict(routing.cost_sensitivity_workspaces).get(task.workspace),
        channel=dict(routing.cost_sensitivity_channels).get(task.channel),
        request=request,
    )


def route(
    features: RouteFeatures,
    *,
    profiles: Mapping[str, Any],
    cascade_order: Sequence[str],
    cost_sensitivity: float,
    max_escalations: int = 2,
    adjustments: AdjustmentReader | None = None,
    context_tokens: int | None = None,
    learned: LearnedChoice | None = None,
    note: str | None = None,
) -> RouteDecision:
    """Choose the first model and the escalation cascade for one analysed query.

    `learned` is the learned router's choice (state.LearnedChoice) for this query; `note`
    is appended to the reason (e.g. why the learned router could not be used).
    """
    order = check_cascade(cascade_order, profiles)
    cost_sensitivity = resolve_cost_sensitivity(cost_sensitivity)
    if learned is not None:
        return _learned_route(features, learned, order, profiles, cost_sensitivity, max_escalations,
                              context_tokens, note)
    difficulty = _difficulty(features)
    query_type = str(getattr(features, "query_type", None) or "general")
    intent = str(getattr(features, "intent", None) or "")
    simple = bool(getattr(features, "is_simple", False))
    in_tokens = context_tokens if context_tokens is not None else _prompt_tokens(features)
    out_tokens = SIMPLE_OUTPUT_TOKENS if simple else DEFAULT_OUTPUT_TOKENS
    learned = _learned(adjustments, query_type)
    lam = _lambda(cost_sensitivity)

    candidates: list[ModelCandidate] = []
    for alias in order:
        profile = profiles[alias]
        if _too_long(profile, in_tokens + out_tokens):
            continue
        quality, value = _expected_quality(profile, difficulty, intent, query_type, learned.get(alias))
        cost = _cost(profile, in_tokens, out_tokens)
        candidates.append(ModelCandidate(alias, quality, cost, quality - lam * cost, value))
    if not candidates:
        raise _fits_no_model(order, profiles, in_tokens)
    best = max(candidates, key=lambda c: (c.utility, -c.cost))
    if simple and cost_sensitivity > 0.0:
        best = min(candidates, key=lambda c: c.cost)
    start = [c.alias for c in candidates].index(best.alias)
    cascade = tuple(c.alias for c in candidates[start:])[: max_escalations + 1]
    top_quality = max(c.quality for c in candidates)
    score = max(0.0, min(1.0, top_quality - best.quality)) if best.quality < top_quality else 0.0
    reason = _reason(best, candidates, difficulty, query_type, cost_sensitivity, simple)
    if note:
        reason = f"{reason}; {note}"
    return RouteDecision(
        model=best.alias,
        cascade=cascade,
        reason=reason,
        estimated_cost=best.cost,
        score=score,
        cost_sensitivity=cost_sensitivity,
        candidates=tuple(candidates),
    )


def check_cascade(cascade_order: Sequence[str], profiles: Mapping[str, Any]) -> list[str]:
    """The cascade's aliases, checked: not empty, each with a profile that has prices."""
    order = [a for a in cascade_order if a]
    if not order:
        raise RoutingError("the cascade is empty; set RLM_CASCADE_ORDER to model aliases, e.g. haiku,sonnet,opus")
    for alias in order:
        if alias not in profiles:
            known = ", ".join(sorted(profiles)) or "none"
            raise RoutingError(f"model alias {alias!r} has no profile (known: {known}); add it to RLM_MODELS_FILE")
        profile = profiles[alias]
        prices = (_price(profile, "in"), _price(profile, "out"))
        if any(p is None or p < 0 or math.isnan(p) for p in prices):
            raise RoutingError(
                f"model profile {alias!r} has no prices; give it input_cost_per_1k and output_cost_per_1k"
            )
    return order


def _learned_route(features: RouteFeatures, learned: LearnedChoice, order: list[str], profiles: Mapping[str, Any],
                   cost_sensitivity: float, max_escalations: int, context_tokens: int | None,
                   note: str | None) -> RouteDecision:
    """The learned router's first hop (weak or strong tier), over the checked cascade."""
    simple = bool(getattr(features, "is_simple", False))
    in_tokens = context_tokens if context_tokens is not None else _prompt_tokens(features)
    out_tokens = SIMPLE_OUTPUT_TOKENS if simple else DEFAULT_OUTPUT_TOKENS
    lam = _lambda(cost_sensitivity)
    estimated = {learned.weak: learned.p_weak, learned.strong: learned.p_strong}
    fitting = [a for a in order if not _too_long(profiles[a], in_tokens + out_tokens)]
    if not fitting:
        raise _fits_no_model(order, profiles, in_tokens)
    candidates = []
    for alias in fitting:
        if alias in estimated:  # the two tiers the learned router estimates
            cost = _cost(profiles[alias], in_tokens, out_tokens)
            quality = float(estimated[alias])
            candidates.append(ModelCandidate(alias, quality, cost, quality - lam * cost, quality))
    wanted = learned.first
    first = next((a for a in order[order.index(wanted):] if a in fitting), fitting[-1])
    start = fitting.index(first)
    cascade = tuple(fitting[start:])[: max_escalations + 1]
    cost = _cost(profiles[first], in_tokens, out_tokens)
    reason = _learned_reason(learned, first, cost, cost_sensitivity)
    if first != wanted:
        reason += f"; {wanted} skipped: the query does not fit its context window"
    if note:
        reason = f"{reason}; {note}"
    return RouteDecision(
        model=first,
        cascade=cascade,
        reason=reason,
        estimated_cost=cost,
        score=max(0.0, min(1.0, float(learned.gain))),
        cost_sensitivity=cost_sensitivity,
        candidates=tuple(candidates),
        learned=learned.summary(),
    )


def _fits_no_model(order: list[str], profiles: Mapping[str, Any], in_tokens: int) -> RoutingError:
    biggest = max(order, key=lambda a: _context_window(profiles[a]) or 0)
    return ContextWindowError(
        f"the query (~{in_tokens} tokens) fits no model's context window; the largest is "
        f"{biggest!r} with {_context_window(profiles[biggest])} tokens — shorten the context"
    )


def _too_long(profile: Any, tokens: int) -> bool:
    window = _context_window(profile)
    return bool(window) and tokens > window


def _learned_reason(learned: LearnedChoice, first: str, cost: float, cost_sensitivity: float) -> str:
    other = learned.weak if learned.strong_first else learned.strong
    parts = [
        f"{first} first (learned router): estimated success {learned.weak} {learned.p_weak:.2f} "
        f"(evidence {learned.evidence_weak:.2f}), {learned.strong} {learned.p_strong:.2f} "
        f"(evidence {learned.evidence_strong:.2f}), gain {learned.gain:+.2f}",
        f"{learned.observations} rated answers learned from"
        + (" on top of the offline prior" if getattr(learned, "prior", False) else ""),
        f"cost sensitivity {cost_sensitivity:.2f}",
        f"${cost:.5f}",
        f"explores {getattr(learned, 'exploration', 0.0):.1%} of decisions",
    ]
    if learned.explored:
        parts.append(f"explored: {other} was the router's pick, {first} tried to keep learning")
    return "; ".join(parts)


def _price(profile: Any, side: str) -> float | None:
    for name in (f"{side}put_cost_per_1k", f"cost_per_1k_{side}", f"cost_per_1k_{side}put"):
        value = getattr(profile, name, None)
        if value is None and isinstance(profile, Mapping):
            value = profile.get(name)
        if value is not None:
            try:
                return float(value)
            except (TypeError, ValueError):
                return None
    return None


def _attr(profile: Any, name: str, default: Any = None) -> Any:
    if isinstance(profile, Mapping):
        return profile.get(name, default)
    return getattr(profile, name, default)


def _context_window(profile: Any) -> int | None:
    value = _attr(profile, "context_window")
    return int(value) if value else None


def context_window(profiles: Mapping[str, Any], alias: str) -> int | None:
    """A model alias's context window in tokens (None when the alias or its window is unknown)."""
    profile = profiles.get(alias)
    return _context_window(profile) if profile is not None else None


def _difficulty(features: RouteFeatures) -> float:
    value = getattr(features, "difficulty", 0.5)
    value = getattr(value, "score", value)
    try:
        return min(1.0, max(0.0, float(value)))
    except (TypeError, ValueError):
        return 0.5


def _prompt_tokens(features: RouteFeatures) -> int:
    chars = getattr(features, "chars", None) or getattr(features, "context_tokens", 0) * CHARS_PER_TOKEN
    return max(1, int(chars) // CHARS_PER_TOKEN)


def _learned(adjustments: AdjustmentReader | None, query_type: str) -> dict[str, float]:
    if adjustments is None:
        return {}
    stats = getattr(adjustments, "stats", None)
    if callable(stats):  # counts known: ignore values resting on too few observations
        return {
            s.item: s.value
            for s in stats("routing", query_type)
            if getattr(s, "count", LEARNED_MIN_COUNT) >= LEARNED_MIN_COUNT
        }
    return dict(adjustments.scores("routing", query_type))


def _expected_quality(
    profile: Any, difficulty: float, intent: str, query_type: str, learned: float | None
) -> tuple[float, float | None]:
    base = float(_attr(profile, "quality", _attr(profile, "quality_baseline", 0.7)) or 0.7)
    base = min(max(base, 0.01), 0.99)
    failure = (1.0 - base) * (EASY_FAILURE + HARD_FAILURE * difficulty)
    strengths = {str(s).lower() for s in (_attr(profile, "strengths", ()) or ())}
    if strengths & {intent.lower(), query_type.lower()}:
        failure *= STRENGTH_FAILURE
    quality = min(max(1.0 - failure, 0.01), 0.99)
    logit = math.log(quality / (1 - quality))
    if learned is not None:
        logit += LEARNED_WEIGHT * (float(learned) - base)
    return 1.0 / (1.0 + math.exp(-logit)), learned


def _cost(profile: Any, in_tokens: int, out_tokens: int) -> float:
    return (in_tokens * (_price(profile, "in") or 0.0) + out_tokens * (_price(profile, "out") or 0.0)) / 1000.0


def _lambda(cost_sensitivity: float) -> float:
    if cost_sensitivity >= 1.0:
        return MAX_LAMBDA
    return cost_sensitivity / (1.0 - cost_sensitivity) / COST_SCALE


def _reason(
    best: ModelCandidate,
    candidates: list[ModelCandidate],
    difficulty: float,
    query_type: str,
    cost_sensitivity: float,
    simple: bool,
) -> str:
    parts = [f"{best.alias}: expected quality {best.quality:.2f} at ${best.cost:.5f}"]
    if simple:
        parts.append("simple query → cheapest model")
    parts.append(f"difficulty {difficulty:.2f}, query type {query_type}, cost sensitivity {cost_sensitivity:.2f}")
    if best.learned is not None:
        parts.append(f"learned satisfaction {best.learned:.2f}")
    others = [c for c in candidates if c.alias != best.alias]
    if others:
        parts.append("vs " + ", ".join(f"{c.alias} q={c.quality:.2f} ${c.cost:.5f}" for c in others))
    return "; ".join(parts)
