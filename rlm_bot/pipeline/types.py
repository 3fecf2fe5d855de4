"""Dataclasses that cross pipeline boundaries: progress events, and the request types.

`Task` and `StageTelemetry` live in `rlm_bot.types` (below every engine); they are re-exported
here for the pipeline's callers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rlm_bot.types import StageTelemetry, Task

__all__ = [
    "PROGRESS_DELTA",
    "PROGRESS_DISCARD",
    "PROGRESS_STAGE",
    "PROGRESS_STREAM",
    "Progress",
    "ProgressEvent",
    "StageTelemetry",
    "Task",
    "delta_event",
    "discard_event",
    "stage_event",
    "stream_event",
]


# kinds of ProgressEvent
PROGRESS_STAGE = "stage"  # a stage started or moved on: `message` says what, for a person
PROGRESS_STREAM = "stream"  # the answer now comes from one model call (`model`); deltas follow
PROGRESS_DELTA = "delta"  # a piece of the streamed answer's text
PROGRESS_DISCARD = "discard"  # what streamed since the last PROGRESS_STREAM is not the answer


@dataclass(frozen=True)
class ProgressEvent:
    """What a running request is doing now, for the person waiting on it (Slack, the console).

    Stage events carry a short human message ("analysing…", "asking haiku…", "reading part 12 of
    51…"); a streamed answer is a PROGRESS_STREAM event, then PROGRESS_DELTA pieces of its text;
    PROGRESS_DISCARD withdraws those pieces (the call failed over, or the answer was replaced).
    The final Result is authoritative whatever was streamed.
    """

    kind: str
    stage: str = ""
    message: str = ""
    text: str = ""
    model: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


# A progress callback: called on the pipeline's threads (or the LLM client's loop); keep it quick
# and never let it raise into the pipeline.
Progress = Callable[[ProgressEvent], None]


def stage_event(stage: str, message: str, **data: Any) -> ProgressEvent:
    """A PROGRESS_STAGE event: `stage` is running, `message` says what it does ("planning…")."""
    return ProgressEvent(PROGRESS_STAGE, stage=stage, message=message, data=dict(data))


def stream_event(model: str, stage: str = "execute") -> ProgressEvent:
    """A PROGRESS_STREAM event: the answer now comes from one call to `model`; deltas follow."""
    return ProgressEvent(PROGRESS_STREAM, stage=stage, model=model)


def delta_event(text: str, model: str | None = None) -> ProgressEvent:
    """A PROGRESS_DELTA event: the next piece of the streamed answer."""
    return ProgressEvent(PROGRESS_DELTA, stage="execute", text=text, model=model)


def discard_event(reason: str, model: str | None = None) -> ProgressEvent:
    """A PROGRESS_DISCARD event: what streamed since the last PROGRESS_STREAM is not the answer."""
    return ProgressEvent(PROGRESS_DISCARD, stage="execute", message=reason, model=model)
