"""Alembic environment: runs migrations on the connection handed over by rlm_bot.storage.db."""

from __future__ import annotations

from alembic import context

from rlm_bot.storage.models import Base

target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run migrations on the connection in `config.attributes["connection"]`."""
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("rlm_bot migrations run online only: use `rlm-bot db upgrade`")
run_migrations_online()
