"""The migrations build exactly the models' schema, and running them twice is harmless."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from safetynet.indexer.db import current_revision, upgrade
from safetynet.indexer.models import Base


def test_upgrade__fresh_database__schema_equals_models(engine):
    upgrade(engine)  # the fixture upgraded once already: a second run changes nothing
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert current_revision(engine) is not None
