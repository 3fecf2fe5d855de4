"""The first layer: what sandboxed code can reach, as allow-lists.

RestrictedPython rewrites attribute, item, iteration and write access into calls of the guards
defined here. The guards do not try to recognise attacks; they allow a fixed, reviewed set:

- attribute access only on objects of the types in `ALLOWED_TYPES` (and on instances of classes
  the sandboxed code defined itself), only for public names, never for `FORBIDDEN_ATTRS` (the
  format/traversal/introspection gadgets) — and a result that is a module, frame, code object,
  traceback or cell is refused whatever the path to it;
- writes only into plain containers, decimal contexts and sandbox-defined objects;
- names resolve to curated `Namespace` objects (see namespaces.py), never to module objects.

A guard refusal raises `AttributeError`/`TypeError` with a message naming what was refused.
"""

from __future__ import annotations

import collections
import datetime
import decimal
import fractions
import json
import operator
import re
import statistics
import types
import weakref
from typing import Any

from RestrictedPython.Guards import guarded_iter_unpack_sequence, guarded_unpack_sequence

# Names refused on every object: str.format/format_map traversal (CVE-2023-41039), Formatter
# methods (CVE-2026-76825), the type walk (`str.mro()[-1]` is `object`), ABC registration
# (global state), traceback rebinding, and the exception attribute that hands back the object
# whose attribute lookup failed (CVE-2024-47532).
FORBIDDEN_ATTRS = frozenset({
    "format", "format_map", "vformat", "get_field", "get_value", "parse", "convert_field",
    "mro", "register", "with_traceback", "obj", "scanner",
})
# Introspection families (generator, coroutine, async-generator, frame, traceback, code,
# legacy function attributes); anything starting with "_" is refused as well.
FORBIDDEN_PREFIXES = ("_", "gi_", "cr_", "ag_", "f_", "tb_", "co_", "func_", "im_")
# Objects that must never be handed to sandboxed code, however they were reached.
FORBIDDEN_VALUE_TYPES = (
    types.ModuleType, types.FrameType, types.CodeType, types.TracebackType, types.CellType,
    types.MappingProxyType,
)

# Safe arithmetic bounds (a single C call like 10**10**10 cannot be interrupted; refuse it).
MAX_INT_BITS = 4_000_000          # ~1.2 million decimal digits
MAX_FACTORIAL = 50_000
MAX_COMB_N = 200_000
MAX_RANGE_LEN = 100_000_000

_SANDBOX_CLASSES: weakref.WeakSet[type] = weakref.WeakSet()


def _public(tp: type) -> frozenset[str]:
    return frozenset(
        n for n in dir(tp) if not n.startswith(FORBIDDEN_PREFIXES) and n not in FORBIDDEN_ATTRS
    )


_EXC_EXTRA = {
    BaseException: {"args", "add_note"},
    StopIteration: {"value"},
    SystemExit: {"code"},
    KeyError: set(),
    AttributeError: {"name"},
    NameError: {"name"},
    ImportError: {"name", "msg"},
    SyntaxError: {"msg", "lineno", "offset", "text"},
    OSError: {"errno", "strerror"},
    UnicodeDecodeError: {"encoding", "object", "start", "end", "reason"},
    UnicodeEncodeError: {"encoding", "object", "start", "end", "reason"},
    json.JSONDecodeError: {"msg", "doc", "pos", "lineno", "colno"},
    re.error: {"msg", "pattern", "pos", "lineno", "colno"},
}

_PLAIN_TYPES: tuple[type, ...] = (
    int, float, complex, bool, str, bytes, bytearray, list, tuple, dict, set, frozenset,
    range, slice,
    datetime.date, datetime.datetime, datetime.time, datetime.timedelta, datetime.timezone,
    decimal.Decimal, decimal.Context, fractions.Fraction,
    collections.Counter, collections.OrderedDict, collections.defaultdict, collections.deque,
    collections.ChainMap,
    re.Pattern, re.Match, statistics.NormalDist,
)


def _build_allowed() -> dict[type, frozenset[str]]:
    allowed: dict[type, frozenset[str]] = {tp: _public(tp) for tp in _PLAIN_TYPES}
    allowed[types.GeneratorType] = frozenset({"send", "throw", "close"})
    allowed[statistics.LinearRegression] = frozenset({"slope", "intercept"})
    import itertools

    allowed[itertools.chain] = frozenset({"from_iterable"})
    return allowed


# type -> the attribute names allowed on its instances (and, for classes, on the class itself)
ALLOWED_TYPES: dict[type, frozenset[str]] = _build_allowed()


def _exception_names(tp: type) -> frozenset[str]:
    names: set[str] = set()
    for base in tp.__mro__:
        names |= _EXC_EXTRA.get(base, set())
    return frozenset(names)


