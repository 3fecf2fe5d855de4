"""Dataclasses that cross the learner's boundary: what the pipeline records, what feedback does."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rlm_bot.types import StageTelemetry

KINDS = ("routing", "strategy", "tool")


@dataclass(frozen=True)
class OutcomeRecord:
    """One answered task, as the pipeline's last stage hands it to the learner."""

    query_text: str
    workspace: str = "local"
    channel: str | None = None
    user_id: str | None = None
    thread_ts: str | None = None
    message_ts: str | None = None
    source: str = "cli"
    features: dict[str, Any] = field(default_factory=dict)
    intent: str | None = None
    query_type: str | None = None
    difficulty: float | None = None
    strategy: str | None = None
    pattern: str | None = None
    models: tuple[str, ...] = ()  # the cascade path, cheapest first; the last one answered
    model: str | None = None
    depth: int = 0
    tools: tuple[str, ...] = ()
    success: bool = True
    error_class: str | None = None
    confidence: float | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0
    latency_ms: float = 0.0
    answer: str | None = None
    stages: tuple[StageTelemetry, ...] = ()

    @property
    def answered_by(self) -> str | None:
        """The model whose answer was used (the explicit one, else the end of the cascade)."""
        return self.model or (self.models[-1] if self.models else None)


@dataclass(frozen=True)
class FeedbackResult:
    """What one satisfaction signal did: which outcome, its satisfaction now, whether it changed."""

    outcome_id: str | None
    satisfaction: float | None
    changed: bool
    reason: str = ""


@dataclass(frozen=True)
class AdjustmentStat:
    """One learned value and how many observations it rests on."""

    kind: str
    scope: str
    item: str
    value: float
    count: int
