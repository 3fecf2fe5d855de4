"""The usage ledger's stores: sqlite3 on a migrated SQLite file writes the same rows as the ORM."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from rlm_bot.config import load_settings
from rlm_bot.storage import Database, open_database, open_usage_store
from rlm_bot.storage.models import Usage
from rlm_bot.storage.usage_store import (
    USAGE_COLUMNS,
    DatabaseUsageStore,
    SqliteUsageStore,
    sqlite_file,
)


def _row(run_id: str, n: int, **over) -> dict:
    row = {"run_id": run_id, "outcome_id": None, "workspace": "T1", "model": f"model-{n}",
           "prompt_tokens": 10 + n, "completion_tokens": n, "cost": 0.25 * n, "latency_ms": 12.5 + n,
           "ok": n % 2 == 0, "error": None if n % 2 == 0 else f"failure {n}"}
    return {**row, **over}


def test_usage_store_columns_are_the_usage_tables():
    table = {c.name for c in Usage.__table__.columns}
    assert set(USAGE_COLUMNS) | {"id", "created_at"} == table


def test_usage_store_sqlite_and_orm_rows_read_back_the_same(tmp_path):
    settings = load_settings()
    db = open_database(settings)  # the data dir's file, migrated
    lean = open_usage_store(settings)
    assert isinstance(lean, SqliteUsageStore)
    orm = DatabaseUsageStore(db)
    before = datetime.now(timezone.utc).replace(tzinfo=None) - timedelta(seconds=1)
    lean.add_usage([_row("lean", n) for n in range(4)])
    orm.add_usage([_row("orm", n) for n in range(4)])
    lean.attach_outcome("lean", "out-l")
    orm.attach_outcome("orm", "out-o")
    lean.add_usage([_row("lean", 9)])  # after the attach: no outcome until attached again
    lean.close()
    with db.session() as s:
        rows = s.execute(sa.select(Usage).order_by(Usage.id)).scalars().all()
    assert [r.run_id for r in rows] == ["lean"] * 4 + ["orm"] * 4 + ["lean"]
    fields = [c for c in USAGE_COLUMNS if c not in ("run_id", "outcome_id")]
    for a, b in zip(rows[:4], rows[4:8]):
        assert [getattr(a, f) for f in fields] == [getattr(b, f) for f in fields]
        assert type(a.ok) is bool and type(a.created_at) is type(b.created_at) is datetime
        assert before <= a.created_at.replace(tzinfo=None) <= datetime.now(timezone.utc).replace(tzinfo=None)
    assert {r.outcome_id for r in rows[:4]} == {"out-l"} and {r.outcome_id for r in rows[4:8]} == {"out-o"}
    assert rows[8].outcome_id is None


def test_usage_store_falls_back_to_the_database_when_the_file_is_not_migrated(tmp_path, monkeypatch):
    settings = load_settings()
    path = sqlite_file(settings)
    assert not path.exists()
    store = open_usage_store(settings)  # no file yet: the Database creates and migrates it
    assert isinstance(store, DatabaseUsageStore)
    store.add_usage([_row("r", 0)])
    assert isinstance(open_usage_store(settings), SqliteUsageStore)  # migrated now
    stale = tmp_path / "stale.db"
    sqlite3.connect(stale).close()  # a SQLite file with no schema at all
    monkeypatch.setenv("RLM_DATABASE_URL", f"sqlite:///{stale}")
    assert SqliteUsageStore.open(stale) is None
    fallback = open_usage_store(load_settings())
    assert isinstance(fallback, DatabaseUsageStore)
    fallback.add_usage([_row("s", 0)])
    with fallback.db.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Usage)) == 1


@pytest.mark.parametrize(("url", "expected"), [
    ("postgresql://u@h/db", None), ("sqlite://", None), ("sqlite:///:memory:", None),
    ("sqlite:///rel/x.db", "rel/x.db"), ("sqlite:////abs/x.db", "/abs/x.db"),
    ("sqlite:////abs/x.db?timeout=3", None),
])
def test_usage_store_sqlite_file_of_a_url(monkeypatch, url, expected):
    monkeypatch.setenv("RLM_DATABASE_URL", url)
    path = sqlite_file(load_settings())
    assert (str(path) if path is not None else None) == expected


def test_usage_store_a_sqlite_write_that_fails_raises_and_keeps_nothing(tmp_path):
    settings = load_settings()
    open_database(settings)
    store = open_usage_store(settings)
    with pytest.raises(sqlite3.Error):
        store.add_usage([_row("x", 0), _row("x", 1, model=object())])  # the second cannot be bound
    store.close()
    db = Database(settings.sql_url)
    try:
        with db.session() as s:
            assert s.scalar(sa.select(sa.func.count()).select_from(Usage)) == 0  # one transaction
    finally:
        db.dispose()
