"""Argument types that validate numbers, durations and sizes at parse time.

Each is an argparse `type=`: a bad value stops the command before any work, with exit 2 and one
line naming the flag ("argument --timeout: must be a finite number of seconds above 0, not 'nan'").
"""

from __future__ import annotations

import argparse
import math

__all__ = ["fraction", "port", "positive_int", "positive_seconds", "non_negative_int"]

MAX_SECONDS = 86_400.0  # a day: longer is a typo, and time.monotonic() + it must not overflow
MAX_COUNT = 1_000_000


def _number(text: str) -> float:
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, not {text!r}")
    return value


def fraction(text: str) -> float:
    """A number from 0 to 1 inclusive (cost sensitivity, confidence, similarity)."""
    value = _number(text)
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, not {text!r}")
    return value


def positive_seconds(text: str) -> float:
    """A finite duration in seconds above 0 and at most a day."""
    value = _number(text)
    if not 0.0 < value <= MAX_SECONDS:
        raise argparse.ArgumentTypeError(
            f"must be a number of seconds above 0 and at most {MAX_SECONDS:.0f}, not {text!r}")
    return value


def _integer(text: str) -> int:
    try:
        return int(text, 10)
    except (TypeError, ValueError):
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def _whole(text: str, low: int, high: int, what: str) -> int:
    value = _integer(text)
    if not low <= value <= high:
        raise argparse.ArgumentTypeError(f"must be {what}, not {text!r}")
    return value


def positive_int(text: str) -> int:
    """A whole number from 1 to a million (result counts, limits)."""
    return _whole(text, 1, MAX_COUNT, f"from 1 to {MAX_COUNT:,}")


def non_negative_int(text: str) -> int:
    """A whole number from 0 to a million (offsets)."""
    return _whole(text, 0, MAX_COUNT, f"from 0 to {MAX_COUNT:,}")


def port(text: str) -> int:
    """A TCP port, 1..65535."""
    return _whole(text, 1, 65535, "a port from 1 to 65535")