def is_sandbox_class(tp: Any) -> bool:
    """True for classes created by sandboxed code (class statements, namedtuple)."""
    try:
        return tp in _SANDBOX_CLASSES
    except TypeError:
        return False


def register_sandbox_class(cls: type) -> type:
    """Record a class created inside the sandbox (its public attributes become reachable)."""
    _SANDBOX_CLASSES.add(cls)
    return cls


def sandbox_metaclass(name: str, bases: tuple, namespace: dict, **kwargs: Any) -> type:
    """The `__metaclass__` RestrictedPython puts on every class statement."""
    if kwargs:
        raise TypeError("class keyword arguments are not allowed in the sandbox")
    for base in bases:
        if not isinstance(base, type):
            raise TypeError("class bases must be classes")
    cls = type(name, bases, namespace)
    return register_sandbox_class(cls)


def _check_name(name: Any) -> str:
    if type(name) is not str:  # a str subclass could lie in startswith() (RestrictedPython 7.2)
        raise TypeError("attribute name must be a plain str")
    if name.startswith(FORBIDDEN_PREFIXES) or name in FORBIDDEN_ATTRS:
        raise AttributeError(f"access to attribute {name!r} is not allowed in the sandbox")
    return name


def check_value(value: Any) -> Any:
    """Refuse modules, frames, code objects, tracebacks, cells and mapping proxies."""
    if isinstance(value, FORBIDDEN_VALUE_TYPES):
        raise AttributeError(
            f"a {type(value).__name__} object cannot be used in the sandbox")
    return value


def _attr_allowed(obj: Any, name: str) -> bool:
    tp = type(obj)
    if tp is Namespace:
        return name in object.__getattribute__(obj, "_members")
    if isinstance(obj, BaseException):
        if tp in _SANDBOX_CLASSES and name not in {"obj", "with_traceback"}:
            return True
        return name in _exception_names(tp)
    if tp in _SANDBOX_CLASSES:
        return True
    if isinstance(obj, type):
        if obj in _SANDBOX_CLASSES:
            return True
        if obj in ALLOWED_TYPES:
            return name in ALLOWED_TYPES[obj]
        if issubclass(obj, BaseException):
            return False
        return False
    allowed = ALLOWED_TYPES.get(tp)
    return allowed is not None and name in allowed


_MISSING = object()


def guarded_getattr(obj: Any, name: Any, default: Any = _MISSING) -> Any:
    """`_getattr_` and the `getattr` builtin: allow-listed public attributes only."""
    try:
        _check_name(name)
        if not _attr_allowed(obj, name):
            if type(obj) is Namespace:
                label = object.__getattribute__(obj, "_label")
                raise AttributeError(f"{label} has no member {name!r} in the sandbox")
            raise AttributeError(
                f"attribute {name!r} of {type(obj).__name__} objects is not available "
                "in the sandbox")
        return check_value(getattr(obj, name))
    except AttributeError:
        if default is _MISSING:
            raise
        return default


def guarded_hasattr(obj: Any, name: Any) -> bool:
    """`hasattr` through the same allow-list."""
    return guarded_getattr(obj, name, _MISSING_SENTINEL) is not _MISSING_SENTINEL


_MISSING_SENTINEL = object()


def guarded_getitem(obj: Any, key: Any) -> Any:
    """`_getitem_`: item access on anything indexable; the result is still checked."""
    if type(obj) is Namespace:
        raise TypeError("namespaces are not subscriptable")
    return check_value(obj[key])


def guarded_getiter(obj: Any) -> Any:
    """`_getiter_` (the default_guarded_getiter of this sandbox): iteration over checked values."""
    check_value(obj)
    if type(obj) is Namespace:
        raise TypeError("namespaces are not iterable")
    return iter(obj)


_WRITABLE_TYPES = frozenset({
    dict, list, bytearray, set, decimal.Context, collections.Counter, collections.OrderedDict,
    collections.defaultdict, collections.deque, collections.ChainMap,
})


def guarded_write(obj: Any) -> Any:
    """`_write_`: containers the code built, decimal contexts and sandbox-defined objects."""
    tp = type(obj)
    if tp in _WRITABLE_TYPES or tp in _SANDBOX_CLASSES:
        return obj
    if isinstance(obj, type) and obj in _SANDBOX_CLASSES:
        return obj
    raise TypeError(f"{tp.__name__} objects cannot be modified in the sandbox")


def guarded_setattr(obj: Any, name: Any, value: Any) -> None:
    """The `setattr` builtin: public names on writable objects only."""
    _check_name(name)
    setattr(guarded_write(obj), name, value)


def guarded_delattr(obj: Any, name: Any) -> None:
    """The `delattr` builtin: public names on writable objects only."""
    _check_name(name)
    delattr(guarded_write(obj), name)


