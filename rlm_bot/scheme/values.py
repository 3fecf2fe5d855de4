"""Scheme values: how each Racket value is represented in Python.

| Racket            | Python                                                        |
| ----------------- | ------------------------------------------------------------- |
| exact integer     | `int` (never `bool`)                                          |
| exact rational    | `fractions.Fraction` (denominator > 1; otherwise an `int`)    |
| flonum            | `float`                                                       |
| string            | `str` (immutable)                                             |
| char              | `Char`                                                        |
| symbol / keyword  | `Symbol` / `Keyword` (interned: compare with `is`)            |
| boolean           | `True` / `False`                                              |
| pair / '()        | `Pair(car, cdr)` / `NIL`                                      |
| vector            | `list`                                                        |
| hash table        | `HashTable` (`mutable` flag; `equal?`-based keys)             |
| void              | `VOID`                                                        |
| multiple values   | `MultipleValues` (only between `values` and its receiver)     |
| procedures        | `Closure`, `CaseLambda`, `Primitive`, `Parameter`, `Continuation` |
| struct instance   | `Struct` (its `StructType` has the name and field names)      |
| exception         | `Exn` (`exn:fail` and friends) or any raised value            |
| regexp            | `Regexp`                                                      |
| host objects      | any other Python object (e.g. futures); printed `#<name>`,    |
|                   | `Opaque` subclasses choose `scheme_name`                      |
"""

from __future__ import annotations

import threading
import weakref
from fractions import Fraction
from types import FunctionType
from typing import Any, Callable, Iterable, Iterator

from rlm_bot.scheme.runstate import current_run


class _Interned:
    """A name with one live instance per name and subclass, held weakly: a program that makes
    millions of them cannot grow the host's memory across runs, and a live one is always the
    unique one for its name (so `is` compares them)."""

    __slots__ = ("name", "__weakref__")
    _table: weakref.WeakValueDictionary
    _lock: threading.Lock

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._table = weakref.WeakValueDictionary()  # each kind has its own table
        cls._lock = threading.Lock()

    def __init__(self, name: str) -> None:
        self.name = name

    @classmethod
    def intern(cls, name: str):
        """The unique instance called `name`."""
        found = cls._table.get(name)
        if found is None:
            with cls._lock:
                found = cls._table.get(name)
                if found is None:
                    found = cls(name)
                    cls._table[name] = found
        return found

    def __reduce__(self):
        return (type(self).intern, (self.name,))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


class Symbol(_Interned):
    """An interned symbol: `Symbol.intern("x") is Symbol.intern("x")`."""

    __slots__ = ()


class Keyword(_Interned):
    """An interned keyword such as `#:model` (`name` is "model")."""

    __slots__ = ()

    @property
    def py_name(self) -> str:
        """The Python keyword-argument name: `#:max-tokens` -> `max_tokens`."""
        return self.name.replace("-", "_").replace("?", "_p").replace("!", "")


def sym(name: str) -> Symbol:
    """Shorthand for `Symbol.intern`."""
    return Symbol.intern(name)


class Char:
    """A character; equal chars are `eqv?`."""

    __slots__ = ("ch",)

    def __init__(self, ch: str) -> None:
        self.ch = ch

    def __eq__(self, other: object) -> bool:
        return type(other) is Char and other.ch == self.ch

    def __hash__(self) -> int:
        return hash(("char", self.ch))

    def __repr__(self) -> str:
        return f"Char({self.ch!r})"


class _Nil:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NIL"

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __bool__(self) -> bool:  # '() is a true value in Scheme; never test it with `if x:`
        return True


class _Void:
    __slots__ = ()

    def __repr__(self) -> str:
        return "VOID"


class _Undefined:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNDEFINED"


NIL = _Nil()
VOID = _Void()
UNDEFINED = _Undefined()  # a letrec/define slot before its initialisation
EOF = type("_Eof", (), {"__slots__": (), "__repr__": lambda self: "EOF"})()


