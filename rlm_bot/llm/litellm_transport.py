"""Chat completions through litellm (every provider it knows), with litellm's own retries off.

The client's retry loop is the only one (`num_retries=0`, `max_retries=0`), so retries are bounded
and testable; litellm errors are mapped onto the failure kinds of `rlm_bot.llm.wire`.

Per-call CPU is what limits fan-out (hundreds of calls in flight on one loop), so litellm is set
up through its public switches only (`tune_litellm`): no callbacks, debug output off, message
redaction left off (it deep-copies every call), its aiohttp transport kept (httpx costs ~2x the
CPU per call), and the ~350k objects its import leaves frozen out of the garbage collector's
walks. An OpenAI-compatible endpoint is called as `openai/<model>` by default (the
contract; RLM_LLM_ENDPOINT_PROVIDER=hosted_vllm picks litellm's own HTTP handler, ~0.5-1 ms per
call cheaper than the OpenAI SDK path), and every endpoint
model is registered with litellm at the profile's prices so its cost lookup is one direct hit
(litellm computes a cost on every call and has no switch to stop it; we bill from our profiles).
Measured (Nov 2026, loaded 2-core box): ~4.0-5.4 ms of CPU per call before, ~2.5-3.1 ms after;
the lean HTTP transport ~0.3 ms. Running litellm on several event loops does not help under the
GIL and breaks its process-wide logging worker, so every call stays on the client's one loop;
worker processes (`workers.py`, RLM_LLM_WORKERS) are how fan-outs get past one process's CPU.

The send gate (endpoint calls): asyncio runs the ~1.5 ms of request building of every call in
flight interleaved, so a burst of 50 calls all reach the provider ~75 ms late, come back
together and go out late again, every round (measured: 500 calls at 50 against a 200 ms provider
took 2.6-3.0 s in one process, ideal 2.0 s, with the process half idle). Each call therefore
takes a FIFO lock before litellm builds its request, and aiohttp's `on_request_start` trace hook
on the session we hand litellm as its public `shared_session` releases it, so calls are built one
at a time in arrival order and a burst is spread once instead of every round (2.3-2.4 s). Costs
~0.3-0.4 ms more CPU per call (requests no longer share event-loop wake-ups). The hold is
bounded (GATE_MAX_HOLD_SECONDS), ends on any error or cancellation, never covers connecting or
waiting for the answer, and the gate switches itself off if litellm ever answers without using
the session. `tests/llm/test_litellm_gate.py` checks the order at the provider.
`rlm-bot bench llm` measures the result next to the lean HTTP transport and a bare aiohttp loop.
"""

from __future__ import annotations

import asyncio
import contextvars
import gc
import logging
import os
import re
from typing import Any

from rlm_bot.llm.wire import OnDelta, ProviderFailure, RawReply, StreamState, kind_for_status, opt_int, parse_retry_after


class LitellmTransport:
    """Chat completions through litellm.acompletion (any provider), our retries only."""

    def __init__(self, *, api_base: str | None, api_key: str | None, timeout: float,
                 trace_configs: tuple = ()) -> None:
        self._litellm = tune_litellm()
        self.api_base = api_base
        self._api_key = api_key
        self.timeout = timeout
        # extra aiohttp TraceConfigs for the endpoint session (request tracing, metrics)
        self._trace_configs = tuple(trace_configs)
        # The FIFO send gate (module docstring): only for an endpoint, whose OpenAI-compatible
        # handlers send through the session we pass; off for good once a call shows otherwise.
        self.gated = bool(api_base)
        self.sent_through_session = 0  # calls whose request went out through our session
        self._session = None
        self._session_loop: asyncio.AbstractEventLoop | None = None
        self._gate: asyncio.Lock | None = None

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
        turn = _Turn()
        session = self._shared_session() if self.gated else None
        try:
            if session is not None:
                kwargs["shared_session"] = session
                _TURN.set(turn)
                await self._gate.acquire()  # FIFO: calls prepare their requests one at a time
                turn.hold(self._gate)
            resp = await self._litellm.acompletion(
                model=model, messages=messages, timeout=self.timeout, num_retries=0, max_retries=0,
                drop_params=True, **kwargs,
            )
            turn.release()
            if session is not None:
                self._note_sent(turn.sent)
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
        finally:
            turn.release()  # an error or a cancellation before the request went out
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

    def _shared_session(self):
        """Our aiohttp session on the running loop (litellm's connector settings plus the trace
        hook that opens the gate), or None off that loop."""
        loop = asyncio.get_running_loop()
        stale = self._session_loop is not None and self._session_loop is not loop and self._session_loop.is_closed()
        if self._session is None or self._session.closed or stale:
            import aiohttp
            from litellm.constants import (
                AIOHTTP_CONNECTOR_LIMIT,
                AIOHTTP_CONNECTOR_LIMIT_PER_HOST,
                AIOHTTP_KEEPALIVE_TIMEOUT,
                AIOHTTP_TTL_DNS_CACHE,
            )

            trace = aiohttp.TraceConfig()
            trace.on_request_start.append(_request_started)
            connector = aiohttp.TCPConnector(limit=max(0, AIOHTTP_CONNECTOR_LIMIT),
                                             limit_per_host=max(0, AIOHTTP_CONNECTOR_LIMIT_PER_HOST),
                                             keepalive_timeout=AIOHTTP_KEEPALIVE_TIMEOUT,
                                             ttl_dns_cache=AIOHTTP_TTL_DNS_CACHE)
            self._session = aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar(),
                                                  trust_env=_trust_env(self._litellm),
                                                  trace_configs=[trace, *self._trace_configs])
            self._session_loop, self._gate = loop, asyncio.Lock()
        return self._session if self._session_loop is loop else None

    def _note_sent(self, sent: bool) -> None:
        if sent:
            self.sent_through_session += 1
        elif self.gated:  # litellm answered without sending through our session: stop gating
            self.gated = False
            logging.getLogger("rlm_bot.llm").debug("litellm call did not use the shared session; send gate off")

    async def close(self) -> None:
        """Close our aiohttp session (litellm owns its own client cache)."""
        session, self._session = self._session, None
        if session is not None and not session.closed:
            try:
                await session.close()
            except RuntimeError:  # its loop is gone: nothing left to close
                pass


