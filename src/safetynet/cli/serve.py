"""`safetynet serve`: the JSON API and the web app's pages (safetynet.web.app), over the
indexer's database."""

from __future__ import annotations

from typing import Annotated

import typer

from safetynet.cli import context


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


def serve(
    port: Annotated[
        int | None,
        typer.Option("--port", help="Port on 127.0.0.1 (default: SAFETYNET_WEB_PORT or 8000)"),
    ] = None,
    host: Annotated[
        str, typer.Option("--host", help="Interface to listen on (default: loopback only)")
    ] = "127.0.0.1",
) -> None:
    """Serve the JSON API (OpenAPI at /docs) from the index database (SAFETYNET_DATABASE_URL);
    quotes are read live from the chain (--rpc-url or the `make up` chain). Stateless: run
    several on one PostgreSQL database."""
    import uvicorn

    from safetynet.settings import get_settings
    from safetynet.web.app import create_app

    settings = get_settings()
    rpc_url = context.chain_url(required=False)
    app = create_app(
        settings.model_copy(update={"rpc_url": rpc_url}), manifest=context.manifest_path()
    )
    context.err_console.print(
        f"[dim]API on http://{host}:{port or settings.web_port} (docs at /docs); "
        f"database {_redacted(settings.index_database_url())}[/]"
    )
    uvicorn.run(app, host=host, port=port or settings.web_port, log_level="info")


def _redacted(url: str) -> str:
    """A database URL without its password, for the log."""
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)
