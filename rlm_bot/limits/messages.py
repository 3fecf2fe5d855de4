"""The friendly sentences a blocked request is answered with."""

from __future__ import annotations

import math
from datetime import datetime


def money(dollars: float) -> str:
    """Dollars for people: $2.00, $1,250.50; amounts under a cent keep their digits ($0.0042)."""
    if 0 < abs(dollars) < 0.01:
        return f"${dollars:.4f}"
    return f"${dollars:,.2f}"


def wait_words(now: datetime, until: datetime) -> str:
    """How long from `now` until `until`, rounded up: "41 s", "5 min 3 s", "3 h 12 min"."""
    seconds = max(1, math.ceil((until - now).total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        minutes, rest = divmod(seconds, 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, rest = divmod(seconds, 3600)
    minutes = rest // 60
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def rate_message(kind: str, limit: int, now: datetime, resets_at: datetime) -> str:
    """The answer to a request over the user's or channel's requests per minute."""
    wait = wait_words(now, resets_at)
    if kind == "user":
        return f"You're sending requests faster than {limit} a minute; try again in {wait}."
    return (f"This channel is getting more than {limit} requests a minute; "
            f"try again in {wait}.")


def budget_message(kind: str, dollars: float, spent: float, now: datetime,
                   resets_at: datetime) -> str:
    """The answer to a request once the user's or channel's daily budget is spent."""
    reset = f"It resets at 00:00 UTC, in {wait_words(now, resets_at)}."
    amounts = f"{money(dollars)} ({money(spent)} spent today)"
    if kind == "user":
        return f"You've reached your daily budget of {amounts}. {reset}"
    return f"This channel has reached its daily budget of {amounts}. {reset}"
