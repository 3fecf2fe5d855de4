"""Where the usage ledger puts its rows: a `UsageStore` over the SQL `usage` table.

    store = open_usage_store(settings)   # sqlite3 on a migrated SQLite file, else the Database
    store.add_usage([{"run_id": "r1", "model": "m", "prompt_tokens": 3, ...}])   # one transaction
    store.attach_outcome("r1", "outcome-7")   # rows of run r1 without an outcome get it
    store.close()

A cold `rlm-bot scheme` run records every model call, and importing SQLAlchemy with the table
models costs ~0.3 s of CPU: done while the run's calls are in flight, it holds the GIL the event
loop needs to send and read them. In the common case — the SQLite file of the data dir, already
migrated to the shipped heads — rows go in through the standard library's sqlite3 instead, with
the same columns and the same stored formats as SQLAlchemy's (a test writes through both and
reads them back through the ORM). Every other case (PostgreSQL, a file not there or not migrated
yet) takes the `Database`, which migrates first. This module imports only the standard library.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol

from rlm_bot.storage.revisions import ALEMBIC_VERSION_TABLE, apply_sqlite_pragmas, shipped_heads

# the columns a usage row gives (`id` and `created_at` are the table's own)
USAGE_COLUMNS = ("run_id", "outcome_id", "workspace", "model", "prompt_tokens", "completion_tokens",
                 "cost", "latency_ms", "ok", "error")
SQLITE_CONNECT_TIMEOUT_S = 30  # as the Database's engine connects
_SQLITE_PREFIX = "sqlite:///"
_INSERT = (f"INSERT INTO usage (created_at, {', '.join(USAGE_COLUMNS)}) "
           f"VALUES (?, {', '.join('?' for _ in USAGE_COLUMNS)})")
_ATTACH = "UPDATE usage SET outcome_id = ? WHERE run_id = ? AND outcome_id IS NULL"


class UsageStore(Protocol):
    """Appends usage rows and labels a run's rows with its outcome."""

    def add_usage(self, rows: list[dict[str, Any]]) -> None:
        """Insert rows (dicts keyed by USAGE_COLUMNS) in one transaction; raises on failure."""

    def attach_outcome(self, run_id: str, outcome_id: str) -> None:
        """Give every row of `run_id` that has no outcome yet the outcome id."""

    def close(self) -> None:
        """Release what the store holds."""


class SqliteUsageStore:
    """A UsageStore on one SQLite file through sqlite3 (no SQLAlchemy); one thread at a time."""

    def __init__(self, connection: Any) -> None:
        """`connection`: a sqlite3 connection to a migrated file (see `open`)."""
        self._conn = connection

    @classmethod
    def open(cls, path: Path) -> SqliteUsageStore | None:
        """The store on `path` when it is a SQLite file migrated to the shipped heads; None when
        it is not (missing, not migrated, not a database): the Database deals with those."""
        import sqlite3  # deferred: importing this module stays free for the LLM client's

        heads = shipped_heads()
        if not heads or not path.is_file():
            return None
        try:
            conn = sqlite3.connect(str(path), timeout=SQLITE_CONNECT_TIMEOUT_S, check_same_thread=False)
        except sqlite3.Error:
            return None
        try:
            apply_sqlite_pragmas(conn)
            stored = {row[0] for row in conn.execute(f"SELECT version_num FROM {ALEMBIC_VERSION_TABLE}")}
        except sqlite3.Error:
            conn.close()
            return None
        if stored != heads:
            conn.close()
            return None
        return cls(conn)

    def add_usage(self, rows: list[dict[str, Any]]) -> None:
        """Insert `rows` in one transaction, stamped now (UTC, stored as SQLAlchemy stores it)."""
        values = []
        for row in rows:
            created = sqlite_datetime(datetime.now(timezone.utc))
            values.append((created, *(_sqlite_value(row.get(name)) for name in USAGE_COLUMNS)))
        with self._conn:  # commits, or rolls back and raises
            self._conn.executemany(_INSERT, values)

    def attach_outcome(self, run_id: str, outcome_id: str) -> None:
        """Label the run's rows that have no outcome yet."""
        with self._conn:
            self._conn.execute(_ATTACH, (outcome_id, run_id))

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()


class DatabaseUsageStore:
    """A UsageStore on a `Database` (any dialect) through the ORM's `Usage` model."""

    def __init__(self, db: Any) -> None:
        self.db = db

    def add_usage(self, rows: list[dict[str, Any]]) -> None:
        """Insert `rows` in one session."""
        from rlm_bot.storage.models import Usage  # deferred: SQLAlchemy, as the Database itself

        with self.db.session() as session:
            session.add_all([Usage(**row) for row in rows])

    def attach_outcome(self, run_id: str, outcome_id: str) -> None:
        """Label the run's rows that have no outcome yet."""
        import sqlalchemy as sa

        from rlm_bot.storage.models import Usage  # deferred: SQLAlchemy, as the Database itself

        with self.db.session() as session:
            session.execute(sa.update(Usage).where(Usage.run_id == run_id, Usage.outcome_id.is_(None))
                            .values(outcome_id=outcome_id))

    def close(self) -> None:
        """Nothing: the Database is shared (open_database) or its owner's."""


def usage_store(db: Any) -> UsageStore:
    """`db` as a UsageStore: a store stays as it is, a Database is wrapped."""
    return db if hasattr(db, "add_usage") else DatabaseUsageStore(db)


def open_usage_store(settings: Any) -> UsageStore:
    """The store of the settings' database: sqlite3 on a migrated SQLite file, else the
    Database of `open_database` (which migrates the schema first, and raises when it cannot)."""
    path = sqlite_file(settings)
    store = SqliteUsageStore.open(path) if path is not None else None
    if store is not None:
        return store
    from rlm_bot.storage.db import open_database  # deferred: imports SQLAlchemy

    return DatabaseUsageStore(open_database(settings))


def sqlite_file(settings: Any) -> Path | None:
    """The SQLite file behind the settings' SQL URL; None for another database, an in-memory
    one, or a URL with options (those go through the Database)."""
    url = settings.database_url
    if not url:
        return Path(settings.data_dir) / "rlm.db"
    if not url.startswith(_SQLITE_PREFIX) or "?" in url:
        return None
    name = url[len(_SQLITE_PREFIX):]
    if not name or name == ":memory:" or name.startswith("file:"):
        return None
    return Path(name)


def sqlite_datetime(value: datetime) -> str:
    """A datetime as SQLAlchemy's SQLite DateTime type stores it: the UTC wall time, to the
    microsecond, without an offset."""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _sqlite_value(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value
