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
from dataclasses import dataclass
from typing import Any

# Failure kinds worth another attempt at the same model.
RETRYABLE = frozenset({"rate_limit", "server", "timeout", "connection", "malformed"})
# Failure kinds where another model cannot do better (the request itself is wrong).
NO_FALLBACK = frozenset({"bad_request"})
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

    async def chat(self, model: str, messages: list[dict], params: dict[str, Any]) -> RawReply:
        """POST /chat/completions and return the first choice, or raise ProviderFailure."""
        import aiohttp

        body = {"model": model, "messages": messages, **params}
        session = self._get_session()
        try:
            async with session.post(f"{self.api_base}/chat/completions", json=body,
                                    timeout=aiohttp.ClientTimeout(total=self.timeout)) as resp:
                raw = await resp.read()
                if resp.status >= 400:
                    raise ProviderFailure(_kind_for_status(resp.status), _error_message(raw), status=resp.status,
                                          retry_after=parse_retry_after(resp.headers))
        except asyncio.TimeoutError:
            raise ProviderFailure("timeout", f"no answer within {self.timeout:g} s") from None
        except aiohttp.ClientResponseError as exc:
            raise ProviderFailure("malformed", f"bad HTTP response: {exc.message}", status=exc.status) from None
        except (aiohttp.ClientError, OSError) as exc:
            raise ProviderFailure("connection", f"connection failed ({type(exc).__name__}: {exc})") from None
        return _parse_chat(raw, model)

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
        text = message.get("content")
        if text is None and message.get("tool_calls"):
            text = json.dumps(message["tool_calls"])
        usage = data.get("usage") or {}
        return RawReply(
            text=text or "",
            prompt_tokens=_opt_int(usage.get("prompt_tokens")),
            completion_tokens=_opt_int(usage.get("completion_tokens")),
            model=str(data.get("model") or model),
            finish_reason=choice.get("finish_reason"),
        )
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise ProviderFailure("malformed", f"unreadable response body ({len(raw)} bytes)", status=200) from None


def _opt_int(value: Any) -> int | None:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


class LitellmTransport:
    """Chat completions through litellm.acompletion (any provider), our retries only."""

    def __init__(self, *, api_base: str | None, api_key: str | None, timeout: float) -> None:
        self._litellm = quiet_litellm()
        self.api_base = api_base
        self._api_key = api_key
        self.timeout = timeout

    async def chat(self, model: str, messages: list[dict], params: dict[str, Any]) -> RawReply:
        """Call litellm.acompletion and return the first choice, or raise ProviderFailure."""
        kwargs: dict[str, Any] = dict(params)
        if self.api_base:
            kwargs["api_base"] = self.api_base
            kwargs["api_key"] = self._api_key or "sk-no-key"
        try:
            resp = await self._litellm.acompletion(
                model=model, messages=messages, timeout=self.timeout, num_retries=0, max_retries=0,
                drop_params=True, **kwargs,
            )
        except Exception as exc:  # noqa: BLE001 - every provider error becomes a ProviderFailure
            raise _from_litellm(exc, self.timeout) from None
        try:
            choice = resp.choices[0]
            usage = getattr(resp, "usage", None)
            return RawReply(
                text=choice.message.content or "",
                prompt_tokens=_opt_int(getattr(usage, "prompt_tokens", None)),
                completion_tokens=_opt_int(getattr(usage, "completion_tokens", None)),
                model=str(getattr(resp, "model", None) or model),
                finish_reason=getattr(choice, "finish_reason", None),
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
