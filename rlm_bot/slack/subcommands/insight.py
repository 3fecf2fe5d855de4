"""`/rlm status`, `why`, `report` and `feedback`: what the bot is doing, did, learned, and how
its last answer to you was received."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from rlm_bot.learning.outcomes import stage_events
from rlm_bot.learning.report import build_report
from rlm_bot.slack.subcommands.text import short
from rlm_bot.slack.subcommands.types import CommandContext, CommandReply, Services
from rlm_bot.storage.models import Outcome

REPORT_DAYS = 7


def status(ctx: CommandContext, services: Services, rest: str) -> CommandReply:
    """Requests running and queued, model calls in flight, and spend today."""
    lines = ["*Status*"]
    if services.pool_stats is not None:
        pool = services.pool_stats()
        lines.append(f"• requests: {pool['running']} running, {pool['queued']} queued "
                     f"(pool {pool['workers']} × queue {pool['queue_size']})")
    else:
        lines.append("• requests: one at a time here, none queued")
    llm = services.pipeline.llm
    if llm is None:
        lines.append("• no model configured (computations still work)")
    else:
        lines.append(f"• model calls in flight: {llm.status().get('in_flight', 0)}")
    limits = services.limits()
    user = limits.spend_today(workspace=ctx.workspace, user=ctx.user)
    channel = limits.spend_today(workspace=ctx.workspace, channel=ctx.channel)
    lines.append(f"• spent today: you ${user:.4f}, this channel ${channel:.4f}")
    return CommandReply("\n".join(lines))


def why(ctx: CommandContext, services: Services, rest: str) -> CommandReply:
    """The stage telemetry of the last answer here, or of the answer id given."""
    import sqlalchemy as sa

    wanted = rest.strip("` ").lower()
    with services.db.session() as s:
        query = sa.select(Outcome).where(Outcome.workspace == ctx.workspace)
        if wanted:
            query = query.where(Outcome.id.startswith(wanted))
        else:
            query = query.where(Outcome.channel == ctx.channel)
        outcome = s.scalars(query.order_by(Outcome.created_at.desc()).limit(1)).first()
    if outcome is None:
        return CommandReply(f"No answer with id `{short(wanted, 40)}` here." if wanted
                            else "I have no answer here to explain yet.")
    lines = [f"*How answer `{outcome.id[:8]}` was produced* ({outcome.strategy or '-'}, "
             f"${outcome.cost or 0:.4f}, {(outcome.latency_ms or 0) / 1000:.1f} s)"]
    stages = stage_events(services.db, outcome.id)
    for stage in stages:
        reason = f" — {short(stage.reason, 160)}" if stage.reason else ""
        lines.append(f"• *{stage.stage}* {stage.duration_ms:.0f} ms: {short(stage.decision, 120)}{reason}")
    if not outcome.success:
        lines.append(f"• failed: {outcome.error_class}")
    return CommandReply("\n".join(lines), data={
        "outcome_id": outcome.id, "stages": [s.stage for s in stages]})


def report(ctx: CommandContext, services: Services, rest: str) -> CommandReply:
    """What I learned in the last seven days (the front end delivers the charts)."""
    now = datetime.now(timezone.utc)
    built = build_report(services.db, since=now - timedelta(days=REPORT_DAYS), until=now,
                         settings=services.settings)
    return CommandReply(built.to_text(), report=built)


def feedback(ctx: CommandContext, services: Services, rest: str) -> CommandReply:
    """Rate my last answer to you: +1 or -1 (good / bad), with an optional comment."""
    try:
        done = services.satisfaction().command(user_id=ctx.user, text=rest, channel=ctx.channel)
    except ValueError as exc:
        return CommandReply(f"{exc}. Write `/rlm feedback +1` or `/rlm feedback -1 it missed the point`.",
                            ok=False)
    if done.outcome_id is None:
        return CommandReply("I have no answer of yours to rate yet.", ok=False)
    return CommandReply(f"Thanks — recorded for answer `{done.outcome_id[:8]}`.",
                        data={"outcome_id": done.outcome_id, "satisfaction": done.satisfaction})
