"""The learning report: what the bot did over a period, what users thought, what it learned.

`build_report(db, since=..., until=...)` reads outcomes, feedback, adjustments and the
learning-rate trajectory and returns a `Report` whose `to_dict()` is the `--json` object and
whose `to_text()` is the Slack / terminal summary. An empty store gives an empty report.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa

from rlm_bot.learning.adjustments import AdjustmentStore
from rlm_bot.learning.meta import MetaLearner
from rlm_bot.learning.prices import ModelPrice, known_prices, strongest
from rlm_bot.storage import Database
from rlm_bot.storage.learning_tables import ReportSnapshot
from rlm_bot.storage.models import Feedback, Outcome

TOP_FAILURES = 5
TOP_ADJUSTMENTS = 5
MIN_EVIDENCE = 2  # adjustments resting on fewer observations are not shown as learned
EXAMPLE_CHARS = 80
_SINCE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([mhdw])\s*$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_since(text: str) -> timedelta:
    """A period like `7d`, `24h`, `90m` or `2w` as a timedelta (ValueError when malformed)."""
    match = _SINCE.match(text or "")
    if not match:
        raise ValueError(f"--since {text!r} is not a period; use e.g. 7d, 24h, 90m or 2w")
    amount = float(match.group(1))
    if amount <= 0:
        raise ValueError(f"--since {text!r} must be longer than zero")
    return timedelta(**{_UNITS[match.group(2)]: amount})


@dataclass
class Report:
    """The figures of one learning report (plain data; charts are rendered from it)."""

    since: datetime
    until: datetime
    tasks: int = 0
    succeeded: int = 0
    rated: int = 0
    satisfaction_rate: float | None = None
    success_rate: float | None = None
    feedback: dict[str, int] = field(default_factory=lambda: {"positive": 0, "negative": 0})
    cost: dict[str, Any] = field(default_factory=dict)
    routing_mix: dict[str, int] = field(default_factory=dict)
    satisfaction_by_model: dict[str, dict[str, Any]] = field(default_factory=dict)
    strategy_wins: list[dict[str, Any]] = field(default_factory=list)
    top_failures: list[dict[str, Any]] = field(default_factory=list)
    learning_rates: dict[str, float] = field(default_factory=dict)
    trajectory: list[dict[str, Any]] = field(default_factory=list)
    learned: list[dict[str, Any]] = field(default_factory=list)
    daily: list[dict[str, Any]] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    tz: str = "UTC"  # the time zone the text shows the period in (RLM_REPORT_TZ)

    def to_dict(self) -> dict[str, Any]:
        """The `--json` object: `cost` is the total in dollars, details under `cost_detail`."""
        return {
            "since": self.since.isoformat(), "until": self.until.isoformat(),
            "tasks": self.tasks, "succeeded": self.succeeded, "success_rate": self.success_rate,
            "rated": self.rated, "satisfaction_rate": self.satisfaction_rate,
            "feedback": dict(self.feedback), "cost": self.cost.get("total", 0.0),
            "cost_per_task": self.cost.get("per_task"), "cost_detail": dict(self.cost),
            "routing_mix": dict(self.routing_mix),
            "satisfaction_by_model": self.satisfaction_by_model,
            "strategy_wins": self.strategy_wins, "top_failures": self.top_failures,
            "learning_rates": self.learning_rates, "trajectory": self.trajectory,
            "learned": self.learned, "daily": self.daily, "changes": self.changes,
        }

    def to_text(self) -> str:
        """A short mrkdwn summary for Slack and the terminal."""
        return render_text(self)


def build_report(db: Database, *, since: datetime, until: datetime | None = None,
                 settings=None) -> Report:
    """Build the report of [since, until) from the store (settings: for profile prices)."""
    until = until or datetime.now(timezone.utc)
    report = Report(since=since, until=until,
                    tz=settings.learning.report_tz if settings is not None else "UTC")
    with db.session() as s:
        outcomes = s.scalars(sa.select(Outcome).where(Outcome.created_at >= since,
                                                      Outcome.created_at < until)
                             .order_by(Outcome.created_at)).all()
        signals = s.execute(sa.select(Feedback.value, Feedback.kind, Feedback.removed_at)
                            .where(Feedback.created_at >= since, Feedback.created_at < until)).all()
    _tasks(report, outcomes)
    _feedback(report, signals)
    prices = known_prices(db, settings) if outcomes else {}
    order = tuple(settings.routing.cascade_order) if settings is not None else ()
    _cost(report, outcomes, prices, order)
    _mix_and_strategies(report, outcomes)
    _failures(report, outcomes)
    _learning(report, db, since)
    _daily(report, outcomes)
    report.changes = changes_since(previous_snapshot(db, before=until), report)
    return report


def _tasks(report: Report, outcomes: list[Outcome]) -> None:
    report.tasks = len(outcomes)
    report.succeeded = sum(1 for o in outcomes if o.success)
    rated = [o.satisfaction for o in outcomes if o.satisfaction is not None]
    report.rated = len(rated)
    report.success_rate = _ratio(report.succeeded, report.tasks)
    report.satisfaction_rate = _mean(rated)


def _feedback(report: Report, signals) -> None:
    counts = Counter()
    for value, kind, removed_at in signals:
        if removed_at is not None:
            counts["removed"] += 1
            continue
        counts["positive" if value > 0 else "negative"] += 1
        counts[f"by_{kind}"] += 1
    report.feedback = {"positive": counts["positive"], "negative": counts["negative"],
                       "removed": counts["removed"], "reactions": counts["by_reaction"],
                       "buttons": counts["by_button"], "commands": counts["by_command"]}


def _cost(report: Report, outcomes: list[Outcome], prices: dict[str, ModelPrice],
          order: tuple[str, ...]) -> None:
    total = float(sum(o.cost or 0.0 for o in outcomes))
    detail: dict[str, Any] = {"total": round(total, 6),
                              "per_task": round(total / len(outcomes), 6) if outcomes else None,
                              "strongest_model": None, "always_strongest": None, "saved": None,
                              "saved_share": None, "price_source": None}
    top = strongest(prices, order)
    if top is not None and outcomes:
        counterfactual = sum(_strongest_cost(o, top) for o in outcomes)
        detail.update(strongest_model=top.model, price_source=top.source,
                      always_strongest=round(counterfactual, 6),
                      saved=round(counterfactual - total, 6),
                      saved_share=_ratio(counterfactual - total, counterfactual))
    report.cost = detail


def _strongest_cost(outcome: Outcome, top: ModelPrice) -> float:
    """What one answer would have cost on the strongest model: one call with the tokens of an
    average call of its cascade (what we paid, when the strongest model answered alone)."""
    calls = max(1, len(outcome.models or []))
    if outcome.model == top.model and calls == 1:
        return outcome.cost or 0.0
    return top.cost((outcome.tokens_in or 0) // calls, (outcome.tokens_out or 0) // calls)


def _mix_and_strategies(report: Report, outcomes: list[Outcome]) -> None:
    mix = Counter(o.model or "none" for o in outcomes)
    report.routing_mix = dict(mix.most_common())
    by_model: dict[str, list[float]] = defaultdict(list)
    by_strategy: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if o.satisfaction is not None:
            by_model[o.model or "none"].append(o.satisfaction)
        by_strategy[o.pattern or o.strategy or "direct"].append(o)
    report.satisfaction_by_model = {
        m: {"tasks": mix[m], "rated": len(v), "satisfaction": _mean(v)}
        for m, v in sorted(by_model.items())}
    wins = []
    for name, items in by_strategy.items():
        rated = [o.satisfaction for o in items if o.satisfaction is not None]
        wins.append({"strategy": name, "tasks": len(items),
                     "success_rate": _ratio(sum(1 for o in items if o.success), len(items)),
                     "satisfaction": _mean(rated), "rated": len(rated),
                     "satisfied": sum(1 for v in rated if v >= 0.5)})
    report.strategy_wins = sorted(wins, key=lambda w: (-w["satisfied"], -w["tasks"], w["strategy"]))


def _failures(report: Report, outcomes: list[Outcome]) -> None:
    failed: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if not o.success:
            failed[o.error_class or "unknown"].append(o)
        elif o.satisfaction is not None and o.satisfaction < 0.5:
            failed["unsatisfied"].append(o)
    ranked = sorted(failed.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:TOP_FAILURES]
    report.top_failures = [{"error": name, "count": len(items),
                            "example": _clip(items[-1].query_text)} for name, items in ranked]


def _learning(report: Report, db: Database, since: datetime) -> None:
    meta = MetaLearner(db)
    points = meta.trajectory()
    report.learning_rates = {}
    for p in points:
        report.learning_rates[p.learner] = round(p.rate, 4)
    report.trajectory = [{"learner": p.learner, "at": _iso(p.at), "rate": round(p.rate, 4),
                          "accuracy": None if p.accuracy is None else round(p.accuracy, 3)}
                         for p in points if _aware(p.at) >= since]
    stats = [s for s in AdjustmentStore(db).stats("routing") if s.count >= MIN_EVIDENCE]
    ranked = sorted(stats, key=lambda s: (-s.count, s.scope, s.item))[:TOP_ADJUSTMENTS * 2]
    report.learned = [{"kind": s.kind, "key": f"{s.scope}:{s.item}", "value": round(s.value, 3),
                       "count": s.count} for s in ranked]


def _daily(report: Report, outcomes: list[Outcome]) -> None:
    days: dict[str, dict[str, Any]] = {}
    for o in outcomes:
        day = _aware(o.created_at).date().isoformat()
        entry = days.setdefault(day, {"day": day, "tasks": 0, "cost": 0.0, "models": Counter(),
                                      "satisfaction": []})
        entry["tasks"] += 1
        entry["cost"] += o.cost or 0.0
        entry["models"][o.model or "none"] += 1
        if o.satisfaction is not None:
            entry["satisfaction"].append(o.satisfaction)
    report.daily = [{"day": d["day"], "tasks": d["tasks"], "cost": round(d["cost"], 6),
                     "models": dict(d["models"]), "satisfaction": _mean(d["satisfaction"])}
                    for d in sorted(days.values(), key=lambda d: d["day"])]


# --- snapshots and changes -----------------------------------------------------------------------


def save_snapshot(db: Database, report: Report, period_key: str | None = None) -> int:
    """Store the report's figures, so the next report can say what changed."""
    with db.session() as s:
        snap = ReportSnapshot(period_key=period_key, since=report.since, until=report.until,
                              summary=report.to_dict())
        s.add(snap)
        s.flush()
        return snap.id


