"""Errors of the RLM runtime. The primitive table turns `RuntimeFail` (defined with the engine's
errors, so the codec's `NotData` can be one) into a catchable Scheme `exn:fail`; `RunCapExceeded`
ends the run (a program cannot catch it and retry forever).

The names differ from the LLM client's on purpose: `LLMQueryOverBudget` is a call refused by the
run's own budgets (`token-budget`, `cost-budget`, RLM_RUN_MAX_COST) and `LLMQueryFailed` a call
that failed (with what it still used), both catchable by the program; `rlm_bot.llm`'s
`ModelCallError` and `BudgetExceededError` are the client's failures, which the runtime's gateway
turns into `LLMQueryFailed`.
"""

from __future__ import annotations

from rlm_bot.errors import RlmError
from rlm_bot.scheme.errors import RuntimeFail

__all__ = ["BridgeError", "CheckpointError", "LLMQueryFailed", "LLMQueryOverBudget", "RunCapExceeded",
           "RuntimeFail"]


class LLMQueryOverBudget(RuntimeFail):
    """A call would not fit the token or cost budget in force; refused before sending."""


class LLMQueryFailed(RuntimeFail):
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
