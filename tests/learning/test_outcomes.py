"""Outcomes: recorded with telemetry, found again through the answer's Slack message."""

from __future__ import annotations

from rlm_bot.learning.outcomes import (
    attach_message, find_by_message, latest_for_user, record_outcome, record_stages, stage_events,
)
from rlm_bot.learning.types import OutcomeRecord
from rlm_bot.pipeline.types import StageTelemetry
from rlm_bot.storage.models import Outcome


def test_outcomes_record_everything_and_attach_message(db):
    record = OutcomeRecord(
        query_text="sum the primes below 100", user_id="U1", channel="C1", source="slack",
        features={"computation": True}, intent="computation", query_type="math", difficulty=0.3,
        strategy="compute", models=("haiku", "sonnet"), tools=("py_exec",), confidence=0.91,
        tokens_in=120, tokens_out=30, cost=0.0021, latency_ms=812.5, answer="1060",
        stages=(StageTelemetry("analyze", 1.2, "computation", "arithmetic trigger", {"k": 1}),
                StageTelemetry("route", 0.4, "haiku", "cheapest viable")))
    oid = record_outcome(db, record)
    with db.session() as s:
        row = s.get(Outcome, oid)
        assert row.model == "sonnet" and row.models == ["haiku", "sonnet"]
        assert row.tools == ["py_exec"] and row.features == {"computation": True}
        assert row.cost == 0.0021 and row.satisfaction is None
    assert [e.stage for e in stage_events(db, oid)] == ["analyze", "route"]
    assert record_stages(db, oid, [StageTelemetry("learn", 0.1, "recorded", "")]) == 3
    assert stage_events(db, oid)[-1].stage == "learn"
    assert find_by_message(db, "C1", "1700.000001") is None
    assert attach_message(db, oid, channel="C1", message_ts="1700.000001", thread_ts="1699.0001")
    assert find_by_message(db, "C1", "1700.000001") == oid
    assert find_by_message(db, "C2", "1700.000001") is None
    assert latest_for_user(db, user_id="U1", channel="C1") == oid
    assert latest_for_user(db, user_id="U2") is None


def test_outcomes_every_part_of_a_split_answer_finds_its_outcome(db):
    oid = record_outcome(db, OutcomeRecord(query_text="explain", channel="C1", source="slack"))
    other = record_outcome(db, OutcomeRecord(query_text="other", channel="C1", source="slack"))
    assert attach_message(db, oid, channel="C1", message_ts="1700.000001",
                          more_parts=["1700.000002", "1700.000003", "1700.000002", "1700.000001"])
    assert [find_by_message(db, "C1", ts) for ts in ("1700.000001", "1700.000002", "1700.000003")] == [oid] * 3
    assert find_by_message(db, "C2", "1700.000002") is None
    # attaching again (a retried delivery) keeps one row per part and the first link
    assert attach_message(db, oid, channel="C1", message_ts="1700.000001", more_parts=["1700.000003"])
    assert not attach_message(db, "0" * 32, channel="C1", message_ts="1800.1", more_parts=["1800.2"])
    assert find_by_message(db, "C1", "1800.2") is None  # no outcome, no orphan part
    assert attach_message(db, other, channel="C1", message_ts="1700.000009")
    assert find_by_message(db, "C1", "1700.000003") == oid


def test_outcomes_attach_to_unknown_outcome_is_false(db):
    assert attach_message(db, "0" * 32, channel="C1", message_ts="1.0") is False


def test_outcomes_features_and_stage_data_are_stored_as_plain_json(db):
    from datetime import date

    oid = record_outcome(db, OutcomeRecord(
        query_text="x", features={"today": date(2026, 11, 21), "spans": ((1, 2),)},
        stages=(StageTelemetry("route", 1.0, "haiku", "", {"when": date(2026, 1, 1)}),)))
    with db.session() as s:
        assert s.get(Outcome, oid).features == {"today": "2026-11-21", "spans": [[1, 2]]}
    assert stage_events(db, oid)[0].data == {"when": "2026-01-01"}


def test_outcomes_learning_window_setting():
    from rlm_bot.config import load_settings
    from rlm_bot.errors import ConfigError

    assert load_settings({"RLM_LEARNING_WINDOW": "50"}).learning.meta_window == 50
    import pytest

    with pytest.raises(ConfigError, match="RLM_LEARNING_WINDOW"):
        load_settings({"RLM_LEARNING_WINDOW": "0"})
