"""Model calls: validate, reserve budget, take concurrency slots, send on the loop, settle, log.

`start_call` returns at once with a future; the blocking `llm-query` is `start_call` + wait.
Nothing is sent before the budget check passes, so a refused call never reaches the provider.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import json
import math
import re
import time
from typing import Any

from rlm_bot.resources import load_prompt
from rlm_bot.scheme.runtime import engine, state as S
from rlm_bot.scheme.codec import from_json
from rlm_bot.scheme.runtime.concurrency import SchemeFuture
from rlm_bot.scheme.runtime.errors import LLMQueryFailed, RuntimeFail
from rlm_bot.scheme.runtime.face import SessionFace
from rlm_bot.scheme.runtime.gateway import GatewayReply, QueryRequest


# A map of 50 calls waits on 50 futures at once: waking each every 50 ms to re-check the run
# cost ~0.2 ms of CPU per 200 ms call, under the GIL the calls' event loop needs.
CALL_WAIT_SLICE_S = 0.25
MIN_WAIT_SLICE_S = 0.005
_FENCE = re.compile(r"^\s*```[a-zA-Z0-9_-]*\s*\n(.*?)\n?```\s*$", re.S)


def validate_max_tokens(value: Any) -> int | None:
    """#:max-tokens must be an exact positive integer no larger than MAX_REPLY_TOKENS."""
    if value is None:
        return None
    if type(value) is not int or value <= 0:
        raise RuntimeFail(f"#:max-tokens must be a positive exact integer, got {value!r}")
    if value > S.MAX_REPLY_TOKENS:
        raise RuntimeFail(f"#:max-tokens {value} is above the limit of {S.MAX_REPLY_TOKENS}")
    return value


def validate_temperature(value: Any) -> float | None:
    """#:temperature must be a real number between 0 and 2."""
    if value is None:
        return None
    if type(value) not in (int, float) or not math.isfinite(value) or not 0 <= value <= 2:
        raise RuntimeFail(f"#:temperature must be a number between 0 and 2, got {value!r}")
    return float(value)


@functools.lru_cache(maxsize=8)
def _prompt(name: str) -> str:
    return load_prompt(name).strip()


def build_messages(req: QueryRequest) -> list[dict]:
    """System + user messages of one call (data after the instruction, clearly delimited)."""
    system = req.system if req.system is not None else _prompt("llm_query_system")
    if req.json:
        system = f"{system}\n\n{_prompt('llm_query_json')}"
    user = req.instruction if not req.data else f"{req.instruction}\n\n<data>\n{req.data}\n</data>"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def start_call(session: SessionFace, req: QueryRequest, *, label: str = "llm") -> SchemeFuture:
    """Check, reserve and send one call; returns its future (a GatewayReply)."""
    run = session.require_run()
    gw = session.gateway
    alias = gw.resolve(req.model)
    messages = build_messages(req)
    chars = sum(len(m["content"]) for m in messages)
    if chars > S.MAX_PROMPT_CHARS:
        raise RuntimeFail(f"prompt is {chars} characters; the limit is {S.MAX_PROMPT_CHARS} "
                          "(split the data and fan out instead)")
    prompt_tokens = sum(gw.estimate_tokens(m["content"], alias) + 4 for m in messages) + 2
    token_scope, cost_scope = session.current_scopes()
    max_tokens = req.max_tokens
    if max_tokens is None:
        left = token_scope.remaining() - prompt_tokens
        max_tokens = int(min(S.DEFAULT_MAX_TOKENS, left)) if left >= S.MIN_REPLY_TOKENS else S.DEFAULT_MAX_TOKENS
    price_in, price_out = gw.prices(alias)
    est_cost = prompt_tokens * price_in / 1000 + max_tokens * price_out / 1000
    what = f"a call to {alias}"
    reservation = run.ledger.reserve(prompt_tokens + max_tokens, est_cost, token_scope, cost_scope,
                                     what=what)
    call_id = run.ids.next()
    ctx = session.ctx
    started = time.monotonic()
    slots: tuple = ()
    try:
        with run.eval_lock.released(session.check):
            slots = run.limiters.acquire_all(session.check)
        coro = _call(session, run, ctx, call_id, alias, messages, max_tokens, req, reservation,
                     slots, started)
        cf = run.loop.submit(coro)
    except BaseException:
        for sem in slots:
            sem.release()
        run.ledger.settle(reservation, 0, 0.0)
        raise
    run.limiters.track(cf)
    fut = SchemeFuture(call_id, f"{label}:{alias}", cf, lambda done: reply_value(done, req))
    try:
        run.register(fut, session.limits.max_futures)
    except BaseException:
        cf.cancel()
        raise
    return fut


