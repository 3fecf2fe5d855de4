"""Outcomes in SQL: record one answered task with its stage telemetry, attach its Slack message."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import sqlalchemy as sa

from rlm_bot.learning.sql import insert_ignore
from rlm_bot.learning.types import OutcomeRecord
from rlm_bot.types import StageTelemetry
from rlm_bot.storage import Database
from rlm_bot.storage.learning_tables import AnswerPart
from rlm_bot.storage.models import Outcome, StageEvent

MAX_QUERY_CHARS = 20_000
MAX_ANSWER_CHARS = 40_000
MAX_DECISION_CHARS = 256


def record_outcome(db: Database, record: OutcomeRecord) -> str:
    """Store one outcome (and its stage telemetry); returns the new outcome id."""
    values = asdict(record)
    values.pop("stages")
    values["models"] = list(record.models)
    values["tools"] = list(record.tools)
    values["model"] = record.answered_by
    values["query_text"] = record.query_text[:MAX_QUERY_CHARS]
    values["features"] = _jsonable(record.features)
    if record.answer is not None:
        values["answer"] = record.answer[:MAX_ANSWER_CHARS]
    values = _clean(values)
    with db.session() as s:
        outcome = Outcome(**values)
        s.add(outcome)
        s.flush()
        _add_stages(s, outcome.id, record.stages, start=0)
        return outcome.id


def record_stages(db: Database, outcome_id: str, stages: list[StageTelemetry] | tuple) -> int:
    """Append stage telemetry to an existing outcome; returns how many events it now has."""
    with db.session() as s:
        if s.get(Outcome, outcome_id) is None:
            raise KeyError(outcome_id)
        start = s.scalar(sa.select(sa.func.count()).select_from(StageEvent)
                         .where(StageEvent.outcome_id == outcome_id)) or 0
        _add_stages(s, outcome_id, stages, start=start)
        return start + len(stages)


def attach_message(db: Database, outcome_id: str, *, channel: str, message_ts: str,
                   thread_ts: str | None = None, more_parts: Sequence[str] = ()) -> bool:
    """Record where the answer was posted in Slack, so reactions on it find the outcome: its first
    message, and `more_parts`, the messages after it when Slack got the answer in several parts."""
    values: dict[str, Any] = {"channel": channel, "message_ts": message_ts}
    if thread_ts is not None:
        values["thread_ts"] = thread_ts
    with db.session() as s:
        result = s.execute(sa.update(Outcome).where(Outcome.id == outcome_id).values(**values))
        found = result.rowcount == 1
        for ts in dict.fromkeys(more_parts) if found else ():
            if ts and ts != message_ts:
                s.execute(insert_ignore(db.dialect, AnswerPart.__table__,
                                        {"channel": channel, "message_ts": ts, "outcome_id": outcome_id}))
        return found


def find_by_message(db: Database, channel: str, message_ts: str) -> str | None:
    """The id of the outcome whose answer is the Slack message (channel, ts), if any: its first
    message, or a later part of an answer posted in several."""
    with db.session() as s:
        found = s.scalar(sa.select(Outcome.id).where(Outcome.channel == channel,
                                                     Outcome.message_ts == message_ts)
                         .order_by(Outcome.created_at.desc()).limit(1))
        if found is None:
            found = s.scalar(sa.select(AnswerPart.outcome_id).where(AnswerPart.channel == channel,
                                                                    AnswerPart.message_ts == message_ts))
        return found


def latest_for_user(db: Database, *, user_id: str, channel: str | None = None,
                    thread_ts: str | None = None) -> str | None:
    """The user's most recent outcome (optionally in one channel / thread), for `/rlm feedback`."""
    query = sa.select(Outcome.id).where(Outcome.user_id == user_id)
    if channel:
        query = query.where(Outcome.channel == channel)
    if thread_ts:
        query = query.where(Outcome.thread_ts == thread_ts)
    with db.session() as s:
        return s.scalar(query.order_by(Outcome.created_at.desc()).limit(1))


def stage_events(db: Database, outcome_id: str) -> list[StageTelemetry]:
    """The stage telemetry of one outcome, in pipeline order."""
    with db.session() as s:
        rows = s.scalars(sa.select(StageEvent).where(StageEvent.outcome_id == outcome_id)
                         .order_by(StageEvent.position, StageEvent.id)).all()
        return [StageTelemetry(r.stage, r.duration_ms, r.decision, r.reason, r.data or {})
                for r in rows]


def _add_stages(session, outcome_id: str, stages, *, start: int) -> None:
    for position, stage in enumerate(stages, start=start):
        session.add(StageEvent(outcome_id=outcome_id, stage=_clean(stage.stage), position=position,
                               duration_ms=float(stage.duration_ms),
                               decision=_clean(str(stage.decision)[:MAX_DECISION_CHARS]),
                               reason=_clean(str(stage.reason)), data=_clean(_jsonable(dict(stage.data or {})))))


def _jsonable(value: Any) -> Any:
    """`value` as plain JSON data (tuples → lists, anything else → its str)."""
    return json.loads(json.dumps(value, default=str))


def _clean(value: Any) -> Any:
    """`value` with every string storable as UTF-8: the lone surrogates Python gives undecodable
    bytes (argv, stdin, a pasted message) become U+FFFD, so an answer is never lost saving it."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
            return value
        except UnicodeEncodeError:
            pass
        try:  # surrogate escapes are the original bytes: decode them again, replacing the bad ones
            return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        except UnicodeEncodeError:  # other lone surrogates (e.g. from JSON "\ud800")
            return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value
