"""Usage limits of the Slack app: per-user and per-channel request rates and daily dollar budgets.

Checked before any work, shared by every replica through SQL (tables `budgets`, `request_log`;
spend is the sum of `outcomes.cost` since 00:00 UTC):

    limits = Limits(db, settings.slack)
    decision = limits.admit(workspace=team, user=user, channel=channel)   # logs it when allowed
    if not decision.allowed: reply(decision.message)    # says when it resets (decision.resets_at)
    if is_admin(user, slack_user=users_info, settings=settings.slack):
        limits.set_budget(workspace=team, kind="user", target=uid, dollars=5.0, set_by=user)
    view = limits.budget_view(workspace=team, user=user, channel=channel)  # App Home
"""

from rlm_bot.limits.admins import is_admin
from rlm_bot.limits.limits import Limits
from rlm_bot.limits.messages import money, wait_words
from rlm_bot.limits.types import (KINDS, REASONS, Budget, BudgetSetting, BudgetView,
                                  LimitDecision, LimitsError)

__all__ = ["KINDS", "REASONS", "Budget", "BudgetSetting", "BudgetView", "LimitDecision", "Limits",
           "LimitsError", "is_admin", "money", "wait_words"]
