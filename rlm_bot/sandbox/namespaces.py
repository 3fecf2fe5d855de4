"""Curated stand-ins for modules, and the import guard that hands them out.

Every member is a function, a type or a constant picked by name — never a module object (a module
exposes what it imported: `statistics.sys`, `json.codecs`, `re.enum.bltns`). `import X` and
`from X import Y` resolve only to these namespaces.
"""

from __future__ import annotations

import bisect
import calendar
import collections
import datetime
import decimal
import fractions
import functools
import heapq
import itertools
import json
import math
import random
import re
import statistics
import string
import textwrap
from typing import Any

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
    kk = n if k is None else k
    if isinstance(n, int) and isinstance(kk, int) and 0 < kk <= n \
            and kk * n.bit_length() > policy.MAX_INT_BITS:
        raise OverflowError("perm arguments too large for the sandbox")
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
        """The re function with pattern and input size caps."""
        _check_pattern(pattern)
        _check_input(string)
        return fn(pattern, string, *args, **kwargs)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper


def _re_sub_wrap(fn):
    def wrapper(pattern, repl, string, *args, **kwargs):
        """re.sub/subn with pattern and input size caps."""
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
        # beyond the list, for everyday computations; functions and constants only
        "random": Namespace("random", {n: getattr(random, n) for n in (
            "random", "randint", "randrange", "choice", "choices", "shuffle", "sample",
            "uniform", "gauss", "normalvariate", "triangular", "seed")}),
        "string": Namespace("string", {n: getattr(string, n) for n in (
            "ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits",
            "octdigits", "punctuation", "whitespace", "printable", "capwords")}),
        "heapq": Namespace("heapq", {n: getattr(heapq, n) for n in (
            "heappush", "heappop", "heapify", "heapreplace", "heappushpop", "nlargest",
            "nsmallest", "merge")}),
        "bisect": Namespace("bisect", {n: getattr(bisect, n) for n in (
            "bisect", "bisect_left", "bisect_right", "insort", "insort_left", "insort_right")}),
        "textwrap": Namespace("textwrap", {n: getattr(textwrap, n) for n in (
            "wrap", "fill", "dedent", "indent", "shorten")}),
        "calendar": Namespace("calendar", {
            "isleap": calendar.isleap, "leapdays": calendar.leapdays,
            "monthrange": calendar.monthrange, "weekday": calendar.weekday,
            "monthcalendar": calendar.monthcalendar,
            "month_name": tuple(calendar.month_name), "month_abbr": tuple(calendar.month_abbr),
            "day_name": tuple(calendar.day_name), "day_abbr": tuple(calendar.day_abbr)}),
        "functools": Namespace("functools", {"reduce": functools.reduce}),
    }


MODULES: dict[str, Namespace] = _modules()

# CPython's C code imports modules it needs through the *current frame's* `__import__`
# (PyImport_Import): date.strftime and timetuple import `time`, date.today imports `time`,
# datetime.strptime imports `_strptime`. While a sandbox frame is current that is guarded_import.
# Those calls have a shape no import statement produces (an empty *list* as fromlist; statements
# pass None or a tuple of names), and PyImport_Import throws the return value away and takes the
# module from sys.modules itself. So such a call is answered with None: the C caller gets a module
# the zygote already loaded (no file access, no import audit event), sandboxed code gets nothing,
# and `import time` in user code stays refused.


def _is_c_internal_import(fromlist: Any, level: int) -> bool:
    return type(fromlist) is list and not fromlist and level == 0


def guarded_import(name: Any, globals: Any = None, locals: Any = None, fromlist: Any = (),
                   level: int = 0) -> Namespace | None:
    """`__import__`: absolute imports of the curated namespaces, by exact name only."""
    if type(name) is not str:
        raise ImportError("module name must be a plain str")
    if level != 0:
        raise ImportError("relative imports are not allowed in the sandbox")
    if _is_c_internal_import(fromlist, level):
        import sys

        if name in sys.modules:
            return None
        raise ImportError(f"module {name!r} is not available in the sandbox")
    ns = MODULES.get(name)
    if ns is None:
        allowed = ", ".join(sorted(MODULES))
        raise ImportError(f"module {name!r} is not available in the sandbox (allowed: {allowed})")
    for item in fromlist or ():
        if type(item) is not str or item.startswith("_") or item not in dir(ns):
            raise ImportError(f"cannot import name {item!r} from {name!r} in the sandbox")
    return ns
