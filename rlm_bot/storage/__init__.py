"""SQL storage: SQLAlchemy engine and sessions, table models, Alembic migrations.

    db = open_database(settings)      # shared per URL, migrated to every head on first use
    with db.session() as s: ...       # commits on success, rolls back on error
"""

from rlm_bot.storage.db import Database, close_all, ensure_data_dir, open_database

__all__ = ["Database", "close_all", "ensure_data_dir", "open_database"]
