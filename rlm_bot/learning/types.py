"""Dataclasses that cross the learner's boundary: what the pipeline records, what feedback does."""

from __future__ import annotations

from dataclasses import dataclass

from rlm_bot.types import AnswerFacts

KINDS = ("routing", "strategy", "tool")


@dataclass(frozen=True)
class OutcomeRecord(AnswerFacts):
    """One answered task, as the pipeline's last stage hands it to the learner: where it came
    from and how it was classified, beside the AnswerFacts (model, tokens, cost, stages, ...) it
    shares with the pipeline's Result."""

    query_text: str
    workspace: str = "local"
    channel: str | None = None
    user_id: str | None = None
    thread_ts: str | None = None
    message_ts: str | None = None
    source: str = "cli"
    intent: str | None = None
    difficulty: float | None = None
    strategy: str | None = None
    pattern: str | None = None
    depth: int = 0
    error_class: str | None = None
    answer: str | None = None


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
