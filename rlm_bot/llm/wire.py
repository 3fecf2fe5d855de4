"""What crosses the wire, whichever transport carried it: replies, failures, streamed pieces."""

from __future__ import annotations

import json
import logging
import re
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rlm_bot.config import mask_url

OnDelta = Callable[[str], Any]

# Failure kinds worth another attempt at the same model.
RETRYABLE = frozenset({"rate_limit", "server", "timeout", "connection", "malformed"})
# Failure kinds where another model cannot help: the request itself is wrong, or a streamed reply
# broke after part of it was already handed to the caller (a second model would repeat it).
NO_FALLBACK = frozenset({"bad_request", "interrupted"})
MAX_ERROR_CHARS = 300
_SECRETISH = re.compile(r"(sk-[A-Za-z0-9_\-]{6,}|Bearer\s+\S+|(api[_-]?key|token)\s*[=:]\s*\S+)", re.IGNORECASE)


@dataclass(frozen=True)
class RawReply:
    """What a provider answered: text, reported usage (None when absent), model, finish reason."""

    text: str
    prompt_tokens: int | None
    completion_tokens: int | None
    model: str
    finish_reason: str | None = None
    tool_calls: list[dict[str, Any]] | None = None


class ProviderFailure(Exception):
    """One failed attempt: kind (rate_limit, server, timeout, connection, malformed, auth,
    not_found, context, bad_request, error), HTTP status, Retry-After seconds, short message."""

    def __init__(self, kind: str, message: str, *, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        """True when the same model may succeed on another attempt."""
        return self.kind in RETRYABLE

    def describe(self) -> str:
        """One line: status and message."""
        status = f"HTTP {self.status} " if self.status else ""
        return f"{status}{self.kind.replace('_', ' ')}: {self.message}"


def scrub(text: str, secrets: tuple[str, ...] = (), *, limit: int | None = MAX_ERROR_CHARS) -> str:
    """Remove secrets (known values, key-like tokens) from a message and make it one line, shortened
    to `limit` characters at a sentence boundary (None: whole)."""
    out = str(text)
    for secret in secrets:
        if secret:
            out = out.replace(secret, "****")
    out = _SECRETISH.sub("****", mask_url(out))
    out = " ".join(out.split())
    return out if limit is None else clip(out, limit)


def clip(text: str, limit: int = MAX_ERROR_CHARS) -> str:
    """`text` if it fits in `limit` characters, else its whole sentences that do (or its whole
    words and "…" when even the first sentence is longer)."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(". "), head.rfind("; "), head.rfind(": "))
    if end >= limit // 3:
        return head[:end].rstrip(" .;:") + "."
    space = head.rfind(" ")
    return (head[:space] if space > 0 else head[:limit - 1]).rstrip(" .,;:") + "…"


def endpoint_label(url: str) -> str:
    """host:port of an endpoint URL, for messages: never its userinfo, path or query."""
    try:
        parts = urllib.parse.urlsplit(url)
        host = parts.hostname or ""
        return f"{host}:{parts.port}" if parts.port else host or "the configured endpoint"
    except ValueError:
        return "the configured endpoint"


def parse_retry_after(headers: Any) -> float | None:
    """Seconds to wait from `retry-after-ms` or `retry-after` (seconds or an HTTP date)."""
    if not headers:
        return None
    get = headers.get
    raw_ms = get("retry-after-ms") or get("Retry-After-Ms")
    if raw_ms:
        try:
            return max(0.0, float(raw_ms) / 1000.0)
        except ValueError:
            pass
    raw = get("retry-after") or get("Retry-After")
    if not raw:
        return None
    try:
        return max(0.0, float(raw))
    except ValueError:
        pass
    import email.utils  # deferred: only a Retry-After given as an HTTP date needs the email package

    try:
        when = email.utils.parsedate_to_datetime(str(raw))
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def kind_for_status(status: int) -> str:
    """The failure kind of an HTTP error status."""
    if status == 429:
        return "rate_limit"
    if status in (408, 409) or status >= 500:
        return "timeout" if status == 408 else "server"
    if status in (401, 403):
        return "auth"
    if status == 404:
        return "not_found"
    if status == 413:
        return "context"
    return "bad_request"


def error_message(body: bytes) -> str:
    """The provider's error message from an OpenAI-style error body (or the body's start)."""
    try:
        data = json.loads(body)
        err = data.get("error") if isinstance(data, dict) else None
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])
        if isinstance(err, str):
            return err
    except ValueError:
        pass
    return body[:200].decode("utf-8", "replace") or "no error body"


class StreamState:
    """Collects a streamed reply: text pieces (handed to on_delta as they come), usage, finish."""

    def __init__(self, model: str, on_delta: OnDelta | None) -> None:
        self.model = model
        self.on_delta = on_delta
        self.parts: list[str] = []
        self.usage: dict[str, Any] = {}
        self.finish: str | None = None

    def piece(self, text: str | None) -> None:
        """Record one piece of text and hand it to on_delta."""
        if not text:
            return
        self.parts.append(text)
        try:
            self.on_delta(text)
        except Exception as exc:  # noqa: BLE001 - a broken consumer must not break the call
            logging.getLogger("rlm_bot.llm").error("on_delta callback failed: %s", scrub(str(exc)))

    def feed_sse(self, line: bytes) -> bool:
        """Take one SSE line; True at the end of the stream."""
        line = line.strip()
        if not line.startswith(b"data:"):
            return False
        data = line[5:].strip()
        if data == b"[DONE]":
            return True
        try:
            obj = json.loads(data)
        except ValueError:
            raise self.failure("malformed", "unreadable stream event") from None
        if obj.get("usage"):
            self.usage = obj["usage"]
        self.model = obj.get("model") or self.model
        for choice in obj.get("choices") or []:
            self.piece((choice.get("delta") or {}).get("content"))
            self.finish = choice.get("finish_reason") or self.finish
        return False

    def failure(self, kind: str, message: str, status: int | None = None) -> ProviderFailure:
        """A failure; once text went out it is `interrupted` (neither retried nor sent elsewhere)."""
        if self.parts:
            return ProviderFailure("interrupted", f"stream broke after {len(self.parts)} piece(s): {message}",
                                   status=status)
        return ProviderFailure(kind, message, status=status)

    def reply(self) -> RawReply:
        """The whole streamed reply."""
        return RawReply("".join(self.parts), opt_int(self.usage.get("prompt_tokens")),
                        opt_int(self.usage.get("completion_tokens")), self.model, self.finish)


def opt_int(value: Any) -> int | None:
    """An int from a JSON number, None for anything else."""
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


