"""The index database: an engine from `Settings.database_url`, sessions, and Alembic
migrations to head.

SQLite (the default, `.safetynet/index.db`) runs in WAL mode, so API readers never block the
indexer's writes and a killed writer loses only its uncommitted batch; PostgreSQL when
SAFETYNET_DATABASE_URL says so (`postgresql+psycopg://...`; `postgresql://` is read the
same way).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from safetynet.errors import SafetyNetError

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_BUSY_MS = 30_000  # a writer waits this long for another's transaction


def normalize_url(url: str) -> str:
    """`postgresql://` and `postgres://` mean psycopg 3 (the driver we ship)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str | None = None, **kwargs: Any) -> Engine:
    """An engine for `url` (default: Settings.database_url); creates a SQLite file's folder."""
    if url is None:
        from safetynet.settings import get_settings

        url = get_settings().database_url
    url = normalize_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_MS / 1000}, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True, **kwargs)
    except Exception as exc:  # a malformed URL or a missing driver
        raise SafetyNetError(f"cannot use database URL {url!r}: {exc}") from exc


def _sqlite_pragmas(dbapi_connection: Any, record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable across process crashes in WAL
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cursor.close()


def sessions(engine: Engine) -> sessionmaker[Session]:
    """Sessions on `engine` whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Migrate the database to `revision` (default: the latest). Safe to call from several
    replicas at once: on PostgreSQL they queue on an advisory lock; on SQLite a racing
    replica retries."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    for attempt in range(5):
        try:
            with engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(7243011)"))
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
            return
        except DBAPIError as exc:
            if attempt == 4:
                raise SafetyNetError(f"cannot migrate the index database: {exc}") from exc
            time.sleep(0.2 * (attempt + 1))


def current_revision(engine: Engine) -> str | None:
    """The database's Alembic revision (None before the first migration)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
