"""The only module of the runtime that talks to the Scheme engine's extension API."""

from __future__ import annotations

from typing import Any

from rlm_bot.config import SchemeLimits
from rlm_bot.errors import RlmError
from rlm_bot.scheme import Session
from rlm_bot.scheme.errors import LimitExceeded, SchemeError
from rlm_bot.scheme.evaluator import start_thread as start
from rlm_bot.scheme.patterns import describe_prelude_position, prelude_names, prelude_source
from rlm_bot.scheme.runstate import active_state
from rlm_bot.scheme.runtime.face import SessionFace
from rlm_bot.scheme.values import UNDEFINED, Parameter, Primitive



def make_parameter(name: str, guard: Any) -> Parameter:
    """A Scheme parameter whose new values pass through `guard` (a Python callable)."""
    return Parameter(None, guard, name)


def make_primitive(name: str, fn: Any) -> Primitive:
    """A primitive that receives the run context first."""
    return Primitive(name, fn, needs_run=True)


def scheme_error(message: str) -> SchemeError:
    """A catchable exn:fail."""
    return SchemeError(message)


def limit_error(limit: str, message: str) -> LimitExceeded:
    """A run-ending limit error (not catchable by the program)."""
    return LimitExceeded(limit, message)


def check(ctx: Any) -> None:
    """Raise if the run is out of time or steps, or was cancelled."""
    ctx.check()


def time_left(ctx: Any) -> float | None:
    """Seconds before the run's deadline."""
    return ctx.remaining_seconds()


def apply(ctx: Any, f: Any, args: list, parameterization: dict | None = None) -> Any:
    """Apply a Scheme procedure from Python on any thread."""
    return ctx.apply(f, args, parameterization=parameterization)


def parameterization(ctx: Any) -> dict:
    """The calling thread's parameter bindings (handed to worker threads)."""
    return ctx.parameterization()


def start_thread(target: Any, name: str) -> Any:
    """A daemon thread with the evaluator's stack size (evaluation may recurse deeply)."""
    return start(target, name)


def charge_memory(ctx: Any, nbytes: int, what: str) -> None:
    """Account an allocation against the run's memory limit (refused before it is built)."""
    if ctx is not None:
        ctx.charge_memory(nbytes, what)


def add_usage(ctx: Any, tokens: int, cost: float) -> None:
    """Report model usage to the engine's run (its result carries tokens and cost)."""
    ctx.add_usage(tokens, cost)


def param_value(p: Parameter) -> Any:
    """The value of `p` in force on the calling thread (its default outside a run)."""
    st = active_state()
    if st is None:
        return p.value
    return st.run.parameter_value(p)


def new_session(table: list, *, prelude: bool) -> Any:
    """A persistent engine session with the runtime's primitives (and the pattern prelude)."""
    session = Session(primitives={row.name: row.value for row in table})
    session.define("context", False)
    if prelude:
        load_prelude(session)
    return session


def load_prelude(session: Any) -> None:
    """Define the pattern prelude's procedures in `session`. Globals the session already binds
    under a prelude name keep their values, as when the prelude is loaded first and they are
    defined after it (the prelude's procedures see them, through the same global cells)."""
    genv = session.genv
    kept = {}
    for name in prelude_names():
        value = genv.lookup(name)
        if value is not UNDEFINED:
            kept[name] = value
    # tagged, so an error inside a pattern names the pattern and the program's own form
    result = session.run(prelude_source(), origin="patterns", describe=describe_prelude_position)
    if not result.ok:
        raise RlmError(f"the pattern prelude does not load: {result.error}")
    for name, value in kept.items():
        genv.define(name, value)


def needs_prelude(source: str) -> bool:
    """Whether a program may use a binding of the pattern prelude: it names one (a symbol can
    only reach a global by being written in the source: the engine has no `eval` and no
    namespace reflection), or it has a `|`, which the reader drops from symbols (`fan|-|out`).
    A superset: the name inside a string or a longer symbol counts too."""
    return "|" in source or any(name in source for name in prelude_names())


def define_global(rt: SessionFace, name: str, value: Any) -> None:
    """Bind a global variable in the session's environment."""
    rt.engine_session.define(name, value)


class EngineResult:
    """What `run` hands back to the session."""

    __slots__ = ("ok", "value", "error", "output", "limit", "raw")

    def __init__(self, ok: bool, value: Any, error: str | None, output: str, limit: str | None,
                 raw: Any = None):
        self.ok, self.value, self.error, self.output, self.limit = ok, value, error, output, limit
        self.raw = raw  # the engine's RunResult


LIMIT_KINDS = frozenset({"max_steps", "timeout_seconds", "max_memory_bytes", "max_output_bytes",
                         "max_depth", "cancelled", "llm_budget"})


def run(rt: SessionFace, source: str, *, timeout: float | None, cancel: Any = None) -> EngineResult:
    """Run `source` in the session's engine session with the configured limits."""
    from dataclasses import replace

    limits = rt.engine_limits or SchemeLimits()
    if timeout is not None:
        limits = replace(limits, timeout_seconds=float(timeout))
    result = rt.engine_session.run(source, limits=limits, cancel=cancel)
    kind = result.error_kind if result.error_kind in LIMIT_KINDS else None
    return EngineResult(result.ok, result.value, result.error, result.output, kind, result)
