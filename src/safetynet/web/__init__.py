"""The web app: server-rendered pages (Jinja2 + htmx) with one small wallet module.

`mount(app, source)` adds the pages and their static files to a FastAPI app;
`safetynet.web.app.create_app` mounts them on the API's app, so pages and JSON share one
server (`safetynet serve`, started by `make up`). Pages read the chain through the SDK
on a read-only attachment (`context.ChainSource`); every transaction is signed by the
user's wallet in the browser (frontend/src/wallet.js). Design notes: docs/web.md.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from safetynet.web.context import ChainSource

STATIC = Path(__file__).resolve().parent / "static"
BUNDLE_FILES = ("wallet.js", "htmx.js", "app.css")  # what `make frontend` builds into STATIC


def frontend_built() -> bool:
    return all((STATIC / name).exists() for name in BUNDLE_FILES)


def mount(app: FastAPI, source: ChainSource) -> None:
    """Serve the pages and /static on `app`, reading the chain through `source`."""
    from safetynet.web.pages import (
        account,
        assess,
        claims,
        covers,
        learn,
        markets,
        product,
        statistics,
    )

    app.state.web_source = source
    for page in (markets, product, covers, learn, account, claims, assess, statistics):
        app.include_router(page.router)
    STATIC.mkdir(exist_ok=True)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")


__all__ = ["STATIC", "ChainSource", "frontend_built", "mount"]
