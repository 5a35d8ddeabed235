"""Fresh index databases for tests: a SQLite file, or a PostgreSQL database created for the
test and dropped after it.

PostgreSQL is the server CI runs on 127.0.0.1:5432 (database `test`, user postgres, trust
auth); SAFETYNET_TEST_POSTGRES_URL points elsewhere. Without a server a developer's run
skips the PostgreSQL cases; with CI=true they fail instead: they must run there.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ADMIN_URL = os.environ.get(
    "SAFETYNET_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
KINDS = ("sqlite", "postgresql")


def _admin_connect():  # noqa: ANN202 - psycopg connection
    import psycopg

    try:
        return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        message = f"no PostgreSQL server at {ADMIN_URL}: {exc}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@contextmanager
def fresh_database(kind: str, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of `kind`; dropped (PostgreSQL) when the block ends."""
    if kind == "sqlite":
        yield f"sqlite:///{tmp_path / f'index-{secrets.token_hex(4)}.db'}"
        return
    name = f"sn_test_{os.getpid()}_{secrets.token_hex(4)}"
    with _admin_connect() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with _admin_connect() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