class Pair:
    """A cons cell. Lists are chains of pairs ending in `NIL`."""

    __slots__ = ("car", "cdr")

    def __init__(self, car: Any, cdr: Any) -> None:
        self.car = car
        self.cdr = cdr

    def __iter__(self) -> Iterator[Any]:
        x = self
        while type(x) is Pair:
            yield x.car
            x = x.cdr

    def __repr__(self) -> str:
        return f"Pair({self.car!r}, {self.cdr!r})"


def make_list(items: Iterable[Any], tail: Any = NIL) -> Any:
    """Build a Scheme list from a Python iterable."""
    out = tail
    for item in reversed(items if isinstance(items, (list, tuple)) else list(items)):
        out = Pair(item, out)
    return out


def list_to_py(x: Any) -> list[Any] | None:
    """The elements of a proper list, or None when `x` is not one."""
    out = []
    while type(x) is Pair:
        out.append(x.car)
        x = x.cdr
    return out if x is NIL else None


class MultipleValues:
    """Several values returned at once by `values` (never one: one value is itself)."""

    __slots__ = ("items",)

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def __repr__(self) -> str:
        return f"MultipleValues({self.items!r})"


class HashTable:
    """A Racket hash table; keys compare with `equal?` (`kind` records eq/eqv/equal)."""

    __slots__ = ("data", "mutable", "kind")

    def __init__(self, data: dict | None = None, mutable: bool = True, kind: str = "equal") -> None:
        self.data: dict[Any, tuple[Any, Any]] = data if data is not None else {}
        self.mutable = mutable
        self.kind = kind

    def get(self, key: Any, default: Any = None) -> Any:
        """The value under `key`, or `default`."""
        entry = self.data.get(hash_key(key))
        return default if entry is None else entry[1]

    def set(self, key: Any, value: Any) -> None:
        """Store `value` under `key` (no mutability check: the primitive does that)."""
        self.data[hash_key(key)] = (key, value)

    def items(self) -> Iterator[tuple[Any, Any]]:
        """(key, value) pairs in insertion order."""
        return iter(list(self.data.values()))

    def __len__(self) -> int:
        return len(self.data)

    def copy(self, mutable: bool | None = None) -> HashTable:
        """A shallow copy (optionally with a different mutability)."""
        return HashTable(dict(self.data), self.mutable if mutable is None else mutable, self.kind)


_HASH_DEPTH = 200
_HASH_NODES = 1_000_000


def hash_key(v: Any, depth: int = 0, budget: list | None = None) -> Any:
    """A Python dict key that is equal exactly when the Scheme values are `equal?`."""
    t = type(v)
    if t is str or t is int or t is Symbol or t is Keyword or t is Char:
        return v
    if budget is None:
        budget = [0]
    budget[0] += 1
    if budget[0] > _HASH_NODES:
        raise ValueError("hash key too large")
    if t is bool:
        return ("#b", v)
    if t is float:
        return ("#f", v)
    if t is Fraction:
        return ("#q", v)
    if depth > _HASH_DEPTH:
        raise ValueError("hash key nested too deeply")
    if t is Pair:
        items = []
        while type(v) is Pair:
            items.append(hash_key(v.car, depth + 1, budget))
            v = v.cdr
        return ("#p", tuple(items), hash_key(v, depth + 1, budget))
    if t is list:
        return ("#v", tuple(hash_key(x, depth + 1, budget) for x in v))
    if t is HashTable:
        return ("#h", frozenset((k, hash_key(val, depth + 1, budget)) for k, (_, val) in v.data.items()))
    if t is Struct and v.type.transparent:
        return ("#s", id(v.type), tuple(hash_key(x, depth + 1, budget) for x in v.fields))
    if t is SetValue:
        return ("#set", frozenset(v.data))
    return ("#id", id(v), v) if _unhashable(v) else v


def _unhashable(v: Any) -> bool:
    try:
        hash(v)
    except TypeError:
        return True
    return False


class Sequence:
    """A lazy sequence (in-range, in-naturals, ...): `make()` gives a fresh Python iterator."""

    scheme_name = "sequence"
    __slots__ = ("make",)

    def __init__(self, make: Any) -> None:
        self.make = make


