"""The request types every layer shares: the incoming Task and what one stage did for it.

They sit below every engine (memory scopes a search by a Task, the learner stores StageTelemetry)
so no engine has to import the pipeline to name them. `rlm_bot.pipeline.types` re-exports both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

__all__ = ["StageTelemetry", "Task"]


@dataclass(frozen=True)
class Task:
    """One request to the bot, whatever its source (Slack, CLI, MCP)."""

    text: str
    user: str = "local"
    channel: str = "cli"
    thread: str | None = None
    workspace: str = "local"
    source: str = "cli"  # "slack" | "cli" | "mcp" | "chat"
    is_dm: bool = False
    context: dict[str, Any] = field(default_factory=dict)

    def stated_today(self) -> date | None:
        """The "today" the request states in its context (tests, replays), or None for the real date."""
        value = self.context.get("today") if self.context else None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value)
            except ValueError:
                return None
        return None


@dataclass(frozen=True)
class StageTelemetry:
    """What one stage did for one request: stored with the outcome, shown by `rlm-bot why`."""

    stage: str
    duration_ms: float
    decision: str
    reason: str
    data: dict[str, Any] = field(default_factory=dict)
