"""The two ways a chat request leaves the process, with one failure vocabulary.

- `LitellmTransport`: litellm's `acompletion`, for every provider litellm knows (and for an
  OpenAI-compatible endpoint as an `openai/` model). litellm's own retries are switched off
  (`num_retries=0`, `max_retries=0`): the client's retry loop is the only one.
- `HttpTransport`: a lean OpenAI-compatible client on one pooled aiohttp session, for
  `RLM_LLM_API_BASE` endpoints. litellm spends ~2-4 ms of CPU per call (request transformation
  through the OpenAI SDK, logging objects, its own cost calculation) which caps a single process
  at a few hundred calls per second; this path spends ~0.2 ms (see `rlm-bot bench llm`).

Both return a `RawReply` or raise `ProviderFailure(kind, ...)`; the client decides what to retry.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

OnDelta = Callable[[str], Any]

# Failure kinds worth another attempt at the same model.
RETRYABLE = frozenset({"rate_limit", "server", "timeout", "connection", "malformed"})
# Failure kinds where another model cannot help: the request itself is wrong, or a streamed reply
# broke after part of it was already handed to the caller (a second model would repeat it).
NO_FALLBACK = frozenset({"bad_request", "interrupted"})
MAX_ERROR_CHARS = 300
# Parameters an endpoint may refuse for some models; dropped for that model when it says so.
OPTIONAL_PARAMS = ("temperature", "response_format", "stream_options")
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


def scrub(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Remove secrets (known values, key-like tokens) from a message and shorten it to one line."""
    out = str(text)
    for secret in secrets:
        if secret:
            out = out.replace(secret, "****")
    out = _SECRETISH.sub("****", out)
    out = " ".join(out.split())
    return out[:MAX_ERROR_CHARS] + ("…" if len(out) > MAX_ERROR_CHARS else "")


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
    try:
        when = email.utils.parsedate_to_datetime(str(raw))
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _kind_for_status(status: int) -> str:
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


def _error_message(body: bytes) -> str:
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


