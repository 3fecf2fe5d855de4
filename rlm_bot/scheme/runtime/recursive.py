"""`#:recursive #t`: the model writes a Scheme program that runs in a child sandbox.

The child gets a fresh environment (and Python namespace), the caller's *remaining* budget (its
scopes narrow the caller's, so every token it spends is charged to the parent), the same run-wide
ledger, and one more level of depth; at most `max_depth` levels. Its `finish` value (or last
value) becomes the reply.
"""

from __future__ import annotations

import concurrent.futures
import re
import threading
from typing import Any

from rlm_bot.resources import load_prompt
from rlm_bot.scheme.runtime import calls
from rlm_bot.scheme.runtime.concurrency import SchemeFuture, wait_result
from rlm_bot.scheme.runtime.errors import LLMQueryFailed, RuntimeFail
from rlm_bot.scheme.runtime.face import SessionFace
from rlm_bot.scheme.runtime.gateway import QueryRequest


PROGRAM_MAX_TOKENS = 2048
_BLOCK = re.compile(r"```(?:scheme|racket|lisp|scm)?[ \t]*\n(.*?)```", re.S | re.I)


def extract_program(text: str) -> str:
    """The Scheme program in a reply: the first fenced block, else the whole text."""
    match = _BLOCK.search(text)
    return (match.group(1) if match else text).strip()


def start_recursive(session: SessionFace, req: QueryRequest) -> SchemeFuture:
    """Ask for a program, then run it in a child session on its own thread; returns a future."""
    run = session.require_run()
    if session.depth >= session.limits.max_depth:
        raise RuntimeFail(f"#:recursive: at most {session.limits.max_depth} levels of recursion")
    token_scope, cost_scope = session.current_scopes()
    system = load_prompt("recursive_system", guide=session.usage_guide(), depth=session.depth + 1,
                         max_depth=session.limits.max_depth)
    ask = QueryRequest(instruction=req.instruction, data=req.data, model=req.model, system=system,
                       temperature=req.temperature,
                       max_tokens=req.max_tokens or PROGRAM_MAX_TOKENS)
    program_future = calls.start_call(session, ask, label="recursive-program")
    result: concurrent.futures.Future = concurrent.futures.Future()
    deadline = session.time_left()

    def child_main() -> None:
        try:
            done = wait_result(program_future.cf, lambda: _stop_if_cancelled(result))
            source = extract_program(done.text)
            child = session.child()
            try:
                outcome = child.execute(source, timeout=deadline, ledger=run.ledger,
                                        base_scopes=(token_scope, cost_scope), parent_cancel=result)
            finally:
                child.close()
            if outcome.ok:
                _settle(result, value=outcome.value)
            else:
                _settle(result, exc=LLMQueryFailed(
                    f"#:recursive program (depth {session.depth + 1}) failed: {outcome.error}"))
        except concurrent.futures.CancelledError:
            result.cancel()
        except BaseException as exc:  # noqa: BLE001 - delivered to whoever awaits the future
            _settle(result, exc=exc if isinstance(exc, RuntimeFail) else
                    LLMQueryFailed(f"#:recursive failed: {exc}"))

    threading.Thread(target=child_main, name="rlm-recursive", daemon=True).start()
    fut = SchemeFuture(program_future.id, f"recursive:{program_future.label}", result)
    run.register(fut, session.limits.max_futures)
    return fut


def _stop_if_cancelled(result: concurrent.futures.Future) -> None:
    if result.cancelled():
        raise concurrent.futures.CancelledError()


def _settle(result: concurrent.futures.Future, *, value: Any = None,
            exc: BaseException | None = None) -> None:
    if result.done():
        return
    try:
        if exc is not None:
            result.set_exception(exc)
        else:
            result.set_result(value)
    except concurrent.futures.InvalidStateError:
        pass
