"""Usage limits on SQLite and (with RLM_TEST_DATABASE_URL) PostgreSQL: rates, budgets, spend, admins."""

from __future__ import annotations

import math
import threading
from collections import Counter
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from rlm_bot.config import SlackSettings, load_settings
from rlm_bot.errors import RlmError
from rlm_bot.learning.outcomes import record_outcome
from rlm_bot.learning.types import OutcomeRecord
from rlm_bot.limits import Limits, LimitsError, is_admin, money, wait_words
from rlm_bot.storage import Database
from rlm_bot.storage.limits_tables import RequestLogEntry
from rlm_bot.storage.models import Outcome

T0 = datetime(2026, 12, 1, 12, 0, 0, tzinfo=timezone.utc)


def _slack(**values) -> SlackSettings:
    base = {"user_rate_per_minute": 0, "channel_rate_per_minute": 0}
    return SlackSettings(**{**base, **values})


def _spend(db: Database, cost: float, *, user: str = "U1", channel: str = "C1",
           workspace: str = "T1", at: datetime | None = None) -> str:
    """Record a real outcome through the learning API, dated `at` (default: early on T0's day)."""
    oid = record_outcome(db, OutcomeRecord(query_text="q", workspace=workspace, user_id=user,
                                           channel=channel, source="slack", cost=cost))
    with db.session() as s:
        s.get(Outcome, oid).created_at = at or T0.replace(hour=0, minute=30)
    return oid


def _t0_at(hour: int, minute: int) -> datetime:
    return T0.replace(hour=hour, minute=minute)


def test_limits_user_rate_blocks_at_n_plus_one_and_recovers_after_the_window(db):
    limits = Limits(db, _slack(user_rate_per_minute=3))
    for offset in (0, 10, 20):
        assert limits.admit(workspace="T1", user="U1", channel="C1",
                            now=T0 + timedelta(seconds=offset)).allowed
    blocked = limits.admit(workspace="T1", user="U1", channel="C1", now=T0 + timedelta(seconds=30))
    assert not blocked.allowed and blocked.reason == "user_rate"
    assert blocked.resets_at == T0 + timedelta(seconds=60)
    assert blocked.message == "You're sending requests faster than 3 a minute; try again in 30 s."
    assert (blocked.limit, blocked.used) == (3, 3)
    # a blocked request is not logged, checks log nothing, and other users / workspaces are free
    for _ in range(5):
        assert not limits.check(workspace="T1", user="U1", channel="C1",
                                now=T0 + timedelta(seconds=59)).allowed
    assert limits.admit(workspace="T1", user="U2", channel="C1", now=T0 + timedelta(seconds=30)).allowed
    assert limits.admit(workspace="T2", user="U1", channel="C1", now=T0 + timedelta(seconds=30)).allowed
    # the first request leaves the window at T0 + 60 s: one more fits, then the next waits 10 s
    assert limits.admit(workspace="T1", user="U1", channel="C1", now=T0 + timedelta(seconds=60)).allowed
    again = limits.admit(workspace="T1", user="U1", channel="C1", now=T0 + timedelta(seconds=61))
    assert again.reason == "user_rate" and again.resets_at == T0 + timedelta(seconds=70)
    assert limits.admit(workspace="T1", user="U1", channel="C1", now=T0 + timedelta(seconds=200)).allowed


def test_limits_channel_rate_counts_every_user_of_the_channel(db):
    limits = Limits(db, _slack(user_rate_per_minute=10, channel_rate_per_minute=2))
    assert limits.admit(workspace="T1", user="U1", channel="C1", now=T0).allowed
    assert limits.admit(workspace="T1", user="U2", channel="C1", now=T0 + timedelta(seconds=1)).allowed
    blocked = limits.admit(workspace="T1", user="U3", channel="C1", now=T0 + timedelta(seconds=2))
    assert blocked.reason == "channel_rate" and blocked.resets_at == T0 + timedelta(seconds=60)
    assert blocked.message == ("This channel is getting more than 2 requests a minute; "
                               "try again in 58 s.")
    assert limits.admit(workspace="T1", user="U3", channel="C2", now=T0 + timedelta(seconds=2)).allowed
    assert limits.admit(workspace="T1", user="U3", channel=None, now=T0 + timedelta(seconds=2)).allowed


def test_limits_zero_rate_means_no_limit(db):
    limits = Limits(db, _slack())
    assert all(limits.admit(workspace="T1", user="U1", channel="C1", now=T0).allowed
               for _ in range(30))