class HttpTransport:
    """OpenAI-compatible chat completions over one pooled aiohttp session (loop-bound)."""

    def __init__(self, api_base: str, api_key: str, *, timeout: float, max_connections: int) -> None:
        self.api_base = api_base.rstrip("/")
        self._api_key = api_key
        self.timeout = timeout
        self.max_connections = max_connections
        self._session = None
        self._fixes: dict[str, set[str]] = {}

    def _get_session(self):
        import aiohttp

        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.max_connections, limit_per_host=0, keepalive_timeout=30)
            headers = {"Content-Type": "application/json", "User-Agent": "rlm-bot"}
            if self._api_key:
                headers["Authorization"] = f"Bearer {self._api_key}"
            self._session = aiohttp.ClientSession(connector=connector, headers=headers,
                                                  json_serialize=json.dumps, trust_env=False)
        return self._session

    async def chat(self, model: str, messages: list[dict], params: dict[str, Any],
                   on_delta: OnDelta | None = None) -> RawReply:
        """POST /chat/completions (streamed when `on_delta` is given) or raise ProviderFailure.

        An endpoint that rejects a parameter for a model (e.g. OpenAI's reasoning models want
        `max_completion_tokens`, some refuse `temperature`) is answered once more with the
        parameter renamed or dropped, and the fix is remembered for that model.
        """
        for _ in range(len(OPTIONAL_PARAMS) + 1):
            try:
                return await self._chat_once(model, messages, self._adapt(model, params), on_delta)
            except ProviderFailure as failure:
                if failure.kind != "bad_request" or not self._learn(model, failure.message):
                    raise
        return await self._chat_once(model, messages, self._adapt(model, params), on_delta)

    def _adapt(self, model: str, params: dict[str, Any]) -> dict[str, Any]:
        """Apply what this endpoint taught us about `model` (renamed or unsupported parameters)."""
        fixes = self._fixes.get(model)
        if not fixes:
            return params
        out = dict(params)
        if "max_completion_tokens" in fixes and "max_tokens" in out:
            out["max_completion_tokens"] = out.pop("max_tokens")
        for name in fixes - {"max_completion_tokens"}:
            out.pop(name, None)
        return out

    def _learn(self, model: str, message: str) -> bool:
        """From a 400 message, learn a parameter fix for `model`; True when there is a new one."""
        text = message.lower()
        fixes = self._fixes.setdefault(model, set())
        before = set(fixes)
        if "max_completion_tokens" in text:
            fixes.add("max_completion_tokens")
        for name in OPTIONAL_PARAMS:
            if name in text and any(word in text for word in ("unsupported", "not supported", "does not support")):
                fixes.add(name)
        return fixes != before

    async def _chat_once(self, model: str, messages: list[dict], params: dict[str, Any],
                         on_delta: OnDelta | None) -> RawReply:
        import aiohttp

        body = {"model": model, "messages": messages, **params}
        if on_delta is not None:
            body["stream"] = True
            if "stream_options" not in self._fixes.get(model, ()):
                body["stream_options"] = {"include_usage": True}
            timeout = aiohttp.ClientTimeout(total=None, sock_connect=self.timeout, sock_read=self.timeout)
        else:
            timeout = aiohttp.ClientTimeout(total=self.timeout)
        session = self._get_session()
        stream = _StreamState(model, on_delta)
        try:
            async with session.post(f"{self.api_base}/chat/completions", json=body, timeout=timeout) as resp:
                if resp.status >= 400:
                    raw = await resp.read()
                    raise ProviderFailure(_kind_for_status(resp.status), _error_message(raw), status=resp.status,
                                          retry_after=parse_retry_after(resp.headers))
                if on_delta is None:
                    return _parse_chat(await resp.read(), model)
                async for line in resp.content:
                    if stream.feed_sse(line):
                        break
        except asyncio.TimeoutError:
            raise stream.failure("timeout", f"no answer within {self.timeout:g} s") from None
        except aiohttp.ClientResponseError as exc:
            raise stream.failure("malformed", f"bad HTTP response: {exc.message}", exc.status) from None
        except (aiohttp.ClientError, OSError) as exc:
            raise stream.failure("connection", f"connection failed ({type(exc).__name__}: {exc})") from None
        return stream.reply()

    async def close(self) -> None:
        """Close the pooled session."""
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None


def _parse_chat(raw: bytes, model: str) -> RawReply:
    try:
        data = json.loads(raw)
        choice = data["choices"][0]
        message = choice.get("message") or {}
        usage = data.get("usage") or {}
        return RawReply(
            text=message.get("content") or "",
            prompt_tokens=_opt_int(usage.get("prompt_tokens")),
            completion_tokens=_opt_int(usage.get("completion_tokens")),
            model=str(data.get("model") or model),
            finish_reason=choice.get("finish_reason"),
            tool_calls=message.get("tool_calls") or None,
        )
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise ProviderFailure("malformed", f"unreadable response body ({len(raw)} bytes)", status=200) from None


class _StreamState:
    """Collects a streamed reply: text pieces (handed to on_delta as they come), usage, finish."""

    def __init__(self, model: str, on_delta: OnDelta | None) -> None:
        self.model = model
        self.on_delta = on_delta
        self.parts: list[str] = []
        self.usage: dict[str, Any] = {}
        self.finish: str | None = None

    def piece(self, text: str | None) -> None:
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
        return RawReply("".join(self.parts), _opt_int(self.usage.get("prompt_tokens")),
                        _opt_int(self.usage.get("completion_tokens")), self.model, self.finish)


