"""The request types every layer shares: the incoming Task, what one stage did for it, and what
producing the answer took.

They sit below every engine (memory scopes a search by a Task, the learner stores StageTelemetry)
so no engine has to import the pipeline to name them. `rlm_bot.pipeline.types` re-exports Task
and StageTelemetry; `AnswerFacts` is the part the pipeline's `Result` and the learner's
`OutcomeRecord` share, written once here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

__all__ = ["AnswerFacts", "StageTelemetry", "Task"]


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


@dataclass(frozen=True, kw_only=True)
class AnswerFacts:
    """How one answer was produced and what it took: the fields the pipeline's `Result` and the
    learner's `OutcomeRecord` share (keyword-only, so each adds its own fields in its own order)."""

    model: str | None = None
    models: tuple[str, ...] = ()  # the cascade path, cheapest first; the last one answered
    confidence: float | None = None
    tokens_in: int = 0
    tokens_out: int = 0
    cost: float = 0.0
    latency_ms: float = 0.0
    features: dict[str, Any] = field(default_factory=dict)
    # the key learned values are kept under: the analysed query type, with "/c<n>" when the
    # learned router placed the query in embedding cluster n of its workspace
    query_type: str | None = None
    stages: tuple[StageTelemetry, ...] = ()
    # False when the answer says the strategy could not produce one (a failed Scheme run, an
    # unsolved LATS search); recorded with the outcome, so the learner counts it as a failure
    success: bool = True
    tools: tuple[str, ...] = ()  # the tools a LATS answer's path used (their values are learned)

    @property
    def answered_by(self) -> str | None:
        """The model whose answer was used (the explicit one, else the end of the cascade)."""
        return self.model or (self.models[-1] if self.models else None)

    def answer_facts(self) -> dict[str, Any]:
        """Only the AnswerFacts fields, as keywords (what a Result hands on to its OutcomeRecord)."""
        return {f.name: getattr(self, f.name) for f in fields(AnswerFacts)}
