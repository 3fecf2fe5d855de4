"""Errors of the RLM runtime. The primitive table turns `RuntimeFail` into a catchable Scheme
`exn:fail`; `RunCapExceeded` ends the run (a program cannot catch it and retry forever)."""

from __future__ import annotations

from rlm_bot.errors import RlmError


class RuntimeFail(RlmError):
    """A primitive failed in a way a program may handle (`with-handlers` catches it)."""


class BudgetExceeded(RuntimeFail):
    """A call would not fit the token or cost budget in force; refused before sending."""


class ModelCallError(RuntimeFail):
    """The provider failed (down, unknown alias, bad reply) after retries and fallbacks;
    `tokens`/`cost` are what the failed call still used (a reply that was not JSON costs)."""

    def __init__(self, message: str, *, tokens: int = 0, cost: float = 0.0) -> None:
        super().__init__(message)
        self.tokens = tokens
        self.cost = cost


class CheckpointError(RuntimeFail):
    """A checkpoint key or value was refused, or the store failed."""


class BridgeError(RuntimeFail):
    """The Python sandbox refused or failed a py-exec / py-eval / py-set! call."""


class RunCapExceeded(RlmError):
    """A run-wide cap (calls, tokens, futures, refusals) was hit: the run stops."""
