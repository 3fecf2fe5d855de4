"""`rlm-bot report [--since 7d] [--post CHANNEL] [--charts DIR] [--json]`: the learning report."""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from rlm_bot.errors import RlmError, UsageError

HELP = "build (and optionally post) the learning report"


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `rlm-bot report`."""
    parser.add_argument("--since", default="7d", metavar="PERIOD", type=period,
                        help="how far back the report looks: 7d, 24h, 90m, 2w (default 7d)")
    parser.add_argument("--post", metavar="CHANNEL", nargs="?", const="",
                        help="post the report with its charts to this Slack channel "
                             "(default: RLM_REPORT_CHANNEL)")
    parser.add_argument("--charts", metavar="DIR", type=charts_dir,
                        help="also write the PNG charts into DIR")


def period(text: str) -> timedelta:
    """Parse-time check of --since: a period that ends after the year 1 (else a usage error)."""
    from rlm_bot.learning.report import parse_since  # deferred: the report loads SQLAlchemy

    try:
        window = parse_since(text)
        datetime.now(timezone.utc) - window
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    except OverflowError:
        raise argparse.ArgumentTypeError(
            f"{text!r} reaches back further than dates go; use e.g. 52w or 3650d") from None
    return window


def charts_dir(text: str) -> Path:
    """Parse-time check of --charts: a directory (existing or to be made) this user can write."""
    path = Path(text).expanduser()
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} is a file, not a directory; name a directory")
    existing = next((p for p in (path, *path.absolute().parents) if p.exists()), None)
    if existing is None or not existing.is_dir():
        raise argparse.ArgumentTypeError(f"{text!r} cannot be made: {existing} is not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise argparse.ArgumentTypeError(f"cannot write charts into {text!r}: {existing} is read-only "
                                         "for this user; name a writable directory")
    return path


def run(args: argparse.Namespace, settings) -> int:
    """Build the report; print it (text or --json), write charts, post it when asked."""
    # deferred: loads SQLAlchemy, not needed for --help
    from rlm_bot.learning.report import build_report, save_snapshot
    from rlm_bot.storage import open_database

    window = args.since  # a timedelta, checked at parse time (period)
    channel = args.post if args.post else settings.learning.report_channel
    if args.post is not None and not channel:
        raise UsageError("--post needs a CHANNEL (or set RLM_REPORT_CHANNEL)")
    until = datetime.now(timezone.utc)
    db = open_database(settings)
    report = build_report(db, since=until - window, until=until, settings=settings)
    out: dict = report.to_dict()
    charts: list[Path] | None = None
    if args.charts is not None:
        from rlm_bot.learning.charts import render_charts  # deferred: loads SQLAlchemy and the report

        try:
            charts = render_charts(report, args.charts)
        except OSError as exc:
            raise RlmError(f"cannot write the charts into {args.charts}: "
                           f"{exc.strerror or exc}; name a writable directory with --charts") from None
        out["charts"] = [str(p) for p in charts]
    if args.post is not None:
        # deferred: slack_sdk loads only to post the report
        from rlm_bot.slack.report_post import post_report
        from rlm_bot.slack.web import web_client

        posted = post_report(web_client(settings), report, channel, charts=charts)
        save_snapshot(db, report, period_key=None)
        out["posted"] = {"channel": posted.channel, "ts": posted.ts,
                         "files": list(posted.file_ids)}
    if args.json:
        print(json.dumps({"ok": True, **out}, default=str))
    else:
        print(report.to_text())
        if charts:
            print("charts: " + ", ".join(str(p) for p in charts))
        if args.post is not None:
            print(f"posted to {out['posted']['channel']} (ts {out['posted']['ts']})",
                  file=sys.stderr)
    return 0