def test_limits_default_user_budget_blocks_with_reset_message_and_resets_next_day(db):
    now = _t0_at(20, 48)
    _spend(db, 1.5)
    _spend(db, 0.53)
    _spend(db, 100.0, workspace="T2")  # another workspace's spend never counts
    _spend(db, 100.0, user="U2")  # nor another user's
    _spend(db, 100.0, at=T0.replace(hour=0) - timedelta(seconds=1))  # nor yesterday's
    limits = Limits(db, _slack(user_daily_budget=2.0))
    decision = limits.admit(workspace="T1", user="U1", channel="C1", now=now)
    assert not decision.allowed and decision.reason == "user_budget"
    assert decision.message == ("You've reached your daily budget of $2.00 ($2.03 spent today). "
                                "It resets at 00:00 UTC, in 3 h 12 min.")
    assert decision.resets_at == now.replace(hour=0, minute=0) + timedelta(days=1)
    assert decision.limit == 2.0 and math.isclose(decision.used, 2.03)
    assert limits.check(workspace="T2", user="U3", channel="C1", now=now).allowed
    assert limits.check(workspace="T1", user="U1", channel="C1", now=decision.resets_at).allowed
    assert math.isclose(limits.spend_today(workspace="T1", user="U1", now=now), 2.03)
    assert math.isclose(limits.spend_today(workspace="T1", channel="C1", now=now), 102.03)


def test_limits_admin_budget_overrides_the_default_and_removal_restores_it(db):
    now = _t0_at(12, 0)
    _spend(db, 1.2)
    limits = Limits(db, _slack(user_daily_budget=1.0))
    assert limits.check(workspace="T1", user="U1", channel="C1", now=now).reason == "user_budget"
    limits.set_budget(workspace="T1", kind="user", target="U1", dollars=5, set_by="UADMIN")
    assert limits.check(workspace="T1", user="U1", channel="C1", now=now).allowed
    view = limits.budget_view(workspace="T1", user="U1", channel="C1", now=now)
    assert (view.user.dollars, view.user.source, view.user.set_by) == (5.0, "admin", "UADMIN")
    assert math.isclose(view.user.remaining, 3.8) and not view.user.exhausted
    limits.set_budget(workspace="T1", kind="user", target="U1", dollars=0.5, set_by="UADMIN2")
    lowered = limits.check(workspace="T1", user="U1", channel="C1", now=now)
    assert lowered.reason == "user_budget" and "daily budget of $0.50 ($1.20 spent today)" in lowered.message
    [row] = limits.budgets("T1")
    assert (row.kind, row.target, row.daily_dollars, row.set_by) == ("user", "U1", 0.5, "UADMIN2")
    assert limits.budgets("T2") == []
    limits.set_budget(workspace="T1", kind="user", target="U1", dollars=None, set_by="UADMIN")
    assert limits.budgets("T1") == []
    view = limits.budget_view(workspace="T1", user="U1", channel="C1", now=now)
    assert (view.user.dollars, view.user.source) == (1.0, "default")
    limits.set_budget(workspace="T1", kind="user", target="U1", dollars=None, set_by="UADMIN")  # no row: fine


def test_limits_channel_budget_applies_to_everyone_in_the_channel(db):
    now = _t0_at(23, 59)
    _spend(db, 2.0, user="U1")
    _spend(db, 1.25, user="U2")
    limits = Limits(db, _slack())
    assert limits.check(workspace="T1", user="U3", channel="C1", now=now).allowed
    limits.set_budget(workspace="T1", kind="channel", target="C1", dollars=3, set_by="UADMIN")
    decision = limits.admit(workspace="T1", user="U3", channel="C1", now=now)
    assert decision.reason == "channel_budget"
    assert decision.message == ("This channel has reached its daily budget of $3.00 ($3.25 spent "
                                "today). It resets at 00:00 UTC, in 1 min.")
    assert limits.check(workspace="T1", user="U3", channel="C2", now=now).allowed
    assert limits.check(workspace="T2", user="U3", channel="C1", now=now).allowed
    with db.session() as s:  # a blocked admit logs nothing
        assert s.scalar(sa.select(sa.func.count()).select_from(RequestLogEntry)) == 0


def test_limits_settings_channel_budget_and_zero_budget(db):
    now = _t0_at(6, 0)
    limits = Limits(db, _slack(channel_daily_budget=0.0))
    decision = limits.check(workspace="T1", user="U1", channel="C1", now=now)
    assert decision.reason == "channel_budget" and "$0.00 ($0.00 spent today)" in decision.message
    assert limits.check(workspace="T1", user="U1", channel=None, now=now).allowed


