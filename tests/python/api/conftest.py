"""The API's test databases: a SQLite file and a fresh PostgreSQL database per session
(tests.utils.databases: with CI=true PostgreSQL must run, never skip), migrated with the
indexer's own Alembic migrations and filled with a small index (api_data)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_data import fill
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.indexer.db import make_engine, upgrade
from safetynet.settings import Settings
from tests.utils.databases import fresh_database


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory) -> Iterator[str]:
    """A migrated, filled index database of each kind (one per test session)."""
    with fresh_database(request.param, tmp_path_factory.mktemp("api")) as url:
        engine = make_engine(url)
        upgrade(engine)
        fill(engine)
        engine.dispose()
        yield url


@pytest.fixture(scope="session")
def client(database_url) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url, rpc_url=None))
    with TestClient(app) as c:
        yield c
    app.state.engine.dispose()
