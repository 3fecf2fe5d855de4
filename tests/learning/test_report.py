"""The learning report: figures from the store, charts as PNG, posted with files upload v2."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from slack_sdk import WebClient

from rlm_bot.learning.charts import render_charts
from rlm_bot.slack.report_post import ReportPostError, post_report
from rlm_bot.learning.report import (
    Report, build_report, changes_since, parse_since, save_snapshot,
)
from tests.learning.seed import seed_week

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("text, expected", [
    ("7d", timedelta(days=7)), ("24h", timedelta(hours=24)), ("90m", timedelta(minutes=90)),
    ("2w", timedelta(weeks=2)), (" 1.5d ", timedelta(days=1.5)),
])
def test_report_parse_since_table(text, expected):
    assert parse_since(text) == expected


@pytest.mark.parametrize("text", ["", "7", "d", "-1d", "0d", "3x", "7 days"])
def test_report_parse_since_rejects(text):
    with pytest.raises(ValueError):
        parse_since(text)


def test_report_empty_store_is_an_empty_report(db, tmp_path):
    now = datetime.now(timezone.utc)
    report = build_report(db, since=now - timedelta(days=7), until=now)
    data = report.to_dict()
    assert data["tasks"] == 0 and data["cost"] == 0.0 and data["satisfaction_rate"] is None
    assert data["feedback"]["positive"] == 0 and data["feedback"]["negative"] == 0
    assert "No answered tasks" in report.to_text()
    for path in render_charts(report, tmp_path):
        assert path.read_bytes().startswith(PNG_MAGIC)


def test_report_figures_from_a_seeded_week(db):
    counts = seed_week(db, per_day=6)
    now = datetime.now(timezone.utc)
    report = build_report(db, since=now - timedelta(days=7), until=now)
    data = report.to_dict()
    assert data["tasks"] == counts["tasks"]
    assert data["feedback"]["positive"] == counts["positive"]
    assert data["feedback"]["negative"] == counts["negative"]
    assert 0 < data["satisfaction_rate"] < 1 and 0.8 < data["success_rate"] < 1
    assert sum(data["routing_mix"].values()) == counts["tasks"]
    assert len(data["daily"]) == 7 and sum(d["tasks"] for d in data["daily"]) == counts["tasks"]
    detail = data["cost_detail"]
    assert detail["strongest_model"] == "opus" and detail["price_source"] == "observed"
    assert detail["always_strongest"] > data["cost"] > 0 and detail["saved"] > 0
    assert {f["error"] for f in data["top_failures"]} >= {"SandboxTimeout"}
    assert set(data["learning_rates"]) >= {"routing"}
    assert data["learned"] and all(e["count"] >= 2 for e in data["learned"])
    assert json.loads(json.dumps(data, default=str)) is not None
    # a shorter window sees fewer tasks
    recent = build_report(db, since=now - timedelta(days=2), until=now)
    assert 0 < recent.tasks < report.tasks


def test_report_changes_since_last_snapshot(sqlite_db):
    db = sqlite_db
    now = datetime.now(timezone.utc)
    first = build_report(db, since=now - timedelta(days=7), until=now)
    assert first.changes == ["first report: nothing to compare with yet"]
    save_snapshot(db, first)
    seed_week(db, days=3, per_day=6)
    later = datetime.now(timezone.utc)
    second = build_report(db, since=later - timedelta(days=7), until=later)
    assert any(line.startswith("tasks up: 0 →") for line in second.changes)
    assert any("newly learned" in line for line in second.changes)
    same = Report(since=now, until=now)
    assert changes_since(same.to_dict(), same) == ["no notable change since the last report"]


def test_report_charts_are_pngs_of_the_data(sqlite_db, tmp_path):
    db = sqlite_db
    seed_week(db)
    now = datetime.now(timezone.utc)
    paths = render_charts(build_report(db, since=now - timedelta(days=7), until=now), tmp_path)
    assert [p.name for p in paths] == ["cost_per_day.png", "satisfaction_by_model.png",
                                       "routing_mix.png"]
    for path in paths:
        data = path.read_bytes()
        assert data.startswith(PNG_MAGIC) and len(data) > 10_000


def test_report_posted_with_files_upload_v2(sqlite_db, fake_slack):
    seed_week(sqlite_db, days=3, per_day=5)
    now = datetime.now(timezone.utc)
    report = build_report(sqlite_db, since=now - timedelta(days=7), until=now)
    client = WebClient(token=fake_slack.token, base_url=fake_slack.url)
    posted = post_report(client, report, "C0REPORTS")
    (message,) = fake_slack.posted("C0REPORTS")
    assert "Learning report" in message["text"] and posted.ts
    assert len(fake_slack.calls_to("files.getUploadURLExternal")) == 3
    assert len(fake_slack.calls_to("upload")) == 3
    (complete,) = fake_slack.calls_to("files.completeUploadExternal")
    assert complete.params["channel_id"] == "C0REPORTS" and complete.params["thread_ts"] == posted.ts
    assert len(posted.file_ids) == 3
    assert all(u["data"].startswith(PNG_MAGIC) for u in fake_slack.uploads.values())


def test_report_post_error_is_one_clear_line(sqlite_db, fake_slack):
    now = datetime.now(timezone.utc)
    report = build_report(sqlite_db, since=now - timedelta(days=7), until=now)
    fake_slack.fail("chat.postMessage", "channel_not_found")
    client = WebClient(token=fake_slack.token, base_url=fake_slack.url)
    with pytest.raises(ReportPostError, match="channel_not_found.*invite the bot"):
        post_report(client, report, "C404")


def _cli(*args: str) -> subprocess.CompletedProcess:
    """The real command in a subprocess (inheriting the hermetic environment)."""
    return subprocess.run([sys.executable, "-m", "rlm_bot", "report", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def cli(capsys):
    """The real command in-process (same entry point, without paying the interpreter start)."""
    from rlm_bot.cli import main
    from rlm_bot.storage import close_all

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["report", *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    yield run
    close_all()


@pytest.mark.slow
def test_report_cli_json_on_empty_store():
    result = _cli("--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["ok"] is True and data["tasks"] == 0 and data["cost"] == 0.0
    assert data["feedback"]["positive"] == 0 and data["feedback"]["negative"] == 0


def test_report_cli_bad_since_is_usage_error(cli):
    code, _, err = cli("--since", "soon")
    assert code == 2 and "is not a period" in err


def test_report_cli_posts_to_fake_slack(cli, fake_slack, tmp_path):
    code, out, err = cli("--json", "--post", "C0REPORTS", "--charts", str(tmp_path / "charts"))
    assert code == 0, err
    data = json.loads(out)
    assert data["posted"]["channel"] == "C0REPORTS" and len(data["posted"]["files"]) == 3
    assert len(list((tmp_path / "charts").glob("*.png"))) == 3
    assert fake_slack.token not in out + err
    # the post saved a snapshot: the next report compares with it
    code, out, _ = cli("--json")
    assert json.loads(out)["changes"] != ["first report: nothing to compare with yet"]
    code, out, _ = cli()
    assert code == 0 and "Learning report" in out


def test_report_cli_post_defaults_to_report_channel(cli, fake_slack, monkeypatch):
    code, _, err = cli("--post")
    assert code == 2 and "RLM_REPORT_CHANNEL" in err
    monkeypatch.setenv("RLM_REPORT_CHANNEL", "C0WEEKLY")
    code, _, err = cli("--post")
    assert code == 0, err
    assert len(fake_slack.posted("C0WEEKLY")) == 1


def test_report_cli_post_waits_out_a_rate_limit(cli, fake_slack, monkeypatch):
    """The report goes through the bot's one WebClient builder, which retries 429 after Retry-After."""
    fake_slack.fail("chat.postMessage", "ratelimited", times=1, retry_after=1)
    code, _, err = cli("--post", "C0WEEKLY")
    assert code == 0, err
    posts = fake_slack.calls_to("chat.postMessage")
    assert len(posts) == 2 and posts[0].response.get("error") == "ratelimited" and posts[1].response.get("ok")
    assert len([m for m in fake_slack.messages["C0WEEKLY"] if not m.get("subtype")]) == 1  # posted once


