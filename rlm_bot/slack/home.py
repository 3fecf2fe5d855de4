"""App Home: the user's recent tasks with their satisfaction, spend this week, budgets, prompts.

`app_home_opened` on the Home tab publishes the view; on the Messages tab (the agent view, the
default since mid-2026) it offers suggested prompts instead.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from typing import Any

from rlm_bot.slack.format import neutralize
from rlm_bot.storage.models import Outcome

log = logging.getLogger(__name__)
RECENT = 8


def register_home(app: Any, bot: Any, prompts: tuple[dict[str, str], ...]) -> None:
    """Attach the `app_home_opened` listener."""

    @app.event("app_home_opened")
    def on_home(event: dict, context: Any, client: Any) -> None:
        from slack_sdk.errors import SlackApiError

        user = event.get("user")
        try:
            if event.get("tab") == "messages":
                client.assistant_threads_setSuggestedPrompts(channel_id=event.get("channel"),
                                                             prompts=list(prompts))
            elif user:
                team = str(context.get("team_id") or "local")
                client.views_publish(user_id=user, view=home_view(bot, team=team, user=user,
                                                                  prompts=prompts))
        except SlackApiError as exc:
            log.info("could not refresh App Home for %s: %s", user, exc)
        except Exception:  # noqa: BLE001 - a broken home view must not break the listener
            log.warning("App Home failed for %s", user, exc_info=True)


def home_view(bot: Any, *, team: str, user: str, prompts: tuple[dict[str, str], ...],
              now: datetime | None = None) -> dict[str, Any]:
    """The Home tab of one user: recent tasks, spend, budgets and suggested prompts."""
    now = now or datetime.now(timezone.utc)
    rows = _recent(bot, team, user)
    spent = bot.limits().spend_since(team, user=user, since=now - timedelta(days=7))
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "rlm_bot"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": (
            "Mention me in a channel, DM me, or use `/rlm` — I compute what can be computed, "
            "recall what your team told me, and read long texts and files in parts.")}},
        {"type": "section", "fields": [
            {"type": "mrkdwn", "text": f"*Spend this week*\n${spent:.4f}"},
            {"type": "mrkdwn", "text": f"*Budgets*\n{_budgets(bot, team, user)}"}]},
        {"type": "divider"},
        {"type": "header", "text": {"type": "plain_text", "text": "Your recent tasks"}},
    ]
    if not rows:
        blocks.append({"type": "section", "text": {"type": "mrkdwn",
                                                   "text": "_Nothing yet — ask me something._"}})
    for row in rows:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": _task_line(row)}})
    blocks += [{"type": "divider"},
               {"type": "header", "text": {"type": "plain_text", "text": "Try asking"}}]
    for prompt in prompts:
        blocks.append({"type": "section", "text": {"type": "mrkdwn",
                                                   "text": f"*{prompt['title']}* — {prompt['message']}"}})
    return {"type": "home", "blocks": blocks[:100]}


def _recent(bot: Any, team: str, user: str) -> list[Any]:
    import sqlalchemy as sa

    with bot.db.session() as s:
        return list(s.scalars(sa.select(Outcome).where(Outcome.workspace == team,
                                                       Outcome.user_id == user)
                              .order_by(Outcome.created_at.desc()).limit(RECENT)))


def _budgets(bot: Any, team: str, user: str) -> str:
    try:
        view = bot.limits().budget_view(workspace=team, user=user, channel="")
    except Exception:  # noqa: BLE001 - limits not available: say so rather than fail the view
        return "none set"
    budget = getattr(view, "user_budget", None)
    return "none set" if budget is None else f"${budget:.2f} a day"


def _task_line(row: Any) -> str:
    question = " ".join((row.query_text or "").split())
    question = question if len(question) <= 90 else question[:89] + "…"
    if not row.success:
        verdict = ":warning: failed"
    elif row.satisfaction is None:
        verdict = "not rated"
    else:
        verdict = ":+1:" if row.satisfaction >= 0.5 else ":-1:"
    when = row.created_at.strftime("%d %b %H:%M") if row.created_at else ""
    return f"{neutralize(question)}\n_{when} · {row.strategy or '-'} · ${row.cost or 0:.4f} · {verdict}_"
