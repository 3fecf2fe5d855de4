"""Computation helpers available inside the sandbox (and importable for direct use).

calc, stats, group_by, count_words, count_chars, date helpers (parse_date, days_between,
add_days, weekday), find_imports, call_graph, and compile_context / read_file / list_files,
which read beneath the files root from inside the confined worker (files.py).
"""

from __future__ import annotations

import ast
import datetime
import math
import operator
import re
import statistics
from collections.abc import Callable, Iterable
from typing import Any

from rlm_bot.sandbox import audit, policy
from rlm_bot.sandbox.codeinfo import call_graph, find_imports
from rlm_bot.sandbox.context import compile_context
from rlm_bot.sandbox.files import FileRoot

MAX_CALC_CHARS = 2_000

# --- calc ------------------------------------------------------------------------------------

_BINOPS: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.Pow: policy.guarded_pow,
}
_UNARY: dict[type, Callable[[Any], Any]] = {ast.UAdd: operator.pos, ast.USub: operator.neg}


def _factorial(n: Any) -> int:
    if not isinstance(n, int) and not (isinstance(n, float) and n.is_integer()):
        raise ValueError("factorial needs a whole number")
    n = int(n)
    if n > policy.MAX_FACTORIAL:
        raise OverflowError(f"factorial({n}) is too large (limit {policy.MAX_FACTORIAL:,})")
    return math.factorial(n)


_CALC_FUNCS: dict[str, Callable[..., Any]] = {
    "sqrt": math.sqrt, "cbrt": lambda x: math.copysign(abs(x) ** (1 / 3), x),
    "sin": math.sin, "cos": math.cos, "tan": math.tan, "asin": math.asin, "acos": math.acos,
    "atan": math.atan, "sinh": math.sinh, "cosh": math.cosh, "tanh": math.tanh,
    "log": math.log, "ln": math.log, "log10": math.log10, "log2": math.log2, "exp": math.exp,
    "abs": abs, "round": round, "floor": math.floor, "ceil": math.ceil,
    "factorial": _factorial, "min": min, "max": max, "gcd": math.gcd, "lcm": math.lcm,
    "degrees": math.degrees, "radians": math.radians, "hypot": math.hypot,
}
_CALC_CONSTS = {"pi": math.pi, "e": math.e, "tau": math.tau, "inf": math.inf}


def _calc_node(node: ast.AST) -> Any:
    if isinstance(node, ast.Expression):
        return _calc_node(node.body)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        return _BINOPS[type(node.op)](_calc_node(node.left), _calc_node(node.right))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
        return _UNARY[type(node.op)](_calc_node(node.operand))
    if isinstance(node, ast.Name) and node.id in _CALC_CONSTS:
        return _CALC_CONSTS[node.id]
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in _CALC_FUNCS and not node.keywords):
        return _CALC_FUNCS[node.func.id](*[_calc_node(a) for a in node.args])
    raise ValueError(f"calc does not support {type(node).__name__} here; use numbers, "
                     "+ - * / // % ** ^, parentheses and math functions like sqrt(2)")


def _calc_normalise(expression: str) -> str:
    text = expression.strip()
    text = (text.replace("×", "*").replace("÷", "/").replace("−", "-").replace("^", "**")
            .replace("√", "sqrt"))
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)       # 1,000,000 -> 1000000
    text = re.sub(r"(\d+(?:\.\d+)?)\s*!", r"factorial(\1)", text)  # 5! -> factorial(5)
    text = re.sub(r"(\d+(?:\.\d+)?)\s*%", r"(\1/100)", text)   # 15% -> (15/100)
    return text


def calc(expression: str) -> int | float:
    """Evaluate an arithmetic expression safely (no names but math functions and constants)."""
    if not isinstance(expression, str):
        raise TypeError("calc takes the expression as a string")
    if len(expression) > MAX_CALC_CHARS:
        raise ValueError(f"expression longer than {MAX_CALC_CHARS:,} characters")
    text = _calc_normalise(expression)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        raise ValueError(f"cannot parse {expression!r} as arithmetic") from None
    value = _calc_node(tree)
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value) if "/" not in text and "." not in text else value
    return value


# --- stats and grouping ----------------------------------------------------------------------


def _numbers(data: Iterable[Any]) -> list[float | int]:
    values = list(data)
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            try:
                v = float(v)
            except (TypeError, ValueError):
                raise TypeError(f"stats needs numbers, got {type(v).__name__}") from None
        out.append(v)
    return out


def stats(data: Iterable[Any]) -> dict[str, Any]:
    """Summary statistics: count, sum, mean, median, mode, stdev, pstdev, min, max, quartiles."""
    values = _numbers(data)
    n = len(values)
    if n == 0:
        return {"count": 0, "sum": 0, "mean": None, "median": None, "mode": None,
                "stdev": None, "pstdev": None, "min": None, "max": None, "quantiles": None}
    ordered = sorted(values)
    exact = all(isinstance(v, int) for v in values)
    total = sum(values) if exact else math.fsum(values)
    mean = total / n
    # two-pass variance with compensated sums: float-accurate and fast (statistics.stdev's exact
    # Fraction arithmetic costs ~40 ms for 10,000 values)
    squares = math.fsum((v - mean) ** 2 for v in values)
    modes = statistics.multimode(values)
    mid = n // 2
    median = ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2
    return {
        "count": n,
        "sum": total,
        "mean": mean,
        "median": median,
        "mode": modes[0] if len(modes) == 1 else (None if len(modes) == n > 1 else modes),
        "stdev": math.sqrt(squares / (n - 1)) if n > 1 else None,
        "pstdev": math.sqrt(squares / n),
        "min": ordered[0],
        "max": ordered[-1],
        "quantiles": statistics.quantiles(ordered, n=4) if n > 1 else None,
    }


