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
import re
import statistics
import time
import types
import weakref
from typing import Any


from RestrictedPython.Guards import guarded_iter_unpack_sequence, guarded_unpack_sequence

from rlm_bot.sandbox.arith import (MAX_COMB_N, MAX_FACTORIAL, MAX_INT_BITS, MAX_RANGE_LEN,
                                   guarded_inplacevar, guarded_lshift, guarded_pow)
from rlm_bot.sandbox.strformat import SAFE_STR_METHODS, str_format_method

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


_SANDBOX_CLASSES: weakref.WeakSet[type] = weakref.WeakSet()
# stand-in class (sandbox_builtins.GuardedType) -> the builtin type it stands for
_PROXY_REAL: dict[type, type] = {}


def register_proxy_type(proxy: type, real: type) -> None:
    """Record a guarded stand-in for a builtin type (attribute access goes to the real type)."""
    _PROXY_REAL[proxy] = real


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
    # what date.timetuple() and date.isocalendar() return (named tuples of ints)
    time.struct_time, type(datetime.date.min.isocalendar()),
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


class SandboxType(type):
    """Metaclass of classes defined in the sandbox: a neutral repr without module paths."""

    def __repr__(cls) -> str:
        return f"<class {cls.__qualname__}>"


def sandbox_metaclass(name: str, bases: tuple, namespace: dict, **kwargs: Any) -> type:
    """The `__metaclass__` RestrictedPython puts on every class statement."""
    if kwargs:
        raise TypeError("class keyword arguments are not allowed in the sandbox")
    bases = tuple(_PROXY_REAL.get(base, base) for base in bases)
    for base in bases:
        if not isinstance(base, type):
            raise TypeError("class bases must be classes")
    plain = all(type(base) in (type, SandboxType) for base in bases)
    cls = (SandboxType if plain else type)(name, bases, namespace)
    return register_sandbox_class(cls)


def _defined_by_sandbox(obj: Any, name: str) -> bool:
    """True when `name` on `obj` is the sandboxed code's own: an instance attribute of a
    sandbox-defined object, or found first in a sandbox-defined class (not inherited from a
    host type)."""
    if isinstance(obj, type):
        if obj not in _SANDBOX_CLASSES:
            return False
        classes = obj.__mro__
    else:
        if type(obj) not in _SANDBOX_CLASSES:
            return False
        try:
            instance_dict = object.__getattribute__(obj, "__dict__")
        except AttributeError:
            instance_dict = None
        if type(instance_dict) is dict and name in instance_dict:
            return True
        classes = type(obj).__mro__
    for cls in classes:
        if name in cls.__dict__:
            return cls in _SANDBOX_CLASSES
    return False


def _check_name(name: Any, obj: Any = None) -> str:
    if type(name) is not str:  # a str subclass could lie in startswith() (RestrictedPython 7.2)
        raise TypeError("attribute name must be a plain str")
    if name.startswith("_"):
        raise AttributeError(f"access to attribute {name!r} is not allowed in the sandbox")
    if obj is not _SETTING and (name.startswith(FORBIDDEN_PREFIXES) or name in FORBIDDEN_ATTRS) \
            and not _defined_by_sandbox(obj, name):
        # the gadget names are refused on every host object; the sandbox's own classes may
        # still define methods called e.g. `parse` or `format`
        raise AttributeError(f"access to attribute {name!r} is not allowed in the sandbox")
    return name


# Values of these exact types are never forbidden: skip the isinstance walk (hot path).
_PLAIN_VALUE_TYPES = frozenset({
    int, float, bool, str, bytes, list, tuple, dict, set, frozenset, type(None), complex,
    types.BuiltinMethodType, types.MethodType, types.FunctionType, types.MethodWrapperType,
    types.MethodDescriptorType, types.ClassMethodDescriptorType,
})


def check_value(value: Any) -> Any:
    """Refuse modules, frames, code objects, tracebacks, cells and mapping proxies."""
    if type(value) in _PLAIN_VALUE_TYPES:
        return value
    if isinstance(value, FORBIDDEN_VALUE_TYPES):
        raise AttributeError(
            f"a {type(value).__name__} object cannot be used in the sandbox")
    return value


def _attr_allowed(obj: Any, name: str) -> bool:
    tp = type(obj)
    if tp is Namespace:
        return name in object.__getattribute__(obj, "_members")
    if isinstance(obj, BaseException):
        if tp in _SANDBOX_CLASSES:  # gadget names were already checked by _check_name
            return True
        return name in _exception_names(tp)
    if tp in _SANDBOX_CLASSES:
        return True
    if isinstance(obj, type):
        obj = _PROXY_REAL.get(obj, obj)
        if obj in _SANDBOX_CLASSES:
            return True
        if obj in ALLOWED_TYPES:
            return name in ALLOWED_TYPES[obj]
        return False
    allowed = ALLOWED_TYPES.get(tp)
    return allowed is not None and name in allowed


_MISSING = object()
_SETTING = object()  # setattr/delattr: only "_" names are refused (writes are guarded by type)


def _refuse(obj: Any, name: str) -> AttributeError:
    if type(obj) is Namespace:
        label = object.__getattribute__(obj, "_label")
        return AttributeError(f"{label} has no member {name!r} in the sandbox")
    return AttributeError(
        f"attribute {name!r} of {type(obj).__name__} objects is not available in the sandbox")


def guarded_getattr(obj: Any, name: Any, default: Any = _MISSING) -> Any:
    """`_getattr_` and the `getattr` builtin: allow-listed public attributes only."""
    if type(name) is not str:  # a str subclass could lie in startswith() (RestrictedPython 7.2)
        raise TypeError("attribute name must be a plain str")
    tp = type(obj)
    # fast paths: namespaces and instances of allow-listed types (their name sets already
    # exclude private and forbidden names)
    if tp is Namespace:
        value = object.__getattribute__(obj, "_members").get(name, _MISSING)
        if value is not _MISSING:
            return value
    else:
        allowed = ALLOWED_TYPES.get(tp)
        if allowed is not None and name in allowed:
            return check_value(getattr(obj, name))
    if name in SAFE_STR_METHODS and (tp is str or obj is str or _PROXY_REAL.get(obj) is str):
        return str_format_method(obj, name, tp is not str)
    try:
        _check_name(name, obj)
        if not _attr_allowed(obj, name):
            raise _refuse(obj, name)
        return check_value(getattr(_PROXY_REAL.get(obj, obj) if tp is not Namespace else obj,
                                   name))
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
    tp = type(obj)
    if tp is dict or tp is list or tp is str or tp is tuple:
        value = obj[key]
        if type(value) in _PLAIN_VALUE_TYPES:
            return value
        return check_value(value)
    if tp is Namespace:
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
    _check_name(name, _SETTING)
    setattr(guarded_write(obj), name, value)


def guarded_delattr(obj: Any, name: Any) -> None:
    """The `delattr` builtin: public names on writable objects only."""
    _check_name(name, _SETTING)
    delattr(guarded_write(obj), name)


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
        if any(not isinstance(k, str) or k.startswith("_") for k in members):
            raise ValueError("namespace members must be public names")
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
