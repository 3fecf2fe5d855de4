"""RuntimeSession: the RLM primitives bound to one sandbox session, and `execute(source)`.

A session keeps, across runs, the engine's persistent Scheme environment, the context slots,
the Python sandbox namespace, the scope log and usage totals (the MCP server keeps one per
client until `reset`). Each `execute` is one run with its own budgets ledger, futures and
workers; whatever it leaves unawaited is cancelled when it ends.
"""

from __future__ import annotations

import logging
import math
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from rlm_bot.scheme.patterns import catalog
from rlm_bot.scheme.runtime import engine
from rlm_bot.scheme.runtime.budget import BudgetScope, RunLedger
from rlm_bot.scheme.runtime.checkpoints import CheckpointStore, namespace_for
from rlm_bot.scheme.codec import NotData, scrub, to_jsonable, to_python
from rlm_bot.scheme.runtime.concurrency import IdCounter
from rlm_bot.errors import RlmError
from rlm_bot.scheme.runtime.errors import CheckpointError, RuntimeFail
from rlm_bot.scheme.runtime.gateway import Gateway, GatewayReply
from rlm_bot.scheme.runtime.guide import usage_guide
from rlm_bot.scheme.runtime.loop import RunLoop, shared_loop
from rlm_bot.scheme.runtime.prims_data import DEFAULT_CONTEXT
from rlm_bot.scheme.runtime.scopelog import ScopeLog
from rlm_bot.scheme.runtime.state import RunState, RuntimeLimits, Totals
from rlm_bot.scheme.runtime.table import build_table


@dataclass
class RunOutcome:
    """What one run produced: its value (or error), output and usage."""

    ok: bool
    value: Any = None  # the Scheme value
    error: str | None = None
    output: str = ""
    tokens: int = 0
    cost: float = 0.0
    calls: int = 0
    elapsed_ms: float = 0.0
    cancelled: int = 0
    limit: str | None = None  # which run limit ended it, if one did
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """JSON-ready: value converted to plain data."""
        return {"ok": self.ok, "value": to_jsonable(self.value) if self.ok else None,
                "error": self.error, "output": self.output, "tokens": self.tokens,
                "cost": round(self.cost, 8), "calls": self.calls,
                "elapsed_ms": round(self.elapsed_ms, 1), "cancelled": self.cancelled}