async def _call(session: SessionFace, run: S.RunState, ctx: Any, call_id: str, alias: str,
                messages: list[dict], max_tokens: int, req: QueryRequest, reservation, slots,
                started: float) -> GatewayReply:
    try:
        done = await session.gateway.complete(call_id=call_id, alias=alias, messages=messages,
                                              max_tokens=max_tokens, temperature=req.temperature,
                                              json_mode=req.json)
    except asyncio.CancelledError:
        run.ledger.settle(reservation, 0, 0.0)
        session.log.add("llm-query", req.instruction, started=started, ok=False, model=alias,
                        call_id=call_id, error="cancelled", depth=run.depth)
        raise
    except Exception as exc:  # noqa: BLE001 - any client failure is one catchable line
        used_tokens, used_cost = getattr(exc, "tokens", 0), getattr(exc, "cost", 0.0)
        run.ledger.settle(reservation, used_tokens, used_cost)  # a failed call may still cost
        if used_tokens and ctx is not None:
            engine.add_usage(ctx, used_tokens, used_cost)
        message = _failure_text(exc, alias)
        session.log.add("llm-query", req.instruction, started=started, ok=False, model=alias,
                        tokens=used_tokens, cost=used_cost, call_id=call_id, error=message,
                        depth=run.depth)
        raise LLMQueryFailed(message, tokens=used_tokens, cost=used_cost) from None
    finally:
        for sem in slots:
            sem.release()
    run.ledger.settle(reservation, done.tokens, done.cost)
    session.add_usage(done)
    if ctx is not None:
        engine.add_usage(ctx, done.tokens, done.cost)
    session.log.add("llm-query", req.instruction, started=started, model=done.model or alias,
                    tokens=done.tokens, cost=done.cost, call_id=call_id, depth=run.depth)
    return done


def _failure_text(exc: BaseException, alias: str) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if alias not in text:
        text = f"model {alias} failed: {text}"
    return text[:500]


def reply_value(done: GatewayReply, req: QueryRequest) -> Any:
    """The Scheme value of a finished call: the text, or the parsed jsexpr with #:json #t."""
    if not req.json:
        return done.text
    text = done.text.strip()
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1).strip()
    try:
        return from_json(json.loads(text))
    except (ValueError, RecursionError):
        preview = " ".join(done.text.split())[:80]
        raise LLMQueryFailed(f"model {done.model} replied with text that is not JSON "
                             f"(#:json #t): {preview!r}") from None


def _wait_slice(session: SessionFace) -> float:
    """How long a wait on a call blocks before it re-checks the run. The call's end and its
    cancellation (cancel_call, cancel_run, the run's end) wake the waiter at once, so the slice
    only bounds how late it sees another stop, and never reaches past the run's deadline."""
    left = session.time_left()
    return CALL_WAIT_SLICE_S if left is None else max(MIN_WAIT_SLICE_S, min(CALL_WAIT_SLICE_S, left))


def wait(session: SessionFace, fut: SchemeFuture) -> Any:
    """Block until `fut` is done (releasing the evaluation lock); its Scheme value."""
    run = session.require_run()
    with run.eval_lock.released(session.check):
        while True:
            try:
                result = fut.cf.result(timeout=_wait_slice(session))
                break
            except concurrent.futures.TimeoutError:
                session.check()
            except concurrent.futures.CancelledError:
                raise LLMQueryFailed(f"call {fut.id} was cancelled (by cancel_call, or because "
                                     "the run that started it ended)") from None
    fut.awaited = True
    if isinstance(result, GatewayReply):
        engine.charge_memory(session.ctx, 2 * len(result.text) + 64, "model reply")
    return fut.convert(result) if fut.convert else result
