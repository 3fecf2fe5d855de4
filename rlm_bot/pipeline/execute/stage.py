"""Stage 6, execute: answer a routed query by cascade, by LATS tool search when tools are needed,
or by a Scheme orchestration program for long inputs.

`execute(prompt, decision=..., client=..., settings=...) -> ExecutionResult`. A direct answer runs
the self-consistency cascade over the router's cascade (cascade.py). With a tool registry and
`use_tools=True` (the planner decided the query needs tools) it runs LATS (lats.py) with the
settings' rollout/depth/UCB limits; reflections of failed paths go to `on_experience`. With
`scheme=SchemeJob(...)` (the planner chose the scheme strategy) the prompt is read by a map-reduce
program in the Scheme sandbox (long_input.py), never sent whole in one call.

Progress hooks, all optional: `on_tier` and `stream` go to the cascade (cascade.py), `on_rollout(n,
total)` to LATS; a Scheme run reports through its SchemeJob's `reporter`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

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
    """Run the plan for one routed query: a Scheme program, LATS over tools, or the cascade (sync entry)."""
    if scheme is not None:
        return run_scheme(prompt, decision=decision, client=client, job=scheme)
    if use_tools and tools is not None and tools.tools:
        return _run_lats(prompt, decision, client, settings, tools, task_type, learned_tools,
                         on_experience, meter, on_rollout)
    return asyncio.run(aexecute(prompt, decision=decision, client=client, settings=settings,
                                system=system, meter=meter, embed=embed, on_tier=on_tier, stream=stream))


def _run_lats(prompt, decision, client, settings, tools, task_type, learned_tools, on_experience, meter,
              on_rollout=None):
    started = time.perf_counter()
    planner = settings.lats_planner if settings.lats_planner else decision.model
    found: SearchResult = search(
        prompt, client=client, registry=tools, planner=planner, task_type=task_type,
        max_rollouts=settings.lats_max_rollouts, max_depth=settings.lats_max_depth,
        exploration_weight=settings.lats_exploration_weight, learned=learned_tools,
        on_experience=on_experience, meter=meter, on_rollout=on_rollout,
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