class RuntimeSession:
    """The RLM runtime of one sandbox session."""

    def __init__(self, *, gateway: Gateway, limits: RuntimeLimits | None = None,
                 engine_limits: Any = None, database: Any = None, workspace: str | None = None,
                 python_factory: Any = None, secrets: tuple[str, ...] = (), depth: int = 0,
                 log: ScopeLog | None = None, prelude: bool = True) -> None:
        self.gateway = gateway
        self.limits = limits or RuntimeLimits()
        self.engine_limits = engine_limits
        self.database = database
        self.workspace = workspace
        self.depth = depth
        self.secrets = secrets
        self.log = log or ScopeLog(secrets)
        self.totals = Totals()
        self.contexts: dict[str, Any] = {}
        self.run: RunState | None = None
        self.ctx: Any = None
        self._python_factory = python_factory
        self._python: Any = None
        self._python_synced: dict[str, Any] = {}  # slot -> the value last mirrored (kept alive)
        self._checkpoints: CheckpointStore | None = None
        self._lock = threading.Lock()
        self._totals_lock = threading.Lock()
        self.token_param = engine.make_parameter("token-budget", self._token_guard)
        self.cost_param = engine.make_parameter("cost-budget", self._cost_guard)
        self.base_scopes: tuple[BudgetScope, BudgetScope] | None = None
        self._cancel: threading.Event | None = None  # stops the run in progress
        self._deadline: float | None = None
        self.table = build_table(self)
        # the pattern prelude (~50 ms to compile) loads before the first run that names one of
        # its procedures: a cold `rlm-bot scheme` program that uses none sends its calls sooner
        self.engine_session = engine.new_session(self.table, prelude=False)
        self._prelude_pending = prelude
        self._prelude_lock = threading.Lock()

    # --- runs ------------------------------------------------------------------------------

    def execute(self, source: str, *, timeout: float | None = None, ledger: RunLedger | None = None,
                base_scopes: tuple[BudgetScope, BudgetScope] | None = None,
                parent_cancel: Any = None) -> RunOutcome:
        """Run a program in this session; never raises for the program's own errors."""
        if _may_call_models(source) and not getattr(self.gateway, "built", True):
            self.gateway.warm()  # load the model profiles before the run's clock starts
        with self._lock:
            self._ensure_prelude(source)  # before the run's clock starts, too; not during another run
            ledger = ledger or RunLedger(self.limits.max_calls, self.limits.max_tokens,
                                         self.limits.max_cost)
            # ids unique per process: the client refuses two calls in flight with one id
            prefix = f"c{os.urandom(3).hex()}" + (f"d{self.depth}" if self.depth else "")
            run = RunState(ledger=ledger, depth=self.depth, ids=IdCounter(prefix),
                           loop=RunLoop(self._event_loop))
            self.run = run
            self.base_scopes = base_scopes or (ledger.root_tokens, ledger.root_cost)
            # outside any parameterize, (token-budget) reads the run's own budget
            self.token_param.value, self.cost_param.value = self.base_scopes
            calls0, tokens0, cost0 = ledger.calls, ledger.tokens, ledger.cost
            started = time.monotonic()
            self._deadline = started + timeout if timeout else None
            self._cancel = threading.Event()
            if parent_cancel is not None:  # a child run stops when its parent's future is cancelled
                parent_cancel.add_done_callback(lambda f: f.cancelled() and self.cancel_run())
            try:
                result = engine.run(self, source, timeout=timeout, cancel=self._cancel)
            finally:
                cancelled = run.close()
                self.ctx = None
            with ledger.lock:
                calls, tokens, cost = (ledger.calls - calls0, ledger.tokens - tokens0,
                                       ledger.cost - cost0)
            self.totals.runs += 1
            result = self._scrubbed(result)
            return RunOutcome(ok=result.ok, value=result.value, error=result.error,
                              output=result.output, tokens=tokens, cost=cost, calls=calls,
                              elapsed_ms=(time.monotonic() - started) * 1000, cancelled=cancelled,
                              limit=result.limit, extra={"engine": result.raw})

    def _ensure_prelude(self, source: str) -> None:
        """Load the pattern prelude now if it is pending and `source` may use it."""
        if self._prelude_pending and engine.needs_prelude(source):
            with self._prelude_lock:
                if self._prelude_pending:
                    engine.load_prelude(self.engine_session)
                    self._prelude_pending = False

    def _event_loop(self):
        get = getattr(self.gateway, "event_loop", None)
        if get is None:
            return shared_loop()
        return get()

    def _scrubbed(self, result: Any) -> Any:
        """Mask secret values (provider key, Slack tokens) wherever a run's result shows them."""
        if not self.secrets:
            return result
        result.value = scrub(result.value, self.secrets)
        result.error = scrub(result.error, self.secrets) if result.error else result.error
        result.output = scrub(result.output, self.secrets)
        if result.raw is not None:
            result.raw.value, result.raw.error, result.raw.output = (result.value, result.error,
                                                                     result.output)
        return result

    def cancel_run(self) -> None:
        """Stop the run in progress: cancel its calls and make its evaluation stop."""
        run = self.run
        if run is not None:
            run.cancelled.set()
            run.loop.close()
        if self._cancel is not None:
            self._cancel.set()

    def time_left(self) -> float | None:
        """Seconds left before this run's deadline (None when it has none)."""
        deadline = self._deadline
        if self.ctx is not None:
            left = engine.time_left(self.ctx)
            if left is not None:
                return left
        return None if deadline is None else max(0.01, deadline - time.monotonic())

    def child(self) -> RuntimeSession:
        """A fresh session one level deeper, sharing the gateway, store and scope log."""
        return RuntimeSession(gateway=self.gateway, limits=self.limits,
                              engine_limits=self.engine_limits, database=self.database,
                              workspace=self.workspace, python_factory=self._python_factory,
                              secrets=self.secrets, depth=self.depth + 1, log=self.log)

    def usage_guide(self) -> str:
        """The usage guide of this session's primitives (what a recursive call's model reads)."""
        return usage_guide()

    def require_run(self) -> RunState:
        """The run in progress (primitives are only called during one)."""
        run = self.run
        if run is None:
            raise RuntimeFail("no run is in progress in this session")
        return run

    def enter(self, ctx: Any) -> None:
        """Called by every primitive: remember the engine's run context for worker threads."""
        self.ctx = ctx
        if self.run is None:
            raise RuntimeFail("no run is in progress in this session")

    def check(self) -> None:
        """Raise if the run must stop (time/step limits, cancellation)."""
        run = self.run
        if run is not None and run.cancelled.is_set():
            raise engine.limit_error("cancelled", "the run was cancelled")
        if self.ctx is not None:
            engine.check(self.ctx)

    # --- budgets ---------------------------------------------------------------------------

    def current_scopes(self) -> tuple[BudgetScope, BudgetScope]:
        """The token and cost scopes in force on the calling thread."""
        base_t, base_c = self.base_scopes or (None, None)
        t = engine.param_value(self.token_param)
        c = engine.param_value(self.cost_param)
        return (self._own(t, base_t), self._own(c, base_c))

    def _own(self, scope: Any, base: BudgetScope) -> BudgetScope:
        if isinstance(scope, BudgetScope) and scope.ledger is base.ledger:
            return scope
        if isinstance(scope, BudgetScope):  # left over from an earlier run of this session
            return base.narrow(scope.limit)
        return base

    def _guard(self, value: Any, param: Any, which: int, what: str) -> BudgetScope:
        if isinstance(value, BudgetScope):
            return value
        if type(value) not in (int, float) or isinstance(value, bool) or math.isnan(value) \
                or value < 0:
            raise engine.scheme_error(f"{what} must be a non-negative number, got {value!r}")
        run = self.run
        if run is None:
            raise engine.scheme_error(f"{what} can only be set while a program runs")
        # An inner budget narrows the one in force: it can lower the limit, never raise it.
        current = self._own(engine.param_value(param), self.base_scopes[which])
        return current.narrow(value)

    def _token_guard(self, value: Any) -> BudgetScope:
        return self._guard(value, self.token_param, 0, "token-budget")

    def _cost_guard(self, value: Any) -> BudgetScope:
        return self._guard(value, self.cost_param, 1, "cost-budget")

    def add_usage(self, done: GatewayReply) -> None:
        """Count a finished call in the session totals."""
        with self._totals_lock:
            self.totals.calls += 1
            self.totals.tokens += done.tokens
            self.totals.cost += done.cost

    # --- data ------------------------------------------------------------------------------

    def checkpoints(self) -> CheckpointStore:
        """This workspace's checkpoint store (opened on first use)."""
        if self._checkpoints is None:
            if self.database is None:
                raise RuntimeFail("checkpoints need a database; none is configured for this session")
            try:
                db = self.database() if callable(self.database) else self.database
            except RlmError as exc:  # e.g. the SQL store is down: a catchable, clear error
                # the storage message names the database URL, a secret: keep it for the logs
                logging.getLogger("rlm_bot.scheme").warning("checkpoint store: %s", exc)
                raise CheckpointError("the checkpoint store is unavailable (the SQL database "
                                      "cannot be reached); ask the operator to check "
                                      "RLM_DATABASE_URL") from None
            self._checkpoints = CheckpointStore(db, namespace_for(self.workspace))
        return self._checkpoints

    def set_context(self, name: str, value: Any) -> None:
        """Fill a context slot (and the `context` variable for the default slot)."""
        self.contexts[name] = value
        if name == DEFAULT_CONTEXT:
            engine.define_global(self, "context", value)

    def python(self) -> Any:
        """The Python sandbox session of this runtime session, with `context` mirrored."""
        if self._python is None:
            if self._python_factory is None:
                raise RuntimeFail("the Python bridge is not available in this session")
            self._python = self._python_factory()
            if hasattr(self._python, "time_left"):
                self._python.time_left = self.time_left
        value = self.contexts.get(DEFAULT_CONTEXT)
        if value is not None and self._python_synced.get(DEFAULT_CONTEXT) is not value:
            try:
                self._python.set("context", to_python(value, strict=True))
            except NotData:
                pass
            self._python_synced[DEFAULT_CONTEXT] = value
        return self._python

    def status(self) -> dict:
        """Calls in flight, run and session usage, limits, and the client's state."""
        run = self.run
        out: dict[str, Any] = {
            "session": {"runs": self.totals.runs, "calls": self.totals.calls,
                        "tokens": self.totals.tokens, "cost": round(self.totals.cost, 8)},
            "limits": {"max_calls": self.limits.max_calls, "max_tokens": self.limits.max_tokens,
                       "max_cost": None if self.limits.max_cost == math.inf else self.limits.max_cost,
                       "max_concurrent": self.limits.max_concurrent_cap,
                       "max_recursion_depth": self.limits.max_depth},
        }
        if run is not None:
            led = run.ledger
            out["run"] = {"calls": led.calls, "tokens": led.tokens, "cost": round(led.cost, 8),
                          "in_flight": run.unfinished,
                          "tokens_remaining": _num(self.current_scopes()[0].remaining()
                                                   if self.ctx else led.root_tokens.remaining()),
                          "depth": run.depth}
        try:
            out["client"] = self.gateway.status()
        except Exception:  # noqa: BLE001 - status is best effort
            out["client"] = {}
        return out

    def cancel_call(self, call_id: str) -> bool:
        """Cancel one in-flight call of the current run (or of the client) by id."""
        run = self.run
        hit = False
        if run is not None:
            fut = run.futures.get(call_id)
            if fut is not None and not fut.cf.done():
                hit = fut.cf.cancel() or hit
        return self.gateway.cancel(call_id) or hit

    def reset(self) -> None:
        """Forget definitions, contexts, the Python namespace and the scope log."""
        self.close_python()
        self.contexts.clear()
        self._python_synced.clear()
        self.log.clear()
        self.totals = Totals()
        self.engine_session = engine.new_session(self.table, prelude=False)
        self._prelude_pending = True  # loaded again by the first run that needs it

    def close_python(self) -> None:
        """Close the Python sandbox session, if one was opened."""
        if self._python is not None:
            try:
                self._python.close()
            finally:
                self._python = None
                self._python_synced.clear()

    def close(self) -> None:
        """Release the session's resources."""
        self.close_python()


def _may_call_models(source: str) -> bool:
    return "llm-query" in source or "(get-status" in source or any(
        p.procedure in source for p in catalog())


def _num(x: float) -> Any:
    return int(x) if math.isfinite(x) else None
