"""`/rlm budget`: show the requester's and the channel's daily budgets; admins set them."""

from __future__ import annotations

import re
from typing import Any

from rlm_bot.errors import RlmError
from rlm_bot.slack.subcommands.text import money
from rlm_bot.slack.subcommands.types import CommandContext, CommandReply, Services

# `<@U123>` / `<@U123|name>` as Slack sends a mention, or `@U123` / `U123` as typed in a console
USER_REF = re.compile(r"<?@?([UW][A-Z0-9]{2,})(?:\|[^>]*)?>?")
REMOVE = ("none", "off", "remove")


def budget(ctx: CommandContext, services: Services, rest: str) -> CommandReply:
    """Show budgets, or (admins) set a user's or this channel's daily dollar budget."""
    limits = services.limits()
    words = rest.split()
    if not words or words[0].lower() not in ("user", "channel"):
        return CommandReply(_view_text(limits.budget_view(workspace=ctx.workspace, user=ctx.user,
                                                          channel=ctx.channel)))
    if not services.is_admin(ctx.user):
        return CommandReply("Only workspace admins can set budgets.", ok=False)
    kind = words[0].lower()
    if kind == "user":
        match = USER_REF.fullmatch(words[1]) if len(words) == 3 else None
        if match is None:
            return CommandReply("Write `/rlm budget user @someone 2.50` (or `none`).", ok=False)
        target, amount = match.group(1), words[2]
    else:
        if len(words) != 2:
            return CommandReply("Write `/rlm budget channel 10` (or `none`) in the channel.", ok=False)
        target, amount = ctx.channel, words[1]
    dollars = None if amount.lower() in REMOVE else _dollars(amount)
    limits.set_budget(workspace=ctx.workspace, kind=kind, target=target, dollars=dollars,
                      set_by=ctx.user)
    who = f"<@{target}>" if kind == "user" else "this channel"
    text = (f"Removed the daily budget of {who}." if dollars is None
            else f"The daily budget of {who} is now {money(dollars)}.")
    return CommandReply(text, data={"kind": kind, "target": target, "dollars": dollars})


def _dollars(text: str) -> float:
    """The amount written (`2.50`, `$2.50`); its range is Limits.set_budget's to judge."""
    try:
        return float(text.lstrip("$"))
    except ValueError:
        raise RlmError(f"{text!r} is not an amount of dollars; write e.g. 2.50") from None


def _view_text(view: Any) -> str:
    def line(name: str, budget: float | None, spent: float) -> str:
        if budget is None:
            return f"• {name}: no daily budget · ${spent:.4f} spent today"
        return f"• {name}: {money(budget)} a day · ${spent:.4f} spent today"
    return "\n".join(["*Budgets*", line("You", view.user_budget, view.user_spent),
                      line("This channel", view.channel_budget, view.channel_spent),
                      f"Budgets reset at {view.resets_at:%H:%M} UTC."])