class SetValue:
    """A racket/set set: `data` maps hash_key(v) -> v; `mutable` for mutable-set."""

    __slots__ = ("data", "mutable")

    def __init__(self, data: dict | None = None, mutable: bool = False) -> None:
        self.data: dict[Any, Any] = data if data is not None else {}
        self.mutable = mutable

    def copy(self) -> SetValue:
        """A shallow copy with the same mutability."""
        return SetValue(dict(self.data), self.mutable)


class Procedure:
    """Base class of every applicable Scheme value."""

    __slots__ = ()
    name: str | None = None


class Lambda:
    """The compiled code of a `lambda`: parameters, defaults, keywords and body."""

    __slots__ = ("name", "nreq", "opt", "kws", "rest", "extra", "body", "fast_len", "pos", "arity")

    def __init__(self, name, nreq, opt, kws, rest, extra, body, pos):
        self.name = name
        self.nreq = nreq  # number of required positional parameters
        self.opt = opt  # compiled default expressions of optional positionals
        self.kws = kws  # {Keyword: (slot, default node or None when required)}
        self.rest = rest  # True when a rest list is collected
        self.extra = extra  # slots for internal definitions
        self.body = body
        self.pos = pos
        simple = not opt and not kws and not rest and not extra
        self.fast_len = nreq + 1 if simple else -1


class Closure(Procedure):
    """A user procedure: compiled code plus the frame it closes over."""

    __slots__ = ("code", "env")

    def __init__(self, code: Lambda, env: list) -> None:
        self.code = code
        self.env = env

    @property
    def name(self) -> str | None:  # type: ignore[override]
        """The name the procedure was defined with, if any."""
        return self.code.name


class CaseLambda(Procedure):
    """`case-lambda`: the first clause whose arity fits is applied."""

    __slots__ = ("clauses", "name")

    def __init__(self, clauses: list[Closure], name: str | None = None) -> None:
        self.clauses = clauses
        self.name = name


class Primitive(Procedure):
    """A procedure written in Python.

    `fn(*args, **kwargs)` receives Scheme values; with `needs_run=True` it receives the
    `RunContext` first. Scheme keyword arguments (`#:max-tokens 10`) arrive as Python keyword
    arguments (`max_tokens=10`); only keyword-only parameters of `fn` (or any, with `**kw`) are
    accepted, others are a clean Scheme error. Raise `SchemeError` for a catchable `exn:fail`.
    """

    __slots__ = ("name", "fn", "needs_run", "keywords", "any_keywords", "call", "min_args", "max_args")

    def __new__(cls, name: str, fn: Callable[..., Any], needs_run: bool = False, reenters: bool = False):
        # Primitives that may call back into Scheme are a subclass, so application nodes take the
        # accounted slow path for them (their Python frames count towards the thread's depth).
        if cls is Primitive and (needs_run or reenters):
            cls = ReentrantPrimitive
        return super().__new__(cls)

    def __init__(self, name: str, fn: Callable[..., Any], needs_run: bool = False,
                 reenters: bool = False) -> None:
        self.name = name
        self.fn = fn
        self.needs_run = needs_run
        self.keywords, self.any_keywords, self.min_args, self.max_args = _signature(fn, needs_run)
        if needs_run:
            def call(*args: Any, **kw: Any) -> Any:
                result = fn(current_run(), *args, **kw)
                return VOID if result is None else result

            self.call = call
        else:
            self.call = fn

    def __repr__(self) -> str:
        return f"Primitive({self.name!r})"


class ReentrantPrimitive(Primitive):
    """A primitive that may apply Scheme procedures (map, sort, runtime primitives ...)."""

    __slots__ = ()


_CO_VARARGS, _CO_VARKEYWORDS = 0x04, 0x08


