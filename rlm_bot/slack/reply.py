"""One answer's life in Slack: a visible status within a second, live progress, the streamed
text, then the final answer — split, or uploaded as a file — with its context line and buttons.

All Slack calls of a reply happen on its own small pump thread (progress events arrive on the
pipeline's and the LLM client's threads and only change state), at most one edit per
`update_interval_seconds`. Where the thread is an agent thread the status goes through
`assistant.threads.setStatus`; elsewhere a placeholder message says what is happening and
becomes the answer. A streamed answer uses Slack's native streaming (`chat.startStream` /
`appendStream` / `stopStream`), falling back to editing the placeholder when streaming is refused;
if a stream fails midway the complete answer still lands once, in place of the partial one.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError

from rlm_bot.pipeline.types import (
    PROGRESS_DELTA, PROGRESS_DISCARD, PROGRESS_STAGE, PROGRESS_STREAM, ProgressEvent,
)
from rlm_bot.slack.blockkit import answer_footer, sections
from rlm_bot.slack.format import (
    long_answer_plan, neutralize, summary_for_file, to_block_markdown, to_mrkdwn,
)

log = logging.getLogger(__name__)

MESSAGE_CHARS = 3900  # text of one chat.postMessage / chat.update
STREAM_CALL_CHARS = 11_000  # markdown_text of one appendStream call (Slack's limit: 12,000)
STREAM_MAX_CHARS = 36_000  # beyond this the live text stops; the final delivery carries the rest
FILE_NAME = "answer.md"
WORKING = "working on it…"


@dataclass
class _State:
    status: str = ""
    status_sent: str = ""
    streaming: bool = False
    raw: str = ""  # the streamed answer's text so far (as the model wrote it)
    sent: str = ""  # what of it has been sent (neutralised Markdown)
    shown_raw: str = ""  # the part of `raw` that `sent` shows
    discarded: bool = False
    closing: bool = False
    dirty: bool = False


class Reply:
    """Status, progress, streaming and the final answer of one request in one Slack thread."""

    def __init__(self, client: Any, *, channel: str, thread_ts: str | None, user: str, team: str,
                 agent_thread: bool = False, stream: bool = True,
                 update_interval: float = 1.0, scrub: Callable[[str], str] | None = None) -> None:
        self.client = client
        self.channel = channel
        self.thread_ts = thread_ts
        self.user = user
        self.team = team
        self.agent_thread = agent_thread and bool(thread_ts)
        self.native_stream = stream and bool(thread_ts)
        self.interval = update_interval
        self.scrub = scrub or (lambda text: text)  # removes the bot's own secrets from replies
        self.placeholder_ts: str | None = None
        self.stream_ts: str | None = None
        self.stream_failed = False
        self._state = _State()
        self._cond = threading.Condition()
        self._pump: threading.Thread | None = None
        self._last_send = 0.0

    # --- the request's side --------------------------------------------------------------------

    def start(self, position: int = 0) -> None:
        """Show at once that the request is taken (queued at `position` when > 0)."""
        text = (f"busy — queued, position {position}; I'll start as soon as I can…" if position
                else "analysing your request…")
        if self.agent_thread and self._set_status(text):
            self._state.status_sent = text
        else:
            self.agent_thread = False
            self.placeholder_ts = self._post(f"_{text}_")
            self._state.status_sent = text
        self._last_send = time.monotonic()
        self._pump = threading.Thread(target=self._run_pump, name="rlm-slack-reply", daemon=True)
        self._pump.start()

    def progress(self, event: ProgressEvent) -> None:
        """The pipeline's progress callback: records the event; the pump shows it."""
        with self._cond:
            state = self._state
            if event.kind == PROGRESS_STAGE and event.message:
                state.status = event.message
            elif event.kind == PROGRESS_STREAM:
                state.streaming, state.raw = True, ""
                state.status = f"writing the answer with {event.model}…" if event.model else state.status
            elif event.kind == PROGRESS_DELTA and state.streaming:
                state.raw += event.text
            elif event.kind == PROGRESS_DISCARD:
                state.raw = ""
                state.discarded = state.discarded or bool(state.sent)
            else:
                return
            state.dirty = True
            self._cond.notify()

    def finish(self, result: Any) -> list[str]:
        """Stop the live view and deliver `result`'s final answer (with footer) in the thread;
        returns the ts of its messages, first first (reactions on any count for the answer)."""
        self._stop_pump()
        markdown = self.scrub(result.render())
        footer = answer_footer(result)
        mrkdwn = to_mrkdwn(markdown)
        parts, as_file = long_answer_plan(mrkdwn, message_limit=MESSAGE_CHARS)
        state = self._state
        if (self.stream_ts and not self.stream_failed and not state.discarded and not as_file
                and getattr(result, "streamed", False) and len(parts) == 1
                and self.scrub(state.raw).strip() == self.scrub(result.answer).strip()
                and not result.computed):
            rest = self._unsent(final=True)
            if not state.discarded and self._stop_stream(rest, footer):
                self._delete_placeholder()
                return [self.stream_ts]
        head = self._end_stream()
        if as_file:
            self._upload(markdown)
            parts = [summary_for_file(mrkdwn) + "\n\n_The whole answer is in the file above._"]
        return self._deliver(parts, footer, head)

    def fail(self, message: str) -> str | None:
        """Replace the live view with a short friendly message; returns its ts."""
        self._stop_pump()
        text = neutralize(self.scrub(message))
        head = self._end_stream()
        posted = self._deliver([text], [], head)
        return posted[0] if posted else None

    def say(self, text: str) -> str | None:
        """Post one more plain message in the thread (a note about skipped files, say)."""
        return self._post(neutralize(self.scrub(text)))

    # --- the pump: every live Slack call of the reply ------------------------------------------

    def _run_pump(self) -> None:
        while True:
            with self._cond:
                while not self._state.dirty and not self._state.closing:
                    self._cond.wait()
                if self._state.closing:
                    return
                wait = self.interval - (time.monotonic() - self._last_send)
                if wait > 0:
                    self._cond.wait(wait)
                    if self._state.closing:
                        return
                self._state.dirty = False
                streaming = self._state.streaming and bool(self._state.raw)
                status = self._state.status
            try:
                if streaming:
                    self._send_stream()
                elif status and status != self._state.status_sent:
                    self._send_status(status)
            except Exception:  # noqa: BLE001 - live progress is best effort; the answer is not
                log.warning("live progress update failed", exc_info=True)
            self._last_send = time.monotonic()

    def _stop_pump(self) -> None:
        with self._cond:
            self._state.closing = True
            self._cond.notify_all()
        if self._pump is not None and self._pump is not threading.current_thread():
            self._pump.join(timeout=30)

    def _send_status(self, status: str) -> None:
        self._state.status_sent = status
        if self.agent_thread:
            self._set_status(status)
        elif self.placeholder_ts:
            self._update(self.placeholder_ts, f"_{status}_", None)

    def _unsent(self, *, final: bool = False) -> str:
        """The neutralised text not yet sent; held back to the last line or word end unless final."""
        with self._cond:
            raw = self._state.raw
        # held back to a word's end, a secret is never streamed in part before it is recognised
        cut = len(raw) if final else max(raw.rfind("\n"), raw.rfind(" ")) + 1
        raw = self.scrub(raw[:cut])
        cut = len(raw)
        self._state.shown_raw = raw[:cut]
        shown = to_block_markdown(raw[:cut])[:STREAM_MAX_CHARS]
        sent = self._state.sent
        if not shown.startswith(sent):  # neutralising a longer text changed its head: stop live
            self._state.discarded = True
            return ""
        self._state.sent = shown
        return shown[len(sent):]

    def _send_stream(self) -> None:
        if self._state.discarded:
            return
        piece = self._unsent()
        if not piece:
            return
        if self.native_stream and not self.stream_failed:
            if self.stream_ts is None:
                self._start_stream(piece)
                if self.stream_ts is not None:
                    return
            else:
                self._append_stream(piece)
                return
        if self.placeholder_ts:  # pseudo-streaming: edit the placeholder with the text so far
            text = to_mrkdwn(self._state.shown_raw)
            if len(text) > MESSAGE_CHARS:
                text = text[:MESSAGE_CHARS - 2] + " …"
            self._update(self.placeholder_ts, text, None)

    def _start_stream(self, first: str) -> None:
        kwargs: dict[str, Any] = {"channel": self.channel, "thread_ts": self.thread_ts,
                                  "markdown_text": first[:STREAM_CALL_CHARS]}
        if not self.channel.startswith("D"):
            kwargs.update(recipient_user_id=self.user, recipient_team_id=self.team)
        try:
            response = self.client.chat_startStream(**kwargs)
        except (SlackApiError, OSError) as exc:
            log.info("native streaming refused (%s); editing the placeholder instead", api_error(exc))
            self.native_stream = False
            return
        self.stream_ts = response.get("ts")
        if len(first) > STREAM_CALL_CHARS:
            self._append_stream(first[STREAM_CALL_CHARS:])
        self._delete_placeholder()

    def _append_stream(self, piece: str) -> None:
        for start in range(0, len(piece), STREAM_CALL_CHARS):
            try:
                self.client.chat_appendStream(channel=self.channel, ts=self.stream_ts,
                                              markdown_text=piece[start:start + STREAM_CALL_CHARS])
            except (SlackApiError, OSError) as exc:
                log.info("stream %s failed midway (%s); the whole answer replaces it at the end",
                         self.stream_ts, api_error(exc))
                self.stream_failed = True
                return

    def _stop_stream(self, rest: str, blocks: list[dict] | None) -> bool:
        if rest:
            self._append_stream(rest)
            if self.stream_failed:
                return False
        try:
            kwargs: dict[str, Any] = {"channel": self.channel, "ts": self.stream_ts}
            if blocks:
                kwargs["blocks"] = blocks
            self.client.chat_stopStream(**kwargs)
            return True
        except (SlackApiError, OSError) as exc:
            log.info("could not stop stream %s (%s)", self.stream_ts, api_error(exc))
            self.stream_failed = True
            return False

    def _end_stream(self) -> str | None:
        """Close a live stream (failed or not) so its message can be edited; returns the message
        the final text replaces (the stream's, else the placeholder)."""
        if not self.stream_ts:
            return self.placeholder_ts
        try:  # a stream that failed midway may still be open: close it before editing it
            self.client.chat_stopStream(channel=self.channel, ts=self.stream_ts)
        except (SlackApiError, OSError) as exc:
            log.info("stream %s could not be stopped (%s); it is edited as it is", self.stream_ts,
                     api_error(exc))
        self._delete_placeholder()
        return self.stream_ts

    # --- final delivery --------------------------------------------------------------------------

    def _deliver(self, parts: list[str], footer: list[dict], head: str | None) -> list[str]:
        posted: list[str] = []
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            blocks = sections(part) + (footer if last else [])
            if not blocks:
                blocks = None
            ts = None
            if index == 0 and head:
                ts = head if self._update(head, part, blocks) else None
            if ts is None:
                ts = self._post(part, blocks)
                if index == 0 and head and head == self.stream_ts and ts:
                    self._delete(head)  # the partial stream made way for the whole answer
            if ts:
                posted.append(ts)
        if self.agent_thread:
            self._set_status("")
        return posted

    def _upload(self, markdown: str) -> None:
        try:
            kwargs: dict[str, Any] = {"channel": self.channel, "content": to_block_markdown(markdown),
                                      "filename": FILE_NAME, "title": "The whole answer"}
            if self.thread_ts:
                kwargs["thread_ts"] = self.thread_ts
            self.client.files_upload_v2(**kwargs)
        except (SlackApiError, OSError) as exc:
            log.warning("could not upload the long answer as a file (%s)", api_error(exc))

    # --- Web API calls that never raise ---------------------------------------------------------

    def _post(self, text: str, blocks: list[dict] | None = None) -> str | None:
        kwargs: dict[str, Any] = {"channel": self.channel, "text": text or WORKING,
                                  "unfurl_links": False, "unfurl_media": False}
        if self.thread_ts:
            kwargs["thread_ts"] = self.thread_ts
        if blocks:
            kwargs["blocks"] = blocks
        try:
            return self.client.chat_postMessage(**kwargs).get("ts")
        except (SlackApiError, OSError) as exc:
            log.warning("chat.postMessage to %s failed: %s", self.channel, api_error(exc))
            if blocks:  # a block Slack refused must not cost the answer: send the text alone
                return self._post(text)
            return None

    def _update(self, ts: str, text: str, blocks: list[dict] | None) -> bool:
        kwargs: dict[str, Any] = {"channel": self.channel, "ts": ts, "text": text or WORKING}
        if blocks is not None:
            kwargs["blocks"] = blocks
        try:
            self.client.chat_update(**kwargs)
            return True
        except (SlackApiError, OSError) as exc:
            log.info("chat.update of %s failed: %s", ts, api_error(exc))
            return False

    def _set_status(self, status: str) -> bool:
        try:
            self.client.assistant_threads_setStatus(channel_id=self.channel, thread_ts=self.thread_ts,
                                                    status=status)
            return True
        except (SlackApiError, OSError) as exc:
            log.info("assistant.threads.setStatus failed: %s", api_error(exc))
            return False

    def _delete_placeholder(self) -> None:
        if not self.placeholder_ts:
            return
        ts, self.placeholder_ts = self.placeholder_ts, None
        self._delete(ts)

    def _delete(self, ts: str) -> None:
        try:
            self.client.chat_delete(channel=self.channel, ts=ts)
        except (SlackApiError, OSError) as exc:
            log.info("could not delete message %s: %s", ts, api_error(exc))


def api_error(exc: BaseException) -> str:
    """The error code Slack answered (`ratelimited`, `not_in_channel`, …), else the exception's text."""
    response = getattr(exc, "response", None)
    try:
        return str(response.get("error")) if response is not None else str(exc)
    except Exception:  # noqa: BLE001
        return type(exc).__name__
