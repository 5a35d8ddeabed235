"""Each test gets a fresh, migrated index database: SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from safetynet.indexer.db import make_engine, upgrade
from tests.utils.databases import KINDS, fresh_database


@pytest.fixture(params=KINDS)
def engine(request, tmp_path):
    with fresh_database(request.param, tmp_path) as url:
        e = make_engine(url)
        upgrade(e)
        try:
            yield e
        finally:
            e.dispose()
