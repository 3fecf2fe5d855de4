"""`Limits`: per-user and per-channel request rates and daily dollar budgets, checked before work.

Budgets are checked first (they last until 00:00 UTC, so their message is the one that helps),
then rates. Only admitted requests are logged, so a blocked user does not extend their own block.

Guarantees: a rate limit is exact across replicas (admits of a workspace are serialised, see
rlm_bot.limits.rates). A budget is checked against recorded spend (the outcomes' cost), so work in
flight is not counted yet: requests admitted just under a budget may end over it by their own cost.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from rlm_bot.config import SlackSettings
from rlm_bot.limits import budgets, rates
from rlm_bot.limits.admins import is_admin
from rlm_bot.limits.clock import day_start, next_reset, utc
from rlm_bot.limits.messages import budget_message, rate_message
from rlm_bot.limits.spend import spend_between
from rlm_bot.limits.types import (ALLOWED, Budget, BudgetSetting, BudgetView, LimitDecision,
                                  LimitsError)
from rlm_bot.storage import Database


class Limits:
    """Rates and budgets of one workspace's users and channels, shared by replicas through SQL."""

    def __init__(self, db: Database, slack_settings: SlackSettings) -> None:
        self._db = db
        self._settings = slack_settings

    def check(self, *, workspace: str, user: str, channel: str | None,
              now: datetime | None = None) -> LimitDecision:
        """Whether a request of `user` in `channel` (None or "": none) may run now (records nothing)."""
        now, channel = utc(now), channel or None
        _require(workspace, user)
        with self._db.session() as s:
            decision = self._budget_decision(s, workspace, user, channel, now)
            return decision if not decision.allowed else self._rate_decision(s, workspace, user,
                                                                             channel, now)

    def admit(self, *, workspace: str, user: str, channel: str | None,
              now: datetime | None = None) -> LimitDecision:
        """`check`, and when allowed log the request, so it counts against the rate limits.

        Admits of one workspace are serialised across processes (see rlm_bot.limits.rates), so
        concurrent replicas never admit more than the limit within a window.
        """
        now, channel = utc(now), channel or None
        _require(workspace, user)
        with self._db.session() as s:
            decision = self._budget_decision(s, workspace, user, channel, now)
        if not decision.allowed:
            return decision
        with self._db.session() as s:
            rates.lock_and_prune(s, self._db.dialect, workspace, now)
            decision = self._rate_decision(s, workspace, user, channel, now)
            if decision.allowed:
                rates.record(s, workspace=workspace, user=user, channel=channel, now=now)
        return decision

    def set_budget(self, *, workspace: str, kind: str, target: str, dollars: float | None,
                   set_by: str | None) -> None:
        """Set the daily budget of a user or channel (`kind`); None removes it (back to the default)."""
        value = budgets.validate(workspace=workspace, kind=kind, target=target, dollars=dollars)
        with self._db.session() as s:
            if value is None:
                budgets.remove(s, workspace=workspace, kind=kind, target=target)
            else:
                budgets.put(s, self._db.dialect, workspace=workspace, kind=kind, target=target,
                            dollars=value, set_by=set_by)

    def budgets(self, workspace: str) -> list[BudgetSetting]:
        """Every budget an admin set in the workspace."""
        with self._db.session() as s:
            return budgets.listing(s, workspace)

    def budget_view(self, *, workspace: str, user: str, channel: str | None,
                    now: datetime | None = None) -> BudgetView:
        """The user's and channel's budgets, spend today, rate limits and use of the last minute."""
        now, channel = utc(now), channel or None
        _require(workspace, user)
        cfg = self._settings
        with self._db.session() as s:
            user_budget = self._budget(s, workspace, "user", user, now)
            channel_budget = (self._budget(s, workspace, "channel", channel, now)
                              if channel is not None else None)
            user_used, _ = rates.usage(s, workspace, "user", user, limit=0, now=now)
            channel_used = (rates.usage(s, workspace, "channel", channel, limit=0, now=now)[0]
                            if channel is not None else 0)
        return BudgetView(user=user_budget, channel=channel_budget, resets_at=next_reset(now),
                          user_rate_per_minute=cfg.user_rate_per_minute,
                          channel_rate_per_minute=cfg.channel_rate_per_minute,
                          user_requests_last_minute=user_used,
                          channel_requests_last_minute=channel_used)

    def spend_today(self, *, workspace: str, user: str | None = None, channel: str | None = None,
                    now: datetime | None = None) -> float:
        """Dollars spent since 00:00 UTC today (by the user / in the channel when given)."""
        return self.spend_since(workspace, user=user, channel=channel, since=day_start(utc(now)))

    def spend_since(self, workspace: str, *, user: str | None = None, channel: str | None = None,
                    since: datetime, until: datetime | None = None) -> float:
        """Dollars spent in the workspace since `since` (by the user / in the channel when given)."""
        with self._db.session() as s:
            return spend_between(s, workspace, user=user, channel=channel, since=since,
                                 until=until)

    def is_admin(self, user: str, *, slack_user: dict | None = None,
                 settings: SlackSettings | None = None) -> bool:
        """Whether `user` may set budgets (see rlm_bot.limits.admins.is_admin); default: own settings."""
        return is_admin(user, slack_user=slack_user, settings=settings or self._settings)

    def _budget(self, s: Session, workspace: str, kind: str, target: str, now: datetime, *,
                with_spend: bool = True) -> Budget:
        row = budgets.find(s, workspace, kind, target)
        if row is not None:
            dollars, source, set_by = row.daily_dollars, "admin", row.set_by
        else:
            dollars = (self._settings.user_daily_budget if kind == "user"
                       else self._settings.channel_daily_budget)
            source, set_by = ("default" if dollars is not None else "none"), None
        spent = 0.0
        if with_spend or dollars is not None:
            spent = spend_between(s, workspace, since=day_start(now),
                                  **{("user" if kind == "user" else "channel"): target})
        return Budget(dollars=dollars, spent=spent, source=source, set_by=set_by)

    def _budget_decision(self, s: Session, workspace: str, user: str, channel: str | None,
                         now: datetime) -> LimitDecision:
        for kind, target in (("user", user), ("channel", channel)):
            if target is None:
                continue
            budget = self._budget(s, workspace, kind, target, now, with_spend=False)
            if budget.exhausted:
                resets_at = next_reset(now)
                return LimitDecision(
                    allowed=False, reason=f"{kind}_budget", resets_at=resets_at,
                    message=budget_message(kind, budget.dollars, budget.spent, now, resets_at),
                    limit=budget.dollars, used=budget.spent)
        return ALLOWED

    def _rate_decision(self, s: Session, workspace: str, user: str, channel: str | None,
                       now: datetime) -> LimitDecision:
        limits = (("user", user, self._settings.user_rate_per_minute),
                  ("channel", channel, self._settings.channel_rate_per_minute))
        for kind, target, limit in limits:
            if target is None or limit <= 0:
                continue
            used, resets_at = rates.usage(s, workspace, kind, target, limit=limit, now=now)
            if resets_at is not None:
                return LimitDecision(allowed=False, reason=f"{kind}_rate", resets_at=resets_at,
                                     message=rate_message(kind, limit, now, resets_at),
                                     limit=float(limit), used=float(used))
        return ALLOWED


def _require(workspace: str, user: str) -> None:
    if not workspace or not user:
        raise LimitsError("limits need the workspace (team) id and the user id of the request")