def group_by(data: Iterable[Any], key: Any) -> dict[Any, list[Any]]:
    """Group items by `key`: a callable, a dict key / index, or an attribute name."""
    groups: dict[Any, list[Any]] = {}
    for item in data:
        if callable(key):
            k = key(item)
        elif isinstance(item, dict):
            k = item.get(key)
        elif isinstance(item, (list, tuple)) and isinstance(key, int):
            k = item[key]
        elif isinstance(key, str):
            k = policy.guarded_getattr(item, key, None)
        else:
            raise TypeError("group_by key must be a function, a dict key, an index or a name")
        if isinstance(k, (list, dict, set)):
            k = repr(k)
        groups.setdefault(k, []).append(item)
    return groups


# --- text ------------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*", re.UNICODE)


def count_words(text: str) -> int:
    """Number of words (letters/digits runs; contractions and hyphenated words count once)."""
    if not isinstance(text, str):
        raise TypeError("count_words takes a string")
    return len(_WORD.findall(text))


def count_chars(text: str, *, spaces: bool = True) -> int:
    """Number of characters, optionally excluding whitespace."""
    if not isinstance(text, str):
        raise TypeError("count_chars takes a string")
    return len(text) if spaces else sum(1 for c in text if not c.isspace())


# --- dates -----------------------------------------------------------------------------------

_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%m/%d/%Y", "%B %d, %Y", "%B %d %Y",
                 "%b %d, %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%Y%m%d", "%B %Y", "%b %Y")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def parse_date(text: Any, *, today: datetime.date | None = None) -> datetime.date:
    """A date from ISO text, common written forms, or today/tomorrow/yesterday."""
    if isinstance(text, datetime.datetime):
        return text.date()
    if isinstance(text, datetime.date):
        return text
    if not isinstance(text, str):
        raise TypeError("parse_date takes a string or a date")
    raw = text.strip()
    cleaned = re.sub(r"(?<=\d)(st|nd|rd|th)\b", "", raw, flags=re.I).replace("  ", " ")
    base = today or datetime.date.today()
    lowered = cleaned.lower()
    relative = {"today": 0, "now": 0, "tomorrow": 1, "yesterday": -1}
    if lowered in relative:
        return base + datetime.timedelta(days=relative[lowered])
    try:
        return datetime.datetime.fromisoformat(cleaned).date()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"cannot read {text!r} as a date; use YYYY-MM-DD or e.g. 'March 5, 2024'")


def days_between(start: Any, end: Any) -> int:
    """Whole days from `start` to `end` (negative when end is earlier)."""
    return (parse_date(end) - parse_date(start)).days


def add_days(start: Any, days: int) -> datetime.date:
    """The date `days` after `start` (before, when negative)."""
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError("add_days needs a whole number of days")
    return parse_date(start) + datetime.timedelta(days=days)


def weekday(day: Any) -> str:
    """The English weekday name of a date."""
    return _WEEKDAYS[parse_date(day).weekday()]


# --- the helper set bound for one sandbox run ------------------------------------------------


def _plain_path(path: Any) -> str:
    """`path` as an exact str (a str subclass's methods never run inside the file helpers)."""
    if not isinstance(path, str):
        raise TypeError("a file path must be a string")
    return "".join([path])


def sandbox_helpers(root: FileRoot | None,
                    refusal: str = "no file access in this sandbox") -> dict[str, Any]:
    """Helpers as sandbox builtins; file helpers read through `root` in this (worker) process."""

    def read_file(path: str) -> str:
        """Read a text file under the sandbox's files root."""
        plain = _plain_path(path)
        if root is None:
            raise PermissionError(refusal)
        with audit.trusted():
            return root.read(plain)

    def list_files(path: str = "") -> list[str]:
        """List files under the sandbox's files root (relative paths)."""
        plain = _plain_path(path)
        if root is None:
            raise PermissionError(refusal)
        with audit.trusted():
            return root.list(plain)

    def sandbox_compile_context(files: Any, include_deps: bool = True,
                                max_tokens: int = 4000) -> str:
        """Concatenate files (a {path: text} dict or paths read from the files root)."""
        reader = read_file if root is not None else None
        return compile_context(files, include_deps=include_deps, max_tokens=max_tokens,
                               reader=reader)

    sandbox_compile_context.__name__ = "compile_context"
    return {
        "calc": calc, "stats": stats, "group_by": group_by, "count_words": count_words,
        "count_chars": count_chars, "parse_date": parse_date, "days_between": days_between,
        "add_days": add_days, "weekday": weekday, "find_imports": find_imports,
        "call_graph": call_graph, "compile_context": sandbox_compile_context,
        "read_file": read_file, "list_files": list_files,
    }


__all__ = ["add_days", "calc", "call_graph", "compile_context", "count_chars", "count_words",
           "days_between", "find_imports", "group_by", "parse_date", "sandbox_helpers",
           "stats", "weekday"]