def test_limits_budget_view_and_spend_since(db):
    now = _t0_at(12, 0)
    _spend(db, 0.25)
    _spend(db, 0.5, channel="C2")
    _spend(db, 4.0, at=now - timedelta(days=3))
    _spend(db, 8.0, at=now - timedelta(days=8))
    limits = Limits(db, _slack(user_rate_per_minute=20, channel_rate_per_minute=60,
                               user_daily_budget=2.0))
    limits.admit(workspace="T1", user="U1", channel="C1", now=now)
    limits.admit(workspace="T1", user="U2", channel="C1", now=now)
    view = limits.budget_view(workspace="T1", user="U1", channel="C1", now=now)
    assert math.isclose(view.user.spent, 0.75) and view.user.dollars == 2.0
    assert view.channel.source == "none" and view.channel.dollars is None
    assert math.isclose(view.channel.spent, 0.25) and view.channel.remaining is None
    assert view.resets_at == now.replace(hour=0) + timedelta(days=1)
    assert (view.user_rate_per_minute, view.channel_rate_per_minute) == (20, 60)
    assert (view.user_requests_last_minute, view.channel_requests_last_minute) == (1, 2)
    assert limits.budget_view(workspace="T1", user="U1", channel=None, now=now).channel is None
    week = now - timedelta(days=7)
    assert math.isclose(limits.spend_since("T1", user="U1", since=week), 4.75)
    assert math.isclose(limits.spend_since("T1", channel="C1", since=week), 4.25)
    assert math.isclose(limits.spend_since("T1", since=week, until=now - timedelta(days=1)), 4.0)
    assert limits.spend_since("T2", since=week) == 0.0


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"kind": "team", "dollars": 1.0}, "unknown budget kind 'team'; use 'user' or 'channel'"),
    ({"kind": "user", "dollars": -1.0}, "must be 0 dollars or more"),
    ({"kind": "user", "dollars": float("nan")}, "must be 0 dollars or more"),
    ({"kind": "user", "dollars": float("inf")}, "must be 0 dollars or more"),
    ({"kind": "user", "dollars": "5"}, "a number of dollars"),
    ({"kind": "user", "dollars": True}, "a number of dollars"),
    ({"kind": "channel", "dollars": 1.0, "target": ""}, "needs the workspace and the channel id"),
])
def test_limits_bad_budget_inputs_are_clear_errors(db, kwargs, match):
    limits = Limits(db, _slack())
    args = {"workspace": "T1", "target": "U1", "set_by": "UADMIN", **kwargs}
    with pytest.raises(LimitsError, match=match) as info:
        limits.set_budget(**args)
    assert isinstance(info.value, RlmError)
    assert limits.budgets("T1") == []


def test_limits_request_needs_workspace_and_user(db):
    with pytest.raises(LimitsError, match="workspace"):
        Limits(db, _slack()).admit(workspace="T1", user="", channel="C1")


def test_limits_prunes_request_log_older_than_a_day(db):
    limits = Limits(db, _slack(user_rate_per_minute=5))
    limits.admit(workspace="T1", user="U1", channel="C1", now=T0)
    limits.admit(workspace="T2", user="U9", channel="C9", now=T0 + timedelta(hours=1))
    limits.admit(workspace="T1", user="U1", channel="C1", now=T0 + timedelta(days=1, minutes=30))
    with db.session() as s:
        times = sorted(s.scalars(sa.select(RequestLogEntry.at)))
    assert len(times) == 2  # the first one, over a day old, is gone whatever its workspace


