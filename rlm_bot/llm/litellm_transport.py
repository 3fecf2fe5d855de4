"""Chat completions through litellm (every provider it knows), with litellm's own retries off.

The client's retry loop is the only one (`num_retries=0`, `max_retries=0`), so retries are bounded
and testable; litellm errors are mapped onto the failure kinds of `rlm_bot.llm.wire`.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from rlm_bot.llm.wire import OnDelta, ProviderFailure, RawReply, StreamState, kind_for_status, opt_int, parse_retry_after


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
        stream = StreamState(model, on_delta)
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
                prompt_tokens=opt_int(getattr(usage, "prompt_tokens", None)),
                completion_tokens=opt_int(getattr(usage, "completion_tokens", None)),
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
        return ProviderFailure(kind_for_status(status), message, status=status, retry_after=retry_after)
    if isinstance(exc, (litellm.APIError, ValueError)):
        return ProviderFailure("malformed", message or "unreadable response", status=status)
    return ProviderFailure("error", f"{type(exc).__name__}: {message}", status=status)