# --- arithmetic guards -----------------------------------------------------------------------


def _int_bits(x: Any) -> int:
    if isinstance(x, int):
        return abs(x).bit_length()
    if isinstance(x, fractions.Fraction):
        return max(abs(x.numerator).bit_length(), x.denominator.bit_length())
    return 0


def guarded_pow(base: Any, exp: Any, mod: Any = None) -> Any:
    """`**` and `pow`: refuse integer/fraction results beyond MAX_INT_BITS before computing."""
    if mod is None and isinstance(exp, int) and not isinstance(exp, bool):
        bits = _int_bits(base)
        if bits > 1 and abs(exp) > 1 and (bits - 1) * abs(exp) > MAX_INT_BITS:
            raise OverflowError(
                f"result too large: about {(bits - 1) * abs(exp):,} bits "
                f"(the sandbox allows {MAX_INT_BITS:,})")
    if mod is None:
        return base ** exp
    return pow(base, exp, mod)


def guarded_lshift(a: Any, b: Any) -> Any:
    """`<<`: refuse shifts that would build integers beyond MAX_INT_BITS."""
    if isinstance(a, int) and isinstance(b, int) and a and b > 0 and _int_bits(a) + b > MAX_INT_BITS:
        raise OverflowError(f"result too large: more than {MAX_INT_BITS:,} bits")
    return a << b


_INPLACE = {
    "+=": operator.add, "-=": operator.sub, "*=": operator.mul, "/=": operator.truediv,
    "%=": operator.mod, "**=": guarded_pow, "<<=": guarded_lshift, ">>=": operator.rshift,
    "|=": operator.or_, "^=": operator.xor, "&=": operator.and_, "//=": operator.floordiv,
    "@=": operator.matmul,
}


def guarded_inplacevar(op: str, x: Any, y: Any) -> Any:
    """`_inplacevar_`: `x op= y` on names, with the same arithmetic guards."""
    try:
        fn = _INPLACE[op]
    except KeyError:
        raise TypeError(f"unsupported in-place operator {op!r}") from None
    if op in {"+=", "-=", "*=", "|=", "^=", "&="} and type(x) in (list, set, dict):
        # keep the in-place semantics of mutable containers (`lst += [1]` mutates lst)
        return {"+=": operator.iadd, "-=": operator.isub, "*=": operator.imul,
                "|=": operator.ior, "^=": operator.ixor, "&=": operator.iand}[op](x, y)
    return fn(x, y)


def guarded_apply(func: Any, *args: Any, **kwargs: Any) -> Any:
    """`_apply_`: calls with *args/**kwargs."""
    return func(*args, **kwargs)


# --- namespaces ------------------------------------------------------------------------------


class Namespace:
    """A read-only bag of curated functions and types standing in for a module.

    It has no `__name__`, `__dict__` entries or module attributes, so neither attribute access
    nor `from X import Y` (whose C fallback consults `sys.modules[X.__name__ + '.' + Y]`) can
    reach anything but its members.
    """

    __slots__ = ("_members", "_label")

    def __init__(self, label: str, members: dict[str, Any]) -> None:
        object.__setattr__(self, "_members", dict(members))
        object.__setattr__(self, "_label", label)

    def __getattr__(self, name: str) -> Any:
        members = object.__getattribute__(self, "_members")
        if name.startswith("_") or name not in members:
            raise AttributeError(f"{object.__getattribute__(self, '_label')!s} has no "
                                 f"member {name!r} in the sandbox")
        return members[name]

    def __setattr__(self, name: str, value: Any) -> None:
        raise TypeError("sandbox namespaces are read-only")

    def __delattr__(self, name: str) -> None:
        raise TypeError("sandbox namespaces are read-only")

    def __repr__(self) -> str:
        return f"<namespace {object.__getattribute__(self, '_label')}>"

    __str__ = __repr__

    def __dir__(self) -> list[str]:
        return sorted(object.__getattribute__(self, "_members"))

    def __reduce__(self):
        raise TypeError("sandbox namespaces cannot be pickled")


__all__ = [
    "ALLOWED_TYPES", "FORBIDDEN_ATTRS", "FORBIDDEN_PREFIXES", "MAX_INT_BITS", "Namespace",
    "check_value", "guarded_apply", "guarded_delattr", "guarded_getattr", "guarded_getitem",
    "guarded_getiter", "guarded_hasattr", "guarded_inplacevar", "guarded_iter_unpack_sequence",
    "guarded_lshift", "guarded_pow", "guarded_setattr", "guarded_unpack_sequence",
    "guarded_write", "is_sandbox_class", "register_sandbox_class", "sandbox_metaclass",
]
