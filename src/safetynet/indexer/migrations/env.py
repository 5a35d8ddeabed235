"""Alembic environment of the index: run by `safetynet.indexer.db.upgrade` on the
connection it is given (config.attributes['connection']), or on sqlalchemy.url."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from safetynet.indexer.models import Base
from safetynet.indexer.types import I256, U256

config = context.config
target_metadata = Base.metadata


def render_item(kind: str, obj: object, autogen_context: object) -> str | bool:
    """Migrations spell U256/I256 columns as the plain String(78) they store."""
    if kind == "type" and isinstance(obj, U256 | I256):
        return "sa.String(length=78)"
    return False


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.connect() as connection:
            _migrate(connection)
        return
    _migrate(connection)


def _migrate(connection: object) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_item=render_item,
        render_as_batch=True,  # SQLite alters tables by copying them
    )
    with context.begin_transaction():
        context.run_migrations()


run()