def test_report_cli_post_without_token_says_what_to_set(cli):
    code, _, err = cli("--post", "C1")
    assert code == 1 and "SLACK_BOT_TOKEN" in err and "Traceback" not in err


def test_report_cli_post_to_unreachable_slack_is_one_line(cli, monkeypatch):
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-unused")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    code, _, err = cli("--post", "C1")
    assert code == 1 and "cannot reach the Slack Web API" in err and "xoxb-unused" not in err


def test_report_prices_from_model_profiles(sqlite_db):
    from rlm_bot.config import load_settings
    from rlm_bot.llm.profiles import load_profiles

    seed_week(sqlite_db, days=2, per_day=5)
    now = datetime.now(timezone.utc)
    report = build_report(sqlite_db, since=now - timedelta(days=7), until=now,
                          settings=load_settings())
    detail = report.cost
    opus = load_profiles()["opus"]
    assert detail["strongest_model"] == "opus" and detail["price_source"] == "profile"
    assert opus.input_cost_per_1k > 0
    assert detail["always_strongest"] > 0 and detail["saved"] == pytest.approx(
        detail["always_strongest"] - detail["total"], abs=1e-5)


def test_report_period_shown_in_report_time_zone(db, monkeypatch):
    from rlm_bot.config import load_settings

    monkeypatch.setenv("RLM_REPORT_TZ", "Asia/Tokyo")
    since = datetime(2026, 11, 16, 0, 0, tzinfo=timezone.utc)
    report = build_report(db, since=since, until=since + timedelta(days=7),
                          settings=load_settings())
    assert "2026-11-16 09:00 → 2026-11-23 09:00 Asia/Tokyo" in report.to_text()
