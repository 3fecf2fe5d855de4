"""Usage accounting: a meter per run (or request) that sums real usage and enforces budgets.

A call first *reserves* its estimate (prompt tokens estimated + max_tokens, and their price) on
the meter and on every parent meter; the reservation is refused — before anything is sent — when
it would take any of them over its token, cost or call cap. When the call ends, the reservation
is replaced by the real usage the provider reported (or released when the call failed). Concurrent
calls therefore cannot all squeeze through a check that only one of them fits.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rlm_bot.llm.errors import BudgetExceededError

if TYPE_CHECKING:  # annotations only
    from rlm_bot.config import LLMSettings

_LOCK = threading.RLock()  # one lock for every meter: reservations walk up the parent chain


@dataclass(frozen=True)
class CallRecord:
    """One finished model call (success or failure), as handed to `on_call` hooks."""

    call_id: str
    alias: str
    model: str
    prompt_tokens: int
    completion_tokens: int
    cost: float
    latency_ms: float
    ok: bool
    attempts: int = 1
    error: str | None = None
    requested_alias: str | None = None
    run_id: str | None = None
    workspace: str | None = None

    @property
    def tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens


@dataclass
class Reservation:
    """What a call holds on its meters until it is settled or released."""

    tokens: int
    cost: float
    meters: list[UsageMeter]
    open: bool = True


@dataclass
class UsageMeter:
    """Accumulates tokens, dollars and calls; refuses calls that would exceed its caps."""

    max_tokens: int | None = None
    max_cost: float | None = None
    max_calls: int | None = None
    parent: UsageMeter | None = None
    run_id: str | None = None
    workspace: str | None = None
    on_call: Callable[[CallRecord], Any] | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost: float = 0.0
    calls: int = 0
    failed_calls: int = 0
    _reserved_tokens: int = field(default=0, repr=False)
    _reserved_cost: float = field(default=0.0, repr=False)
    _reserved_calls: int = field(default=0, repr=False)

    @classmethod
    def for_run(cls, llm_settings: LLMSettings, **kw: Any) -> UsageMeter:
        """A meter with the default per-run caps of the settings (run_max_calls/run_max_tokens/
        run_max_cost); a `max_cost` given here wins over the setting."""
        kw.setdefault("max_cost", getattr(llm_settings, "run_max_cost", None))
        return cls(max_calls=llm_settings.run_max_calls, max_tokens=llm_settings.run_max_tokens, **kw)

    def child(self, *, max_tokens: int | None = None, max_cost: float | None = None,
              max_calls: int | None = None, **kw: Any) -> UsageMeter:
        """A nested meter: its usage also counts here, and it can only narrow the limits."""
        kw.setdefault("run_id", self.run_id)
        kw.setdefault("workspace", self.workspace)
        return UsageMeter(max_tokens=max_tokens, max_cost=max_cost, max_calls=max_calls, parent=self, **kw)

    # -- reading

    @property
    def tokens(self) -> int:
        """Prompt plus completion tokens charged so far."""
        return self.prompt_tokens + self.completion_tokens

    def _chain(self) -> list[UsageMeter]:
        chain, meter = [], self
        while meter is not None:
            chain.append(meter)
            meter = meter.parent
        return chain

    def tokens_remaining(self) -> int | None:
        """Tokens left under the tightest cap of this meter and its parents (None: no cap)."""
        with _LOCK:
            left = [m.max_tokens - m.tokens - m._reserved_tokens for m in self._chain() if m.max_tokens is not None]
        return max(0, min(left)) if left else None

    def cost_remaining(self) -> float | None:
        """Dollars left under the tightest cap of this meter and its parents (None: no cap)."""
        with _LOCK:
            left = [m.max_cost - m.cost - m._reserved_cost for m in self._chain() if m.max_cost is not None]
        return max(0.0, min(left)) if left else None

    def snapshot(self) -> dict[str, Any]:
        """Counters and caps as plain data."""
        with _LOCK:
            return {
                "prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                "tokens": self.tokens, "cost": round(self.cost, 8), "calls": self.calls,
                "failed_calls": self.failed_calls, "max_tokens": self.max_tokens, "max_cost": self.max_cost,
                "max_calls": self.max_calls, "reserved_tokens": self._reserved_tokens,
            }

    # -- the reservation protocol (used by the client)

    def reserve(self, tokens: int, cost: float, *, what: str = "model call") -> Reservation:
        """Hold `tokens`/`cost` and one call on every meter up the chain, or refuse (no side effect)."""
        with _LOCK:
            chain = self._chain()
            for m in chain:
                if m.max_calls is not None and m.calls + m._reserved_calls + 1 > m.max_calls:
                    raise BudgetExceededError(
                        f"call budget exhausted: {m.calls} of {m.max_calls} calls used; {what} refused before sending"
                    )
                if m.max_tokens is not None and m.tokens + m._reserved_tokens + tokens > m.max_tokens:
                    left = max(0, m.max_tokens - m.tokens - m._reserved_tokens)
                    raise BudgetExceededError(
                        f"token budget exceeded: {what} needs up to {tokens} tokens (prompt estimate + "
                        f"max_tokens) but {left} of {m.max_tokens} remain; refused before sending"
                    )
                if m.max_cost is not None and m.cost + m._reserved_cost + cost > m.max_cost + 1e-12:
                    left = max(0.0, m.max_cost - m.cost - m._reserved_cost)
                    raise BudgetExceededError(
                        f"cost budget exceeded: {what} may cost up to ${cost:.6f} but ${left:.6f} of "
                        f"${m.max_cost:.6f} remain; refused before sending"
                    )
            for m in chain:
                m._reserved_tokens += tokens
                m._reserved_cost += cost
                m._reserved_calls += 1
            return Reservation(tokens, cost, chain)

    def settle(self, reservation: Reservation, prompt_tokens: int, completion_tokens: int, cost: float) -> None:
        """Replace a reservation by the real usage of the call (counts one call)."""
        with _LOCK:
            self._drop(reservation)
            for m in reservation.meters:
                m.prompt_tokens += prompt_tokens
                m.completion_tokens += completion_tokens
                m.cost += cost
                m.calls += 1

    def release(self, reservation: Reservation, *, failed: bool = True) -> None:
        """Give a reservation back (the call failed or was cancelled before any usage)."""
        with _LOCK:
            if reservation.open and failed:
                for m in reservation.meters:
                    m.failed_calls += 1
            self._drop(reservation)

    @staticmethod
    def _drop(reservation: Reservation) -> None:
        if not reservation.open:
            return
        reservation.open = False
        for m in reservation.meters:
            m._reserved_tokens -= reservation.tokens
            m._reserved_cost -= reservation.cost
            m._reserved_calls -= 1

    def hooks(self) -> list[Callable[[CallRecord], Any]]:
        """The on_call hooks of this meter and its parents (the client calls them)."""
        return [m.on_call for m in self._chain() if m.on_call is not None]
