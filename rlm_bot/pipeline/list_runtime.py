"""Functions shipped into the sandbox with a list plan's code: how items compare when they are sizes,
versions or carry one number. Each reads only its argument and uses nothing but `re`."""

from __future__ import annotations

import re

__all__ = ["byte_size", "version_key", "amount"]


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


def amount(item):
    """The one number written in an item ('socks $5' -> 5.0, 'team a 34' -> 34.0); None if none or several."""
    found = re.findall(r"(?<![\w.])[-−]?[$€£]?\d[\d,]*(?:\.\d+)?(?![\d.]*\w)", str(item))
    if len(found) != 1:
        return None
    return float(re.sub(r"[$€£,]", "", found[0].replace("−", "-")))