def previous_snapshot(db: Database, *, before: datetime | None = None) -> dict[str, Any] | None:
    """The figures of the newest stored report (created before `before`), if any."""
    query = sa.select(ReportSnapshot.summary).order_by(ReportSnapshot.created_at.desc(),
                                                       ReportSnapshot.id.desc()).limit(1)
    if before is not None:
        query = query.where(ReportSnapshot.created_at <= before)
    with db.session() as s:
        return s.scalar(query)


def changes_since(previous: dict[str, Any] | None, report: Report) -> list[str]:
    """Plain sentences about what moved since the previous report."""
    if not previous:
        return ["first report: nothing to compare with yet"]
    lines = []
    lines += _delta_line("tasks", previous.get("tasks"), report.tasks, fmt="{:d}")
    lines += _delta_line("satisfaction", previous.get("satisfaction_rate"),
                         report.satisfaction_rate, fmt="{:.0%}")
    lines += _delta_line("success rate", previous.get("success_rate"), report.success_rate,
                         fmt="{:.0%}")
    lines += _delta_line("cost per task", previous.get("cost_per_task"),
                         report.cost.get("per_task"), fmt="${:.4f}")
    before_rates = previous.get("learning_rates") or {}
    for learner, rate in sorted(report.learning_rates.items()):
        old = before_rates.get(learner)
        if old is not None and abs(old - rate) > 1e-9:
            lines.append(f"{learner} learning rate {old:.3f} → {rate:.3f}")
    before_learned = {e["key"]: e["value"] for e in previous.get("learned") or []}
    for entry in report.learned:
        old = before_learned.get(entry["key"])
        if old is None:
            lines.append(f"newly learned: {entry['key']} = {entry['value']:.2f}")
        elif abs(old - entry["value"]) >= 0.05:
            lines.append(f"{entry['key']} {old:.2f} → {entry['value']:.2f}")
    old_mix = _shares(previous.get("routing_mix") or {})
    for model, share in _shares(report.routing_mix).items():
        if abs(share - old_mix.get(model, 0.0)) >= 0.1:
            lines.append(f"{model} share of answers {old_mix.get(model, 0.0):.0%} → {share:.0%}")
    return lines or ["no notable change since the last report"]


