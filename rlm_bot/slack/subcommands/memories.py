"""`/rlm remember`, `forget` and `memories`: the scoped memory store, as the requester sees it."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rlm_bot.errors import RlmError
from rlm_bot.slack.subcommands.text import short
from rlm_bot.slack.subcommands.types import CommandContext, CommandReply, Services

if TYPE_CHECKING:  # annotations only: the store loads SQLAlchemy
    from rlm_bot.memory.store import MemoryStore

LISTED = 15
SEARCHED = 10
SCANNED = 500


def _memory(services: Services):
    memory = services.pipeline.memory()
    if memory is None:
        raise RlmError("my memory is unavailable right now; try again later")
    return memory


def remember(ctx: CommandContext, services: Services, rest: str) -> CommandReply:
    """Keep a fact in this channel's memory (private in a DM); secrets are left out or refused."""
    if not rest:
        return CommandReply("Tell me what to remember: `/rlm remember the deploy freeze starts on Fridays`")
    owner = ctx.owner()
    done = _memory(services).add(rest, owner=owner, kind="fact", source="/rlm remember")
    where = "privately (only you, in a DM with me)" if owner.visibility == "dm" else "for this channel"
    note = f" (I left out what looked like secrets: {', '.join(done.redacted)})" if done.redacted else ""
    verb = "Updated a memory I already had" if done.merged else "Remembered"
    return CommandReply(f"{verb} {where}{note}. Id `{done.id[:8]}` — `/rlm forget {done.id[:8]}` "
                        "removes it.", data={"id": done.id, "merged": done.merged,
                                             "redacted": list(done.redacted)})


def forget(ctx: CommandContext, services: Services, rest: str) -> CommandReply:
    """Forget a memory seen here, by id (a prefix of 6+ hex digits) or by the words of the fact."""
    if not rest:
        return CommandReply("Tell me what to forget: an id from `/rlm memories`, or the words of the fact.")
    memory, scope = _memory(services), ctx.scope()
    if re.fullmatch(r"[0-9a-f]{6,32}", rest):
        ids = [r.id for r in visible(memory, ctx) if r.id.startswith(rest)]
        gone = memory.forget(ids, workspace=scope.workspace)
    else:
        gone = memory.forget_matching(rest, scope)
    if not gone:
        return CommandReply("I found nothing of that to forget here.")
    return CommandReply(f"Forgot {len(gone)} memor{'y' if len(gone) == 1 else 'ies'}.",
                        data={"forgotten": gone})


def memories(ctx: CommandContext, services: Services, rest: str) -> CommandReply:
    """What I remember here (matching the words given, if any); never another scope's memories."""
    memory, scope = _memory(services), ctx.scope()
    if rest:
        # the packaged guide is not what the team told the bot: left out of the search itself,
        # so it takes none of the places
        records = [h.record for h in memory.search(rest, replace(scope, include_global=False),
                                                   k=SEARCHED, touch=False)]
    else:
        records = visible(memory, ctx)[:LISTED]
    if not records:
        return CommandReply("I remember nothing here yet. `/rlm remember …` keeps a fact.")
    lines = [f"• `{r.id[:8]}` ({r.kind}) {short(r.text, 160)}" for r in records]
    return CommandReply("*What I remember here*\n" + "\n".join(lines),
                        data={"memories": [{"id": r.id, "kind": r.kind, "text": r.text}
                                           for r in records]})


def visible(memory: MemoryStore, ctx: CommandContext) -> list[Any]:
    """The workspace's newest memories this requester may see (seed knowledge left out)."""
    scope = ctx.scope()
    records = memory.list(workspace=scope.workspace, limit=SCANNED)
    return [r for r in records if scope.allows(r) and r.visibility != "global"]
