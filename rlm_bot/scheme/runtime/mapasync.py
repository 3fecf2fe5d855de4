"""map-async: worker threads that take turns evaluating `f` under the run's evaluation lock.

Each worker holds the lock while it evaluates and releases it whenever it blocks (a model call,
an await, a py-* call), so `f` may call the blocking `llm-query` and still run concurrently with
the other items. Model calls made by the workers take a slot of this map's limiter, so at most
`n` are in flight. The first error stops the map and is raised in the caller's thread.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from rlm_bot.scheme.runtime import engine
from rlm_bot.scheme.runtime.concurrency import WAIT_SLICE_S, MapScope
from rlm_bot.scheme.runtime.face import SessionFace

WORKER_EXIT_WAIT_S = 3.0  # how long a failing map waits for its workers to notice and exit




def run_map(session: SessionFace, ctx: Any, f: Any, items: list, n: int,
            resolve: Callable[[Any], Any]) -> list:
    """Results of f over items, in input order, futures awaited and syntax unwrapped."""
    if not items:
        return []
    run = session.require_run()
    engine.charge_memory(ctx, 16 * len(items), "map-async results")
    scope = MapScope(n)
    stack = run.limiters.stack() + (scope,)
    results: list[Any] = [None] * len(items)
    lock = threading.Lock()
    state = {"next": 0, "error": None}
    stop = threading.Event()

    def take() -> int | None:
        with lock:
            if stop.is_set() or state["next"] >= len(items):
                return None
            i = state["next"]
            state["next"] += 1
            return i

    params = engine.parameterization(ctx)  # workers see the caller's parameterize bindings

    def work_items(inline: bool = False) -> None:
        while (i := take()) is not None:
            value = engine.apply(ctx, f, [items[i]], None if inline else params)
            results[i] = resolve(value)

    def fail(exc: BaseException) -> None:
        with lock:
            first = state["error"] is None
            if first:
                state["error"] = exc
        stop.set()
        if first:
            scope.cancel_all()  # the map has failed: its other calls in flight are not needed

    wanted = min(n, len(items))
    granted = run.take_threads(wanted, session.limits.max_threads) if wanted > 1 else 0
    if granted == 0:  # no thread to spare (or one item): evaluate inline, still rate-limited
        saved = run.limiters.stack()
        run.limiters.set_stack(stack)
        try:
            work_items(inline=True)
        finally:
            run.limiters.set_stack(saved)
        return results

    def worker() -> None:
        run.limiters.set_stack(stack)
        try:
            run.eval_lock.acquire(session.check)
            try:
                work_items()
            finally:
                run.eval_lock.release()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread below
            fail(exc)
        finally:
            run.give_thread()

    threads = [engine.start_thread(worker, f"rlm-map-{k}") for k in range(granted)]
    try:
        with run.eval_lock.released(session.check):
            for t in threads:
                while t.is_alive():
                    t.join(WAIT_SLICE_S)
                    session.check()  # the run's clock applies while workers finish, too
    except BaseException:
        stop.set()  # the run is ending (limit, cancel): workers stop at their next check
        scope.cancel_all()
        deadline = time.monotonic() + WORKER_EXIT_WAIT_S
        for t in threads:
            t.join(max(0.0, deadline - time.monotonic()))
        raise
    if state["error"] is not None:
        raise state["error"]
    return results