def _trust_env(litellm) -> bool:
    """Whether litellm's own sessions would read HTTP(S)_PROXY (its setting or AIOHTTP_TRUST_ENV)."""
    return bool(getattr(litellm, "aiohttp_trust_env", False)) or \
        os.environ.get("AIOHTTP_TRUST_ENV", "").strip().lower() in {"1", "true", "yes", "on"}


GATE_MAX_HOLD_SECONDS = 0.25  # a call that never reaches the socket cannot stall the others


class _Turn:
    """One call's hold on the send gate: released when aiohttp starts its request, when the call
    ends (error, cancellation, a reply with no request), or after GATE_MAX_HOLD_SECONDS."""

    __slots__ = ("gate", "sent", "_timer")

    def __init__(self) -> None:
        self.gate: asyncio.Lock | None = None
        self.sent = False
        self._timer: asyncio.TimerHandle | None = None

    def hold(self, gate: asyncio.Lock) -> None:
        self.gate = gate
        self._timer = asyncio.get_running_loop().call_later(GATE_MAX_HOLD_SECONDS, self.release)

    def release(self) -> None:
        gate, self.gate = self.gate, None
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if gate is not None:
            gate.release()


_TURN: contextvars.ContextVar[_Turn | None] = contextvars.ContextVar("rlm_litellm_turn", default=None)


async def _request_started(session, ctx, params) -> None:  # noqa: ARG001 - aiohttp's trace signature
    """aiohttp trace hook: the call's request is built and about to go out; let the next call in."""
    turn = _TURN.get()
    if turn is not None:
        turn.sent = True
        turn.release()


_FROZEN = False


def tune_litellm():
    """Import litellm set up for many cheap calls, through its public settings only: banner and
    debug output off, loggers at WARNING whatever RLM_LOG_LEVEL says (its INFO/DEBUG lines echo
    request parameters, which may include keys), its aiohttp transport (not httpx). Callbacks and
    `turn_off_message_logging` are left as the process set them: with no callbacks nothing leaves
    litellm's logging objects, and redaction deep-copies every request and response (~20% of
    litellm's CPU per call when profiled)."""
    import litellm

    global _FROZEN
    if not _FROZEN:
        # litellm's import leaves ~350k objects that live as long as the process (modules, its
        # cost map, pydantic models). Out of the collector's reach they cost nothing; otherwise
        # every full collection walks them, ~0.1-0.15 s with every call of the process stalled
        # (measured: 7 of them in one 3,000-call fan-out, ~0.3 ms of CPU per call).
        _FROZEN = True
        gc.collect()
        gc.freeze()
    litellm.suppress_debug_info = True
    litellm.set_verbose = False
    litellm.disable_aiohttp_transport = False
    for name in ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy", "litellm"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return litellm


def _network_cause(exc: BaseException) -> str | None:
    """"connection" or "timeout" when the error chain holds a transport-level failure, else None."""
    import httpx

    seen = 0
    cause: BaseException | None = exc
    while cause is not None and seen < 10:
        if isinstance(cause, httpx.TimeoutException):
            return "timeout"
        if isinstance(cause, (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError, ConnectionError)):
            return "connection"
        cause, seen = cause.__cause__ or cause.__context__, seen + 1
    return None


_MISSING_KEY = re.compile(r"missing credentials|missing \w+ api key|api[ _]?key (is )?(not set|missing|required)|"
                          r"no api[ _]?key|set the `?\w*_API_KEY`? environment variable", re.IGNORECASE)


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
    network = _network_cause(exc)
    if isinstance(exc, litellm.Timeout) or network == "timeout":
        return ProviderFailure("timeout", f"no answer within {timeout:g} s", status=status)
    if network == "connection":  # litellm's own HTTP handler reports these as a 500
        return ProviderFailure("connection", message, status=None)
    if isinstance(exc, litellm.RateLimitError):
        return ProviderFailure("rate_limit", message, status=status or 429, retry_after=retry_after)
    if isinstance(exc, litellm.ContextWindowExceededError):
        return ProviderFailure("context", message, status=status)
    if isinstance(exc, (litellm.AuthenticationError, litellm.PermissionDeniedError)) or _MISSING_KEY.search(message):
        # no key at all is reported by some SDK paths as a 500 ("Missing credentials"): never retry it
        return ProviderFailure("auth", message, status=status if status in (401, 403) else None)
    if isinstance(exc, litellm.NotFoundError):
        return ProviderFailure("not_found", message, status=status)
    if isinstance(exc, litellm.APIConnectionError) or "Connection error" in message:
        return ProviderFailure("connection", message, status=None)
    if status is not None and status >= 400:
        return ProviderFailure(kind_for_status(status), message, status=status, retry_after=retry_after)
    if isinstance(exc, (litellm.APIError, ValueError)):
        return ProviderFailure("malformed", message or "unreadable response", status=status)
    return ProviderFailure("error", f"{type(exc).__name__}: {message}", status=status)
