"""Progress of one request: stage messages and a streamed answer, sent to the caller's callback.

`Reporter(progress)` wraps a `Progress` callback (or None: then it does nothing, and model calls go
out exactly as without it). `stage(...)` says what the request is doing; `acomplete`/`complete`
make the one model call whose text becomes the answer, streamed: a PROGRESS_STREAM event, then a
PROGRESS_DELTA per piece. The client never retries a stream that broke after text went out (it
would repeat the text), so the reporter does: it withdraws the pieces (PROGRESS_DISCARD) and asks
again, once. `settle(answer)` says whether the live text is the answer, and withdraws it if not.

A callback that raises is logged at debug level and ignored: progress never breaks a request.
Deltas arrive on the LLM client's loop thread, so emitting one only appends and calls back.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Sequence
from typing import Any

from rlm_bot.pipeline.collaborators import ModelClient
from rlm_bot.pipeline.types import (
    Progress,
    ProgressEvent,
    delta_event,
    discard_event,
    stage_event,
    stream_event,
)

log = logging.getLogger(__name__)

STREAM_RETRIES = 1  # asks again after a stream broke part-way (its pieces withdrawn first)


class Reporter:
    """Sends one request's ProgressEvents to its callback; never lets the callback raise."""

    def __init__(self, progress: Progress | None = None) -> None:
        self.progress = progress
        self._lock = threading.Lock()
        self._pieces: list[str] | None = None  # the live stream's text, None when none is live
        self._model: str | None = None

    @property
    def active(self) -> bool:
        """True when someone listens (without a callback nothing is streamed)."""
        return self.progress is not None

    def emit(self, event: ProgressEvent) -> None:
        """Hand one event to the callback; an exception there is logged at debug and swallowed."""
        if self.progress is None:
            return
        try:
            self.progress(event)
        except Exception as exc:  # noqa: BLE001 - a broken consumer must not break the request
            log.debug("progress callback failed on a %s event: %s: %s", event.kind, type(exc).__name__, exc)

    def stage(self, stage: str, message: str, **data: Any) -> None:
        """Say what the request is doing now ("planning…")."""
        if self.progress is not None:
            self.emit(stage_event(stage, message, **data))

    def on_tier(self, alias: str, position: int, escalated_from: str | None) -> None:
        """The cascade's tier hook: "asking <alias>…", or "escalating to <alias>…" after a tier gave up."""
        if escalated_from is None:
            self.stage("execute", f"asking {alias}…", model=alias, tier=position)
        else:
            self.stage("execute", f"escalating to {alias}…", model=alias, tier=position,
                       escalated_from=escalated_from)

    def on_rollout(self, n: int, total: int) -> None:
        """The LATS hook: one rollout of the tool search begins."""
        self.stage("execute", f"searching with tools (rollout {n} of {total})…", rollout=n, rollouts=total)

    # --- the streamed answer ----------------------------------------------------------------------

    async def acomplete(self, client: ModelClient, alias: str, messages: Sequence[dict[str, Any]] | str,
                        **kwargs: Any) -> Any:
        """`client.acomplete(alias, messages, **kwargs)`, streamed to the callback when there is one."""
        if self.progress is None:
            return await client.acomplete(alias, messages, **kwargs)
        for attempt in range(1 + STREAM_RETRIES):
            self._open(alias)
            try:
                return await client.acomplete(alias, messages, on_delta=self._delta, **kwargs)
            except Exception as exc:
                if not self._retry(exc, attempt):
                    raise
            except BaseException:
                self.withdraw("the call was cancelled")
                raise
        raise AssertionError("unreachable: the last attempt returns or raises")

    def complete(self, client: ModelClient, alias: str, messages: Sequence[dict[str, Any]] | str,
                 **kwargs: Any) -> Any:
        """`client.complete(alias, messages, **kwargs)`, streamed to the callback when there is one."""
        if self.progress is None:
            return client.complete(alias, messages, **kwargs)
        for attempt in range(1 + STREAM_RETRIES):
            self._open(alias)
            try:
                return client.complete(alias, messages, on_delta=self._delta, **kwargs)
            except Exception as exc:
                if not self._retry(exc, attempt):
                    raise
            except BaseException:
                self.withdraw("the call was cancelled")
                raise
        raise AssertionError("unreachable: the last attempt returns or raises")

    def streamer(self, client: ModelClient):
        """An `acomplete`-like function (alias, messages, **kwargs) that streams through this reporter."""
        return functools.partial(self.acomplete, client)

    def settle(self, answer: str) -> bool:
        """True when the live stream's text is `answer` (ends' whitespace aside); otherwise the
        stream, if any, is withdrawn and False returned."""
        with self._lock:
            pieces = self._pieces
        if pieces is None:
            return False
        if "".join(pieces).strip() == answer.strip():
            return True
        self.withdraw("the answer came from elsewhere")
        return False

    def withdraw(self, reason: str) -> int:
        """Withdraw the live stream (PROGRESS_DISCARD), if there is one; how many pieces it had sent."""
        with self._lock:
            pieces, model = self._pieces, self._model
            self._pieces = None
        if pieces is None:
            return 0
        self.emit(discard_event(reason, model))
        return len(pieces)

    def _open(self, alias: str) -> None:
        self.withdraw("another call answers")  # a second stream replaces the first
        with self._lock:
            self._pieces, self._model = [], alias
        self.emit(stream_event(alias))

    def _delta(self, text: str) -> None:
        with self._lock:
            if self._pieces is None:
                return
            self._pieces.append(text)
            model = self._model
        self.emit(delta_event(text, model))

    def _retry(self, exc: Exception, attempt: int) -> bool:
        """After a failed streamed call: withdraw it; True when it broke after text went out (the
        client could not retry it then) and an attempt is left."""
        # deferred: the model client package, as in pipeline.py (module doc)
        from rlm_bot.llm import CallCancelledError

        sent = self.withdraw(f"the call failed: {type(exc).__name__}")
        if not sent or isinstance(exc, CallCancelledError) or attempt >= STREAM_RETRIES:
            return False
        log.info("a streamed answer broke after %d piece(s); asking again", sent)
        return True
