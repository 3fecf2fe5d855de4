"""Running programs: `run_program`, persistent `Session`s and the `RunResult` they return."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any, Iterable

from rlm_bot.config import SchemeLimits
from rlm_bot.scheme.compiler import Compiler
from rlm_bot.scheme.context import RunContext
from rlm_bot.scheme.codec import to_json_value
from rlm_bot.scheme.environment import GlobalEnv
from rlm_bot.scheme.errors import ContinuationJump, Finish, LimitExceeded, SchemeError
from rlm_bot.scheme.evaluator import resolve, start_thread
from rlm_bot.scheme.primitives import build_table
from rlm_bot.scheme.printer import to_print
from rlm_bot.scheme.reader import read_program
from rlm_bot.scheme.runstate import State, set_state
from rlm_bot.scheme.values import VOID, Primitive, Symbol

JOIN_GRACE_SECONDS = 2.0  # how long past its deadline a stuck run is waited for before giving up


@dataclass
class RunResult:
    """The outcome of one run. `value` is a Scheme value (see values.py); `error` a one-liner."""

    ok: bool
    value: Any = VOID
    error: str | None = None
    output: str = ""
    steps: int = 0
    tokens: int = 0
    cost: float = 0.0
    error_kind: str | None = None  # a limit name (max_steps, timeout_seconds, ...) or exn kind
    seed: int = 0
    duration_ms: float = 0.0
    extra: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        """The CLI's JSON object: ok, value, error, output, steps, tokens, cost."""
        return {"ok": self.ok, "value": to_json_value(self.value) if self.ok else None,
                "error": self.error, "output": self.output, "steps": self.steps,
                "tokens": self.tokens, "cost": self.cost}

    def value_text(self) -> str:
        """The value in Racket's REPL style ('' for void)."""
        return "" if self.value is VOID else to_print(self.value)


_TABLE: dict[str, Any] | None = None
_TABLE_LOCK = threading.Lock()


def builtin_table() -> dict[str, Any]:
    """The primitive table, built once per process."""
    global _TABLE
    if _TABLE is None:
        with _TABLE_LOCK:
            if _TABLE is None:
                _TABLE = build_table()
    return _TABLE


def _as_bindings(primitives: Iterable[Any] | dict | None) -> dict[str, Any]:
    if primitives is None:
        return {}
    if isinstance(primitives, dict):
        return dict(primitives)
    out = {}
    for p in primitives:
        if not isinstance(p, Primitive):
            raise TypeError(f"expected Primitive objects, got {type(p).__name__}")
        out[p.name] = p
    return out


class Session:
    """A global environment kept across runs (until `reset`).

    Runs are not serialised: a primitive may start another run in the same session (recursive
    orchestration) without deadlocking; overlapping runs share the session's globals.
    """

    def __init__(self, *, limits: SchemeLimits | None = None,
                 primitives: Iterable[Any] | dict | None = None) -> None:
        self.limits = limits or SchemeLimits()
        self._extra = _as_bindings(primitives)
        self.reset()

    def reset(self) -> None:
        """Forget every definition: back to the built-ins (and the extra primitives)."""
        # origin name -> describe((line, column)) for code run with `origin=` (e.g. a prelude)
        self.origins: dict[str, Callable[[tuple[int, int]], str]] = {}
        bindings = {**builtin_table(), **self._extra}
        self.genv = GlobalEnv({Symbol.intern(name): value for name, value in bindings.items()})

    def define(self, name: str, value: Any) -> None:
        """Bind a global (e.g. a Primitive or a Parameter) in this session."""
        self.genv.define(name, value)

    def run(self, source: str, *, limits: SchemeLimits | None = None, seed: int | None = None,
            state: dict | None = None, cancel: threading.Event | None = None,
            origin: str | None = None,
            describe: Callable[[tuple[int, int]], str] | None = None) -> RunResult:
        """Run `source` in this session's environment; never raises for program errors.

        With `origin` (e.g. "patterns" for a library loaded once), the code's positions are
        tagged with it: an error raised inside that code while a later program runs is reported
        as "in <describe(line, column)>: ..." at the position of the program's own form that led
        there, not at a line of a source the program's author never saw."""
        ctx = RunContext(limits or self.limits, seed=seed, session=self, cancel=cancel)
        if state:
            ctx.state.update(state)
        if origin is not None:
            self.origins[origin] = describe or (lambda pos: f"{origin} (line {pos[0]})")
        return _execute(self, source, ctx, origin)


