"""The model primitives: llm-query, llm-query-async, await, await-all, await-any, map-async,
syntax-e, budgets (token-budget, cost-budget, tokens-remaining, cost-remaining), get-status."""

from __future__ import annotations

import math
import time
from typing import Any

from rlm_bot.scheme.runtime import calls, state as S
from rlm_bot.scheme.codec import describe, from_python, to_jsonable
from rlm_bot.scheme.runtime.concurrency import SchemeFuture, first_done
from rlm_bot.scheme.runtime.errors import RuntimeFail
from rlm_bot.scheme.runtime.face import SessionFace
from rlm_bot.scheme.runtime.gateway import QueryRequest
from rlm_bot.scheme.runtime.mapasync import run_map
from rlm_bot.scheme.runtime.recursive import start_recursive
from rlm_bot.scheme.runtime.syntax import Syntax, unwrap
from rlm_bot.scheme.values import MultipleValues, Procedure, list_to_py, make_list



def _text_arg(value: Any, what: str) -> str:
    value = unwrap(value)
    if isinstance(value, str):
        return value
    raise RuntimeFail(f"{what} must be a string, got {_type_name(value)}")


def _type_name(v: Any) -> str:
    return describe(v)


def make_request(args: tuple, instruction: Any, data: Any, model: Any, system: Any,
                 temperature: Any, max_tokens: Any, json: Any, recursive: Any) -> QueryRequest:
    """Validate llm-query's arguments (positional instruction/data are accepted too)."""
    if len(args) > 2:
        raise RuntimeFail("llm-query takes at most 2 positional arguments (instruction, data)")
    if args:
        if instruction is not None:
            raise RuntimeFail("llm-query: give the instruction positionally or as #:instruction, not both")
        instruction = args[0]
        if len(args) == 2:
            data = args[1]
    if instruction is None:
        raise RuntimeFail("llm-query needs #:instruction (a string)")
    model = None if model is False else model  # #f means "the default model"
    data = None if data is False else data
    system = None if system is False else system
    if model is not None and not isinstance(unwrap(model), str):
        model = getattr(model, "name", model)  # a symbol names a model too
    return QueryRequest(
        instruction=_text_arg(instruction, "#:instruction"),
        data="" if data is None else _data_text(data),
        model=None if model is None else _text_arg(model, "#:model"),
        system=None if system is None else _text_arg(system, "#:system"),
        temperature=calls.validate_temperature(temperature),
        max_tokens=calls.validate_max_tokens(max_tokens),
        json=json is not None and json is not False,
        recursive=recursive is not None and recursive is not False,
    )


def _data_text(data: Any) -> str:
    data = unwrap(data)
    if isinstance(data, str):
        return data
    import json as _json

    return _json.dumps(to_jsonable(data), ensure_ascii=False)


class LLMPrimitives:
    """Bound to one RuntimeSession; each method is a primitive taking the run context first."""

    def __init__(self, session: SessionFace) -> None:
        self.s = session

    # (llm-query #:instruction s [#:data s] [#:model m] ... ) -> syntax
    def llm_query(self, ctx, *args, instruction=None, data=None, model=None, system=None,
                  temperature=None, max_tokens=None, json=None, recursive=None):
        """Call a model and wait for its reply (a syntax object; unwrap with syntax-e)."""
        self.s.enter(ctx)
        req = make_request(args, instruction, data, model, system, temperature, max_tokens, json,
                           recursive)
        fut = self._start(req)
        return Syntax(calls.wait(self.s, fut), fut.id, fut.label)

    def llm_query_async(self, ctx, *args, instruction=None, data=None, model=None, system=None,
                        temperature=None, max_tokens=None, json=None, recursive=None):
        """Start a model call now and return a future (see await)."""
        self.s.enter(ctx)
        req = make_request(args, instruction, data, model, system, temperature, max_tokens, json,
                           recursive)
        return self._start(req)

    def _start(self, req: QueryRequest) -> SchemeFuture:
        if req.recursive:
            return start_recursive(self.s, req)
        return calls.start_call(self.s, req)

    def await_(self, ctx, value):
        """The value of a future (its reply string); any other value passes through."""
        self.s.enter(ctx)
        return self.resolve(value)

    def resolve(self, value: Any) -> Any:
        """Await a future, unwrap a syntax object, pass anything else through."""
        if type(value) is SchemeFuture:
            return unwrap(calls.wait(self.s, value))
        return unwrap(value)

    def await_all(self, ctx, futures):
        """A list of the values of `futures`, in the same order."""
        self.s.enter(ctx)
        items = _as_list(futures, "await-all")
        return make_list([self.resolve(v) for v in items])

    def await_any(self, ctx, futures):
        """(values first-finished-result remaining-futures)."""
        self.s.enter(ctx)
        items = _as_list(futures, "await-any")
        if not items:
            raise RuntimeFail("await-any needs at least one future")
        for i, v in enumerate(items):
            if type(v) is not SchemeFuture:  # a plain value is already finished
                return MultipleValues([unwrap(v), make_list(items[:i] + items[i + 1:])])
        run = self.s.require_run()
        with run.eval_lock.released(self.s.check):
            index = first_done([f.cf for f in items], self.s.check)
        value = unwrap(calls.wait(self.s, items[index]))
        return MultipleValues([value, make_list(items[:index] + items[index + 1:])])

    def syntax_e(self, ctx, value):
        """Unwrap a syntax object (logged); plain values pass through unchanged."""
        self.s.enter(ctx)
        if type(value) is Syntax:
            self.s.log.add("syntax-e", value.value, started=time.monotonic(), model=value.model,
                           call_id=value.call_id, depth=self.s.require_run().depth)
            return value.value
        return value

    # (map-async f items [#:max-concurrent n])
    def map_async(self, ctx, f, items, *, max_concurrent=None):
        """Apply f to every item concurrently (at most n model calls in flight); results in order."""
        self.s.enter(ctx)
        if not isinstance(f, Procedure):
            raise RuntimeFail(f"map-async: expected a procedure to apply to each item, got {_type_name(f)}")
        n = S.DEFAULT_MAX_CONCURRENT if max_concurrent is None else _concurrency(max_concurrent)
        n = min(n, self.s.limits.max_concurrent_cap)
        seq = _as_list(items, "map-async")
        return make_list(run_map(self.s, ctx, f, seq, n, self.resolve))

    # budgets
    def tokens_remaining(self, ctx):
        """Tokens still allowed by every enclosing token-budget and the run's cap."""
        self.s.enter(ctx)
        left = self.s.current_scopes()[0].remaining()
        return int(left) if math.isfinite(left) else left

    def cost_remaining(self, ctx):
        """Dollars still allowed by every enclosing cost-budget (+inf.0 when unlimited)."""
        self.s.enter(ctx)
        left = self.s.current_scopes()[1].remaining()
        return round(left, 8) if math.isfinite(left) else left

    def get_status(self, ctx):
        """A hash: calls in flight, calls, tokens, cost, limits and the client's rate-limit state."""
        self.s.enter(ctx)
        return from_python(self.s.status(), strict=True, symbol_keys=True)


def _as_list(value: Any, who: str) -> list:
    if type(value) is list:
        return list(value)
    items = list_to_py(value)
    if items is None:
        raise RuntimeFail(f"{who} needs a list, got {_type_name(value)}")
    return items


def _concurrency(value: Any) -> int:
    if type(value) is float and math.isfinite(value) and value == int(value):
        value = int(value)
    if type(value) is not int or value < 1:
        raise RuntimeFail(f"#:max-concurrent must be a positive exact integer, got {value!r}")
    return value


