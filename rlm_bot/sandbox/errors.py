"""Errors of the Python sandbox."""

from __future__ import annotations

from typing import Any

from rlm_bot.errors import RlmError


class SandboxError(RlmError):
    """Sandboxed code failed, or a request to the sandbox was invalid; `.result` has details."""

    def __init__(self, message: str, *, result: Any = None) -> None:
        super().__init__(message)
        self.result = result


class SandboxUnavailable(SandboxError):
    """The sandbox processes could not be started or the pool is closed; retry or check logs."""
