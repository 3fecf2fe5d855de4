"""Functions shipped into the sandbox with a list plan's code: how items compare when they are sizes,
versions or carry one number. Each reads only its argument and uses nothing but `re`."""

from __future__ import annotations

import re

__all__ = ["byte_size", "duration", "natural_key", "quantity", "version_key"]


def byte_size(item):
    """'700MB' -> 7e8, '1.5 GiB' -> 1610612736.0, '12 kb' -> 12000.0; None when the item is no size."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(i?)b(?:ytes?)?\s*", str(item), re.I)
    if m is None:
        return None
    power = "kmgtp".find(m.group(2).lower()) + 1 if m.group(2) else 0
    return float(m.group(1)) * (1024 if m.group(3) else 1000) ** power


def version_key(item):
    """'v1.10.0' -> (1, 10, 0), '2.0.1-rc1' -> (2, 0, 1, -1, 'rc1'): versions compared part by part."""
    m = re.fullmatch(r"\s*v?(\d+(?:\.\d+)+)(?:[-+]?([0-9A-Za-z.]+))?\s*", str(item), re.I)
    if m is None:
        return None
    parts = tuple(int(p) for p in m.group(1).split("."))
    return parts + ((-1, m.group(2).lower()) if m.group(2) else (0, ""))


def quantity(item):
    """The one number of an item with its unit, as (as written, in base units, family): '2.3GB' ->
    (2.3, 2.3e9, 'bytes'), 'auth 140ms' -> (140.0, 0.14, 'seconds'), '$12' -> (12.0, 12.0, ''); else None."""
    sizes = {"b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "kib": 1024, "mib": 1024 ** 2, "gib": 1024 ** 3,
             "tib": 1024 ** 4}
    times = {"ms": 0.001, "s": 1, "sec": 1, "secs": 1, "min": 60, "mins": 60, "m": 60, "h": 3600, "hr": 3600,
             "hrs": 3600, "d": 86400, "days": 86400, "day": 86400}
    spans = re.fullmatch(r"\D*?\s*((?:\d+(?:\.\d+)?\s*(?:days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\s*){2,}|"
                         r"\d+(?:\.\d+)?\s*(?:days|hours|minutes|seconds))", str(item).strip(), re.I)
    if spans:  # 'planning 2h30m', '2 hours': one duration, in seconds
        scale = {"d": 86400, "h": 3600, "m": 60, "s": 1}
        total = sum(float(n) * scale[u[0].lower()] for n, u in re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]+)", spans.group(1), re.I))
        return total, total, "seconds"
    item = re.sub(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})+|\d+),(\d\d|\d(?=\s*%)|(?<=[$€£¥₹]\d,)\d)(?![\d.,])",  # decimal comma: '€1.250,00'
                  lambda d: d.group(1).replace(".", "") + "." + d.group(2), str(item))
    found = re.findall(r"(?<![\w.#])([-−]?)[$€£¥₹]?(?<![\w][-−])(\d[\d,]*(?:\.\d+)?)\s*([a-zA-Z%]{0,4})(?![\w.]*\w)", str(item))
    if len(found) != 1:
        return None
    sign, digits, unit = found[0]
    value = float(digits.replace(",", "")) * (-1 if sign else 1)
    unit = unit.lower()
    if unit in sizes:
        return value, value * sizes[unit], "bytes"
    if unit in times:
        return value, value * times[unit], "seconds"
    return value, value, unit


def duration(item):
    """'1h30m' -> 5400.0, '45 min' -> 2700.0, '90s' -> 90.0, '2 days 3h' -> 183600.0; None when no duration."""
    seconds = {"d": 86400, "day": 86400, "days": 86400, "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600,
               "hours": 3600, "m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60, "s": 1, "sec": 1,
               "secs": 1, "second": 1, "seconds": 1, "ms": 0.001}
    text = str(item).strip().lower()
    parts = re.findall(r"(\d+(?:\.\d+)?)\s*([a-z]+)\s*(?:and\s+|,\s*)?", text)
    if not parts or re.sub(r"(\d+(?:\.\d+)?)\s*([a-z]+)\s*(?:and\s+|,\s*)?", "", text).strip():
        return None
    if any(unit not in seconds for _, unit in parts):
        return None
    return sum(float(n) * seconds[unit] for n, unit in parts)


def natural_key(item):
    """'item10' -> ('item', 10, ''): text compared as text, digit runs as numbers (item2 before item10)."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(item).strip().casefold()))
