"""What a `/rlm` subcommand is given and what it hands back, whatever the front end."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rlm_bot.learning.feedback import Satisfaction
from rlm_bot.limits import Limits
from rlm_bot.memory.scope import Owner, Scope
from rlm_bot.pipeline.pipeline import Pipeline


@dataclass(frozen=True)
class CommandContext:
    """Who asks and where: the workspace, the channel (a DM's id, or "console"), the user."""

    workspace: str
    channel: str
    user: str
    is_dm: bool = False

    def scope(self):
        """The memory scope of the requester (what they may see here)."""
        return Scope(workspace=self.workspace, channel=self.channel, user=self.user,
                     is_dm=self.is_dm)

    def owner(self):
        """Where a memory kept here belongs: this channel, or the user alone in a DM."""
        return Owner(workspace=self.workspace, channel=self.channel, user=self.user,
                     visibility="dm" if self.is_dm else "channel")


@dataclass(frozen=True)
class Services:
    """The engines a subcommand may use: the pipeline (settings, SQL store, memory, model
    client), the limits, who is an admin, and the work pool's stats (None: no pool)."""

    pipeline: Pipeline
    is_admin: Callable[[str], bool]
    pool_stats: Callable[[], dict[str, int]] | None = None

    @property
    def settings(self):
        """The settings in force."""
        return self.pipeline.settings

    @property
    def db(self):
        """The SQL store."""
        return self.pipeline.db

    def limits(self):
        """The rates and daily budgets (one instance per pipeline, shared with the Slack bot)."""
        return self.pipeline.engine("limits", lambda: Limits(self.db, self.settings.slack))

    def satisfaction(self):
        """The feedback recorder (one instance per pipeline)."""
        return self.pipeline.engine("satisfaction", lambda: Satisfaction(
            self.db, self.settings.learning, self.pipeline.learner()))


@dataclass(frozen=True)
class CommandReply:
    """A subcommand's answer: mrkdwn text; `ok` False when it failed (the text says why);
    `report` is the learning report whose charts the front end delivers its own way."""

    text: str
    ok: bool = True
    report: Any = None
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Parsed:
    """One `/rlm` line: `name` is a subcommand, "ask", "help" or "unknown" (then `rest` is the
    word that was not understood)."""

    name: str
    rest: str
