"""Regexps with a time bound: compiled with the `regex` package, matched with a timeout.

Python's `re` cannot be interrupted inside a match, so a catastrophic pattern such as
`(x+x+)+y` would hang a run. The `regex` package takes a `timeout` per call and raises
TimeoutError, which we turn into a Scheme error naming the limit. `regex` loads with the first
pattern compiled (~20 ms of import every run would pay, most of which use no regexp).
"""

from __future__ import annotations

from typing import Any

from rlm_bot.scheme.errors import LimitExceeded, SchemeError
from rlm_bot.scheme.runstate import active_state
from rlm_bot.scheme.values import Regexp

REGEX_TIMEOUT_SECONDS = 2.0  # per matching call (also capped by the run's remaining time)
MAX_PATTERN_CHARS = 10_000


def make_regexp(source: str, px: bool) -> Regexp:
    """Compile a Racket #rx/#px pattern."""
    if len(source) > MAX_PATTERN_CHARS:
        raise SchemeError(f"regexp: pattern longer than {MAX_PATTERN_CHARS} characters", kind="fail:contract")
    import regex  # deferred: see the module's docstring

    try:
        compiled = regex.compile(source, regex.V0)
    except (regex.error, ValueError, OverflowError, RecursionError) as exc:
        raise SchemeError(f"regexp: bad pattern {source!r}: {exc}", kind="fail:contract") from None
    return Regexp(source, px, compiled)


def timeout_seconds() -> float:
    """The time one regexp call may take in the current run."""
    st = active_state()
    if st is None:
        return REGEX_TIMEOUT_SECONDS
    limit = getattr(st.run.limits, "regex_timeout_seconds", REGEX_TIMEOUT_SECONDS)
    return max(0.01, min(limit, st.run.remaining_seconds()))


def bounded(call: Any, *args: Any, **kwargs: Any) -> Any:
    """Run a `regex` method with the run's regexp timeout."""
    seconds = timeout_seconds()
    try:
        return call(*args, timeout=seconds, **kwargs)
    except TimeoutError:
        raise LimitExceeded("regex_timeout_seconds", f"regexp matching took longer than {seconds:g} s "
                            "(regex_timeout_seconds; catastrophic backtracking?); simplify the pattern") from None
