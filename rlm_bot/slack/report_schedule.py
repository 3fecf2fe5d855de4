"""The scheduled report: APScheduler in the serving process, one post per period across replicas.

Every replica runs a `BackgroundScheduler` with the same trigger (RLM_REPORT_CRON in
RLM_REPORT_TZ, default Mondays 09:00). When it fires, the replica works out which period it is
(the trigger's latest fire time at or before now: the same on every replica), then claims
`report_posts.period_key` with an INSERT that only one replica can win. The winner builds the
report of the period since the previous fire time, posts it and marks the period `posted`; the
others skip. A claim whose post failed, or whose replica died before posting, can be taken over
on a later fire of the same period.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger

from rlm_bot.errors import ConfigError, RlmError
from rlm_bot.learning.report import build_report, save_snapshot
from rlm_bot.learning.sql import insert_ignore, inserted
from rlm_bot.slack.report_post import post_report
from rlm_bot.slack.web import web_client
from rlm_bot.storage import Database, open_database
from rlm_bot.storage.models import ReportPost

log = logging.getLogger(__name__)

STALE_CLAIM = timedelta(minutes=15)  # a claim never finished after this may be taken over
MISFIRE_GRACE_SECONDS = 3600
MAX_LOOKBACK = timedelta(days=400)
FIRST_LOOKBACK = timedelta(seconds=1)
HISTORY = 100  # recent run results kept for `history` (status pages, tests)
JOB_ID = "rlm-learning-report"
CATCH_UP_JOB_ID = "rlm-learning-report-catch-up"
CATCH_UP_WINDOW = timedelta(hours=6)  # a period missed while no replica ran is posted at start


@dataclass(frozen=True)
class ReportRunResult:
    """What one scheduled run did: posted, skipped (another replica has it) or failed."""

    status: str
    period_key: str | None
    ts: str | None = None
    error: str | None = None


def cron_trigger(expression: str, tz: str):
    """An APScheduler CronTrigger from a five-field crontab line in time zone `tz`."""
    try:
        return CronTrigger.from_crontab(expression, timezone=tz)
    except (ValueError, LookupError) as exc:
        raise ConfigError(f"RLM_REPORT_CRON={expression!r} / RLM_REPORT_TZ={tz!r} is invalid: "
                          f"{exc}") from None


def last_fire(trigger, now: datetime) -> datetime | None:
    """The trigger's latest fire time at or before `now` (None: it never fired in 400 days)."""
    lookback = FIRST_LOOKBACK
    found = None
    while lookback <= MAX_LOOKBACK:
        candidate = trigger.get_next_fire_time(None, now - lookback)
        if candidate is not None and candidate <= now:
            found = candidate
            break
        lookback *= 2
    if found is None:
        return None
    while True:
        nxt = trigger.get_next_fire_time(found, found + timedelta(microseconds=1))
        if nxt is None or nxt > now or nxt <= found:
            return found
        found = nxt


def period_key(channel: str, fire: datetime) -> str:
    """The unique key of one report period on one channel."""
    return f"{channel}@{fire.astimezone(timezone.utc):%Y-%m-%dT%H:%M:%S}Z"


def claim(db: Database, key: str, channel: str, *, now: datetime | None = None) -> bool:
    """Claim a period for posting; True for exactly one caller (a failed or stale claim reopens)."""
    now = now or datetime.now(timezone.utc)
    table = ReportPost.__table__
    with db.session() as s:
        if inserted(s, insert_ignore(db.dialect, table, {
                "period_key": key, "claimed_at": now, "channel": channel, "ts": None,
                "status": "claimed"})):
            return True
        reopened = s.execute(sa.update(table).where(
            table.c.period_key == key,
            sa.or_(table.c.status == "failed",
                   sa.and_(table.c.status == "claimed", table.c.claimed_at < now - STALE_CLAIM)))
            .values(claimed_at=now, status="claimed"))
        return reopened.rowcount == 1


def finish(db: Database, key: str, *, status: str, ts: str | None = None) -> None:
    """Mark a claimed period posted (with the message ts) or failed."""
    with db.session() as s:
        s.execute(sa.update(ReportPost).where(ReportPost.period_key == key)
                  .values(status=status, ts=ts))


