"""What every execution strategy returns: the answer and what producing it took.

Its own module so that the stage (stage.py) and the long-input Scheme run (long_input.py), which
the stage calls, both import it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rlm_bot.pipeline.types import StageTelemetry


@dataclass(frozen=True)
class ExecutionResult:
    """The answer and what producing it took."""

    answer: str
    strategy: str  # "cascade" | "lats" | "scheme"
    model: str | None
    models: tuple[str, ...]
    confidence: float | None
    cost: float
    tokens_in: int
    tokens_out: int
    calls: int
    tools: tuple[str, ...]
    success: bool
    telemetry: StageTelemetry
    detail: dict[str, Any] = field(default_factory=dict)
