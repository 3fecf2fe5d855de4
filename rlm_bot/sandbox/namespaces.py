"""The names sandboxed code starts with: builtins and curated stand-ins for a few modules.

Every member is a function, a type or a constant picked by name — never a module object (a module
exposes what it imported: `statistics.sys`, `json.codecs`, `re.enum.bltns`). `import X` and
`from X import Y` resolve only to these namespaces.
"""

from __future__ import annotations

import collections
import collections.abc
import datetime
import decimal
import fractions
import itertools
import json
import math
import re
import statistics
from typing import Any

from RestrictedPython.Guards import safe_builtins

from rlm_bot.sandbox import policy
from rlm_bot.sandbox.policy import Namespace

MAX_REGEX_PATTERN = 10_000        # characters of a regular expression
MAX_REGEX_INPUT = 5_000_000       # characters a module-level re function will scan
MAX_JSON_INPUT = 20_000_000       # characters json.loads will parse


# --- math ------------------------------------------------------------------------------------


def _factorial(n: int) -> int:
    if isinstance(n, int) and n > policy.MAX_FACTORIAL:
        raise OverflowError(f"factorial({n}) is too large for the sandbox "
                            f"(limit {policy.MAX_FACTORIAL:,})")
    return math.factorial(n)


def _comb_guard(n: Any, k: Any) -> None:
    if isinstance(n, int) and isinstance(k, int) and n > policy.MAX_COMB_N:
        small = min(k, n - k) if 0 <= k <= n else 0
        if small * n.bit_length() > policy.MAX_INT_BITS // 4:
            raise OverflowError("comb/perm arguments too large for the sandbox")


def _comb(n: int, k: int) -> int:
    _comb_guard(n, k)
    return math.comb(n, k)


def _perm(n: int, k: int | None = None) -> int:
    _comb_guard(n, n if k is None else k)
    return math.perm(n, k)


def _math_namespace() -> Namespace:
    members = {n: getattr(math, n) for n in dir(math) if not n.startswith("_")}
    members.update(factorial=_factorial, comb=_comb, perm=_perm)
    return Namespace("math", members)


# --- re --------------------------------------------------------------------------------------


def _check_pattern(pattern: Any) -> None:
    if isinstance(pattern, (str, bytes)) and len(pattern) > MAX_REGEX_PATTERN:
        raise ValueError(f"regular expression longer than {MAX_REGEX_PATTERN:,} characters")


def _check_input(text: Any) -> None:
    if isinstance(text, (str, bytes)) and len(text) > MAX_REGEX_INPUT:
        raise ValueError(f"regex input longer than {MAX_REGEX_INPUT:,} characters")


def _re_wrap(fn):
    def wrapper(pattern, string, *args, **kwargs):
        _check_pattern(pattern)
        _check_input(string)
        return fn(pattern, string, *args, **kwargs)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


def _re_sub_wrap(fn):
    def wrapper(pattern, repl, string, *args, **kwargs):
        _check_pattern(pattern)
        _check_input(string)
        return fn(pattern, repl, string, *args, **kwargs)

    wrapper.__name__ = fn.__name__
    return wrapper


def _re_compile(pattern: Any, flags: int = 0) -> re.Pattern:
    _check_pattern(pattern)
    return re.compile(pattern, flags)


def _re_namespace() -> Namespace:
    members: dict[str, Any] = {
        name: _re_wrap(getattr(re, name))
        for name in ("search", "match", "fullmatch", "findall", "finditer", "split")
    }
    members.update(sub=_re_sub_wrap(re.sub), subn=_re_sub_wrap(re.subn), compile=_re_compile,
                   escape=re.escape, error=re.error, Pattern=re.Pattern, Match=re.Match)
    for flag in ("A", "ASCII", "I", "IGNORECASE", "M", "MULTILINE", "S", "DOTALL", "X",
                 "VERBOSE", "U", "UNICODE"):
        members[flag] = int(getattr(re, flag))
    return Namespace("re", members)


# --- json ------------------------------------------------------------------------------------


def _json_dumps(obj: Any, *, indent: Any = None, sort_keys: bool = False,
                ensure_ascii: bool = True, separators: Any = None, default: Any = None,
                allow_nan: bool = True) -> str:
    """json.dumps without `cls` (no encoder classes in the sandbox)."""
    if isinstance(indent, int) and indent > 64:
        raise ValueError("indent larger than 64")
    return json.dumps(obj, indent=indent, sort_keys=sort_keys, ensure_ascii=ensure_ascii,
                      separators=separators, default=default, allow_nan=allow_nan)


def _json_loads(text: Any, *, object_hook: Any = None, parse_float: Any = None,
                parse_int: Any = None, object_pairs_hook: Any = None) -> Any:
    """json.loads without `cls`, with an input size cap."""
    if isinstance(text, (str, bytes, bytearray)) and len(text) > MAX_JSON_INPUT:
        raise ValueError(f"JSON text longer than {MAX_JSON_INPUT:,} characters")
    return json.loads(text, object_hook=object_hook, parse_float=parse_float,
                      parse_int=parse_int, object_pairs_hook=object_pairs_hook)


# --- collections -----------------------------------------------------------------------------


