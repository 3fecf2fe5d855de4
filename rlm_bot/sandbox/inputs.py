"""Validation of what callers hand the sandbox: variables (JSON-compatible only) and timeouts."""

from __future__ import annotations

import json
from typing import Any

from rlm_bot.sandbox.errors import SandboxError


def check_inputs(inputs: dict[str, Any] | None) -> dict[str, Any]:
    """Validate names and round-trip the values through JSON (sets/tuples become lists)."""
    if inputs is None:
        return {}
    if not isinstance(inputs, dict):
        raise SandboxError("inputs must be a dict of name -> JSON-compatible value")
    for name in inputs:
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
            raise SandboxError(f"invalid sandbox variable name {name!r}")
    try:
        return json.loads(json.dumps(inputs, default=_input_default))
    except (TypeError, ValueError) as exc:
        raise SandboxError(f"inputs must be JSON-compatible: {exc}") from None


def _input_default(obj: Any) -> Any:
    if isinstance(obj, (set, frozenset, tuple)):
        return list(obj)
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    raise TypeError(f"{type(obj).__name__} is not JSON-compatible")


def resolve_timeout(timeout: float | None, default: float) -> float:
    """The wall-clock limit of one call: `timeout` when given (positive, finite), else default."""
    if timeout is None:
        return float(default)
    try:
        value = float(timeout)
    except (TypeError, ValueError):
        raise SandboxError(f"timeout must be a number of seconds, got {timeout!r}") from None
    if not value > 0 or value == float("inf"):
        raise SandboxError(f"timeout must be a positive, finite number of seconds, got {timeout!r}")
    return value
