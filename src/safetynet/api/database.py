"""The API's view of the index database: every request reads one consistent snapshot.

A response names the block it is indexed through (the cursor) and must not mix in rows of a
batch the indexer committed a moment later. The indexer writes cursor and rows in one
transaction per batch, so one read transaction per request is enough: on PostgreSQL at
REPEATABLE READ (one snapshot for the whole transaction), on SQLite by an explicit BEGIN
(the sqlite3 driver otherwise runs each SELECT in its own implicit transaction; in WAL mode
a read transaction sees one snapshot and never blocks the writer).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event


def snapshot_reads(engine: Engine) -> Engine:
    """`engine`, set so that each transaction reads one snapshot (see the module docstring)."""
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _driver_autocommit(dbapi_connection: Any, record: object) -> None:
            dbapi_connection.isolation_level = None  # BEGIN is ours, below

        @event.listens_for(engine, "begin")
        def _begin(connection: Any) -> None:
            connection.exec_driver_sql("BEGIN")

        return engine
    return engine.execution_options(isolation_level="REPEATABLE READ")
