"""A lean OpenAI-compatible chat transport on one keep-alive pool (`h1.py`): the endpoint default.

`RLM_LLM_TRANSPORT=auto` (the default) sends every call to an OpenAI-compatible endpoint
(`RLM_LLM_API_BASE`: vLLM, Ollama, LM Studio, a LiteLLM proxy) through this transport: litellm
costs ~5 s to import and a few ms of CPU per call even when tuned (the OpenAI SDK's request
transformation, its logging object, response construction), which caps one process at a few
hundred calls per second; this transport spends ~0.3 ms (`rlm-bot bench llm` measures both).
litellm stays the path for provider models reached with provider keys, and for endpoints with
`RLM_LLM_TRANSPORT=litellm`.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from rlm_bot.llm.h1 import ConnectionFailed, Pool, ProtocolFailed
from rlm_bot.llm.wire import (
    OnDelta,
    ProviderFailure,
    RawReply,
    StreamState,
    error_message,
    kind_for_status,
    opt_int,
    parse_retry_after,
)

DRAIN_SECONDS = 0.05  # after a stream's [DONE], how long the rest of its body may take to arrive
# Parameters an endpoint may refuse for some models; dropped for that model when it says so.
OPTIONAL_PARAMS = ("temperature", "response_format", "stream_options")


class HttpTransport:
    """OpenAI-compatible chat completions over one keep-alive connection pool (loop-bound)."""

    def __init__(self, api_base: str, api_key: str, *, timeout: float, max_connections: int) -> None:
        self.api_base = api_base.rstrip("/")
        self._api_key = api_key
        self.timeout = timeout
        self.max_connections = max_connections
        self._pool: Pool | None = None
        self._fixes: dict[str, set[str]] = {}

    def _get_pool(self) -> Pool:
        if self._pool is None:
            headers = {"Content-Type": "application/json", "User-Agent": "rlm-bot", "Accept": "*/*"}
            if self._api_key:
                headers["Authorization"] = f"Bearer {self._api_key}"
            self._pool = Pool(self.api_base, max_idle=self.max_connections, headers=headers)
        return self._pool

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
        body = {"model": model, "messages": messages, **params}
        if on_delta is not None:
            body["stream"] = True
            if "stream_options" not in self._fixes.get(model, ()):
                body["stream_options"] = {"include_usage": True}
        stream = StreamState(model, on_delta)
        try:
            if on_delta is None:  # the whole exchange within the timeout
                async with asyncio.timeout(self.timeout):
                    return await self._exchange(json.dumps(body).encode(), model, None)
            # a stream may run long: the timeout bounds connecting and each wait for more data
            return await self._exchange(json.dumps(body).encode(), model, stream)
        except TimeoutError:
            raise stream.failure("timeout", f"no answer within {self.timeout:g} s") from None
        except ProtocolFailed as exc:
            raise stream.failure("malformed", str(exc)) from None
        except (ConnectionFailed, OSError) as exc:
            raise stream.failure("connection", f"connection failed ({exc})") from None

    async def _exchange(self, payload: bytes, model: str, stream: StreamState | None) -> RawReply:
        pool = self._get_pool()
        read_timeout = None if stream is None else self.timeout
        response, conn = await pool.post("/chat/completions", payload, connect_timeout=self.timeout)
        complete = False
        try:
            if response.status >= 400 or stream is None:
                raw = await pool.read_body(conn, read_timeout)
                complete = True
                if response.status >= 400:
                    raise ProviderFailure(kind_for_status(response.status), error_message(raw),
                                          status=response.status, retry_after=parse_retry_after(response.headers))
                return _parse_chat(raw, model)
            buffer = b""  # split lines ourselves: an event of any size arrives whole
            finished = False
            async for data in pool.body(conn, read_timeout):
                buffer += data
                *lines, buffer = buffer.split(b"\n")
                if any(stream.feed_sse(line) for line in lines):
                    finished = True
                    break
            else:
                complete = True
                stream.feed_sse(buffer)
            if finished:  # [DONE] came: what may follow is the body's end, read when it is there
                complete = await _drain(pool, conn)
            return stream.reply()
        finally:
            pool.release(conn, complete=complete)

    async def close(self) -> None:
        """Close the pooled connections."""
        if self._pool is not None:
            await self._pool.close()
        self._pool = None


async def _drain(pool: Pool, conn) -> bool:
    """Read the rest of a finished stream's body if it has already arrived (keeps the connection)."""
    try:
        async with asyncio.timeout(DRAIN_SECONDS):
            async for _ in pool.body(conn):
                pass
        return True
    except (TimeoutError, ConnectionFailed, ProtocolFailed, OSError):
        return False


def _parse_chat(raw: bytes, model: str) -> RawReply:
    try:
        data = json.loads(raw)
        choice = data["choices"][0]
        message = choice.get("message") or {}
        usage = data.get("usage") or {}
        return RawReply(
            text=message.get("content") or "",
            prompt_tokens=opt_int(usage.get("prompt_tokens")),
            completion_tokens=opt_int(usage.get("completion_tokens")),
            model=str(data.get("model") or model),
            finish_reason=choice.get("finish_reason"),
            tool_calls=message.get("tool_calls") or None,
        )
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        raise ProviderFailure("malformed", f"unreadable response body ({len(raw)} bytes)", status=200) from None


