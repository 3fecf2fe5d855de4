"""Ship module functions to the sandbox: a plan's code carries their source, so it runs as shown."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import cache


@cache
def _source(function: Callable) -> str:
    return inspect.getsource(function).rstrip()


def shipped(*functions: Callable) -> str:
    """The source of module-level `functions`, one after the other, as a plan's code sends them."""
    return "\n\n\n".join(_source(f) for f in functions)
