"""A property-based run of the OpenAPI schema (schemathesis): whatever the parameters, no
500, and every response (2xx and 4xx alike) matches the schema it documents. Bounded for
CI: EXAMPLES generated cases per operation. /api/quote reads a chain (this index has none:
503 by design); the integration test runs it on anvil."""

from __future__ import annotations

import schemathesis
from api_data import fill
from hypothesis import HealthCheck, given, settings

from safetynet.api.app import create_app
from safetynet.indexer.db import make_engine, upgrade
from safetynet.settings import Settings

EXAMPLES = 30


def test_api__any_parameters__no_500_and_schema_conformance(tmp_path):
    url = f"sqlite:///{tmp_path / 'index.db'}"
    engine = make_engine(url)
    upgrade(engine)
    fill(engine)
    app = create_app(Settings(database_url=url, rpc_url=None), engine=engine)
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    operations = [op for op in operations if op.path != "/api/quote"]
    assert len(operations) >= 16
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck),
                  database=None)  # fmt: skip
        def run(case) -> None:
            case.call_and_validate()

        run()
    engine.dispose()
