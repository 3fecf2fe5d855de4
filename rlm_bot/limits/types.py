"""What the limits hand across their boundary: decisions, budgets, the budget view, the error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from rlm_bot.errors import RlmError

KINDS = ("user", "channel")
REASONS = ("user_budget", "channel_budget", "user_rate", "channel_rate")


class LimitsError(RlmError):
    """A budget or limit was asked for with inputs that do not fit (the message says which)."""


@dataclass(frozen=True)
class LimitDecision:
    """Whether a request may run; when not, why, a friendly message, and when the limit resets."""

    allowed: bool
    reason: str | None = None  # one of REASONS when not allowed
    message: str = ""
    resets_at: datetime | None = None
    limit: float | None = None  # the rate (requests a minute) or budget (dollars) that was hit
    used: float | None = None  # requests in the last minute, or dollars spent today


ALLOWED = LimitDecision(allowed=True)


@dataclass(frozen=True)
class Budget:
    """One user's or channel's daily budget in force and what it has spent today."""

    dollars: float | None  # None: no budget
    spent: float
    source: str  # "admin" (a row set with set_budget) | "default" (the settings) | "none"
    set_by: str | None = None

    @property
    def remaining(self) -> float | None:
        """Dollars left today (never below 0), or None without a budget."""
        return None if self.dollars is None else max(0.0, self.dollars - self.spent)

    @property
    def exhausted(self) -> bool:
        """True when a budget is set and today's spend has reached it."""
        return self.dollars is not None and self.spent >= self.dollars


@dataclass(frozen=True)
class BudgetView:
    """Budgets, spend today and rate limits of one user in one channel (App Home, `/rlm budget`)."""

    user: Budget
    channel: Budget | None  # None when the request has no channel
    resets_at: datetime  # next 00:00 UTC, when both budgets start again
    user_rate_per_minute: int  # 0: no limit
    channel_rate_per_minute: int
    user_requests_last_minute: int
    channel_requests_last_minute: int

    @property
    def user_budget(self) -> float | None:
        """The user's daily budget in dollars (None: no budget)."""
        return self.user.dollars

    @property
    def user_spent(self) -> float:
        """Dollars the user spent today."""
        return self.user.spent

    @property
    def channel_budget(self) -> float | None:
        """The channel's daily budget in dollars (None: no budget, or no channel)."""
        return None if self.channel is None else self.channel.dollars

    @property
    def channel_spent(self) -> float:
        """Dollars spent in the channel today (0 without a channel)."""
        return 0.0 if self.channel is None else self.channel.spent


@dataclass(frozen=True)
class BudgetSetting:
    """One budget row an admin set."""

    workspace: str
    kind: str
    target: str
    daily_dollars: float
    set_by: str | None
    updated_at: datetime
