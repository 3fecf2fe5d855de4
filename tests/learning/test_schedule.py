"""The scheduled report: real APScheduler schedulers, one post per period across replicas."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient

from rlm_bot.config import load_settings
from rlm_bot.errors import ConfigError
from rlm_bot.slack.report_schedule import (
    ReportScheduler, claim, cron_trigger, finish, last_fire, period_key, start_report_scheduler,
)
from rlm_bot.storage import Database
from rlm_bot.storage.models import ReportPost

EPOCH = datetime(2026, 1, 1, tzinfo=timezone.utc)
REPLICAS = 2
RUN_SECONDS = 3.6


def test_schedule_last_fire_of_weekly_cron_in_its_time_zone():
    trigger = cron_trigger("0 9 * * mon", "Europe/Paris")
    wednesday = datetime(2026, 11, 18, 12, 0, tzinfo=timezone.utc)
    fire = last_fire(trigger, wednesday)
    assert fire.astimezone(timezone.utc) == datetime(2026, 11, 16, 8, 0, tzinfo=timezone.utc)
    exactly = last_fire(trigger, fire)
    assert exactly == fire
    previous = last_fire(trigger, fire - timedelta(microseconds=1))
    assert fire - previous == timedelta(days=7)
    assert period_key("C1", fire) == "C1@2026-11-16T08:00:00Z"


def test_schedule_last_fire_of_short_interval():
    trigger = IntervalTrigger(seconds=2, start_date=EPOCH, timezone="UTC")
    now = EPOCH + timedelta(seconds=7.5)
    assert last_fire(trigger, now) == EPOCH + timedelta(seconds=6)


def test_schedule_bad_cron_or_zone_is_config_error():
    with pytest.raises(ConfigError, match="RLM_REPORT_CRON"):
        cron_trigger("0 9 * * funday", "UTC")
    with pytest.raises(ConfigError, match="RLM_REPORT_TZ"):
        cron_trigger("0 9 * * mon", "Mars/Olympus")


def test_schedule_claim_is_won_once_and_reopens_after_failure(db):
    winners = []
    barrier = threading.Barrier(6)

    def racer() -> None:
        barrier.wait()
        winners.append(claim(db, "C1@2026-11-16T08:00:00Z", "C1"))

    threads = [threading.Thread(target=racer) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(winners) == [False] * 5 + [True]
    finish(db, "C1@2026-11-16T08:00:00Z", status="failed")
    assert claim(db, "C1@2026-11-16T08:00:00Z", "C1") is True  # a failed post may be retried
    assert claim(db, "C1@2026-11-16T08:00:00Z", "C1") is False
    later = datetime.now(timezone.utc) + timedelta(hours=1)  # a replica died mid-post
    assert claim(db, "C1@2026-11-16T08:00:00Z", "C1", now=later) is True
    finish(db, "C1@2026-11-16T08:00:00Z", status="posted", ts="1.1")
    assert claim(db, "C1@2026-11-16T08:00:00Z", "C1", now=later + timedelta(days=1)) is False


def test_schedule_two_replicas_post_once_per_period(db, fake_slack):
    settings = load_settings()
    trigger = IntervalTrigger(seconds=1, start_date=EPOCH, timezone="UTC")
    replicas = []
    for _ in range(REPLICAS):  # each replica: its own engine, Slack client and scheduler
        replica_db = Database(db.url)
        client = WebClient(token=fake_slack.token, base_url=fake_slack.url)
        replicas.append(ReportScheduler(settings, replica_db, client, channel="C0REPORTS",
                                        trigger=trigger))
    try:
        for r in replicas:
            r.start()
        assert all(r.next_run() is not None for r in replicas)
        time.sleep(RUN_SECONDS)
    finally:
        for r in replicas:
            r.shutdown(wait=True)
            r.db.dispose()
    with db.session() as s:
        rows = s.scalars(sa.select(ReportPost)).all()
    posted = [r for r in rows if r.status == "posted"]
    assert len(posted) >= 1, [(r.period_key, r.status) for r in rows]
    results = [res for r in replicas for res in r.history]
    assert sum(res.status == "posted" for res in results) == len(posted)
    assert any(res.status == "skipped" for res in results)  # the replicas did race
    messages = fake_slack.posted("C0REPORTS")
    assert len(messages) == len(posted)  # exactly one post per claimed period
    assert {r.ts for r in posted} == {c.response["ts"] for c in fake_slack.calls_to("chat.postMessage")}
    assert len(fake_slack.calls_to("files.completeUploadExternal")) == len(posted)


def test_schedule_failed_post_is_marked_and_retried(sqlite_db, fake_slack):
    settings = load_settings()
    trigger = IntervalTrigger(hours=1, start_date=EPOCH, timezone="UTC")
    client = WebClient(token=fake_slack.token, base_url=fake_slack.url)
    scheduler = ReportScheduler(settings, sqlite_db, client, channel="C0REPORTS", trigger=trigger)
    fake_slack.fail("chat.postMessage", "ratelimited", retry_after=30)
    now = datetime.now(timezone.utc)
    first = scheduler.run_once(now)
    assert first.status == "failed" and "ratelimited" in first.error
    second = scheduler.run_once(now + timedelta(seconds=5))  # same period, retried
    assert second.status == "posted" and second.period_key == first.period_key
    assert scheduler.run_once(now + timedelta(seconds=10)).status == "skipped"


def test_schedule_not_started_without_channel():
    assert start_report_scheduler(load_settings()) is None


def test_schedule_starts_from_settings_in_serving_process(fake_slack, monkeypatch):
    monkeypatch.setenv("RLM_REPORT_CHANNEL", "C0REPORTS")
    monkeypatch.setenv("RLM_REPORT_TZ", "Europe/Paris")
    scheduler = start_report_scheduler(load_settings())
    try:
        nxt = scheduler.next_run()
        assert nxt.weekday() == 0 and nxt.hour == 9 and str(nxt.tzinfo) == "Europe/Paris"
    finally:
        scheduler.shutdown()
        from rlm_bot.storage import close_all

        close_all()


def test_schedule_catches_up_a_period_missed_while_down(sqlite_db, fake_slack):
    settings = load_settings()
    # fired 10 minutes ago, next in 50 minutes: nobody was running at the fire time
    start = datetime.now(timezone.utc) - timedelta(minutes=10)
    trigger = IntervalTrigger(hours=1, start_date=start, timezone="UTC")
    replicas = [ReportScheduler(settings, Database(sqlite_db.url),
                                WebClient(token=fake_slack.token, base_url=fake_slack.url),
                                channel="C0REPORTS", trigger=trigger) for _ in range(REPLICAS)]
    try:
        for r in replicas:
            r.start()
        fake_slack.wait_for("files.completeUploadExternal", timeout=30)
        time.sleep(0.5)
    finally:
        for r in replicas:
            r.shutdown(wait=True)
            r.db.dispose()
    assert len(fake_slack.posted("C0REPORTS")) == 1
    again = ReportScheduler(settings, sqlite_db, None, channel="C0REPORTS", trigger=trigger)
    assert again.missed(datetime.now(timezone.utc)) is False
