"""The Scheme orchestration sandbox: a Racket-flavoured interpreter with hard per-run limits.

Layout: reader.py (text -> data, positions), environment.py (global cells, compile-time
scopes), compiler.py + forms*.py (data -> closures, one function per special form),
evaluator.py (application, tail calls, deep recursion), primitives/ (the built-in table),
printer.py, codec.py (the one Scheme <-> Python/JSON codec), context.py (the run context),
run.py (run_program, Session).

Extension API (used by rlm_bot/scheme/runtime/ for llm-query, py-exec, checkpoint! ...)
-------------------------------------------------------------------------------------

Running::

    from rlm_bot.scheme import run_program, Session, SchemeLimits
    result = run_program(source, limits=SchemeLimits(), primitives=[...], session=None,
                         seed=None, state=None, cancel=None)
    result.ok, result.value, result.error, result.output, result.steps, result.tokens, result.cost
    result.error_kind   # "max_steps", "timeout_seconds", "max_memory_bytes", "max_output_bytes",
                        # "max_depth", "max_integer_bits", "regex_timeout_seconds", "cancelled",
                        # or an exn kind such as "fail", "fail:contract", "fail:read"
    result.to_json()    # {"ok", "value", "error", "output", "steps", "tokens", "cost"} (CLI --json)
    result.value_text() # the value in Racket REPL style ('(1 2), "s", #t; '' for void)

    session = Session(limits=..., primitives=[...])   # globals persist across runs
    session.run(source, limits=None, seed=None, state=None, cancel=None) -> RunResult
    session.reset(); session.define("name", value)

`state` pre-fills `ctx.state`; `cancel` is a threading.Event that stops the run at its next
check. Every run evaluates in its own thread; a run never raises for a program error.

Registering Python primitives::

    from rlm_bot.scheme import Primitive, SchemeError
    def llm_query(ctx, prompt, *, model=None, max_tokens=None): ...
    Primitive("llm-query", llm_query, needs_run=True)

`fn` receives the RunContext first (with `needs_run=True`), then the positional Scheme values;
Scheme keyword arguments arrive as Python keyword arguments (`#:max-tokens 10` ->
`max_tokens=10`; `?` becomes `_p`, `!` is dropped). Only keyword-only parameters of `fn` (or
any, if it takes `**kw`) are accepted; an unknown keyword is a clean Scheme error, as is a
wrong argument count. Whatever `fn` returns is the Scheme value (see "Values"); `None` is void.
Primitives with `needs_run=True` (or `reenters=True`) are `ReentrantPrimitive`s: the evaluator
counts their Python frames, so a program may recurse deeply through them (they may call
`ctx.apply`). A primitive that calls back into Scheme without the context must pass
`reenters=True`.

The run context (`ctx`, class RunContext)::

    ctx.apply(proc, args, kwargs=None, parameterization=None)  # call a Scheme procedure from
        # Python; re-entrant and usable from worker threads (pass `ctx.parameterization()`
        # captured on the Scheme thread so `parameterize` bindings carry over)
    ctx.write(text)              # to the current output port (bounded by max_output_bytes)
    ctx.charge_memory(nbytes, what)  # account an allocation; refuses before building if too big
    ctx.check()                  # raise LimitExceeded if out of steps/time or cancelled
    ctx.add_usage(tokens, cost)  # reported in RunResult.tokens / .cost
    ctx.cancelled / ctx.cancel() / ctx.remaining_seconds()
    ctx.limits                   # the SchemeLimits of this run
    ctx.state                    # dict for per-run runtime state (budgets, futures ...)
    ctx.add_cleanup(fn)          # runs when the run ends, however it ends
    ctx.rng                      # random.Random seeded per run (ctx.seed)
    ctx.parameter_value(p)       # current value of a Parameter (respects parameterize)
    ctx.session                  # the Session (its .genv holds the globals)

Parameters: `Parameter(value, guard=None, name="token-budget")`; install with
`Primitive`-like bindings (`session.define("token-budget", p)` or pass it in `primitives` as a
dict `{"token-budget": p}`). A guard (Python callable `value -> value`, or a Scheme procedure)
filters every `parameterize` and assignment, e.g. to clamp budgets so they only shrink.
Assignments `(p v)` change only the current run's binding.

Errors: raise `SchemeError(message, kind="fail")` from a primitive for a catchable `exn:fail`
(`with-handlers` sees an `Exn` with that message; `kind="fail:contract"` etc. also match
`exn:fail?`). Any other Python exception is converted to a Scheme error named after the
primitive (never a traceback). `Finish(value)` (BaseException) ends the run with `value`;
`LimitExceeded(limit, message)` (BaseException) ends it with an error naming the limit — neither
can be caught by Scheme code.

Values (see values.py for the full table): exact integers `int` (never bool), rationals
`Fraction`, `float`, strings `str`, `Char`, `Symbol.intern(name)` / `Keyword.intern(name)`,
booleans, `Pair(car, cdr)` chains ending in `NIL` (`make_list`, `list_to_py`), vectors as
Python `list`, `HashTable` (`.get/.set/.items`, `mutable` flag), `VOID`, `MultipleValues`,
procedures (`Closure`, `CaseLambda`, `Primitive`, `Parameter`), `Struct`, `Exn`, `Regexp`;
any other Python object is an opaque host value printed `#<name>` (subclass `Opaque` and set
`scheme_name`, e.g. for futures). Converters (codec.py): `to_python(v)`,
`from_python(v, symbol_keys=False)` (permissive; `strict=True` lets only data cross),
`to_json_value(v)` (the CLI JSON encoding); printers `to_display`,
`to_write`, `to_print`.

Thread safety: compiled code is immutable, each thread has its own evaluation state, run
counters are updated under a lock, so independent procedures may be applied from several
threads of one run at once (map-async). Python's recursion limit is never changed.
"""

from __future__ import annotations

from rlm_bot.config import SchemeLimits
from rlm_bot.scheme.context import RunContext
from rlm_bot.scheme.codec import from_python, to_json_value, to_python
from rlm_bot.scheme.errors import Finish, LimitExceeded, SchemeError, SchemeSyntaxError
from rlm_bot.scheme.ports import OutputPort
from rlm_bot.scheme.printer import to_display, to_print, to_write
from rlm_bot.scheme.run import RunResult, Session, run_program
from rlm_bot.scheme.values import (
    EOF, NIL, VOID, CaseLambda, Char, Closure, Exn, HashTable, Keyword, MultipleValues, Opaque,
    Pair, Parameter, Primitive, Procedure, Regexp, Struct, Symbol, list_to_py, make_list, sym,
)

__all__ = [
    "EOF", "NIL", "VOID", "CaseLambda", "Char", "Closure", "Exn", "Finish", "HashTable", "Keyword",
    "LimitExceeded", "MultipleValues", "Opaque", "OutputPort", "Pair", "Parameter", "Primitive",
    "Procedure", "Regexp", "RunContext", "RunResult", "SchemeError", "SchemeLimits",
    "SchemeSyntaxError", "Session", "Struct", "Symbol", "from_python", "list_to_py", "make_list",
    "run_program", "sym", "to_display", "to_json_value", "to_print", "to_python", "to_write",
]
