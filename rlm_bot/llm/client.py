"""LLMClient: every model call of rlm_bot goes through here.

All calls, sync or async, run as tasks on one event loop thread shared by every client of the
process (`loop.shared_loop`; litellm's process-wide state allows no other loop). That gives a
single place for the in-flight cap, per-model rate limits, cancellation by id and the pooled HTTP
connections, whatever loop or thread the caller lives on (a Scheme run, the Slack app's worker
threads, an `asyncio.run` in a CLI command).
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import itertools
import logging
import os
import random
import re
import threading
import time
import weakref
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rlm_bot.config import resolve_transport
from rlm_bot.errors import ConfigError
from rlm_bot.llm.breaker import CircuitBreaker
from rlm_bot.llm.deadline import Deadline, current_deadline
from rlm_bot.llm.errors import (
    BudgetExceededError,
    CallCancelledError,
    LLMError,
    ModelCallError,
    ModelCredentialsError,
    credentials_hint,
    hint_for,
)
from rlm_bot.llm.completion import Completion
from rlm_bot.llm.loop import LoopThread, shared_loop
from rlm_bot.llm.profiles import ModelProfile, Profiles, load_profiles
from rlm_bot.llm.ratelimit import RateLimiter
from rlm_bot.llm.tokens import estimate_tokens
from rlm_bot.llm.usage import CallRecord, UsageMeter
from rlm_bot.llm.wire import NO_FALLBACK, ProviderFailure, RawReply, clip, endpoint_label, scrub

log = logging.getLogger("rlm_bot.llm")

TRANSPORTS = ("auto", "http", "litellm")
_PROVIDER_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
BACKOFF_CAP_SECONDS = 20.0
RETRY_AFTER_JITTER = 0.1  # up to +10% on a server-given Retry-After, so waiters do not stampede
MAX_FALLBACKS = 3
CLOSE_TIMEOUT_SECONDS = 10.0
DEFAULT_MAX_TOKENS = 4096  # sent when the caller gives none, so budgets have a ceiling to reserve
# Failure kinds that count towards opening an endpoint's circuit once every attempt of a call failed
# (a refused connection counts at once, attempt by attempt).
BREAKER_KINDS = frozenset({"server", "timeout", "malformed"})

Messages = Sequence[dict[str, Any]]


@dataclass
class _Request:
    call_id: str
    alias: str
    messages: list[dict[str, Any]]
    temperature: float | None
    max_tokens: int | None
    json_mode: bool
    meter: UsageMeter | None
    timeout: float | None
    on_delta: Callable[[str], Any] | None = None
    params: dict[str, Any] | None = None
    deadline: Deadline | None = None  # the request's deadline, read in the caller's context
    _prompt_estimate: int | None = None

    @property
    def prompt_estimate(self) -> int:
        """Estimated prompt tokens (computed once per call)."""
        if self._prompt_estimate is None:
            self._prompt_estimate = estimate_tokens(self.messages)
        return self._prompt_estimate


class LLMClient:
    """Sync and async model calls with retries, fallbacks, budgets, caps and cancellation."""

    def __init__(self, settings: Any, profiles: Profiles | None = None, *,
                 on_call: Callable[[CallRecord], Any] | None = None) -> None:
        if settings.transport not in TRANSPORTS:
            raise ConfigError(f"RLM_LLM_TRANSPORT={settings.transport!r} is invalid: use auto (the default: http "
                              "for RLM_LLM_API_BASE, litellm for provider models), http or litellm")
        if settings.transport == "http" and not settings.api_base:
            raise ConfigError("RLM_LLM_TRANSPORT=http needs RLM_LLM_API_BASE (an OpenAI-compatible endpoint)")
        if not _PROVIDER_NAME.match(settings.endpoint_provider or ""):
            raise ConfigError(f"RLM_LLM_ENDPOINT_PROVIDER={settings.endpoint_provider!r} is invalid: name a litellm "
                              "provider that speaks OpenAI's protocol, e.g. hosted_vllm (default) or openai")
        self.settings = settings
        # every alias goes to RLM_LLM_API_BASE when it is set, so one transport serves all of them
        self._transport_name = resolve_transport(settings.transport, settings.api_base)
        self.profiles = profiles if profiles is not None else load_profiles(settings.models_file)
        self.on_call = on_call
        self._api_key = settings.api_key.reveal() if hasattr(settings.api_key, "reveal") else str(settings.api_key or "")
        self._attempts = 1 + max(0, int(settings.max_retries))
        self._breaker = CircuitBreaker()
        self._lock = threading.Lock()
        self._loop_thread: LoopThread | None = None
        self._semaphore: asyncio.Semaphore | None = None
        self._limiters: dict[str, RateLimiter] = {}
        self._tasks: dict[str, asyncio.Task | None] = {}
        self._cancel_requested: set[str] = set()
        self._transports: dict[str, Any] = {}
        self._ids = itertools.count(1)
        # 6 random hex digits, as uuid4().hex[:6] gave, without importing uuid (and platform)
        self._prefix = os.urandom(3).hex()
        self._closed = False
        self.in_flight = 0
        self.waiting = 0
        self.totals = {"calls": 0, "ok": 0, "failed": 0, "attempts": 0, "retries": 0, "fallbacks": 0,
                       "cancelled": 0, "refused": 0, "prompt_tokens": 0, "completion_tokens": 0, "cost": 0.0}
        self._by_alias: dict[str, dict[str, float]] = {}

    # -- public API -----------------------------------------------------------------------------

    def new_call_id(self) -> str:
        """A fresh call id (pass it as call_id= to be able to cancel the call)."""
        return f"{self._prefix}-{next(self._ids)}"

    def complete(self, alias: str, messages: Messages | str, *, system: str | None = None,
                 temperature: float | None = None, max_tokens: int | None = None, json_mode: bool = False,
                 meter: UsageMeter | None = None, call_id: str | None = None,
                 timeout: float | None = None, on_delta: Callable[[str], Any] | None = None,
                 params: Mapping[str, Any] | None = None) -> Completion:
        """Call model `alias` with a prompt string or chat messages and wait for the reply.

        With `on_delta`, the reply is streamed and each piece of text is passed to it as it arrives
        (on the client's loop thread: keep it quick); the full Completion is returned at the end.
        `params` go to the provider as they are (stop, seed, top_p, tools, tool_choice, ...).
        """
        request = self._request(alias, messages, system, temperature, max_tokens, json_mode, meter, call_id, timeout,
                                on_delta, params)
        loop_thread = self._ensure_loop()
        if threading.current_thread() is loop_thread.thread:
            raise LLMError("LLMClient.complete() was called from an on_call hook; use acomplete() or a thread")
        self._register(request.call_id)
        future = loop_thread.submit(self._run(request))
        try:
            return future.result()
        except concurrent.futures.CancelledError:
            raise self._cancelled(request) from None

    async def acomplete(self, alias: str, messages: Messages | str, *, system: str | None = None,
                        temperature: float | None = None, max_tokens: int | None = None,
                        json_mode: bool = False, meter: UsageMeter | None = None, call_id: str | None = None,
                        timeout: float | None = None, on_delta: Callable[[str], Any] | None = None,
                        params: Mapping[str, Any] | None = None) -> Completion:
        """The async form of `complete` (same arguments, same result); safe from any event loop."""
        request = self._request(alias, messages, system, temperature, max_tokens, json_mode, meter, call_id, timeout,
                                on_delta, params)
        loop_thread = self._ensure_loop()
        self._register(request.call_id)
        coro = self._run(request)
        if asyncio.get_running_loop() is loop_thread.loop:  # called from a hook on our own loop
            return await coro
        try:
            return await loop_thread.run_from(coro)
        except asyncio.CancelledError:
            if request.call_id in self._cancel_requested:
                raise self._cancelled(request) from None
            raise

    def cancel(self, call_id: str) -> bool:
        """Cancel a call that is waiting or in flight; its caller gets CallCancelledError."""
        with self._lock:
            if call_id not in self._tasks:
                return False
            self._cancel_requested.add(call_id)
            task = self._tasks[call_id]
        if task is not None and self._loop_thread is not None:
            self._loop_thread.loop.call_soon_threadsafe(task.cancel)
        return True

    def status(self) -> dict[str, Any]:
        """Calls in flight and waiting, totals (tokens, cost, retries…), per-alias totals and
        rate-limit state."""
        with self._lock:
            totals = dict(self.totals)
            running = sorted(self._tasks)
            by_alias = {alias: {**row, "cost": round(row["cost"], 8)} for alias, row in self._by_alias.items()}
        totals["cost"] = round(totals["cost"], 8)
        return {
            "in_flight": self.in_flight, "waiting": self.waiting, "max_in_flight": self.settings.max_in_flight,
            "active_calls": running, **totals,
            "tokens": totals["prompt_tokens"] + totals["completion_tokens"],
            "rate_limits": {alias: lim.state() for alias, lim in list(self._limiters.items())},
            "transport": self.transport_name(), "by_alias": by_alias,
            "worker_pids": self._worker_pids(), "circuits": self._breaker.state(),
        }

    def _worker_pids(self) -> list[int]:
        pool = self._transports.get("litellm")
        return pool.pids() if hasattr(pool, "pids") else []  # a WorkerPool

    def transport_name(self) -> str:
        """Which transport calls take: "http" for an OpenAI-compatible endpoint (RLM_LLM_API_BASE)
        under `auto`, the default; "litellm" for provider models, or when RLM_LLM_TRANSPORT says so."""
        return self._transport_name

    def event_loop(self) -> asyncio.AbstractEventLoop:
        """The event loop every call runs on (one per process, shared by all clients): coroutines
        run there await `acomplete` without a thread hop."""
        return self._ensure_loop().loop

    def start_workers(self, timeout: float | None = None) -> list[int]:
        """With RLM_LLM_WORKERS > 0: start the litellm worker processes now and wait until they
        are ready (a server's or a benchmark's warm-up); their pids. Otherwise they start in the
        background once calls fan out, and calls run in this process until then. [] without workers."""
        loop_thread = self._ensure_loop()

        async def start() -> list[int]:
            transport = self._transport() if self.transport_name() == "litellm" else None
            if not hasattr(transport, "pids"):  # no WorkerPool (http, or RLM_LLM_WORKERS=0)
                return []
            await transport.start()
            return transport.pids()

        return loop_thread.submit(start()).result(timeout)

    def embed(self, texts: Sequence[str], model: str = "text-embedding-3-small") -> list[list[float]]:
        """Embedding vectors for `texts` through litellm (an endpoint's `openai/` model when set)."""
        loop_thread = self._ensure_loop()
        return loop_thread.submit(self._embed(list(texts), model)).result()

    async def aembed(self, texts: Sequence[str], model: str = "text-embedding-3-small") -> list[list[float]]:
        """The async form of `embed`."""
        loop_thread = self._ensure_loop()
        return await asyncio.wrap_future(loop_thread.submit(self._embed(list(texts), model)))

    def close(self) -> None:
        """Cancel this client's calls and close its connections (the shared loop lives on)."""
        with self._lock:
            loop_thread, self._loop_thread = self._loop_thread, None
            self._closed = True
        if loop_thread is not None and not loop_thread.loop.is_closed():
            if threading.current_thread() is loop_thread.thread:
                loop_thread.loop.create_task(self._shutdown())
                return
            try:
                asyncio.run_coroutine_threadsafe(self._shutdown(), loop_thread.loop).result(CLOSE_TIMEOUT_SECONDS)
            except (concurrent.futures.TimeoutError, RuntimeError):
                log.warning("LLMClient.close: connections were not closed within %s s", CLOSE_TIMEOUT_SECONDS)

    def __enter__(self) -> LLMClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- request building -----------------------------------------------------------------------

    def _request(self, alias, messages, system, temperature, max_tokens, json_mode, meter, call_id,
                 timeout, on_delta=None, params=None) -> _Request:
        self.profiles.resolve(alias)  # unknown alias: fail here, in the caller's thread
        if isinstance(messages, str):
            msgs = [{"role": "user", "content": messages}]
        else:
            if not all(isinstance(m, Mapping) and isinstance(m.get("role"), str) for m in messages) or not messages:
                raise LLMError("messages must be a non-empty list of {'role': ..., 'content': ...} dicts")
            msgs = [dict(m) for m in messages]
        extra = dict(params or {})
        reserved = {"model", "messages", "stream", "max_tokens", "temperature", "response_format"} & set(extra)
        if reserved:
            raise LLMError(f"params may not set {', '.join(sorted(reserved))}: use the keyword arguments")
        if system:
            msgs.insert(0, {"role": "system", "content": system})
        if max_tokens is not None and max_tokens <= 0:
            raise LLMError(f"max_tokens must be positive, got {max_tokens}")
        return _Request(call_id or self.new_call_id(), alias, msgs, temperature, max_tokens, json_mode, meter,
                        timeout, on_delta, extra, current_deadline())

    def _ensure_loop(self) -> LoopThread:
        with self._lock:
            if self._closed:
                raise LLMError("this LLMClient is closed")
            if self._loop_thread is None:
                self._loop_thread = shared_loop()
                # a client dropped without close() must not leave its connections open
                weakref.finalize(self, _close_transports, self._loop_thread, self._transports)
            return self._loop_thread

    def _transport(self):
        name = self.transport_name()
        transport = self._transports.get(name)
        if transport is None:
            timeout = self.settings.timeout_seconds
            # each transport's modules load on its first call: an endpoint-only process never
            # imports litellm (~5 s) nor the worker machinery
            if name == "http":
                # deferred: the http transport's modules, only for it (see above)
                from rlm_bot.llm.http_transport import HttpTransport

                transport = HttpTransport(self.settings.api_base, self._api_key, timeout=timeout,
                                          max_connections=self.settings.max_in_flight)
            else:
                # deferred: the litellm transport and its worker pool (see above)
                from rlm_bot.llm.litellm_transport import LitellmTransport
                from rlm_bot.llm.workers import WorkerPool

                transport = LitellmTransport(api_base=self.settings.api_base, api_key=self._api_key or None,
                                             timeout=timeout)
                self.profiles.register_with_litellm(self.settings.endpoint_provider if self.settings.api_base
                                                    else None)
                workers = int(getattr(self.settings, "workers", 0) or 0)
                if workers > 0:  # litellm's per-call CPU spread over worker processes
                    transport = WorkerPool(workers, api_base=self.settings.api_base, api_key=self._api_key or None,
                                           timeout=timeout, models_file=self.settings.models_file,
                                           endpoint_provider=self.settings.endpoint_provider, in_process=transport)
            self._transports[name] = transport
        return transport

    def _wire_model(self, profile: ModelProfile) -> str:
        if self.settings.api_base:
            name = profile.wire_model
            return name if self.transport_name() == "http" else f"{self.settings.endpoint_provider}/{name}"
        return profile.model

    # -- the call (runs on the private loop) ------------------------------------------------------

    def _register(self, call_id: str) -> None:
        """Make the id known (and cancellable) from the moment the call is submitted."""
        with self._lock:
            if call_id in self._tasks:
                raise LLMError(f"call id {call_id!r} is already in flight; use a fresh id")
            self._tasks[call_id] = None

    async def _run(self, req: _Request) -> Completion:
        with self._lock:
            self._tasks[req.call_id] = asyncio.current_task()
            pre_cancelled = req.call_id in self._cancel_requested
            self.totals["calls"] += 1
        try:
            if pre_cancelled:
                raise asyncio.CancelledError()
            return await self._run_chain(req)
        except asyncio.CancelledError:
            if req.call_id in self._cancel_requested:
                with self._lock:
                    self.totals["cancelled"] += 1
                raise self._cancelled(req) from None
            raise
        finally:
            with self._lock:
                self._tasks.pop(req.call_id, None)
                self._cancel_requested.discard(req.call_id)

    def _cancelled(self, req: _Request) -> CallCancelledError:
        return CallCancelledError(f"model call {req.call_id} ({req.alias}) was cancelled", alias=req.alias,
                                  call_id=req.call_id)

    async def _run_chain(self, req: _Request) -> Completion:
        chain = self.profiles.fallback_chain(req.alias)[: 1 + MAX_FALLBACKS]
        started = time.perf_counter()
        attempts = 0
        failures: list[tuple[ModelProfile, ProviderFailure]] = []
        if req.deadline is not None:
            self._transport()  # the first call imports its transport (litellm: seconds): not on the request's clock
        for index, profile in enumerate(chain):
            if req.deadline is not None and req.deadline.expired():
                failures.append((profile, self._deadline_failure(req, profile, failures[-1][1] if failures else None)))
                break
            if index:
                with self._lock:
                    self.totals["fallbacks"] += 1
                log.info("call %s: falling back from %s to %s", req.call_id, chain[index - 1].alias, profile.alias)
            max_tokens = req.max_tokens or min(profile.max_output_tokens, DEFAULT_MAX_TOKENS)
            if req.prompt_estimate > profile.context_window:
                # the prompt alone cannot fit: do not pay for a call that must fail, try the next model
                failures.append((profile, ProviderFailure(
                    "context", f"the prompt (~{req.prompt_estimate} tokens) exceeds the context window of "
                               f"{profile.context_window} tokens; not sent")))
                continue
            try:
                reservation = self._reserve(req, profile, max_tokens)
            except BudgetExceededError:
                if failures:  # the fallback is unaffordable: still record what the earlier models did
                    self._fail(req, failures, attempts, started)
                raise
            try:
                reply, tries, failure = await self._attempt_model(req, profile, max_tokens)
            except BaseException:
                if reservation is not None:
                    req.meter.release(reservation)
                raise
            attempts += tries
            if reply is not None:
                return self._succeed(req, profile, reply, reservation, attempts, started)
            if reservation is not None:
                req.meter.release(reservation)
            failures.append((profile, failure))
            if failure.kind in NO_FALLBACK or failure.kind == "deadline" or (
                    failure.kind == "circuit_open" and self.settings.api_base):
                break  # (an open circuit: every alias shares the one endpoint and its circuit)
        raise self._fail(req, failures, attempts, started)

    def _reserve(self, req: _Request, profile: ModelProfile, max_tokens: int):
        if req.meter is None:
            return None
        prompt = req.prompt_estimate
        try:
            return req.meter.reserve(prompt + max_tokens, profile.cost(prompt, max_tokens),
                                     what=f"call to {profile.alias!r}")
        except BudgetExceededError as exc:
            with self._lock:
                self.totals["refused"] += 1
            exc.alias, exc.model, exc.call_id = profile.alias, profile.model, req.call_id
            raise

    async def _attempt_model(self, req: _Request, profile: ModelProfile, max_tokens: int):
        """Try one model up to the retry limit: (reply | None, attempts, last failure)."""
        params: dict[str, Any] = {**(req.params or {}), "max_tokens": max_tokens}
        if req.temperature is not None:
            params["temperature"] = req.temperature
        if req.json_mode:
            params["response_format"] = {"type": "json_object"}
        failure: ProviderFailure | None = None
        key = self._circuit_key(profile)
        for attempt in range(self._attempts):
            refused = self._refusal(req, profile, key, failure)
            if refused is not None:
                return None, attempt, refused
            try:
                reply = await self._send(req, profile, params, self._attempt_timeout(req))
                self._breaker.succeeded(key)
                return reply, attempt + 1, None
            except ProviderFailure as exc:
                failure = exc
            except asyncio.CancelledError:
                self._breaker.release(key)
                raise
            failure.message = scrub(failure.message, (self._api_key,))
            self._count_for_breaker(key, failure, last=attempt + 1 >= self._attempts)
            delay = self._retry_delay(failure, attempt)
            if delay is not None and req.deadline is not None and delay >= req.deadline.remaining():
                return None, attempt + 1, self._deadline_failure(req, profile, failure)
            if delay is None:
                if failure.kind == "timeout" and req.deadline is not None and req.deadline.expired():
                    failure = self._deadline_failure(req, profile, failure)
                log.info("call %s: %s (%s) failed: %s", req.call_id, profile.alias, profile.model, failure.describe())
                return None, attempt + 1, failure
            log.info("call %s: %s (%s) failed: %s; retrying in %.2f s (attempt %d of %d)", req.call_id,
                     profile.alias, profile.model, failure.describe(), delay, attempt + 2, self._attempts)
            with self._lock:
                self.totals["retries"] += 1
            await asyncio.sleep(delay)
        return None, self._attempts, failure

    def _attempt_timeout(self, req: _Request) -> float | None:
        """The caller's timeout for one attempt, capped by what is left of the request's deadline."""
        if req.deadline is None:
            return req.timeout
        left = max(0.001, req.deadline.remaining())
        return left if req.timeout is None else min(req.timeout, left)

    def _refusal(self, req: _Request, profile: ModelProfile, key: str,
                 last: ProviderFailure | None) -> ProviderFailure | None:
        """Why the next attempt must not go out (the deadline passed, the circuit is open), or None."""
        if req.deadline is not None and req.deadline.expired():
            return self._deadline_failure(req, profile, last)
        wait = self._breaker.allow(key)
        if wait is None:
            return None
        return ProviderFailure("circuit_open", f"{self._where(profile)} failed {self._breaker.threshold} times in "
                                               f"a row, so calls to it are paused for {max(1, round(wait))} s more")

    def _count_for_breaker(self, key: str, failure: ProviderFailure, *, last: bool) -> None:
        """Refused connections count at once; other failures once every attempt failed; an HTTP
        error answer (400, 401, 404…) shows the endpoint is up."""
        if failure.kind == "connection" or (failure.kind in BREAKER_KINDS and (last or not failure.retryable)):
            if self._breaker.failed(key):
                log.info("circuit of %s opened for %g s", key if not self.settings.api_base else "the endpoint",
                         self._breaker.cool_down)
        elif failure.status is not None and failure.kind not in BREAKER_KINDS and failure.kind != "rate_limit":
            self._breaker.succeeded(key)
        else:
            self._breaker.release(key)

    def _circuit_key(self, profile: ModelProfile) -> str:
        """One circuit per endpoint (every alias shares RLM_LLM_API_BASE), else one per alias."""
        return "endpoint" if self.settings.api_base else f"alias:{profile.alias}"

    def _where(self, profile: ModelProfile) -> str:
        """Who answers calls of `profile`, for messages (never credentials)."""
        if self.settings.api_base:
            return f"the provider at {endpoint_label(self.settings.api_base)}"
        return f"the provider of {profile.alias} ({profile.model})"

    def _deadline_failure(self, req: _Request, profile: ModelProfile,
                          last: ProviderFailure | None) -> ProviderFailure:
        seconds = f"{req.deadline.seconds:g}" if req.deadline is not None else "?"
        if last is None or last.kind in ("timeout", "deadline"):
            what = "did not answer"
        else:
            what = f"kept failing ({last.describe().rstrip('. ')})"
        return ProviderFailure("deadline", f"no answer within the request's {seconds} s deadline: "
                                           f"{self._where(profile)} {what}", status=last.status if last else None)

    def _retry_delay(self, failure: ProviderFailure, attempt: int) -> float | None:
        """Seconds before the next attempt, or None to stop retrying this model."""
        if not failure.retryable or attempt + 1 >= self._attempts:
            return None
        if failure.retry_after is not None:
            if failure.retry_after > self.settings.max_retry_wait_seconds:
                return None  # the provider asks for longer than we wait: try the fallback now
            return failure.retry_after * (1.0 + random.uniform(0.0, RETRY_AFTER_JITTER))
        ceiling = min(BACKOFF_CAP_SECONDS, self.settings.max_retry_wait_seconds,
                      self.settings.retry_backoff_seconds * (2 ** attempt))
        return ceiling * random.uniform(0.5, 1.0)  # exponential backoff, "equal jitter"

    async def _send(self, req: _Request, profile: ModelProfile, params: dict[str, Any],
                    timeout: float | None) -> RawReply:
        limiter = self._limiter(profile)
        if limiter is not None:
            await limiter.acquire()
        semaphore = self._semaphore
        if semaphore is None:
            semaphore = self._semaphore = asyncio.Semaphore(self.settings.max_in_flight)
        self.waiting += 1
        try:
            await semaphore.acquire()
        finally:
            self.waiting -= 1
        self.in_flight += 1
        with self._lock:
            self.totals["attempts"] += 1
        try:
            coro = self._transport().chat(self._wire_model(profile), req.messages, params, req.on_delta)
            if timeout is not None:
                try:
                    return await asyncio.wait_for(coro, timeout)
                except asyncio.TimeoutError:
                    raise ProviderFailure("timeout", f"no answer within {timeout:.3g} s") from None
            return await coro
        except (ProviderFailure, asyncio.CancelledError):
            raise
        except Exception as exc:  # noqa: BLE001 - a surprise in a transport is a failed attempt, not a crash
            log.error("call %s: unexpected %s from the %s transport", req.call_id, type(exc).__name__,
                      self.transport_name())
            raise ProviderFailure("error", f"{type(exc).__name__}: {exc}") from None
        finally:
            self.in_flight -= 1
            semaphore.release()

    def _limiter(self, profile: ModelProfile) -> RateLimiter | None:
        if not profile.rpm:
            return None
        limiter = self._limiters.get(profile.alias)
        if limiter is None:
            limiter = self._limiters[profile.alias] = RateLimiter(profile.rpm)
        return limiter

    # -- outcomes -------------------------------------------------------------------------------

    def _succeed(self, req: _Request, profile: ModelProfile, reply: RawReply, reservation, attempts: int,
                 started: float) -> Completion:
        # No usage in the response (litellm reports that as zeros): estimate, and say so.
        prompt, completion = reply.prompt_tokens, reply.completion_tokens
        estimated = not prompt or (completion is None or (completion == 0 and bool(reply.text)))
        if estimated:
            prompt = prompt or estimate_tokens(req.messages)
            completion = completion or estimate_tokens(reply.text)
        cost = profile.cost(prompt, completion)
        latency_ms = (time.perf_counter() - started) * 1000.0
        if reservation is not None:
            req.meter.settle(reservation, prompt, completion, cost)
        with self._lock:
            self.totals["ok"] += 1
            self.totals["prompt_tokens"] += prompt
            self.totals["completion_tokens"] += completion
            self.totals["cost"] += cost
            row = self._alias_row(profile.alias)
            row["ok"] += 1
            row["tokens"] += prompt + completion
            row["cost"] += cost
        result = Completion(reply.text, profile.model, profile.alias, prompt, completion, cost, latency_ms,
                            req.call_id, attempts, req.alias, reply.finish_reason, estimated, reply.tool_calls)
        self._record(req, CallRecord(req.call_id, profile.alias, profile.model, prompt, completion, cost,
                                     latency_ms, True, attempts, None, req.alias,
                                     *self._labels(req)))
        log.debug("call %s: %s (%s) %d+%d tokens $%.6f %.0f ms", req.call_id, profile.alias, profile.model,
                  prompt, completion, cost, latency_ms)
        if req.json_mode:
            result.json()  # raises ResponseFormatError, after the tokens were charged
        return result

    def _fail(self, req: _Request, failures: list[tuple[ModelProfile, ProviderFailure]], attempts: int,
              started: float) -> ModelCallError:
        first, last_failure = failures[0][0], failures[-1][1]
        tried = " then ".join(f"{p.alias} ({p.model})" for p, _ in failures)
        if last_failure.kind in ("deadline", "circuit_open"):  # the message says it all
            detail = f" (model {req.alias!r}: {tried}, {attempts} attempt(s) in all)" if attempts else ""
            message = f"{clip(last_failure.message).rstrip('. ')}{detail}. {hint_for(last_failure.kind)}"
        elif last_failure.kind == "auth":
            message = (f"the provider refused the credentials for model {req.alias!r} ({tried}): "
                       f"{clip(last_failure.message).rstrip('. ')}. "
                       f"{credentials_hint(self.settings.api_base, [p.model for p, _ in failures])}")
        else:
            message = (f"model {req.alias!r} failed: {tried}, {attempts} attempt(s) in all; last error: "
                       f"{clip(last_failure.describe()).rstrip('. ')}. {hint_for(last_failure.kind)}")
        latency_ms = (time.perf_counter() - started) * 1000.0
        with self._lock:
            self.totals["failed"] += 1
            for profile, _ in failures:
                self._alias_row(profile.alias)["failed"] += 1
        self._record(req, CallRecord(req.call_id, failures[-1][0].alias, failures[-1][0].model, 0, 0, 0.0,
                                     latency_ms, False, attempts, last_failure.describe(), req.alias,
                                     *self._labels(req)))
        error = ModelCredentialsError if last_failure.kind == "auth" else ModelCallError
        return error(scrub(message, (self._api_key,), limit=None), cause=last_failure.describe(),
                     status=last_failure.status, attempts=attempts, alias=first.alias, model=first.model,
                     call_id=req.call_id)

    def _alias_row(self, alias: str) -> dict[str, float]:
        """Per-alias counters (callers hold self._lock)."""
        row = self._by_alias.get(alias)
        if row is None:
            row = self._by_alias[alias] = {"ok": 0, "failed": 0, "tokens": 0, "cost": 0.0}
        return row

    @staticmethod
    def _labels(req: _Request) -> tuple[str | None, str | None]:
        return (req.meter.run_id, req.meter.workspace) if req.meter is not None else (None, None)

    def _record(self, req: _Request, record: CallRecord) -> None:
        hooks = ([self.on_call] if self.on_call else []) + (req.meter.hooks() if req.meter else [])
        for hook in hooks:
            try:
                hook(record)
            except Exception as exc:  # noqa: BLE001 - a broken hook must not fail the call
                log.error("on_call hook %r failed: %s", getattr(hook, "__name__", hook), scrub(str(exc)))

    # -- embeddings and shutdown ------------------------------------------------------------------

    async def _embed(self, texts: list[str], model: str) -> list[list[float]]:
        # deferred: litellm (~5 s), only for embeddings
        from rlm_bot.llm.litellm_transport import tune_litellm

        litellm = tune_litellm()  # embeddings always go through litellm, imported on the first one
        kwargs: dict[str, Any] = {"timeout": self.settings.timeout_seconds, "num_retries": 0}
        name = model
        if self.settings.api_base:
            name = f"openai/{model}"
            kwargs.update(api_base=self.settings.api_base, api_key=self._api_key or "sk-no-key")
        try:
            resp = await litellm.aembedding(model=name, input=texts, **kwargs)
            return [list(item["embedding"]) for item in resp.data]
        except Exception as exc:  # noqa: BLE001
            raise ModelCallError(f"embedding model {model!r} failed: {scrub(str(exc), (self._api_key,))}",
                                 cause=type(exc).__name__, model=model) from None

    async def _shutdown(self) -> None:
        with self._lock:
            tasks = [t for t in self._tasks.values() if t is not None]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=CLOSE_TIMEOUT_SECONDS)
        await _aclose_transports(self._transports)




async def _aclose_transports(transports: dict[str, Any]) -> None:
    for transport in list(transports.values()):
        try:
            await transport.close()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
    transports.clear()


def _close_transports(loop_thread: LoopThread, transports: dict[str, Any]) -> None:
    """Finalizer of a client dropped without close(): close its connections on the shared loop."""
    if transports and not loop_thread.loop.is_closed():
        try:
            asyncio.run_coroutine_threadsafe(_aclose_transports(transports), loop_thread.loop)
        except RuntimeError:
            pass


_SHARED: dict[Any, LLMClient] = {}
_SHARED_LOCK = threading.Lock()


def shared_client(settings: Any) -> LLMClient:
    """The process-wide LLMClient for these LLM settings, so every caller (pipeline, Scheme runs,
    cascade) shares one in-flight cap, one set of rate limits and one connection pool."""
    key = (settings, settings.api_key.reveal() if hasattr(settings.api_key, "reveal") else settings.api_key)
    with _SHARED_LOCK:
        client = _SHARED.get(key)
        if client is None or client._closed:
            client = _SHARED[key] = LLMClient(settings)
        return client


def close_shared_clients() -> None:
    """Close every shared client (at exit, or between tests)."""
    with _SHARED_LOCK:
        clients = list(_SHARED.values())
        _SHARED.clear()
    for client in clients:
        client.close()


atexit.register(close_shared_clients)