class ReportScheduler:
    """Posts the learning report on a schedule from inside the serving process."""

    def __init__(self, settings, db: Database, client, *, channel: str | None = None,
                 trigger=None) -> None:
        self.settings = settings
        self.db = db
        self.client = client
        self.channel = channel or settings.learning.report_channel
        if not self.channel:
            raise ConfigError("RLM_REPORT_CHANNEL is not set; name the channel for the report")
        self.trigger = trigger or cron_trigger(settings.learning.report_cron,
                                               settings.learning.report_tz)
        self._scheduler = None
        self._lock = threading.Lock()
        self.history: deque[ReportRunResult] = deque(maxlen=HISTORY)

    def start(self) -> None:
        """Start the background scheduler (idempotent)."""
        with self._lock:
            if self._scheduler is not None:
                return
            scheduler = BackgroundScheduler(timezone=self.settings.learning.report_tz,
                                            daemon=True)
            scheduler.add_job(self.run_once, trigger=self.trigger, id=JOB_ID,
                              name="learning report", coalesce=True, max_instances=1,
                              misfire_grace_time=MISFIRE_GRACE_SECONDS, replace_existing=True)
            if self.missed(datetime.now(timezone.utc)):
                scheduler.add_job(self.run_once, id=CATCH_UP_JOB_ID, name="missed learning report",
                                  replace_existing=True)  # no trigger: runs once, now
            scheduler.start()
            self._scheduler = scheduler
            log.info("learning report scheduled (%s) to %s", self.trigger, self.channel)

    def shutdown(self, wait: bool = True) -> None:
        """Stop the scheduler (waiting for a running post when `wait`)."""
        with self._lock:
            if self._scheduler is not None:
                self._scheduler.shutdown(wait=wait)
                self._scheduler = None

    def missed(self, now: datetime) -> bool:
        """Whether the latest period (fired within CATCH_UP_WINDOW) has not been posted."""
        fire = last_fire(self.trigger, now)
        if fire is None or now - fire > CATCH_UP_WINDOW:
            return False
        with self.db.session() as s:
            status = s.scalar(sa.select(ReportPost.status).where(
                ReportPost.period_key == period_key(self.channel, fire)))
        return status != "posted"

    def next_run(self) -> datetime | None:
        """When the next post is due (None when not started)."""
        job = self._scheduler.get_job(JOB_ID) if self._scheduler else None
        return job.next_run_time if job else None

    def run_once(self, now: datetime | None = None) -> ReportRunResult:
        """Post the report of the current period unless another replica already has it."""
        result = self._run(now)
        self.history.append(result)
        return result

    def _run(self, now: datetime | None) -> ReportRunResult:
        now = now or datetime.now(timezone.utc)
        fire = last_fire(self.trigger, now)
        if fire is None:
            return ReportRunResult("skipped", None, error="the trigger has not fired yet")
        key = period_key(self.channel, fire)
        try:
            if not claim(self.db, key, self.channel, now=now):
                log.info("report period %s already claimed by another replica", key)
                return ReportRunResult("skipped", key)
        except sa.exc.SQLAlchemyError as exc:
            log.error("cannot claim report period %s: %s", key, exc)
            return ReportRunResult("failed", key, error=str(exc))
        previous = last_fire(self.trigger, fire - timedelta(microseconds=1))
        since = previous or (fire - timedelta(days=7))
        try:
            report = build_report(self.db, since=since, until=fire, settings=self.settings)
            posted = post_report(self.client, report, self.channel)
        except (RlmError, sa.exc.SQLAlchemyError, OSError) as exc:
            finish(self.db, key, status="failed")
            log.error("learning report for %s failed: %s", key, exc)
            return ReportRunResult("failed", key, error=str(exc))
        finish(self.db, key, status="posted", ts=posted.ts)
        save_snapshot(self.db, report, period_key=key)
        return ReportRunResult("posted", key, ts=posted.ts)


def start_report_scheduler(settings, db: Database | None = None, client=None,
                           ) -> ReportScheduler | None:
    """Start the scheduled report in the serving process; None when no channel is configured."""
    if not settings.learning.report_channel or not settings.learning.report_cron:
        log.info("no RLM_REPORT_CHANNEL: the learning report is not scheduled")
        return None
    scheduler = ReportScheduler(settings, db or open_database(settings),
                                client or web_client(settings))
    scheduler.start()
    return scheduler
