"""Budgets: nested token/cost scopes that can only shrink inward, and the run-wide ledger.

Every model call is *reserved* before it is sent (estimated prompt tokens + max tokens, and the
cost of that at the model's prices) against every enclosing scope and the run's caps, and then
*settled* with the real usage from the response. Reservations make concurrent calls safe: 100
calls started at once cannot each see the same remaining budget.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

from rlm_bot.scheme.runtime.errors import LLMQueryOverBudget, RunCapExceeded

# After this many refused calls in one run, further refusals end the run: a program that catches
# the budget error and retries forever must not spin until the wall-clock limit.
MAX_REFUSALS_PER_RUN = 50


class BudgetScope:
    """One `parameterize` extent of `token-budget` or `cost-budget` (or the run's root cap)."""

    __slots__ = ("kind", "limit", "parent", "spent", "reserved", "ledger")

    def __init__(self, kind: str, limit: float, parent: BudgetScope | None, ledger: RunLedger) -> None:
        self.kind = kind
        self.parent = parent
        self.ledger = ledger
        self.spent = 0.0
        self.reserved = 0.0
        # An inner budget can only lower the limit: never more than what the parent has left.
        self.limit = float(limit) if parent is None else min(float(limit), parent.remaining())

    def own_remaining(self) -> float:
        """What this scope alone still allows."""
        return self.limit - self.spent - self.reserved

    def remaining(self) -> float:
        """What this scope and every enclosing scope still allow (never below 0)."""
        scope: BudgetScope | None = self
        left = math.inf
        while scope is not None:
            left = min(left, scope.own_remaining())
            scope = scope.parent
        return max(0.0, left)

    def chain(self) -> list[BudgetScope]:
        """This scope and its ancestors, innermost first."""
        out, scope = [], self
        while scope is not None:
            out.append(scope)
            scope = scope.parent
        return out

    def narrow(self, limit: float) -> BudgetScope:
        """A child scope limited to min(limit, what is left here)."""
        with self.ledger.lock:
            return BudgetScope(self.kind, limit, self, self.ledger)

    @property
    def scheme_name(self) -> str:
        """How Scheme prints it: #<token-budget 740 of 1000 left>."""
        if self.kind == "cost":
            return f"cost-budget ${_fmt(self.remaining(), 6)} of ${_fmt(self.limit, 6)} left"
        return f"token-budget {_fmt(self.remaining(), 0)} of {_fmt(self.limit, 0)} left"

    def __repr__(self) -> str:
        return f"#<{self.scheme_name}>"


def _fmt(x: float, decimals: int) -> str:
    return "unlimited" if math.isinf(x) else f"{x:.{decimals}f}"


@dataclass
class LedgerReservation:
    """Tokens and dollars held on a RunLedger's budget scopes for one call until its real usage
    is known (the client's own meters hold theirs in `rlm_bot.llm.usage.Reservation`)."""

    tokens: float
    cost: float
    token_chain: list[BudgetScope]
    cost_chain: list[BudgetScope]
    settled: bool = False


@dataclass
class RunLedger:
    """Run-wide counters and caps shared by a run, its map-async workers and its child runs."""

    max_calls: int
    max_tokens: int
    max_cost: float = math.inf
    calls: int = 0
    tokens: int = 0
    cost: float = 0.0
    refusals: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    root_tokens: BudgetScope = field(init=False, repr=False)
    root_cost: BudgetScope = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.root_tokens = BudgetScope("token", self.max_tokens, None, self)
        self.root_cost = BudgetScope("cost", self.max_cost, None, self)

    def reserve(self, tokens: float, cost: float, token_scope: BudgetScope | None,
                cost_scope: BudgetScope | None, *, what: str) -> LedgerReservation:
        """Hold `tokens`/`cost` for one call or raise before anything is sent."""
        token_scope = token_scope or self.root_tokens
        cost_scope = cost_scope or self.root_cost
        with self.lock:
            if self.calls >= self.max_calls:
                self._refuse(RunCapExceeded(
                    f"run call cap reached: {self.max_calls} model calls already made in this run "
                    f"(budget); raise RLM_RUN_MAX_CALLS or make fewer calls"))
            t_left = token_scope.remaining()
            if tokens > t_left:
                self._refuse(LLMQueryOverBudget(
                    f"token budget too small for {what}: needs about {int(tokens)} tokens "
                    f"(prompt + max-tokens), {int(t_left)} left"))
            run_left = self.root_cost.remaining()
            if cost > run_left:
                self._refuse(LLMQueryOverBudget(
                    f"run cost cap reached (budget): {what} may cost about ${cost:.6f} but ${max(0.0, run_left):.6f} "
                    f"of the run's ${self.max_cost:.6f} (RLM_RUN_MAX_COST) remain; refused before sending"))
            c_left = cost_scope.remaining()
            if cost > c_left:
                self._refuse(LLMQueryOverBudget(
                    f"cost budget too small for {what}: needs about ${cost:.6f}, ${c_left:.6f} left"))
            res = LedgerReservation(tokens, cost, token_scope.chain(), cost_scope.chain())
            for scope in res.token_chain:
                scope.reserved += tokens
            for scope in res.cost_chain:
                scope.reserved += cost
            self.calls += 1
            return res

    def settle(self, res: LedgerReservation, tokens: int, cost: float) -> None:
        """Replace a reservation by the real usage of the call (0 if it never reached a model)."""
        with self.lock:
            if res.settled:
                return
            res.settled = True
            for scope in res.token_chain:
                scope.reserved -= res.tokens
                scope.spent += tokens
            for scope in res.cost_chain:
                scope.reserved -= res.cost
                scope.spent += cost
            self.tokens += tokens
            self.cost += cost

    def _refuse(self, exc: Exception) -> None:
        self.refusals += 1
        if self.refusals > MAX_REFUSALS_PER_RUN:
            raise RunCapExceeded(
                f"{MAX_REFUSALS_PER_RUN} model calls refused for budget in this run; "
                f"the run stops here (last: {exc})") from None
        raise exc
