"""`/rlm`: ask (the default), scheme, plan, remember, forget, memories, budget, status, why,
report, feedback, help. Every command is acknowledged at once; quick answers come with the ack,
long work answers through `response_url` (ephemeral) or, for `ask`, in a thread of the channel.
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from typing import Any

from rlm_bot.errors import RlmError
from rlm_bot.slack.bot import Request, SlackBot

log = logging.getLogger(__name__)

HELP = """*`/rlm` — what I can do*
• `/rlm <question>` or `/rlm ask <question>` — answer in a thread here
• `/rlm scheme <program>` — run a Scheme orchestration program (value and output shown)
• `/rlm plan <task>` — how I would orchestrate a task (patterns, cost)
• `/rlm remember <fact>` · `/rlm forget <id or words>` · `/rlm memories [words]`
• `/rlm budget` — your and this channel's budgets · admins: `/rlm budget user @someone 2.50`, `/rlm budget channel 10`, `… none` to remove
• `/rlm status` — calls in flight, queue, spend today
• `/rlm why [answer id]` — how the last answer here was produced
• `/rlm report` — what I learned this week
• `/rlm feedback +1|-1 [comment]` — rate my last answer to you
Mention me in a channel or DM me for the same answers with live progress."""
CODE_CHARS = 2800


def register_commands(app: Any, bot: SlackBot) -> None:
    """Attach the `/rlm` command listener."""

    @app.command("/rlm")
    def on_rlm(ack: Any, command: dict, respond: Any, client: Any, context: Any) -> None:
        text = str(command.get("text") or "").strip()
        name, _, rest = text.partition(" ")
        name = name.lower()
        if name in ("", "help"):
            ack(response_type="ephemeral", text=HELP)
            return
        handler = COMMANDS.get(name)
        if handler is None and name not in ("ask",) and not _looks_like_question(text):
            ack(response_type="ephemeral", text=f"I don't know `/rlm {name}`.\n\n{HELP}")
            return
        if handler is None:
            ack()
            _ask(bot, command, rest.strip() if name == "ask" else text, respond, client, context)
            return
        ack(response_type="ephemeral", text=f"_working on `/rlm {name}`…_")
        admission = bot.pool.submit(lambda: _run(handler, bot, command, rest.strip(), respond,
                                                 context))
        if not admission.accepted:
            respond(response_type="ephemeral", replace_original=True,
                    text="I'm busy right now and my queue is full — try again in a minute.")


def _looks_like_question(text: str) -> bool:
    """A first word that is not a subcommand starts a question (`/rlm what is …`)."""
    return len(text.split()) >= 2 or text.endswith("?")


def _run(handler: Callable[..., str], bot: SlackBot, command: dict, rest: str, respond: Any,
         context: Any) -> None:
    try:
        text = handler(bot, command, rest, context)
    except RlmError as exc:
        text = f":warning: {' '.join(str(exc).split())}"
    except Exception:  # noqa: BLE001 - never a traceback to the user
        error_id = uuid.uuid4().hex[:8]
        log.exception("/rlm %s failed (error id %s)", command.get("text"), error_id)
        text = f":warning: Something went wrong on my side (error id `{error_id}`)."
    from rlm_bot.memory.secrets import redact_secrets
    from rlm_bot.slack.format import neutralize

    try:
        respond(response_type="ephemeral", replace_original=True,
                text=neutralize(redact_secrets(text).text)[:3900])
    except Exception:  # noqa: BLE001
        log.warning("could not answer /rlm through response_url", exc_info=True)


def _ask(bot: SlackBot, command: dict, question: str, respond: Any, client: Any,
         context: Any) -> None:
    from slack_sdk.errors import SlackApiError

    from rlm_bot.slack.format import neutralize

    if not question:
        respond(response_type="ephemeral", text="Ask me something: `/rlm what is …`")
        return
    channel, user = command.get("channel_id", ""), command.get("user_id", "")
    try:
        head = client.chat_postMessage(channel=channel, text=f"<@{user}> asked: {neutralize(question)}",
                                       unfurl_links=False)
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else ""
        respond(response_type="ephemeral", text=(
            "I can't post in this channel" + (f" ({error})" if error else "")
            + " — invite me with `/invite @rlm_bot`, or DM me the question."))
        return
    ts = head.get("ts")
    team = str(context.get("team_id") or command.get("team_id") or "local")
    bot.accept(Request(text=question, user=user, channel=channel, team=team, ts=ts, thread_ts=ts,
                       is_dm=channel.startswith("D"), source="slack",
                       bot_user_id=context.get("bot_user_id")))


# --- subcommands: (bot, command, rest, context) -> reply text -----------------------------------


def _scope(command: dict, context: Any):
    from rlm_bot.memory.scope import Scope

    channel = command.get("channel_id", "")
    return Scope(workspace=_team(command, context), channel=channel,
                 user=command.get("user_id", ""), is_dm=channel.startswith("D"))


def _team(command: dict, context: Any) -> str:
    return str(context.get("team_id") or command.get("team_id") or "local")


def _memory(bot: SlackBot):
    memory = bot.pipeline.memory()
    if memory is None:
        raise RlmError("my memory is unavailable right now; try again later")
    return memory


def cmd_remember(bot: SlackBot, command: dict, rest: str, context: Any) -> str:
    """Keep a fact in this channel's memory (private in a DM)."""
    from rlm_bot.memory.scope import Owner

    if not rest:
        return "Tell me what to remember: `/rlm remember the deploy freeze starts on Fridays`"
    channel = command.get("channel_id", "")
    owner = Owner(workspace=_team(command, context), channel=channel,
                  user=command.get("user_id", ""), visibility="dm" if channel.startswith("D") else "channel")
    done = _memory(bot).add(rest, owner=owner, kind="fact", source="slack:/rlm remember")
    where = "privately (this DM)" if owner.visibility == "dm" else "for this channel"
    note = f" (I left out what looked like secrets: {', '.join(done.redacted)})" if done.redacted else ""
    verb = "Updated a memory I already had" if done.merged else "Remembered"
    return f"{verb} {where}{note}. Id `{done.id[:8]}` — `/rlm forget {done.id[:8]}` removes it."


