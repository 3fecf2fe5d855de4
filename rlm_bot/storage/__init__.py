"""SQL storage: SQLAlchemy engine and sessions, table models, Alembic migrations.

    db = open_database(settings)      # shared per URL, migrated to every head on first use
    with db.session() as s: ...       # commits on success, rolls back on error
    store = open_usage_store(settings)   # the usage ledger's rows (sqlite3 on a migrated SQLite file)

The names load on first use: `rlm_bot.storage.usage_store` and `revisions` need only the standard
library, so a process that only appends usage rows never imports SQLAlchemy.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rlm_bot.storage.db import Database, close_all, ensure_data_dir, open_database
    from rlm_bot.storage.usage_store import UsageStore, open_usage_store

__all__ = ["Database", "UsageStore", "close_all", "ensure_data_dir", "open_database", "open_usage_store"]

_HOMES = {"Database": "db", "close_all": "db", "ensure_data_dir": "db", "open_database": "db",
          "UsageStore": "usage_store", "open_usage_store": "usage_store"}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'rlm_bot.storage' has no attribute {name!r}")
    value = getattr(import_module(f"rlm_bot.storage.{home}"), name)
    globals()[name] = value
    return value
