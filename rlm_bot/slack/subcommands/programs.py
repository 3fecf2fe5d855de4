"""`/rlm scheme` and `/rlm plan`: run an orchestration program, or say how a task would be run."""

from __future__ import annotations

from rlm_bot.scheme.runtime import open_session, plan_strategy
from rlm_bot.slack.subcommands.text import code, short, unfence
from rlm_bot.slack.subcommands.types import CommandContext, CommandReply, Services

ESTIMATES = (("estimated_calls", "calls"), ("estimated_tokens", "tokens"),
             ("estimated_cost", "cost ($)"), ("estimated_latency_s", "latency (s)"))


def scheme(ctx: CommandContext, services: Services, rest: str) -> CommandReply:
    """Run a Scheme program; its output and value in code blocks, or its error named."""
    source = unfence(rest)
    if not source:
        return CommandReply("Give me a program: `/rlm scheme (finish (+ 1 2))`")
    settings = services.settings
    rt = open_session(settings, workspace=ctx.workspace)
    try:
        outcome = rt.execute(source, timeout=settings.scheme.timeout_seconds)
    finally:
        rt.close()
        rt.gateway.close()
    result = outcome.extra["engine"]
    parts = []
    if result.output:
        parts.append("*Output*\n" + code(result.output))
    if result.ok:
        parts.append("*Value*\n" + code(result.value_text() or "(no value)"))
    else:
        parts.append(f"*Error*: {short(str(result.error), 600)}")
    parts.append(f"_{outcome.tokens} tokens · ${outcome.cost:.4f}_")
    return CommandReply("\n".join(parts), ok=bool(result.ok), data={
        "value": result.value_text() if result.ok else None, "output": result.output,
        "error": None if result.ok else str(result.error)})


def plan(ctx: CommandContext, services: Services, rest: str) -> CommandReply:
    """How I would orchestrate a task: the strategy, its patterns and models, estimates, program."""
    if not rest:
        return CommandReply("Describe the task: `/rlm plan summarise each of 40 support tickets`")
    planned = plan_strategy(rest).to_dict()
    primary = planned.get("primary") or {}
    patterns = ", ".join(primary.get("patterns") or []) or "-"
    lines = [f"*Plan for:* {short(rest, 200)}",
             f"• strategy: *{primary.get('name', '-')}* ({patterns}) — "
             f"{short(primary.get('rationale', ''), 300)}"]
    models = ", ".join(f"{role}: {alias}" for role, alias in (primary.get("models") or {}).items())
    if models:
        lines.append(f"• models: {models}")
    estimates = [f"{primary[key]} {label}" for key, label in ESTIMATES if key in primary]
    if estimates:
        lines.append(f"• estimated: {' · '.join(estimates)}")
    others = [a.get("name") for a in planned.get("alternatives") or [] if a.get("name")]
    if others:
        lines.append(f"• alternatives: {', '.join(others)}")
    if primary.get("program"):
        lines.append(code(str(primary["program"])))
    return CommandReply("\n".join(lines), data={"plan": planned})