def cmd_forget(bot: SlackBot, command: dict, rest: str, context: Any) -> str:
    """Forget a memory by id (prefix) or by close match of the words given."""
    if not rest:
        return "Tell me what to forget: an id from `/rlm memories`, or the words of the fact."
    memory = _memory(bot)
    scope = _scope(command, context)
    if re.fullmatch(r"[0-9a-f]{6,32}", rest):
        ids = [r.id for r in _visible(memory, scope) if r.id.startswith(rest)]
        gone = memory.forget(ids, workspace=scope.workspace)
    else:
        gone = memory.forget_matching(rest, scope)
    if not gone:
        return "I found nothing of that to forget here."
    return f"Forgot {len(gone)} memor{'y' if len(gone) == 1 else 'ies'}."


def _visible(memory: Any, scope: Any) -> list[Any]:
    records = memory.list(workspace=scope.workspace, limit=500)
    return [r for r in records if scope.allows(r) and r.visibility != "global"]


def cmd_memories(bot: SlackBot, command: dict, rest: str, context: Any) -> str:
    """What I remember here (matching the words given, if any)."""
    memory = _memory(bot)
    scope = _scope(command, context)
    if rest:
        records = [h.record for h in memory.search(rest, scope, k=10, touch=False)
                   if h.record.visibility != "global"]
    else:
        records = _visible(memory, scope)[:15]
    if not records:
        return "I remember nothing here yet. `/rlm remember …` keeps a fact."
    lines = [f"• `{r.id[:8]}` ({r.kind}) {_short(r.text, 160)}" for r in records]
    return "*What I remember here*\n" + "\n".join(lines)


