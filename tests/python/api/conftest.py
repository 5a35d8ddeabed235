"""The API's test databases: a SQLite file and a fresh PostgreSQL database per session,
migrated with the indexer's own Alembic migrations and filled with a small index.

PostgreSQL: 127.0.0.1:5432 as user postgres (SAFETYNET_TEST_PG overrides the server URL).
A developer without it skips those tests; with CI=true they fail instead (never skip).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from api_data import fill
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.indexer.db import make_engine, upgrade
from safetynet.settings import Settings

PG_SERVER = os.environ.get("SAFETYNET_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")


def _postgres_database() -> Iterator[str]:
    import psycopg

    name = f"sn_api_{uuid.uuid4().hex[:12]}"
    admin_url = PG_SERVER.replace("postgresql+psycopg://", "postgresql://") + "/test"
    try:
        admin = psycopg.connect(admin_url, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required in CI: {exc}")
        pytest.skip(f"no PostgreSQL at {PG_SERVER}: {exc}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> Iterator[str]:
    """A migrated, filled index database of each kind (one per test session)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'index.db'}"
        databases: Iterator[str] = iter([url])
    else:
        databases = _postgres_database()
    url = next(databases)
    engine = make_engine(url)
    upgrade(engine)
    fill(engine)
    engine.dispose()
    yield url
    for _ in databases:  # drops the PostgreSQL database
        pass


@pytest.fixture(scope="session")
def client(database_url) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url, rpc_url=None))
    with TestClient(app) as c:
        yield c
    app.state.engine.dispose()
