"""Budget rows admins set: validated, upserted atomically, removed, read back."""

from __future__ import annotations

import math

import sqlalchemy as sa
from sqlalchemy.orm import Session

from rlm_bot.limits.clock import utc
from rlm_bot.limits.types import KINDS, BudgetSetting, LimitsError
from rlm_bot.storage.limits_tables import DailyBudget


def validate(*, workspace: str, kind: str, target: str, dollars: float | None) -> float | None:
    """The dollars to store (None: remove), or LimitsError naming what is wrong."""
    if kind not in KINDS:
        raise LimitsError(f"unknown budget kind {kind!r}; use 'user' or 'channel'")
    if not workspace or not target:
        raise LimitsError(f"a {kind} budget needs the workspace and the {kind} id it applies to")
    if dollars is None:
        return None
    if isinstance(dollars, bool) or not isinstance(dollars, (int, float)):
        raise LimitsError(f"a daily budget is a number of dollars, not {dollars!r}")
    if not math.isfinite(dollars) or dollars < 0:
        raise LimitsError(f"a daily budget must be 0 dollars or more (got {dollars}); "
                          "give none to go back to the default")
    return float(dollars)


def put(session: Session, dialect: str, *, workspace: str, kind: str, target: str,
        dollars: float, set_by: str | None) -> None:
    """Insert or replace the budget of (workspace, kind, target) in one statement."""
    values = {"workspace": workspace, "kind": kind, "target": target, "daily_dollars": dollars,
              "set_by": set_by, "updated_at": utc()}
    if dialect in ("postgresql", "sqlite"):
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        update = {k: values[k] for k in ("daily_dollars", "set_by", "updated_at")}
        session.execute(insert(DailyBudget).values(**values).on_conflict_do_update(
            index_elements=["workspace", "kind", "target"], set_=update))
        return
    row = find(session, workspace, kind, target)
    if row is None:
        session.add(DailyBudget(**values))
    else:
        row.daily_dollars, row.set_by, row.updated_at = dollars, set_by, values["updated_at"]


def remove(session: Session, *, workspace: str, kind: str, target: str) -> bool:
    """Delete the budget row of (workspace, kind, target); True when there was one."""
    result = session.execute(sa.delete(DailyBudget).where(
        DailyBudget.workspace == workspace, DailyBudget.kind == kind, DailyBudget.target == target))
    return result.rowcount > 0


def find(session: Session, workspace: str, kind: str, target: str) -> DailyBudget | None:
    """The budget row of (workspace, kind, target), if an admin set one."""
    return session.scalar(sa.select(DailyBudget).where(
        DailyBudget.workspace == workspace, DailyBudget.kind == kind, DailyBudget.target == target))


def listing(session: Session, workspace: str) -> list[BudgetSetting]:
    """Every budget row of the workspace, users first, then channels, by target."""
    rows = session.scalars(sa.select(DailyBudget).where(DailyBudget.workspace == workspace)
                           .order_by(DailyBudget.kind.desc(), DailyBudget.target))
    return [BudgetSetting(workspace=r.workspace, kind=r.kind, target=r.target,
                          daily_dollars=r.daily_dollars, set_by=r.set_by,
                          updated_at=utc(r.updated_at)) for r in rows]