def cmd_budget(bot: SlackBot, command: dict, rest: str, context: Any) -> str:
    """Show budgets, or (admins) set a user's or this channel's daily dollar budget."""
    team, user, channel = _team(command, context), command.get("user_id", ""), command.get("channel_id", "")
    limits = bot.limits()
    words = rest.split()
    if words and words[0].lower() in ("user", "channel"):
        if not limits.is_admin(user, slack_user=_slack_user(bot, user), settings=bot.settings.slack):
            return "Only workspace admins can set budgets."
        kind = words[0].lower()
        if kind == "user":
            if len(words) != 3 or not (m := re.fullmatch(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>", words[1])):
                return "Write `/rlm budget user @someone 2.50` (or `none`)."
            target, amount = m.group(1), words[2]
        else:
            if len(words) != 2:
                return "Write `/rlm budget channel 10` (or `none`) in the channel."
            target, amount = channel, words[1]
        dollars = None if amount.lower() in ("none", "off", "remove") else _dollars(amount)
        limits.set_budget(workspace=team, kind=kind, target=target, dollars=dollars, set_by=user)
        who = f"<@{target}>" if kind == "user" else "this channel"
        return (f"Removed the daily budget of {who}." if dollars is None
                else f"The daily budget of {who} is now {_money(dollars)}.")
    view = limits.budget_view(workspace=team, user=user, channel=channel)
    return _budget_text(view)


def _dollars(text: str) -> float:
    try:
        value = float(text.lstrip("$"))
    except ValueError:
        raise RlmError(f"{text!r} is not an amount of dollars; write e.g. 2.50") from None
    if value < 0 or value != value:
        raise RlmError("a budget cannot be negative")
    return value


def _budget_text(view: Any) -> str:
    def line(name: str, budget: Any, spent: float) -> str:
        if budget is None:
            return f"• {name}: no daily budget · ${spent:.4f} spent today"
        return f"• {name}: {_money(budget)} a day · ${spent:.4f} spent today"
    lines = ["*Budgets*", line("You", view.user_budget, view.user_spent),
             line("This channel", view.channel_budget, view.channel_spent)]
    if getattr(view, "resets_at", None):
        lines.append(f"Budgets reset at {view.resets_at:%H:%M} UTC.")
    return "\n".join(lines)


def _money(dollars: float) -> str:
    """Dollars as set: cents, or every significant digit of a budget under a cent."""
    if 0 < dollars < 0.01:
        return "$" + f"{dollars:.8f}".rstrip("0")
    return f"${dollars:,.2f}"


def _slack_user(bot: SlackBot, user: str) -> dict | None:
    try:
        return bot.client.users_info(user=user).get("user")
    except Exception:  # noqa: BLE001
        return None


def cmd_status(bot: SlackBot, command: dict, rest: str, context: Any) -> str:
    """Calls in flight, the queue, and spend today."""
    pool = bot.pool.stats()
    lines = ["*Status*", f"• requests: {pool['running']} running, {pool['queued']} queued "
             f"(pool {pool['workers']} × queue {pool['queue_size']})"]
    llm = bot.pipeline.llm
    if llm is not None:
        status = llm.status()
        lines.append(f"• model calls in flight: {status.get('in_flight', 0)}")
    else:
        lines.append("• no model configured (computations still work)")
    try:
        view = bot.limits().budget_view(workspace=_team(command, context),
                                        user=command.get("user_id", ""),
                                        channel=command.get("channel_id", ""))
        lines.append(f"• spent today: you ${view.user_spent:.4f}, this channel ${view.channel_spent:.4f}")
    except ImportError:
        pass
    return "\n".join(lines)


def cmd_why(bot: SlackBot, command: dict, rest: str, context: Any) -> str:
    """The stage telemetry of the last answer here, or of the answer id given."""
    import sqlalchemy as sa

    from rlm_bot.learning.outcomes import stage_events
    from rlm_bot.storage.models import Outcome

    with bot.db.session() as s:
        query = sa.select(Outcome).where(Outcome.workspace == _team(command, context))
        if rest:
            query = query.where(Outcome.id.startswith(rest.strip("`")))
        else:
            query = query.where(Outcome.channel == command.get("channel_id", ""))
        outcome = s.scalars(query.order_by(Outcome.created_at.desc()).limit(1)).first()
    if outcome is None:
        return "I have no answer here to explain yet." if not rest else f"No answer with id `{rest}`."
    lines = [f"*How answer `{outcome.id[:8]}` was produced* ({outcome.strategy or '-'}, "
             f"${outcome.cost or 0:.4f}, {(outcome.latency_ms or 0) / 1000:.1f} s)"]
    for stage in stage_events(bot.db, outcome.id):
        reason = f" — {_short(stage.reason, 160)}" if stage.reason else ""
        lines.append(f"• *{stage.stage}* {stage.duration_ms:.0f} ms: {_short(stage.decision, 120)}{reason}")
    if not outcome.success:
        lines.append(f"• failed: {outcome.error_class}")
    return "\n".join(lines)


def cmd_report(bot: SlackBot, command: dict, rest: str, context: Any) -> str:
    """What I learned in the last seven days."""
    from datetime import datetime, timedelta, timezone

    from rlm_bot.learning.report import build_report

    now = datetime.now(timezone.utc)
    report = build_report(bot.db, since=now - timedelta(days=7), until=now, settings=bot.settings)
    note = _upload_charts(bot, command, report)
    return report.to_text() + (f"\n\n{note}" if note else "")


def _upload_charts(bot: SlackBot, command: dict, report: Any) -> str:
    """The report's charts, uploaded where only the requester sees them: their DM with the bot
    (an ephemeral answer cannot carry files, and the channel would show them to everyone)."""
    import tempfile
    from pathlib import Path

    from slack_sdk.errors import SlackApiError

    from rlm_bot.learning.charts import render_charts
    from rlm_bot.learning.post import CHART_TITLES

    user, channel = command.get("user_id", ""), command.get("channel_id", "")
    try:
        dm = channel if channel.startswith("D") else bot.client.conversations_open(users=user)["channel"]["id"]
        with tempfile.TemporaryDirectory(prefix="rlm-report-") as tmp:
            paths = render_charts(report, Path(tmp))
            bot.client.files_upload_v2(
                channel=dm, initial_comment="Charts of your `/rlm report`",
                file_uploads=[{"file": str(p), "filename": p.name,
                               "title": CHART_TITLES.get(p.stem, p.stem)} for p in paths])
    except SlackApiError as exc:
        log.info("could not upload the report's charts: %s", exc)
        return "_I could not send you the charts (Slack refused the upload)._"
    return "_The charts are in your DM with me._"


def cmd_feedback(bot: SlackBot, command: dict, rest: str, context: Any) -> str:
    """Rate my last answer to you: +1 or -1, with an optional comment."""
    from rlm_bot.learning.feedback import Satisfaction

    sat = bot.pipeline._engine("satisfaction", lambda: Satisfaction(bot.db, bot.settings.learning,
                                                                    bot.pipeline.learner()))
    try:
        done = sat.command(user_id=command.get("user_id", ""), text=rest,
                           channel=command.get("channel_id"))
    except ValueError as exc:
        return f"{exc}. Write `/rlm feedback +1` or `/rlm feedback -1 it missed the point`."
    if done.outcome_id is None:
        return "I have no answer of yours to rate yet."
    return f"Thanks — recorded for answer `{done.outcome_id[:8]}`."


def cmd_scheme(bot: SlackBot, command: dict, rest: str, context: Any) -> str:
    """Run a Scheme program and show its value and output."""
    from rlm_bot.scheme.runtime import open_session

    source = _unfence(rest)
    if not source:
        return "Give me a program: `/rlm scheme (finish (+ 1 2))`"
    rt = open_session(bot.settings, workspace=_team(command, context))
    try:
        outcome = rt.execute(source, timeout=bot.settings.scheme.timeout_seconds)
    finally:
        rt.close()
        rt.gateway.close()
    result = outcome.extra["engine"]
    parts = []
    if result.output:
        parts.append("*Output*\n```" + _short(result.output, CODE_CHARS) + "```")
    if result.ok:
        parts.append("*Value*\n```" + _short(result.value_text() or "(no value)", CODE_CHARS) + "```")
    else:
        parts.append(f"*Error*: {_short(str(result.error), 600)}")
    parts.append(f"_{outcome.tokens} tokens · ${outcome.cost:.4f}_")
    return "\n".join(parts)


def cmd_plan(bot: SlackBot, command: dict, rest: str, context: Any) -> str:
    """How I would orchestrate a task with the Scheme patterns."""
    from rlm_bot.scheme.runtime import plan_strategy

    if not rest:
        return "Describe the task: `/rlm plan summarise each of 40 support tickets`"
    plan = plan_strategy(rest).to_dict()
    primary = plan.get("primary") or {}
    patterns = ", ".join(primary.get("patterns") or []) or "-"
    models = ", ".join(f"{role}: {alias}" for role, alias in (primary.get("models") or {}).items())
    lines = [f"*Plan for:* {_short(rest, 200)}",
             f"• strategy: *{primary.get('name', '-')}* ({patterns}) — "
             f"{_short(str(primary.get('rationale', '')), 300)}"]
    if models:
        lines.append(f"• models: {models}")
    for key in ("estimated_calls", "estimated_tokens", "estimated_cost", "estimated_latency_s"):
        if key in primary:
            lines.append(f"• {key.replace('_', ' ').replace(' s', ' (s)')}: {primary[key]}")
    others = [a.get("name") for a in plan.get("alternatives") or [] if a.get("name")]
    if others:
        lines.append(f"• alternatives: {', '.join(others)}")
    program = primary.get("program")
    if program:
        lines.append("```" + _short(str(program), CODE_CHARS) + "```")
    return "\n".join(lines)


def _unfence(text: str) -> str:
    text = text.strip()
    match = re.fullmatch(r"```(?:\w+\n)?(.*?)```", text, re.S)
    text = match.group(1) if match else text
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()


def _short(text: str, limit: int) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


COMMANDS: dict[str, Callable[..., str]] = {
    "remember": cmd_remember, "forget": cmd_forget, "memories": cmd_memories,
    "budget": cmd_budget, "status": cmd_status, "why": cmd_why, "report": cmd_report,
    "feedback": cmd_feedback, "scheme": cmd_scheme, "plan": cmd_plan,
}
