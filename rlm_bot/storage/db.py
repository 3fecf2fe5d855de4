"""The SQL store: one `Database` per URL, sessions, and Alembic migrations run in-process.

SQLite (the embedded default) runs in WAL mode with foreign keys on and a busy timeout, and
migrates itself on first use; PostgreSQL runs the same code. Concurrent first uses (several
processes or replicas) are serialised: a file lock beside the SQLite file, an advisory lock on
PostgreSQL.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from rlm_bot.config import Settings, mask_url
from rlm_bot.errors import StorageError
from rlm_bot.storage.revisions import (
    ALEMBIC_VERSION_TABLE,
    MIGRATIONS_DIR,
    apply_sqlite_pragmas,
    shipped_heads,
)

PG_MIGRATION_LOCK_ID = 0x726C6D62  # "rlmb": one advisory lock id for all rlm_bot migrations
# Named cross-process locks (Database.lock): advisory lock ids on PostgreSQL, lock files beside SQLite.
PG_LOCK_IDS = {"migrate": PG_MIGRATION_LOCK_ID, "memory-write": 0x726C6D6D}  # "rlmm"
DEFAULT_DATA_DIR = Path("./memory")


class Database:
    """An engine, a session factory and the migrations of one database URL."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        self.safe_url = mask_url(url)
        try:
            sa_url = sa.engine.make_url(url)
        except sa.exc.ArgumentError as exc:
            raise StorageError(f"RLM_DATABASE_URL is not a database URL ({mask_url(str(exc))})") from None
        self.dialect = sa_url.get_backend_name()
        if self.dialect == "sqlite":
            self._sqlite_path = _sqlite_file(sa_url)
            self.engine = sa.create_engine(
                url, echo=echo, connect_args={"check_same_thread": False, "timeout": 30}
            )
            event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self._sqlite_path = None
            self.engine = sa.create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10,
                                           max_overflow=20)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block succeeds and rolls back when it raises."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def check(self) -> None:
        """Connect once; raise StorageError with a one-line reason when the database is unreachable."""
        try:
            with self.engine.connect() as conn:
                conn.execute(sa.text("SELECT 1"))
        except sa.exc.SQLAlchemyError as exc:
            if self._sqlite_path is not None:
                raise StorageError(_sqlite_problem(self._sqlite_path, exc)) from None
            raise StorageError(
                f"cannot reach the database at {self.safe_url}: {_first_line(exc)}; "
                "check RLM_DATABASE_URL (and that the server is running)"
            ) from None

    def current_revisions(self) -> set[str]:
        """The Alembic revisions the database is at (empty when never migrated)."""
        from alembic.runtime.migration import MigrationContext

        self.check()
        with self.engine.connect() as conn:
            return set(MigrationContext.configure(conn).get_current_heads())

    def head_revisions(self) -> set[str]:
        """The newest revisions shipped with this version of rlm_bot."""
        from alembic.script import ScriptDirectory

        return set(ScriptDirectory.from_config(self._alembic_config()).get_heads())

    def upgrade(self) -> set[str]:
        """Migrate to every head (idempotent, safe to run from several processes at once)."""
        self.check()
        current = self._stored_revisions()
        if current is not None and current == shipped_heads():
            return set(current)  # the common case: up to date, and no Alembic import (~0.4-0.7 s)
        from alembic import command

        with self._migration_lock():
            try:
                with self.engine.begin() as conn:
                    cfg = self._alembic_config()
                    cfg.attributes["connection"] = conn
                    command.upgrade(cfg, "heads")
            except sa.exc.SQLAlchemyError as exc:
                raise StorageError(
                    f"migrating the database at {self.safe_url} failed: {_first_line(exc)}"
                ) from None
        return self.current_revisions()

    def _stored_revisions(self) -> set[str] | None:
        """The revisions in Alembic's version table, read with plain SQL (None: no such table)."""
        try:
            with self.engine.connect() as conn:
                if not sa.inspect(conn).has_table(ALEMBIC_VERSION_TABLE):
                    return None
                rows = conn.execute(sa.text(f"SELECT version_num FROM {ALEMBIC_VERSION_TABLE}")).all()
        except sa.exc.SQLAlchemyError:
            return None  # Alembic's own path reports what is wrong
        return {row[0] for row in rows}

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def _alembic_config(self):
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        return cfg

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """Hold the named lock against every process on this database (and every thread here).

        For check-then-write sequences a transaction alone does not serialise (merge-on-write
        reads the vector index, then inserts): a file lock beside the SQLite file (flock: each
        call opens the file, so threads exclude each other too), a session-level advisory lock on
        PostgreSQL (one pooled connection per holder); nothing for an in-memory SQLite database.
        """
        if name not in PG_LOCK_IDS:
            raise StorageError(f"unknown lock {name!r}; known: {', '.join(sorted(PG_LOCK_IDS))}")
        if self._sqlite_path is not None:
            lock_path = self._sqlite_path.with_name(f"{self._sqlite_path.name}.{name}.lock")
            with open(lock_path, "a+") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
        elif self.dialect == "postgresql":
            with self.engine.connect() as conn:
                conn.execute(sa.text("SELECT pg_advisory_lock(:id)"), {"id": PG_LOCK_IDS[name]})
                conn.commit()
                try:
                    yield
                finally:
                    conn.execute(sa.text("SELECT pg_advisory_unlock(:id)"), {"id": PG_LOCK_IDS[name]})
                    conn.commit()
        else:
            yield

    def _migration_lock(self):
        return self.lock("migrate")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    apply_sqlite_pragmas(dbapi_connection)