def _delta_line(name: str, old, new, *, fmt: str) -> list[str]:
    if old is None or new is None or old == new:
        return []
    arrow = "up" if new > old else "down"
    return [f"{name} {arrow}: {fmt.format(old)} → {fmt.format(new)}"]


def _shares(mix: dict[str, int]) -> dict[str, float]:
    total = sum(mix.values())
    return {m: n / total for m, n in mix.items()} if total else {}


# --- text ----------------------------------------------------------------------------------------


def render_text(report: Report) -> str:
    """The report as mrkdwn lines (Slack) that also read well in a terminal."""
    period = _period(report)
    if report.tasks == 0:
        lines = [f"*Learning report* ({period})", "No answered tasks in this period yet."]
        if report.learning_rates:
            lines.append("Learning rates: " + _rates(report.learning_rates))
        return "\n".join(lines)
    fb = report.feedback
    lines = [
        f"*Learning report* ({period})",
        f"• Tasks: {report.tasks}, succeeded {_pct(report.success_rate)}; "
        f"rated {report.rated}, satisfaction {_pct(report.satisfaction_rate)}",
        f"• Feedback: {fb['positive']} positive, {fb['negative']} negative"
        + (f", {fb['removed']} withdrawn" if fb.get("removed") else ""),
        f"• Cost: {_money(report.cost.get('total'))} total, "
        f"{_money(report.cost.get('per_task'))} per task" + _saved(report.cost),
        "• Routing mix: " + ", ".join(f"{m} {n}" for m, n in report.routing_mix.items()),
    ]
    if report.strategy_wins:
        lines.append("• Strategies: " + ", ".join(
            f"{w['strategy']} {w['satisfied']}/{w['rated']} satisfied ({w['tasks']} tasks)"
            for w in report.strategy_wins[:4]))
    if report.top_failures:
        lines.append("• Top failures: " + "; ".join(
            f"{f['error']} ×{f['count']}" for f in report.top_failures))
    if report.learning_rates:
        lines.append("• Learning rates: " + _rates(report.learning_rates))
    if report.learned:
        lines.append("• Learned: " + ", ".join(
            f"{e['key']} {e['value']:.2f} (n={e['count']})" for e in report.learned[:TOP_ADJUSTMENTS]))
    lines.append("• Since last report: " + "; ".join(report.changes))
    return "\n".join(lines)


def _period(report: Report) -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        zone = ZoneInfo(report.tz)
    except (ZoneInfoNotFoundError, ValueError):
        zone, report.tz = timezone.utc, "UTC"
    since, until = _aware(report.since).astimezone(zone), _aware(report.until).astimezone(zone)
    return f"{since:%Y-%m-%d %H:%M} → {until:%Y-%m-%d %H:%M} {report.tz}"


def _saved(cost: dict[str, Any]) -> str:
    if cost.get("saved") is None:
        return ""
    return (f"; {_money(cost['saved'])} ({_pct(cost.get('saved_share'))}) saved against always "
            f"using {cost['strongest_model']}")


def _rates(rates: dict[str, float]) -> str:
    return ", ".join(f"{k} {v:.3f}" for k, v in sorted(rates.items()))


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _money(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"${value:.4f}" if abs(value) < 1 else f"${value:,.2f}"


def _ratio(a: float, b: float) -> float | None:
    return round(a / b, 4) if b else None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 4) if values else None


def _clip(text: str | None) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS - 1] + "…"


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def _iso(value: datetime) -> str:
    return _aware(value).isoformat()
