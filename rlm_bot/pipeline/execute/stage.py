"""Stage 6, execute: answer a routed query by cascade, by LATS tool search when tools are needed,
or by a Scheme orchestration program for long inputs.

`execute(prompt, decision=..., client=..., settings=...) -> ExecutionResult`. A direct answer runs
the self-consistency cascade over the router's cascade (cascade.py). With a tool registry and
`use_tools=True` (the planner decided the query needs tools) it runs LATS (lats.py) with the
settings' rollout/depth/UCB limits; reflections of failed paths go to `on_experience`. With
`scheme=SchemeJob(...)` (the planner chose the scheme strategy) the prompt is read by a map-reduce
program in the Scheme sandbox (long_input.py), never sent whole in one call.

The three are Strategies (a name, `applies(request)`, `run(request)`) in the table STRATEGIES,
tried in order: execute() gathers its arguments into one ExecuteRequest and runs the first
strategy that applies. Each strategy reads its own fields of the request: the long-input run its
SchemeJob (the whole settings, the workspace, the background kept apart from the text), LATS the
tool registry, task type, learned tool values and experience sink, the cascade the system prompt,
embedder and streaming hooks; the planner (pipeline/plan.py) has already chosen which of them
the pipeline asks for.

Progress hooks, all optional: `on_tier` and `stream` go to the cascade (cascade.py), `on_rollout(n,
total)` to LATS; a Scheme run reports through its SchemeJob's `reporter`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from rlm_bot.config import RoutingSettings
from rlm_bot.pipeline.collaborators import ModelClient
from rlm_bot.pipeline.execute.agree import EmbedFn
from rlm_bot.pipeline.execute.cascade import CascadeResult, OnTier, Streamer, arun_cascade
from rlm_bot.pipeline.execute.lats import SearchResult, search
from rlm_bot.pipeline.execute.long_input import SchemeJob, run_scheme
from rlm_bot.pipeline.execute.result import ExecutionResult
from rlm_bot.pipeline.execute.tools import ToolRegistry
from rlm_bot.pipeline.route import RouteDecision
from rlm_bot.pipeline.types import StageTelemetry

if TYPE_CHECKING:  # annotations only
    from rlm_bot.llm import UsageMeter


async def aexecute(
    prompt: str | list[dict[str, Any]],
    *,
    decision: RouteDecision,
    client: ModelClient,
    settings: RoutingSettings,
    system: str | None = None,
    meter: UsageMeter | None = None,
    embed: EmbedFn | None = None,
    max_tokens: int | None = None,
    on_tier: OnTier | None = None,
    stream: Streamer | None = None,
) -> ExecutionResult:
    """Answer directly through the self-consistency cascade (async)."""
    started = time.perf_counter()
    result = await arun_cascade(
        client, prompt, decision.cascade, samples=settings.samples,
        confidence_threshold=settings.confidence_threshold, max_escalations=settings.max_escalations,
        system=system, max_tokens=max_tokens, meter=meter, embed=embed,
        sample_temperature=settings.sample_temperature, on_tier=on_tier, stream=stream,
    )
    return _from_cascade(result, started)


@dataclass(frozen=True)
class ExecuteRequest:
    """One routed query as the strategies receive it (execute()'s arguments, see its doc)."""

    prompt: str
    decision: RouteDecision
    client: ModelClient
    settings: RoutingSettings
    system: str | None = None
    meter: UsageMeter | None = None
    embed: EmbedFn | None = None
    tools: ToolRegistry | None = None
    use_tools: bool = False
    task_type: str = "question"
    learned_tools: Mapping[str, float] | None = None
    on_experience: Callable[[str, str, str], Any] | None = None
    scheme: SchemeJob | None = None
    on_tier: OnTier | None = None
    stream: Streamer | None = None
    on_rollout: Callable[[int, int], Any] | None = None


class Strategy(Protocol):
    """One way to answer a routed query; `name` is what its ExecutionResult records."""

    name: str

    def applies(self, request: ExecuteRequest) -> bool:
        """Whether this strategy is the one the request asks for."""
        ...

    def run(self, request: ExecuteRequest) -> ExecutionResult:
        """Answer the request."""
        ...


class LongInput:
    """A Scheme map-reduce program reads the prompt in parts (long_input.py)."""

    name = "scheme"

    def applies(self, request: ExecuteRequest) -> bool:
        """When the request carries a SchemeJob (the planner chose the scheme strategy)."""
        return request.scheme is not None

    def run(self, request: ExecuteRequest) -> ExecutionResult:
        """run_scheme over the prompt with the request's SchemeJob."""
        return run_scheme(request.prompt, decision=request.decision, client=request.client,
                          job=request.scheme)


class ToolSearch:
    """LATS over the tool registry (lats.py), with the settings' rollout/depth/UCB limits."""

    name = "lats"

    def applies(self, request: ExecuteRequest) -> bool:
        """When tools are asked for and some are registered."""
        return request.use_tools and request.tools is not None and bool(request.tools.tools)

    def run(self, request: ExecuteRequest) -> ExecutionResult:
        """Search a tool plan; the answer's path names the tools it used."""
        return _run_lats(request)


class Cascade:
    """The self-consistency cascade over the router's cascade (cascade.py)."""

    name = "cascade"

    def applies(self, request: ExecuteRequest) -> bool:
        """Always: the direct answer, when nothing else applies."""
        return True

    def run(self, request: ExecuteRequest) -> ExecutionResult:
        """aexecute, run to completion."""
        return asyncio.run(aexecute(request.prompt, decision=request.decision, client=request.client,
                                    settings=request.settings, system=request.system,
                                    meter=request.meter, embed=request.embed, on_tier=request.on_tier,
                                    stream=request.stream))


# tried in order; the last applies to every request
STRATEGIES: tuple[Strategy, ...] = (LongInput(), ToolSearch(), Cascade())


def execute(
    prompt: str,
    *,
    decision: RouteDecision,
    client: ModelClient,
    settings: RoutingSettings,
    system: str | None = None,
    meter: UsageMeter | None = None,
    embed: EmbedFn | None = None,
    tools: ToolRegistry | None = None,
    use_tools: bool = False,
    task_type: str = "question",
    learned_tools: Mapping[str, float] | None = None,
    on_experience: Callable[[str, str, str], Any] | None = None,
    scheme: SchemeJob | None = None,
    on_tier: OnTier | None = None,
    stream: Streamer | None = None,
    on_rollout: Callable[[int, int], Any] | None = None,
) -> ExecutionResult:
    """Run the plan for one routed query: a Scheme program, LATS over tools, or the cascade (sync
    entry): the first strategy of STRATEGIES that applies."""
    request = ExecuteRequest(prompt, decision, client, settings, system=system, meter=meter,
                             embed=embed, tools=tools, use_tools=use_tools, task_type=task_type,
                             learned_tools=learned_tools, on_experience=on_experience, scheme=scheme,
                             on_tier=on_tier, stream=stream, on_rollout=on_rollout)
    return next(s for s in STRATEGIES if s.applies(request)).run(request)


def _run_lats(request: ExecuteRequest) -> ExecutionResult:
    started = time.perf_counter()
    settings = request.settings
    planner = settings.lats_planner if settings.lats_planner else request.decision.model
    found: SearchResult = search(
        request.prompt, client=request.client, registry=request.tools, planner=planner,
        task_type=request.task_type, max_rollouts=settings.lats_max_rollouts,
        max_depth=settings.lats_max_depth, exploration_weight=settings.lats_exploration_weight,
        learned=request.learned_tools, on_experience=request.on_experience, meter=request.meter,
        on_rollout=request.on_rollout,
    )
    used = tuple(s.tried[-1] if s.tried else s.tool for s in found.steps if s.tool != "finish")
    reason = (f"LATS: {found.rollouts} rollouts, {found.nodes} nodes, {found.tool_calls} tool calls, "
              f"{len(found.reflections)} reflections; value {found.value:.2f}")
    telemetry = StageTelemetry("execute", (time.perf_counter() - started) * 1000.0,
                               "lats" if found.success else "lats-unsolved", reason,
                               {"steps": [s.__dict__ | {"tried": list(s.tried)} for s in found.steps]})
    return ExecutionResult(
        answer=found.answer or "I could not find a reliable answer with the tools available.",
        strategy="lats", model=planner, models=(planner,), confidence=found.value,
        cost=found.cost, tokens_in=found.tokens_in, tokens_out=found.tokens_out, calls=found.model_calls,
        tools=used, success=found.success, telemetry=telemetry,
        detail={"reflections": list(found.reflections), "rollouts": found.rollouts},
    )


def _from_cascade(result: CascadeResult, started: float) -> ExecutionResult:
    reason = "; ".join(f"{a.alias}: {a.reason}" for a in result.attempts)
    telemetry = StageTelemetry(
        "execute", (time.perf_counter() - started) * 1000.0,
        f"cascade→{result.model}", reason,
        {"attempts": [a.__dict__ for a in result.attempts], "calls": result.calls, "cost": result.cost},
    )
    return ExecutionResult(
        answer=result.answer, strategy="cascade", model=result.model, models=result.models,
        confidence=result.confidence, cost=result.cost, tokens_in=result.prompt_tokens,
        tokens_out=result.completion_tokens, calls=result.calls, tools=(), success=True,
        telemetry=telemetry,
    )

