"""Post a learning report to Slack: a summary message, then its charts in the thread.

The learning package builds the report and renders its charts; posting them is Slack's part.

The charts go through Slack's files upload v2 flow (`files_upload_v2`: getUploadURLExternal,
upload, completeUploadExternal) of slack_sdk's WebClient, pointed at settings.slack.api_url.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

from slack_sdk.errors import SlackApiError

from rlm_bot.errors import RlmError
from rlm_bot.learning.charts import CHART_TITLES, render_charts
from rlm_bot.learning.report import Report

log = logging.getLogger(__name__)


class ReportPostError(RlmError):
    """Slack refused the report; the message says what Slack answered and what to check."""


@dataclass(frozen=True)
class PostedReport:
    """Where the report landed: channel, message ts, and the uploaded file ids."""

    channel: str
    ts: str
    file_ids: tuple[str, ...]


def post_report(client, report: Report, channel: str, *, charts: list[Path] | None = None,
                chart_dir: Path | None = None) -> PostedReport:
    """Post the summary to `channel` and upload the charts into its thread."""
    text = report.to_text()
    try:
        posted = client.chat_postMessage(channel=channel, text=text, unfurl_links=False,
                                         blocks=[{"type": "section",
                                                  "text": {"type": "mrkdwn", "text": text[:2900]}}])
        ts = posted["ts"]
        channel_id = posted.get("channel") or channel
        with tempfile.TemporaryDirectory(prefix="rlm-report-") as tmp:
            paths = charts if charts is not None else render_charts(report, chart_dir or Path(tmp))
            uploads = [{"file": str(p), "filename": p.name,
                        "title": CHART_TITLES.get(p.stem, p.stem)} for p in paths]
            file_ids: tuple[str, ...] = ()
            if uploads:
                done = client.files_upload_v2(file_uploads=uploads, channel=channel_id,
                                              thread_ts=ts,
                                              initial_comment="Charts of this report")
                file_ids = tuple(f["id"] for f in done.get("files") or [])
    except SlackApiError as exc:
        error = exc.response.get("error") if exc.response is not None else str(exc)
        hint = {"channel_not_found": "invite the bot to the channel or fix RLM_REPORT_CHANNEL",
                "not_in_channel": "invite the bot to the channel",
                "invalid_auth": "check SLACK_BOT_TOKEN", "not_authed": "set SLACK_BOT_TOKEN",
                "ratelimited": "Slack rate-limited us; it will be retried next period",
                "missing_scope": "add the chat:write and files:write scopes to the app"}
        raise ReportPostError(f"Slack refused the report ({error}); "
                              f"{hint.get(error, 'check the Slack app settings')}") from None
    except OSError as exc:  # connection refused, DNS, timeout (URLError is an OSError)
        raise ReportPostError(f"cannot reach the Slack Web API ({exc}); "
                              "check SLACK_API_URL and the network") from None
    log.info("learning report posted to %s at %s with %d chart(s)", channel_id, ts, len(file_ids))
    return PostedReport(channel_id, ts, file_ids)
