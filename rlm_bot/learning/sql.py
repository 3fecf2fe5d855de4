"""Small SQL helpers shared by the learner's modules (dialect-aware insert-or-ignore)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def insert_ignore(dialect: str, table: sa.Table, values: dict[str, Any]):
    """INSERT … ON CONFLICT DO NOTHING RETURNING the first key column (no row: it existed)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    key = list(table.primary_key.columns)[0]
    return insert(table).values(**values).on_conflict_do_nothing().returning(key)


def inserted(session, statement) -> bool:
    """Run an `insert_ignore` statement; True when it inserted a row."""
    return session.execute(statement).first() is not None