def _signature(fn: Callable[..., Any], skip_first: bool) -> tuple[frozenset[str], bool, int, int | None]:
    # Several hundred primitives are built at every start; for a plain function the code object
    # answers directly (inspect.signature costs ~20 us each, ~10 ms of every cold `rlm-bot scheme`).
    fast = _code_signature(fn, skip_first)
    if fast is not None:
        return fast
    import inspect

    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return frozenset(), False, 0, None
    if skip_first and params:
        params = params[1:]
    kws = frozenset(p.name for p in params if p.kind is p.KEYWORD_ONLY)
    any_kw = any(p.kind is p.VAR_KEYWORD for p in params)
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    min_args = sum(1 for p in positional if p.default is p.empty)
    max_args = None if any(p.kind is p.VAR_POSITIONAL for p in params) else len(positional)
    return kws, any_kw, min_args, max_args


def _code_signature(fn: Callable[..., Any], skip_first: bool) -> tuple[frozenset[str], bool, int, int | None] | None:
    """What `_signature` gives, read off a plain function's code object; None when inspect must
    decide (wrapped or annotated-signature callables, builtins, partials, bound methods)."""
    if type(fn) is not FunctionType or "__wrapped__" in fn.__dict__ or "__signature__" in fn.__dict__:
        return None
    code = fn.__code__
    n_pos, n_kwonly, flags = code.co_argcount, code.co_kwonlyargcount, code.co_flags
    if skip_first and n_pos == 0:
        return None  # the first parameter dropped is not a positional one: leave it to inspect
    n_defaults = len(fn.__defaults__ or ())
    required = n_pos - n_defaults
    if skip_first:
        n_pos -= 1
        required = max(required - 1, 0)
    kws = frozenset(code.co_varnames[code.co_argcount:code.co_argcount + n_kwonly])
    max_args = None if flags & _CO_VARARGS else n_pos
    return kws, bool(flags & _CO_VARKEYWORDS), required, max_args


class Parameter(Procedure):
    """`make-parameter`: `(p)` reads the current value, which `parameterize` rebinds.

    `guard` (a Python callable or Scheme procedure) filters every new value. From Python, read
    the value in force with `ctx.parameter_value(p)`.
    """

    __slots__ = ("value", "guard", "name")

    def __init__(self, value: Any, guard: Any = None, name: str | None = None) -> None:
        self.value = value
        self.guard = guard
        self.name = name


class Continuation(Procedure):
    """An escape continuation (`call/cc`, `let/ec`): valid only inside its dynamic extent."""

    __slots__ = ("active", "name")

    def __init__(self) -> None:
        self.active = True
        self.name = "continuation"


class StructType:
    """A `struct` definition: name, field names, flags."""

    __slots__ = ("name", "fields", "transparent", "mutable", "parent")

    def __init__(self, name: str, fields: list[str], transparent: bool, mutable: bool, parent=None):
        self.name = name
        self.fields = fields
        self.transparent = transparent
        self.mutable = mutable
        self.parent = parent


class Struct:
    """An instance of a `StructType`."""

    __slots__ = ("type", "fields")

    def __init__(self, stype: StructType, fields: list[Any]) -> None:
        self.type = stype
        self.fields = fields


class Exn:
    """A Racket exception value: `kind` is like "fail" or "fail:contract:divide-by-zero"."""

    __slots__ = ("message", "kind", "pos")

    def __init__(self, message: str, kind: str = "fail", pos: tuple[int, int] | None = None) -> None:
        self.message = message
        self.kind = kind
        self.pos = pos

    def __repr__(self) -> str:
        return f"Exn({self.kind!r}, {self.message!r})"


class Regexp:
    """A compiled `#rx`/`#px` regexp; `source` is the pattern text."""

    __slots__ = ("source", "px", "compiled")

    def __init__(self, source: str, px: bool, compiled: Any) -> None:
        self.source = source
        self.px = px
        self.compiled = compiled


class Opaque:
    """Base for host objects handed to Scheme (futures, handles); printed `#<scheme_name>`."""

    scheme_name = "opaque"


class Values(list):
    """Internal: a Python list that `for` clauses read as several values."""
