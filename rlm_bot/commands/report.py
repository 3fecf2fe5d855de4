"""`rlm-bot report [--since 7d] [--post CHANNEL] [--charts DIR] [--json]`: the learning report."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

from rlm_bot.errors import UsageError

HELP = "build (and optionally post) the learning report"


def configure(parser: argparse.ArgumentParser) -> None:
    """Arguments of `rlm-bot report`."""
    parser.add_argument("--since", default="7d", metavar="PERIOD",
                        help="how far back the report looks: 7d, 24h, 90m, 2w (default 7d)")
    parser.add_argument("--post", metavar="CHANNEL", nargs="?", const="",
                        help="post the report with its charts to this Slack channel "
                             "(default: RLM_REPORT_CHANNEL)")
    parser.add_argument("--charts", metavar="DIR", type=Path,
                        help="also write the PNG charts into DIR")


def run(args: argparse.Namespace, settings) -> int:
    """Build the report; print it (text or --json), write charts, post it when asked."""
    from rlm_bot.learning.report import build_report, parse_since, save_snapshot
    from rlm_bot.storage import open_database

    try:
        window = parse_since(args.since)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    channel = args.post if args.post else settings.learning.report_channel
    if args.post is not None and not channel:
        raise UsageError("--post needs a CHANNEL (or set RLM_REPORT_CHANNEL)")
    until = datetime.now(timezone.utc)
    db = open_database(settings)
    report = build_report(db, since=until - window, until=until, settings=settings)
    out: dict = report.to_dict()
    charts: list[Path] | None = None
    if args.charts is not None:
        from rlm_bot.learning.charts import render_charts

        charts = render_charts(report, args.charts)
        out["charts"] = [str(p) for p in charts]
    if args.post is not None:
        from rlm_bot.learning.post import post_report, slack_client

        posted = post_report(slack_client(settings), report, channel, charts=charts)
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
