"""Run the web app on its own (`python -m safetynet.web`): the pages on 127.0.0.1, reading
the chain and deployment manifest that Settings name. The API's app factory mounts the same
pages; this entry point is what `safetynet up` and the browser tests start."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from safetynet.settings import Settings, get_settings
from safetynet.web import ChainSource, mount


def source_from(settings: Settings) -> ChainSource:
    url = settings.rpc_url or f"http://127.0.0.1:{settings.anvil_port}"
    return ChainSource(rpc_url=url, manifest=Path(settings.home) / "deployment.json")


def create_web_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="SafetyNet", docs_url=None, redoc_url=None, openapi_url=None)
    mount(app, source_from(settings))
    return app


def main() -> None:
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        create_web_app(settings),
        host=settings.web_host,
        port=settings.web_port,
        log_level="warning",
    )
