"""The API application: `create_app(settings)` builds it; `safetynet serve` runs it.

The app keeps no state of its own between requests (a session per request, the chain
attached read-only on first use), so any number of processes can serve one database.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine
from sqlalchemy.orm import sessionmaker

from safetynet.api import errors
from safetynet.api.database import snapshot_reads
from safetynet.api.live import LiveChain
from safetynet.api.routes import ROUTERS
from safetynet.api.schemas import ErrorBody
from safetynet.settings import Settings

DESCRIPTION = """\
SafetyNet's public record, from the indexer's database: pool, products, covers, claims,
incidents, payouts, parametric feeds, positions and statistics. Every response names the
block it is indexed through (`indexed_through`, and the `X-Indexed-Through-Block` header).
Amounts are integers in the asset's smallest unit, sent as decimal strings (uint256 does not
fit a JSON number); times are unix seconds. Lists take `limit` and `cursor` (pass back
`next_cursor`). Bad input gets a 4xx with `{"error": ...}`; a database that cannot answer
gets 503.
"""

ERROR_RESPONSES = {
    400: "a filter or cursor this API cannot use",
    404: "no such object in the index",
    422: "invalid parameters (or, for a quote, the contract refuses the purchase)",
    503: "the database or the chain cannot answer now; retry",
}


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    manifest: Path | None = None,
) -> FastAPI:
    """The API over the index (`settings.index_database_url()`, or `engine`), quoting live
    from `settings.rpc_url` with the deployment in `manifest` (default
    <home>/deployment.json)."""
    from safetynet.indexer.db import make_engine

    settings = settings or Settings()
    app = FastAPI(
        title="SafetyNet API",
        version="1",
        description=DESCRIPTION,
        docs_url=None,  # served below from the packaged Swagger UI: no CDN at run time
        openapi_url="/openapi.json",
        responses={
            code: {"model": ErrorBody, "description": what}
            for code, what in ERROR_RESPONSES.items()
        },
    )
    engine = engine or make_engine(settings.index_database_url())
    app.state.sessions = sessionmaker(snapshot_reads(engine), expire_on_commit=False)
    app.state.engine = engine
    app.state.live = LiveChain(settings.rpc_url, manifest or settings.home / "deployment.json")
    errors.install(app)
    for router in ROUTERS:
        app.include_router(router, prefix="/api")
    _docs(app)
    return app


def _docs(app: FastAPI) -> None:
    """/docs: Swagger UI from the swagger-ui-bundle-v2 package (5.x renders OpenAPI 3.1),
    so the page works offline, like the rest of the app."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/docs/assets", StaticFiles(directory=swagger_ui_path), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="SafetyNet API",
            swagger_js_url="/docs/assets/swagger-ui-bundle.js",
            swagger_css_url="/docs/assets/swagger-ui.css",
            swagger_favicon_url="/docs/assets/favicon-32x32.png",
        )
