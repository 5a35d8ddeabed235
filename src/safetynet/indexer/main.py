"""The indexer's one entry point: `safetynet index` and `python -m safetynet.indexer` are
this same command, with the same options, each defaulting to `Settings` (SAFETYNET_*).

It migrates the database, waits for the replica lease (another indexer on the same
database may be active), then indexes until SIGINT/SIGTERM; `--once` catches up and exits.
Its stdout is one JSON object per line.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer

from safetynet.service import entry
from safetynet.service.log import json_line


def log_event(event: str, **fields: Any) -> None:
    """One structured log line (JSON) on stdout per indexer event."""
    json_line({"event": event, **fields})


def run(*, rpc_url: str | None = None, manifest: Path | None = None,
        database_url: str | None = None, once: bool = False, rebuild: bool = False,
        interval: float | None = None, confirmations: int | None = None,
        stop: threading.Event | None = None) -> int:  # fmt: skip
    """Index until `stop` (or a stop signal); returns the process exit code."""
    start = partial(
        _start, rpc_url=rpc_url, manifest=manifest, database_url=database_url, once=once,
        rebuild=rebuild, interval=interval, confirmations=confirmations,
    )  # fmt: skip
    return entry.serve(log_event, start, stop)


def _start(*, rpc_url: str | None, manifest: Path | None, database_url: str | None, once: bool,
           rebuild: bool, interval: float | None,
           confirmations: int | None) -> Callable[[threading.Event], None]:  # fmt: skip
    from safetynet.chain import RpcSession
    from safetynet.indexer import db
    from safetynet.indexer.lease import DbLease
    from safetynet.indexer.service import Indexer, IndexerConfig
    from safetynet.sdk.events import Deployment
    from safetynet.service.loop import ServiceLoop
    from safetynet.settings import get_settings

    s = get_settings()
    url = entry.node_url(rpc_url, s, "index")
    deployment = Deployment.from_manifest(manifest or s.home / "deployment.json")
    engine = db.make_engine(database_url or s.index_database_url())
    if rebuild:
        drop_all(engine)
    config = IndexerConfig(
        confirmations=s.index_confirmations if confirmations is None else confirmations,
        reorg_window=s.index_reorg_window, chunk_blocks=s.index_chunk_blocks,
        batch_blocks=s.index_batch_blocks, batch_logs=s.index_batch_logs,
    )  # fmt: skip
    db.upgrade(engine)
    lease = DbLease(engine, "indexer", ttl=s.index_lease_seconds)
    indexer = Indexer(engine, RpcSession(url), deployment, config, lease=lease, log=log_event)
    log_event("started", rpc_url=url, database=engine.url.render_as_string(),
              replica=lease.holder)  # fmt: skip

    def index(stop: threading.Event) -> None:
        loop = ServiceLoop(log_event, stop, lease=lease, on_active=indexer.setup,
                           interval=s.index_interval if interval is None else interval,
                           attempts=5 if once else None)  # fmt: skip
        if not once:
            loop.run(lambda: indexer.step() > 0)  # events written: more may be waiting
        elif (written := loop.once(indexer.catch_up)) is not None:
            log_event("caught_up", events=written, block=indexer.cursor()[0])

    return index


def drop_all(engine: Any) -> None:
    """Drop every index table (and Alembic's version row): `--rebuild` starts over."""
    from sqlalchemy import text

    from safetynet.indexer.models import Base

    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def command(
    ctx: typer.Context,
    rpc_url: entry.RpcUrlOption = None,
    manifest: entry.ManifestOption = None,
    database_url: Annotated[
        str | None,
        typer.Option("--database-url", help="Index database (SAFETYNET_DATABASE_URL)."),
    ] = None,
    interval: Annotated[
        float | None, typer.Option("--interval", help="Seconds between polls (1).")
    ] = None,
    confirmations: Annotated[
        int | None,
        typer.Option("--confirmations", help="Stay N blocks below the head (default: auto)."),
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="Catch up to the head, then exit.")] = False,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Drop the index and re-index from the deployment.")
    ] = False,
) -> None:
    """Index every SafetyNet event into SQL (reorg- and restart-safe); one JSON line per batch."""
    root = entry.global_options(ctx)
    code = run(
        rpc_url=rpc_url or root.get("rpc_url"), manifest=manifest or root.get("manifest"),
        database_url=database_url, once=once, rebuild=rebuild, interval=interval,
        confirmations=confirmations,
    )  # fmt: skip
    if code:
        raise typer.Exit(code)


def module_app() -> typer.Typer:
    """`command` alone, as `python -m safetynet.indexer` runs it."""
    return entry.command_app("index", command)


def main(argv: list[str] | None = None) -> int:
    """`python -m safetynet.indexer [options]` (see `--help`)."""
    return entry.run_app(module_app(), argv, prog_name="python -m safetynet.indexer")