def run_program(source: str, *, limits: SchemeLimits | None = None,
                primitives: Iterable[Any] | dict | None = None, session: Session | None = None,
                seed: int | None = None, state: dict | None = None,
                cancel: threading.Event | None = None) -> RunResult:
    """Run one program (in `session`, or a fresh environment) and return its RunResult."""
    if session is None:
        session = Session(limits=limits, primitives=primitives)
    elif primitives:
        for name, value in _as_bindings(primitives).items():
            session.define(name, value)
    return session.run(source, limits=limits, seed=seed, state=state, cancel=cancel)


def _execute(session: Session, source: str, ctx: RunContext, origin: str | None = None) -> RunResult:
    box: dict[str, Any] = {}
    started = time.perf_counter()

    def body() -> None:
        st = State(ctx)
        set_state(st)
        try:
            box["value"] = _evaluate(session, source, ctx, origin)
        except BaseException as exc:  # noqa: BLE001 - every outcome becomes a RunResult
            box["error"] = exc
        finally:
            ctx.flush(st)
            try:
                ctx.run_cleanups()
            finally:
                set_state(None)

    thread = start_thread(body, "scheme-run")
    thread.join(ctx.limits.timeout_seconds + JOIN_GRACE_SECONDS)
    if thread.is_alive():  # stuck inside one long host call: stop waiting, let it wind down
        ctx.cancel()
        thread.join(JOIN_GRACE_SECONDS)
    result = RunResult(ok=False, output=ctx.output.getvalue(), steps=ctx.steps, tokens=ctx.tokens,
                       cost=ctx.cost, seed=ctx.seed)
    result.duration_ms = (time.perf_counter() - started) * 1000
    if thread.is_alive():
        result.error = (f"time limit exceeded: the run took longer than {ctx.limits.timeout_seconds:g} s "
                        "(timeout_seconds)")
        result.error_kind = "timeout_seconds"
        return result
    if "value" in box:
        result.ok, result.value = True, box["value"]
        return result
    result.error, result.error_kind = describe_error(box.get("error"))
    if isinstance(box.get("error"), Finish):
        result.ok, result.value, result.error, result.error_kind = True, box["error"].value, None, None
    return result


def _evaluate(session: Session, source: str, ctx: RunContext, origin: str | None = None) -> Any:
    program = read_program(source)
    if origin is not None:  # (line, column, origin): still indexable as (line, column)
        program.positions = {k: (*pos[:2], origin) for k, pos in program.positions.items()}
        program.starts = [(*pos[:2], origin) for pos in program.starts]
    compiler = Compiler(session.genv, program.positions, builtins=builtin_table())
    value: Any = VOID
    for form, start in zip(program.forms, program.starts):
        try:
            compiler.cur = start
            node = compiler.compile(form, None, False, 0)
            value = resolve(node(None))
        except SchemeError as exc:  # every error names a position: at worst its top-level form's
            if exc.pos is None:
                exc.pos = start
            elif origin is None and len(exc.pos) > 2:  # raised inside library code (a prelude)
                _relocate(session, exc, start)
            raise
    return value


def _relocate(session: Session, exc: SchemeError, start: tuple[int, int]) -> None:
    """An error located in code loaded with `origin=`: name that code, point at the program's form."""
    describe = session.origins.get(exc.pos[2])
    if describe is None:
        return
    try:
        where = describe(exc.pos[:2])
    except Exception:  # noqa: BLE001 - a describer must not hide the error itself
        return
    exc.message = f"in {where}: {exc.message}"
    exc.pos = start
    if exc._value is not None and getattr(exc._value, "message", None) is not None:
        exc._value.message = exc.message


def describe_error(exc: BaseException | None) -> tuple[str, str]:
    """(one-line message, kind) for whatever ended a run."""
    if isinstance(exc, SchemeError):
        return _one_line(exc.located()), exc.kind
    if isinstance(exc, LimitExceeded):
        return _one_line(exc.message), exc.limit
    if isinstance(exc, Finish):
        return "", "finish"
    if isinstance(exc, ContinuationJump):
        return "continuation application: escape continuation used outside its extent", "fail"
    if isinstance(exc, RecursionError):
        return "nesting too deep: the program exceeded the interpreter's recursion limit", "max_depth"
    if isinstance(exc, MemoryError):
        return "memory limit exceeded: the host ran out of memory for this run", "max_memory_bytes"
    if exc is None:
        return "the run ended without a result", "internal"
    return f"internal error ({type(exc).__name__}) while running the program", "internal"


def _one_line(text: str) -> str:
    """Racket's multi-line messages ("...\n  expected: ...") as one line joined by "; "."""
    out = ""
    for line in (" ".join(part.split()) for part in text.splitlines()):
        if line:
            out = line if not out else out + (" " if out.endswith(";") else "; ") + line
    return out
