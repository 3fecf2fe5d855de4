"""The builtins and globals a sandbox run starts with.

RestrictedPython 9 removed the builtins that iterate in C (sorted, tuple, zip, bytes, sum, min,
max, list, ...): they come back here, each iterating through the `_getiter_` guard first. The
container types are guarded stand-ins (GuardedType) so isinstance, T[int] and subclassing keep
working. Globals carry the guard functions RestrictedPython's rewritten code calls.
"""

from __future__ import annotations

import collections.abc
from typing import Any

from RestrictedPython.Guards import safe_builtins

from rlm_bot.sandbox import policy
from rlm_bot.sandbox.namespaces import MODULES, guarded_import

# RestrictedPython 9 removed the builtins that iterate in C (sorted, tuple, zip, bytes, sum, min,
# max, list, ...): they come back here, each iterating through the `_getiter_` guard first.

_it = policy.guarded_getiter


class GuardedType(type):
    """Metaclass of the stand-ins for list, tuple, dict, set, frozenset, bytes and range.

    Calling the stand-in iterates its argument through the `_getiter_` guard and returns a
    *real* builtin object; `isinstance`/`issubclass`, `T[int]` and subclassing behave as with
    the real type (sandbox_metaclass swaps the stand-in for the real base).
    """

    real: type
    build: Any

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls.build(*args, **kwargs)

    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, cls.real)

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, cls.real)

    def __getitem__(cls, item: Any) -> Any:
        return cls.real[item]

    def __repr__(cls) -> str:
        return f"<class {cls.real.__name__}>"


def _guarded_type(real: type, build: Any) -> GuardedType:
    proxy = GuardedType(real.__name__, (), {"real": real, "build": staticmethod(build),
                                            "__doc__": real.__doc__})
    policy.register_proxy_type(proxy, real)
    return proxy


def _build_list(iterable: Any = ()) -> list:
    return list(_it(iterable))


def _build_tuple(iterable: Any = ()) -> tuple:
    return tuple(_it(iterable))


def _build_set(iterable: Any = ()) -> set:
    return set(_it(iterable))


def _build_frozenset(iterable: Any = ()) -> frozenset:
    return frozenset(_it(iterable))


def _sorted(iterable: Any, *, key: Any = None, reverse: bool = False) -> list:
    return sorted(_it(iterable), key=key, reverse=reverse)


def _reversed(seq: Any) -> Any:
    return reversed(list(_it(seq))) if not isinstance(seq, (list, tuple, str, range)) \
        else reversed(seq)


def _zip(*iterables: Any, strict: bool = False) -> Any:
    return zip(*[_it(x) for x in iterables], strict=strict)


def _enumerate(iterable: Any, start: int = 0) -> Any:
    return enumerate(_it(iterable), start)


def _map(func: Any, *iterables: Any) -> Any:
    return map(func, *[_it(x) for x in iterables])


def _filter(func: Any, iterable: Any) -> Any:
    return filter(func, _it(iterable))


def _sum(iterable: Any, start: Any = 0) -> Any:
    return sum(_it(iterable), start)


def _minmax(fn):
    def guarded(*args: Any, **kwargs: Any) -> Any:
        """min/max iterating a single argument through the guard."""
        if len(args) == 1:
            return fn(_it(args[0]), **kwargs)
        return fn(*args, **kwargs)

    guarded.__name__ = fn.__name__
    return guarded


def _all(iterable: Any) -> bool:
    return all(_it(iterable))


def _any(iterable: Any) -> bool:
    return any(_it(iterable))


def _build_dict(*args: Any, **kwargs: Any) -> dict:
    if args and not isinstance(args[0], (dict, collections.abc.Mapping)):
        return dict(_it(args[0]), **kwargs)
    return dict(*args, **kwargs)


def _build_bytes(source: Any = b"", *args: Any) -> bytes:
    if isinstance(source, int) or args or isinstance(source, (str, bytes, bytearray)):
        return bytes(source, *args)
    return bytes(_it(source))


def _build_range(*args: Any) -> range:
    r = range(*args)
    if len(r) > policy.MAX_RANGE_LEN:
        raise ValueError(f"range of {len(r):,} items is too large for the sandbox "
                         f"(limit {policy.MAX_RANGE_LEN:,})")
    return r


def _iter(obj: Any, *sentinel: Any) -> Any:
    if sentinel:
        return iter(obj, *sentinel)
    return _it(obj)


def _next(it: Any, *default: Any) -> Any:
    return policy.check_value(next(it, *default))


_EXCLUDED_SAFE = {"id"}  # addresses help nothing and leak layout

list_ = _guarded_type(list, _build_list)
tuple_ = _guarded_type(tuple, _build_tuple)
set_ = _guarded_type(set, _build_set)
frozenset_ = _guarded_type(frozenset, _build_frozenset)
dict_ = _guarded_type(dict, _build_dict)
bytes_ = _guarded_type(bytes, _build_bytes)
range_ = _guarded_type(range, _build_range)


def build_builtins(extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A fresh builtins dict for one run: safe_builtins, guarded iteration builtins, helpers."""
    b = {k: v for k, v in safe_builtins.items() if k not in _EXCLUDED_SAFE}
    b.update(
        list=list_, tuple=tuple_, set=set_, frozenset=frozenset_, sorted=_sorted,
        reversed=_reversed, zip=_zip, enumerate=_enumerate, map=_map, filter=_filter, sum=_sum,
        min=_minmax(min), max=_minmax(max), all=_all, any=_any, dict=dict_, bytes=bytes_,
        range=range_, iter=_iter, next=_next, pow=policy.guarded_pow, bin=bin,
        getattr=policy.guarded_getattr, hasattr=policy.guarded_hasattr,
        setattr=policy.guarded_setattr, delattr=policy.guarded_delattr,
        property=property, staticmethod=staticmethod, classmethod=classmethod,
        NotImplemented=NotImplemented, StopAsyncIteration=StopAsyncIteration,
        RecursionError=RecursionError, TimeoutError=TimeoutError,
        LookupError=LookupError, __import__=guarded_import,
    )
    if extra:
        b.update(extra)
    return b


def build_globals(builtins: dict[str, Any], print_factory: Any) -> dict[str, Any]:
    """The globals of one run: guards, modules pre-imported by name, helpers via builtins."""
    g: dict[str, Any] = {
        "__builtins__": builtins,
        "__name__": "sandbox",
        "__metaclass__": policy.sandbox_metaclass,
        "_getattr_": policy.guarded_getattr,
        "_getitem_": policy.guarded_getitem,
        "_getiter_": policy.guarded_getiter,
        "_write_": policy.guarded_write,
        "_apply_": policy.guarded_apply,
        "_inplacevar_": policy.guarded_inplacevar,
        "_iter_unpack_sequence_": policy.guarded_iter_unpack_sequence,
        "_unpack_sequence_": policy.guarded_unpack_sequence,
        "_print_": print_factory,
        "_pow_": policy.guarded_pow,
        "_lshift_": policy.guarded_lshift,
    }
    g.update(MODULES)
    return g
