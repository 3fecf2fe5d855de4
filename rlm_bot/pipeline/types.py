"""Dataclasses that cross pipeline boundaries: the incoming Task and per-stage telemetry."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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


@dataclass(frozen=True)
class StageTelemetry:
    """What one stage did for one request: stored with the outcome, shown by `rlm-bot why`."""

    stage: str
    duration_ms: float
    decision: str
    reason: str
    data: dict[str, Any] = field(default_factory=dict)