def test_limits_concurrent_admits_from_two_databases_never_exceed_the_rate(database_url):
    """Two replicas (own engines) admit for the same user at once, round after round: each round
    is a fresh user whose limit is crossed by both at the same moment. Without the per-workspace
    serialisation in `admit` some rounds let 4 through (seen on both backends); with it, none."""
    Database(database_url).upgrade()
    limit, per_thread, rounds = 3, 4, 15
    settings = _slack(user_rate_per_minute=limit)
    start = threading.Barrier(2, timeout=120)
    allowed: Counter[str] = Counter()
    tally = threading.Lock()
    errors: list[BaseException] = []

    def replica() -> None:
        db = Database(database_url)
        try:
            limits = Limits(db, settings)
            for k in range(rounds):
                start.wait()
                got = sum(limits.admit(workspace="T1", user=f"U{k}", channel="C1", now=T0).allowed
                          for _ in range(per_thread))
                with tally:
                    allowed[f"U{k}"] += got
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
            start.abort()
        finally:
            db.dispose()

    threads = [threading.Thread(target=replica) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    assert allowed == {f"U{k}": limit for k in range(rounds)}  # the guarantee: margin 0


def test_limits_migration_creates_tables_and_spend_indexes(db):
    inspector = sa.inspect(db.engine)
    assert {"budgets", "request_log"} <= set(inspector.get_table_names())
    assert {"ix_outcomes_workspace_user_created", "ix_outcomes_workspace_channel_created"} <= {
        i["name"] for i in inspector.get_indexes("outcomes")}
    assert {"ix_request_log_user_at", "ix_request_log_channel_at", "ix_request_log_at"} <= {
        i["name"] for i in inspector.get_indexes("request_log")}
    assert "limits_0001" in db.current_revisions()


@pytest.mark.parametrize(("user", "slack_user", "expected"), [
    ("UCFG", None, True),
    ("U1", None, False),
    ("U1", {"id": "U1", "is_admin": True}, True),
    ("U1", {"ok": True, "user": {"id": "U1", "is_owner": True}}, True),
    ("U1", {"ok": True, "user": {"id": "U1", "is_primary_owner": True}}, True),
    ("U1", {"ok": True, "user": {"id": "U1", "is_admin": False, "is_owner": False}}, False),
    ("U1", {"id": "U2", "is_admin": True}, False),  # someone else's record
    ("U1", {"id": "U1", "is_admin": True, "deleted": True}, False),
    ("U1", {"id": "U1", "is_admin": "yes"}, False),
    ("", {"is_admin": True}, False),
])
def test_limits_is_admin(user, slack_user, expected):
    settings = load_settings({"RLM_SLACK_ADMINS": "UCFG,UOTHER"}).slack
    assert settings.admins == ("UCFG", "UOTHER")
    assert is_admin(user, slack_user=slack_user, settings=settings) is expected


@pytest.mark.parametrize(("seconds", "words"), [
    (0, "1 s"), (0.2, "1 s"), (41, "41 s"), (59.5, "1 min"), (60, "1 min"), (303, "5 min 3 s"),
    (3600, "1 h"), (11520, "3 h 12 min"), (11579, "3 h 12 min"),
])
def test_limits_wait_words(seconds, words):
    assert wait_words(T0, T0 + timedelta(seconds=seconds)) == words


@pytest.mark.parametrize(("dollars", "text"), [
    (2, "$2.00"), (2.034, "$2.03"), (1250.5, "$1,250.50"), (0.0042, "$0.0042"), (0, "$0.00"),
])
def test_limits_money(dollars, text):
    assert money(dollars) == text


def test_limits_migration_upgrades_a_database_already_at_the_older_heads(database_url):
    """A deployment migrated before limits_0001 existed gets the new branch from `db upgrade`."""
    from alembic import command
    from alembic.config import Config

    from rlm_bot.storage.db import MIGRATIONS_DIR

    db = Database(database_url)
    try:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "route@head")
            command.upgrade(cfg, "memory@head")
        assert "budgets" not in sa.inspect(db.engine).get_table_names()
        assert "limits_0001" not in db.current_revisions()
        assert db.upgrade() == db.head_revisions() >= {"limits_0001"}
        assert {"budgets", "request_log"} <= set(sa.inspect(db.engine).get_table_names())
    finally:
        db.dispose()


def test_limits_view_flat_fields_and_empty_channel_as_none(db):
    """What the Slack app reads: flat budget/spend fields, and "" for "no channel" (App Home)."""
    _spend(db, 0.75)
    limits = Limits(db, _slack(user_daily_budget=1.0, channel_daily_budget=0.5,
                               channel_rate_per_minute=1))
    now = _t0_at(9, 0)
    view = limits.budget_view(workspace="T1", user="U1", channel="C1", now=now)
    assert (view.user_budget, view.user_spent) == (1.0, 0.75)
    assert (view.channel_budget, view.channel_spent) == (0.5, 0.75)
    home = limits.budget_view(workspace="T1", user="U1", channel="", now=now)
    assert home.channel is None and (home.channel_budget, home.channel_spent) == (None, 0.0)
    assert limits.check(workspace="T1", user="U1", channel="C1", now=now).reason == "channel_budget"
    assert limits.admit(workspace="T1", user="U1", channel="", now=now).allowed
    assert limits.admit(workspace="T1", user="U1", channel="", now=now).allowed  # no channel rate


def test_limits_is_admin_method_uses_its_settings_unless_given(db):
    limits = Limits(db, SlackSettings(admins=("UBOSS",)))
    assert limits.is_admin("UBOSS") and not limits.is_admin("U1")
    assert limits.is_admin("U1", slack_user={"id": "U1", "is_owner": True})
    assert limits.is_admin("U1", slack_user=None, settings=SlackSettings(admins=("U1",)))
