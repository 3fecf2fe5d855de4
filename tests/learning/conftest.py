"""Fixtures of the learning tests: a migrated database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from rlm_bot.storage import Database


@pytest.fixture
def sqlite_db(tmp_path) -> Iterator[Database]:
    """A freshly migrated SQLite Database (for tests that need only one backend)."""
    database = Database(f"sqlite:///{tmp_path / 'learn.db'}")
    database.upgrade()
    try:
        yield database
    finally:
        database.dispose()