def _sqlite_file(sa_url: sa.engine.URL) -> Path | None:
    database = sa_url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database)
    if not path.parent.is_dir():
        raise StorageError(
            f"the directory of the SQLite database {path} does not exist; "
            "create it or set RLM_DATA_DIR / RLM_DATABASE_URL to a writable place"
        )
    return path


def _sqlite_problem(path: Path, exc: BaseException) -> str:
    """Why a SQLite file cannot be opened, in words that name the fix (a file, not a server)."""
    directory = path.parent
    if not os.access(directory, os.W_OK | os.X_OK):
        return (f"the directory {directory} is read-only for this user, and SQLite must write "
                f"{path.name} and its journal there; make it writable or point RLM_DATA_DIR "
                "(or RLM_DATABASE_URL) at a writable directory")
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        return (f"the SQLite database {path} is not readable and writable by this user; fix its "
                "permissions or point RLM_DATA_DIR (or RLM_DATABASE_URL) elsewhere")
    return (f"cannot open the SQLite database {path}: {_first_line(exc)}; check RLM_DATA_DIR "
            "(or RLM_DATABASE_URL) and that the file is a SQLite database")


def _first_line(exc: BaseException) -> str:
    text = mask_url(str(getattr(exc, "orig", None) or exc).strip())
    return text.splitlines()[0][:300] if text else type(exc).__name__


def ensure_data_dir(settings: Settings) -> Path:
    """Return the data dir, creating the default one; a set-but-missing RLM_DATA_DIR is an error."""
    path = settings.data_dir
    if path.is_dir():
        return path
    if path.exists():
        raise StorageError(f"RLM_DATA_DIR={path} is not a directory; point it at a directory")
    if path != DEFAULT_DATA_DIR:
        raise StorageError(
            f"RLM_DATA_DIR={path} does not exist; create it or point RLM_DATA_DIR at a directory"
        )
    try:
        path.mkdir(parents=True)
    except OSError as exc:
        raise StorageError(f"cannot create the data dir {path} ({exc.strerror}); set RLM_DATA_DIR") from None
    return path


_OPEN: dict[str, Database] = {}
_OPEN_LOCK = threading.Lock()


def open_database(settings: Settings, *, migrate: bool = True) -> Database:
    """The shared Database of the settings' URL, migrated to the newest schema on first use."""
    if not settings.database_url:
        ensure_data_dir(settings)
    url = settings.sql_url
    with _OPEN_LOCK:
        db = _OPEN.get(url)
        if db is None:
            db = Database(url)
            if migrate:
                db.upgrade()
            _OPEN[url] = db
    return db


def close_all() -> None:
    """Dispose of every Database opened by `open_database` (tests, shutdown)."""
    with _OPEN_LOCK:
        for db in _OPEN.values():
            db.dispose()
        _OPEN.clear()