def _opt_int(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


class LitellmTransport:
    """Chat completions through litellm.acompletion (any provider), our retries only."""

    def __init__(self, *, api_base: str | None, api_key: str | None, timeout: float) -> None:
        self._litellm = quiet_litellm()
        self.api_base = api_base
        self._api_key = api_key
        self.timeout = timeout

    async def chat(self, model: str, messages: list[dict], params: dict[str, Any],
                   on_delta: OnDelta | None = None) -> RawReply:
        """Call litellm.acompletion (streamed when `on_delta` is given) or raise ProviderFailure."""
        kwargs: dict[str, Any] = dict(params)
        if self.api_base:
            kwargs["api_base"] = self.api_base
            kwargs["api_key"] = self._api_key or "sk-no-key"
        if on_delta is not None:
            kwargs.update(stream=True, stream_options={"include_usage": True})
        stream = _StreamState(model, on_delta)
        try:
            resp = await self._litellm.acompletion(
                model=model, messages=messages, timeout=self.timeout, num_retries=0, max_retries=0,
                drop_params=True, **kwargs,
            )
            if on_delta is not None:
                async for chunk in resp:
                    for choice in getattr(chunk, "choices", None) or []:
                        delta = getattr(choice, "delta", None)
                        stream.piece(getattr(delta, "content", None))
                        stream.finish = getattr(choice, "finish_reason", None) or stream.finish
                    usage = getattr(chunk, "usage", None)
                    if usage is not None and getattr(usage, "prompt_tokens", None):
                        stream.usage = {"prompt_tokens": usage.prompt_tokens,
                                        "completion_tokens": usage.completion_tokens}
                return stream.reply()
        except Exception as exc:  # noqa: BLE001 - every provider error becomes a ProviderFailure
            failure = _from_litellm(exc, self.timeout)
            raise stream.failure(failure.kind, failure.message, failure.status) if stream.parts else failure from None
        try:
            choice = resp.choices[0]
            usage = getattr(resp, "usage", None)
            calls = getattr(choice.message, "tool_calls", None)
            return RawReply(
                text=choice.message.content or "",
                prompt_tokens=_opt_int(getattr(usage, "prompt_tokens", None)),
                completion_tokens=_opt_int(getattr(usage, "completion_tokens", None)),
                model=str(getattr(resp, "model", None) or model),
                finish_reason=getattr(choice, "finish_reason", None),
                tool_calls=[c.model_dump() if hasattr(c, "model_dump") else dict(c) for c in calls] if calls else None,
            )
        except (AttributeError, IndexError, TypeError):
            raise ProviderFailure("malformed", "litellm returned a response without choices", status=200) from None

    async def close(self) -> None:
        """Nothing to close: litellm owns its client cache."""


def quiet_litellm():
    """Import litellm with its banner off and its loggers at WARNING, whatever RLM_LOG_LEVEL says
    (its INFO/DEBUG lines echo request parameters, which may include keys)."""
    import litellm

    litellm.suppress_debug_info = True
    for name in ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy", "litellm"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return litellm


def _from_litellm(exc: Exception, timeout: float) -> ProviderFailure:
    import litellm

    status = getattr(exc, "status_code", None)
    status = status if isinstance(status, int) else None
    headers = getattr(exc, "litellm_response_headers", None)
    if headers is None:
        response = getattr(exc, "response", None)
        headers = getattr(response, "headers", None)
    retry_after = parse_retry_after(headers)
    message = str(getattr(exc, "message", "") or exc).split("\n", 1)[0]
    message = re.sub(r"^((litellm\.)?\w+(Error|Exception)(:| -)\s*)+", "", message)
    if isinstance(exc, litellm.Timeout):
        return ProviderFailure("timeout", f"no answer within {timeout:g} s", status=status)
    if isinstance(exc, litellm.RateLimitError):
        return ProviderFailure("rate_limit", message, status=status or 429, retry_after=retry_after)
    if isinstance(exc, litellm.ContextWindowExceededError):
        return ProviderFailure("context", message, status=status)
    if isinstance(exc, (litellm.AuthenticationError, litellm.PermissionDeniedError)):
        return ProviderFailure("auth", message, status=status)
    if isinstance(exc, litellm.NotFoundError):
        return ProviderFailure("not_found", message, status=status)
    if isinstance(exc, litellm.APIConnectionError) or "Connection error" in message:
        return ProviderFailure("connection", message, status=None)
    if status is not None and status >= 400:
        return ProviderFailure(_kind_for_status(status), message, status=status, retry_after=retry_after)
    if isinstance(exc, (litellm.APIError, ValueError)):
        return ProviderFailure("malformed", message or "unreadable response", status=status)
    return ProviderFailure("error", f"{type(exc).__name__}: {message}", status=status)