def _namedtuple(typename: str, field_names: Any, *, rename: bool = False,
                defaults: Any = None) -> type:
    """collections.namedtuple whose class is registered as sandbox-defined."""
    cls = collections.namedtuple(typename, field_names, rename=rename, defaults=defaults,
                                 module="sandbox")
    return policy.register_sandbox_class(cls)


def _modules() -> dict[str, Namespace]:
    stats_names = ("mean", "fmean", "geometric_mean", "harmonic_mean", "median", "median_low",
                   "median_high", "median_grouped", "mode", "multimode", "quantiles", "pstdev",
                   "pvariance", "stdev", "variance", "covariance", "correlation",
                   "linear_regression", "NormalDist", "StatisticsError")
    itertools_names = [n for n in dir(itertools) if not n.startswith("_")]
    return {
        "math": _math_namespace(),
        "statistics": Namespace("statistics", {n: getattr(statistics, n) for n in stats_names}),
        "re": _re_namespace(),
        "datetime": Namespace("datetime", {
            "date": datetime.date, "datetime": datetime.datetime, "time": datetime.time,
            "timedelta": datetime.timedelta, "timezone": datetime.timezone,
            "MINYEAR": datetime.MINYEAR, "MAXYEAR": datetime.MAXYEAR}),
        "json": Namespace("json", {"dumps": _json_dumps, "loads": _json_loads,
                                   "JSONDecodeError": json.JSONDecodeError}),
        "collections": Namespace("collections", {
            "Counter": collections.Counter, "OrderedDict": collections.OrderedDict,
            "defaultdict": collections.defaultdict, "deque": collections.deque,
            "ChainMap": collections.ChainMap, "namedtuple": _namedtuple}),
        "itertools": Namespace("itertools", {n: getattr(itertools, n) for n in itertools_names}),
        "decimal": Namespace("decimal", {
            n: getattr(decimal, n) for n in (
                "Decimal", "Context", "localcontext", "getcontext", "InvalidOperation",
                "DivisionByZero", "Overflow", "Inexact", "Rounded", "DecimalException",
                "ROUND_05UP", "ROUND_CEILING", "ROUND_DOWN", "ROUND_FLOOR", "ROUND_HALF_DOWN",
                "ROUND_HALF_EVEN", "ROUND_HALF_UP", "ROUND_UP")}),
        "fractions": Namespace("fractions", {"Fraction": fractions.Fraction}),
    }


MODULES: dict[str, Namespace] = _modules()


def guarded_import(name: Any, globals: Any = None, locals: Any = None, fromlist: Any = (),
                   level: int = 0) -> Namespace:
    """`__import__`: absolute imports of the curated namespaces, by exact name only."""
    if type(name) is not str:
        raise ImportError("module name must be a plain str")
    if level != 0:
        raise ImportError("relative imports are not allowed in the sandbox")
    ns = MODULES.get(name)
    if ns is None:
        allowed = ", ".join(sorted(MODULES))
        raise ImportError(f"module {name!r} is not available in the sandbox (allowed: {allowed})")
    for item in fromlist or ():
        if type(item) is not str or item.startswith("_") or item not in dir(ns):
            raise ImportError(f"cannot import name {item!r} from {name!r} in the sandbox")
    return ns


# --- builtins --------------------------------------------------------------------------------
# RestrictedPython 9 removed the builtins that iterate in C (sorted, tuple, zip, bytes, sum, min,
# max, list, ...): they come back here, each iterating through the `_getiter_` guard first.

_it = policy.guarded_getiter


def _list(iterable: Any = ()) -> list:
    return list(_it(iterable))


def _tuple(iterable: Any = ()) -> tuple:
    return tuple(_it(iterable))


def _set(iterable: Any = ()) -> set:
    return set(_it(iterable))


def _frozenset(iterable: Any = ()) -> frozenset:
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
        if len(args) == 1:
            return fn(_it(args[0]), **kwargs)
        return fn(*args, **kwargs)

    guarded.__name__ = fn.__name__
    return guarded


def _all(iterable: Any) -> bool:
    return all(_it(iterable))


def _any(iterable: Any) -> bool:
    return any(_it(iterable))


def _dict(*args: Any, **kwargs: Any) -> dict:
    if args and not isinstance(args[0], (dict, collections.abc.Mapping)):
        return dict(_it(args[0]), **kwargs)
    return dict(*args, **kwargs)


def _bytes(source: Any = b"", *args: Any) -> bytes:
    if isinstance(source, int) or args or isinstance(source, (str, bytes, bytearray)):
        return bytes(source, *args)
    return bytes(_it(source))


def _range(*args: Any) -> range:
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


def build_builtins(extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """A fresh builtins dict for one run: safe_builtins, guarded iteration builtins, helpers."""
    b = {k: v for k, v in safe_builtins.items() if k not in _EXCLUDED_SAFE}
    b.update(
        list=_list, tuple=_tuple, set=_set, frozenset=_frozenset, sorted=_sorted,
        reversed=_reversed, zip=_zip, enumerate=_enumerate, map=_map, filter=_filter, sum=_sum,
        min=_minmax(min), max=_minmax(max), all=_all, any=_any, dict=_dict, bytes=_bytes,
        range=_range, iter=_iter, next=_next, pow=policy.guarded_pow, bin=bin,
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
