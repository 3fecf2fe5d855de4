"""str.format for the sandbox: plain positional/keyword fields only.

str.format is refused by RestrictedPython because a field like "{0.__class__}" or "{0[k]}" walks
attributes and items in C (CVE-2023-41039). Fields that are plain names or positions do nothing an
f-string could not do, so `"{:.2f}".format(x)` is allowed once every field (nested format specs
included) has been checked to contain no "." or "[" — with the parser str.format itself uses.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from _string import formatter_parser

MAX_FORMAT_NESTING = 2


def _check_format_string(fmt: str, depth: int = 0) -> None:
    if depth > MAX_FORMAT_NESTING:
        raise ValueError("format specification nested too deeply")
    for _literal, field, spec, _conversion in formatter_parser(fmt):
        if field is None:
            continue
        if "." in field or "[" in field:
            raise ValueError(f"format field {field!r}: attribute and item access inside format "
                             "strings is not allowed in the sandbox; use an f-string")
        if spec:
            _check_format_string(spec, depth + 1)


def safe_format(template: str, *args: Any, **kwargs: Any) -> str:
    """str.format restricted to plain positional/keyword fields."""
    if type(template) is not str:
        raise TypeError("format needs a str")
    _check_format_string(template)
    return str.format(template, *args, **kwargs)


def safe_format_map(template: str, mapping: Any) -> str:
    """str.format_map restricted to plain keyword fields."""
    if type(template) is not str:
        raise TypeError("format_map needs a str")
    _check_format_string(template)
    return str.format_map(template, mapping)


SAFE_STR_METHODS: dict[str, Callable[..., str]] = {"format": safe_format,
                                                  "format_map": safe_format_map}


def str_format_method(obj: Any, name: str, is_str_type: bool) -> Callable[..., str]:
    """The safe `format`/`format_map` for a str instance (bound) or the str type (unbound)."""
    fn = SAFE_STR_METHODS[name]
    if is_str_type:
        return fn

    def bound(*args: Any, **kwargs: Any) -> str:
        """The safe format bound to this string."""
        return fn(obj, *args, **kwargs)

    bound.__name__ = name
    return bound
