"""Satisfaction from reactions, buttons and `/rlm feedback`: late, undone, several users, retried."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from rlm_bot.config import LearningSettings
from rlm_bot.learning.adjustments import AdjustmentStore
from rlm_bot.learning.feedback import Satisfaction, aggregate, parse_feedback_text, reaction_value
from rlm_bot.learning.learner import Learner
from rlm_bot.learning.outcomes import attach_message
from rlm_bot.learning.types import OutcomeRecord

SETTINGS = LearningSettings()
T0 = 1_763_700_000.0


def _answer(db, learner, *, ts: str = "1763700000.000100", channel: str = "C1",
            user: str = "U1", **kw) -> str:
    record = OutcomeRecord(query_text="q", query_type="math", models=("haiku",), user_id=user,
                           channel=channel, **kw)
    oid = learner.learn(record)
    attach_message(db, oid, channel=channel, message_ts=ts)
    return oid


@pytest.fixture
def sat(db) -> Satisfaction:
    return Satisfaction(db, SETTINGS, Learner(db, SETTINGS))


@pytest.mark.parametrize("emoji, value", [
    ("+1", 1), ("thumbsup", 1), (":+1::skin-tone-3:", 1), ("tada", 1), ("white_check_mark", 1),
    ("-1", -1), ("thumbsdown", -1), ("x", -1), ("confused", -1), ("eyes", None), ("", None),
])
def test_feedback_reaction_value_table(emoji, value):
    assert reaction_value(emoji, SETTINGS) == value


@pytest.mark.parametrize("text, expected", [
    ("good", (1, "")), ("feedback +1 spot on", (1, "spot on")), ("bad wrong year", (-1, "wrong year")),
    ("-1", (-1, "")), ("👍", (1, "")), ("feedback thumbsdown", (-1, "")),
])
def test_feedback_parse_command_table(text, expected):
    assert parse_feedback_text(text) == expected


@pytest.mark.parametrize("text", ["", "feedback", "meh whatever"])
def test_feedback_parse_command_rejects_non_verdicts(text):
    with pytest.raises(ValueError, match="good|bad"):
        parse_feedback_text(text)


def test_feedback_aggregate_per_user():
    now = datetime.now(timezone.utc)
    later = now + timedelta(seconds=1)
    assert aggregate([]) is None
    assert aggregate([("A", "reaction", 1, now), ("A", "reaction", 1, now)]) == 1.0
    assert aggregate([("A", "reaction", 1, now), ("A", "reaction", -1, now)]) is None
    assert aggregate([("A", "reaction", 1, now), ("B", "reaction", -1, now)]) == 0.5
    assert aggregate([("A", "reaction", 1, now), ("A", "command", -1, later)]) == 0.0


def test_feedback_reactions_from_several_users_added_and_removed(db, sat):
    oid = _answer(db, sat.learner)
    store = AdjustmentStore(db)
    ts = "1763700000.000100"
    r = sat.reaction(channel="C1", message_ts=ts, user_id="U2", emoji="+1", event_ts=T0 + 10)
    assert (r.outcome_id, r.satisfaction, r.changed) == (oid, 1.0, True)
    assert store.score("routing", "math", "haiku") == 1.0
    r = sat.reaction(channel="C1", message_ts=ts, user_id="U3", emoji="-1", event_ts=T0 + 20)
    assert r.satisfaction == 0.5
    assert store.score("routing", "math", "haiku") == pytest.approx(0.5)
    assert store.stat("routing", "math", "haiku").count == 1  # corrected, not counted twice
    r = sat.reaction(channel="C1", message_ts=ts, user_id="U3", emoji="-1", added=False,
                     event_ts=T0 + 30)
    assert r.satisfaction == 1.0 and r.changed
    r = sat.reaction(channel="C1", message_ts=ts, user_id="U2", emoji="+1", added=False,
                     event_ts=T0 + 40)
    assert r.satisfaction is None
    assert store.stat("routing", "math", "haiku") is None  # everything withdrawn


def test_feedback_slack_retries_and_out_of_order_deliveries(db, sat):
    oid = _answer(db, sat.learner)
    ts = "1763700000.000100"
    add = dict(channel="C1", message_ts=ts, user_id="U2", emoji="heart", event_ts=T0 + 10)
    assert sat.reaction(**add).changed
    assert not sat.reaction(**add).changed  # Slack retried the same event
    remove = dict(add, added=False, event_ts=T0 + 20)
    assert sat.reaction(**remove).changed
    assert not sat.reaction(**add).changed  # a stale retry of the add after the removal
    assert sat.of(oid) is None
    # removal delivered before its add: the late add must not resurrect the reaction
    sat.reaction(channel="C1", message_ts=ts, user_id="U4", emoji="x", added=False,
                 event_ts=T0 + 50)
    sat.reaction(channel="C1", message_ts=ts, user_id="U4", emoji="x", event_ts=T0 + 45)
    assert sat.of(oid) is None
    # a reaction added again days later counts again
    later = T0 + 3 * 86400
    assert sat.reaction(**dict(add, event_ts=later)).satisfaction == 1.0


def test_feedback_ignores_other_messages_and_emoji(db, sat):
    _answer(db, sat.learner)
    assert sat.reaction(channel="C1", message_ts="9.9", user_id="U2", emoji="+1").outcome_id is None
    r = sat.reaction(channel="C1", message_ts="1763700000.000100", user_id="U2", emoji="eyes")
    assert r.outcome_id is None and "not a feedback reaction" in r.reason


def test_feedback_button_and_command_override_reactions(db, sat):
    oid = _answer(db, sat.learner, user="U9")
    ts = "1763700000.000100"
    sat.reaction(channel="C1", message_ts=ts, user_id="U9", emoji="+1", event_ts=T0)
    assert sat.button(outcome_id=oid, user_id="U9", value=-1).satisfaction == 0.0
    r = sat.command(user_id="U9", text="feedback good thanks, right answer", channel="C1")
    assert (r.outcome_id, r.satisfaction) == (oid, 1.0)
    assert sat.button(outcome_id=oid, user_id="U9", value=0).satisfaction == 1.0  # cleared button
    assert sat.command(user_id="U404", text="good").outcome_id is None
    assert sat.button(outcome_id="0" * 32, user_id="U9", value=1).outcome_id is None


def test_feedback_on_a_failed_answer_and_its_withdrawal(db, sat):
    oid = _answer(db, sat.learner, success=False, error_class="SandboxTimeout")
    store = AdjustmentStore(db)
    assert store.score("routing", "math", "haiku") == 0.0
    sat.button(outcome_id=oid, user_id="U1", value=1)  # the user liked it anyway
    assert store.score("routing", "math", "haiku") == 1.0
    sat.button(outcome_id=oid, user_id="U1", value=0)
    assert store.score("routing", "math", "haiku") == 0.0  # back to a failure, not to nothing


def test_feedback_concurrent_reactions_from_many_users(db, sat):
    oid = _answer(db, sat.learner)
    ts = "1763700000.000100"
    users = [f"U{i:03d}" for i in range(8)]
    barrier = threading.Barrier(len(users))
    errors: list[BaseException] = []

    def react(i: int, user: str) -> None:
        try:
            barrier.wait()
            sat.reaction(channel="C1", message_ts=ts, user_id=user,
                         emoji="+1" if i % 4 else "-1", event_ts=T0 + i)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=react, args=(i, u)) for i, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert sat.of(oid) == 0.75
    stat = AdjustmentStore(db).stat("routing", "math", "haiku")
    assert stat.count == 1 and stat.value == pytest.approx(0.75)
