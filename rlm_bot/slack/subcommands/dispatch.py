"""Read a `/rlm` line and run its subcommand: the same for Slack and the console."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from rlm_bot.errors import RlmError
from rlm_bot.memory.secrets import redact_secrets
from rlm_bot.slack.subcommands import budget, insight, memories, programs
from rlm_bot.slack.subcommands.text import one_line
from rlm_bot.slack.subcommands.types import CommandContext, CommandReply, Parsed, Services

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

Subcommand = Callable[[CommandContext, Services, str], CommandReply]
SUBCOMMANDS: dict[str, Subcommand] = {
    "remember": memories.remember, "forget": memories.forget, "memories": memories.memories,
    "budget": budget.budget, "status": insight.status, "why": insight.why,
    "report": insight.report, "feedback": insight.feedback, "scheme": programs.scheme,
    "plan": programs.plan,
}


def parse(text: str) -> Parsed:
    """What a `/rlm` line asks for: a subcommand, "ask" (also a bare question), "help", or
    "unknown" (a single word that is neither)."""
    text = (text or "").strip()
    word, _, rest = text.partition(" ")
    name = word.lower()
    if name in ("", "help"):
        return Parsed("help", "")
    if name in SUBCOMMANDS:
        return Parsed(name, rest.strip())
    if name == "ask":
        return Parsed("ask", rest.strip())
    if len(text.split()) >= 2 or text.endswith("?"):
        return Parsed("ask", text)
    return Parsed("unknown", word)


def unknown_help(word: str) -> str:
    """The help, after saying which subcommand was not understood."""
    return f"I don't know `/rlm {word}`.\n\n{HELP}"


def execute(name: str, rest: str, ctx: CommandContext, services: Services) -> CommandReply:
    """Run subcommand `name`; an RlmError becomes a failed reply saying what to do, any other
    error a failed reply with an error id (the detail is logged). Secrets never reach the text."""
    handler = SUBCOMMANDS.get(name)
    if handler is None:
        return CommandReply(unknown_help(name), ok=False)
    try:
        reply = handler(ctx, services, rest)
    except RlmError as exc:
        reply = CommandReply(one_line(str(exc)), ok=False)
    except Exception:  # noqa: BLE001 - never a traceback to the user
        error_id = uuid.uuid4().hex[:8]
        log.exception("/rlm %s failed (error id %s)", name, error_id)
        reply = CommandReply(f"Something went wrong on my side (error id `{error_id}`).", ok=False)
    known = getattr(services.settings, "secret_values", tuple)()  # the bot's own keys and tokens
    clean = redact_secrets(reply.text, known).text
    if clean == reply.text:
        return reply
    return CommandReply(clean, ok=reply.ok, report=reply.report, data=reply.data)
