"""The live primitive table: every RLM primitive with its signature, doc line and example.

`build_table(session)` binds the primitives to a session; the usage guide and the code
generation API reference are generated from the same rows, so they cannot drift from the code.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from rlm_bot.scheme.runtime import engine
from rlm_bot.scheme.runtime.errors import RunCapExceeded, RuntimeFail
from rlm_bot.scheme.runtime.face import SessionFace
from rlm_bot.scheme.runtime.prims_data import DataPrimitives
from rlm_bot.scheme.runtime.prims_llm import LLMPrimitives



@dataclass(frozen=True)
class PrimSpec:
    """One row: the Scheme name, how it is called, what it does, an example."""

    name: str
    signature: str
    doc: str
    category: str
    example: str
    value: Any = None  # the bound primitive (or parameter) once built


# name, method owner ("llm" | "data" | "param"), attribute, signature, category, example
_ROWS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("llm-query", "llm", "llm_query",
     "(llm-query #:instruction s [#:data s] [#:model alias] [#:system s] [#:temperature x] "
     "[#:max-tokens n] [#:json #t] [#:recursive #t]) -> syntax",
     "models", '(syntax-e (llm-query #:instruction "Name one prime." #:max-tokens 20))'),
    ("llm-query-async", "llm", "llm_query_async",
     "(llm-query-async <same keywords as llm-query>) -> future", "models",
     '(define f (llm-query-async #:instruction "Say hi"))'),
    ("await", "llm", "await_", "(await future-or-value) -> string", "async", "(await f)"),
    ("await-all", "llm", "await_all", "(await-all futures) -> list of strings", "async",
     "(await-all (list f1 f2))"),
    ("await-any", "llm", "await_any",
     "(await-any futures) -> (values first-result remaining-futures)", "async",
     "(define-values (first rest) (await-any (list f1 f2)))"),
    ("map-async", "llm", "map_async",
     "(map-async f items [#:max-concurrent n]) -> list (input order, awaited)", "async",
     '(map-async (lambda (x) (llm-query-async #:instruction "Summarise" #:data x)) docs '
     "#:max-concurrent 5)"),
    ("syntax-e", "llm", "syntax_e", "(syntax-e syntax-or-value) -> value", "models",
     '(syntax-e (llm-query #:instruction "hi"))'),
    ("token-budget", "param", "token_param",
     "(parameterize ([token-budget n]) body ...) ; inner budgets only lower the limit",
     "budgets", '(parameterize ([token-budget 2000]) (llm-query #:instruction "Be brief"))'),
    ("cost-budget", "param", "cost_param",
     "(parameterize ([cost-budget dollars]) body ...) ; inner budgets only lower the limit",
     "budgets", '(parameterize ([cost-budget 0.01]) (llm-query #:instruction "hi"))'),
    ("tokens-remaining", "llm", "tokens_remaining", "(tokens-remaining) -> integer", "budgets",
     "(tokens-remaining)"),
    ("cost-remaining", "llm", "cost_remaining", "(cost-remaining) -> dollars (+inf.0 if unlimited)",
     "budgets", "(cost-remaining)"),
    ("get-status", "llm", "get_status",
     "(get-status) -> hash (calls in flight, tokens, cost, limits, rate-limit state)", "status",
     "(hash-ref (get-status) 'run)"),
    ("checkpoint!", "data", "checkpoint", "(checkpoint! key value) ; key: any string, value: data",
     "state", '(checkpoint! "step-1" (list 1 2 3))'),
    ("restore", "data", "restore", "(restore key) -> value or #f", "state", '(restore "step-1")'),
    ("load-context", "data", "load_context", "(load-context data [name]) ; default slot: context",
     "context", '(load-context "a long document...")'),
    ("get-context", "data", "get_context", "(get-context [name]) -> data or #f", "context",
     '(get-context "context")'),
    ("py-exec", "data", "py_exec", "(py-exec code) -> printed output", "python",
     '(py-exec "print(sum(range(10)))")'),
    ("py-eval", "data", "py_eval", "(py-eval expr) -> value", "python", '(py-eval "2 ** 10")'),
    ("py-set!", "data", "py_set", "(py-set! name value) ; value: data", "python",
     '(py-set! "xs" (list 1 2 3))'),
    ("get-scope-log", "data", "get_scope_log", "(get-scope-log [n]) -> list of hashes", "status",
     "(length (get-scope-log))"),
)

CATEGORY_TITLES = {
    "models": "Calling models", "async": "Concurrency", "budgets": "Budgets",
    "state": "Checkpoints", "context": "Context", "python": "Python bridge", "status": "Status",
}


def describe_rows() -> list[PrimSpec]:
    """The rows without binding (for documentation); docs come from the methods' docstrings."""
    owners = {"llm": LLMPrimitives, "data": DataPrimitives}
    params = {"token_param": "A parameter: the token budget in force (a scope; see tokens-remaining).",
              "cost_param": "A parameter: the dollar budget in force (see cost-remaining)."}
    out = []
    for name, owner, attr, sig, cat, example in _ROWS:
        if owner == "param":
            doc = params[attr]
        else:
            doc = (getattr(owners[owner], attr).__doc__ or "").strip().splitlines()[0]
        out.append(PrimSpec(name, sig, doc, cat, example))
    return out


def build_table(session: SessionFace) -> list[PrimSpec]:
    """Bind every row to `session`: primitives turn runtime errors into Scheme errors."""
    owners = {"llm": LLMPrimitives(session), "data": DataPrimitives(session)}
    out = []
    for spec in describe_rows():
        row = next(r for r in _ROWS if r[0] == spec.name)
        if row[1] == "param":
            value = getattr(session, row[2])
        else:
            value = engine.make_primitive(spec.name, _guarded(getattr(owners[row[1]], row[2])))
        out.append(PrimSpec(spec.name, spec.signature, spec.doc, spec.category, spec.example, value))
    return out


def _guarded(method):
    @functools.wraps(method)
    def prim(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except RuntimeFail as exc:
            raise engine.scheme_error(str(exc)) from None
        except RunCapExceeded as exc:
            raise engine.limit_error("llm_budget", str(exc)) from None

    return prim
