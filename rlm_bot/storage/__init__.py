"""SQL storage: SQLAlchemy engine and sessions, table models, Alembic migrations."""
