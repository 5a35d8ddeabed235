"""The server `safetynet serve` (and so `make up`) runs: the JSON API's app with the web
pages mounted beside it. The web layer sits above the API (its pages read through the API's
query functions and the SDK), so the composition lives here and the API never imports the
web package."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import Engine

from safetynet.settings import Settings
from safetynet.web import ChainSource, mount


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    manifest: Path | None = None,
) -> FastAPI:
    """`safetynet.api.app.create_app` with the pages: same arguments, same settings, and the
    same read-only attachment to the chain (the API's `app.state.live`)."""
    from safetynet.api.app import create_app as create_api

    settings = settings or Settings()
    app = create_api(settings, engine=engine, manifest=manifest)
    mount(app, ChainSource(app.state.live))
    return app
