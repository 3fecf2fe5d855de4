"""What the shipped migrations are, and the SQLite connection settings, without SQLAlchemy.

Standard library only, so a process that only appends usage rows to a migrated SQLite file
(`usage_store.py`) never imports SQLAlchemy (~0.2 s of CPU on a cold CLI run); `db.py` uses
the same two definitions, so both ways of opening the file agree.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
ALEMBIC_VERSION_TABLE = "alembic_version"
SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_PRAGMAS = (  # run on every new connection to a SQLite file
    "PRAGMA journal_mode=WAL",
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous=NORMAL",
)
_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision\s*=\s*(.+)$", re.MULTILINE)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


def apply_sqlite_pragmas(connection) -> None:
    """Set WAL mode, foreign keys, the busy timeout and synchronous=NORMAL on a DB-API connection."""
    cursor = connection.cursor()
    try:
        for statement in SQLITE_PRAGMAS:
            cursor.execute(statement)
    finally:
        cursor.close()


@functools.cache
def shipped_heads() -> frozenset[str]:
    """The head revisions of the shipped migrations, read from their `revision` and
    `down_revision` lines without importing Alembic (empty when a file does not parse, which
    sends `upgrade` the whole Alembic way; a test checks this equals Alembic's own heads)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        if path.name == "__init__.py":
            continue
        text = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(text), _DOWN_REVISION.search(text)
        if revision is None or down is None:
            return frozenset()
        revisions.add(revision.group(1))
        parents.update(_QUOTED.findall(down.group(1)))
    return frozenset(revisions - parents)
