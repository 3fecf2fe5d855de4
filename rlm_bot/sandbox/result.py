"""SandboxResult: what one sandbox run (or session call) produced."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SandboxResult:
    """The outcome of one sandbox run.

    `value` is the JSON-decoded value of the last expression (or of a variable named `result`
    when the code ends in a statement); `value_json` is its JSON text, None when there is none.
    """

    ok: bool
    output: str = ""
    value: Any = None
    error: str | None = None
    error_type: str | None = None
    duration_ms: float = 0.0
    value_json: str | None = None
    truncated: bool = False

    @property
    def has_value(self) -> bool:
        """True when the run produced a value."""
        return self.value_json is not None

    def to_dict(self) -> dict[str, Any]:
        """The CLI/JSON shape: ok, output, value, error (+ error_type, duration_ms, truncated)."""
        return {"ok": self.ok, "output": self.output, "value": self.value, "error": self.error,
                "error_type": self.error_type, "duration_ms": self.duration_ms,
                "truncated": self.truncated}


def result_from_reply(reply: dict[str, Any], duration_ms: float) -> SandboxResult:
    """A SandboxResult from a worker's reply frame (the value decoded from its JSON text)."""
    value_json = reply.get("value")
    value = None
    if isinstance(value_json, str):
        try:
            value = json.loads(value_json)
        except (ValueError, RecursionError):
            value, value_json = None, None
    else:
        value_json = None
    return SandboxResult(
        ok=bool(reply.get("ok")), output=str(reply.get("output") or ""), value=value,
        error=reply.get("error"), error_type=reply.get("error_type"),
        duration_ms=round(duration_ms, 3), value_json=value_json,
        truncated=bool(reply.get("truncated")))


def failure(error_type: str, message: str, duration_ms: float = 0.0) -> SandboxResult:
    """A failed result the host itself produced (timeout, crash, busy pool)."""
    return SandboxResult(ok=False, error=message, error_type=error_type,
                         duration_ms=round(duration_ms, 3))
