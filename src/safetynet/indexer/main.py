"""The indexer's one entry point: `safetynet index` and `python -m safetynet.indexer` are
this same command, with the same options, each defaulting to `Settings` (SAFETYNET_*).

It migrates the database, waits for the replica lease (another indexer on the same
database may be active), then indexes until SIGINT/SIGTERM; `--once` catches up and exits.
Its stdout is one JSON object per line.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from safetynet.errors import SafetyNetError


def log_line(entry: dict[str, Any]) -> None:
    """One structured log line (JSON) on stdout."""
    line = {"ts": datetime.now(UTC).isoformat(timespec="milliseconds"), **entry}
    sys.stdout.write(json.dumps(line, default=str) + "\n")
    sys.stdout.flush()


def _local_node_url(home: Path) -> str | None:
    try:
        return json.loads((home / "node.json").read_text()).get("rpc_url")
    except (FileNotFoundError, json.JSONDecodeError, AttributeError):
        return None


def run(*, rpc_url: str | None = None, manifest: Path | None = None,
        database_url: str | None = None, once: bool = False, rebuild: bool = False,
        interval: float | None = None, confirmations: int | None = None,
        stop: threading.Event | None = None) -> int:  # fmt: skip
    """Index until `stop` (or a stop signal); returns the process exit code."""
    from safetynet.chain import RpcSession
    from safetynet.indexer.db import make_engine
    from safetynet.indexer.lease import DbLease
    from safetynet.indexer.service import Indexer, IndexerConfig, run_forever
    from safetynet.sdk.events import Deployment
    from safetynet.settings import get_settings

    s = get_settings()
    url = rpc_url or s.rpc_url or _local_node_url(s.home)
    try:
        if not url:
            raise SafetyNetError(
                "no chain to index: pass --rpc-url URL (or set SAFETYNET_RPC_URL), or start "
                "the local chain with `make up`"
            )
        deployment = Deployment.from_manifest(manifest or s.home / "deployment.json")
        engine = make_engine(database_url or s.database_url)
        if rebuild:
            drop_all(engine)
        config = IndexerConfig(
            confirmations=s.index_confirmations if confirmations is None else confirmations,
            reorg_window=s.index_reorg_window, chunk_blocks=s.index_chunk_blocks,
            batch_blocks=s.index_batch_blocks, batch_logs=s.index_batch_logs,
        )  # fmt: skip
        from safetynet.indexer import db

        db.upgrade(engine)
        lease = DbLease(engine, "indexer", ttl=s.index_lease_seconds)
        indexer = Indexer(engine, RpcSession(url), deployment, config, lease=lease, log=log_line)
    except SafetyNetError as exc:
        log_line({"event": "fatal", "error": str(exc)})
        return 1
    log_line({"event": "started", "rpc_url": url, "database": engine.url.render_as_string(),
              "replica": lease.holder})  # fmt: skip
    stop = stop or threading.Event()
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
    try:
        if once:
            while not lease.acquire():
                if stop.wait(1.0):
                    return 0
            indexer.setup()
            written = indexer.catch_up()
            lease.release()
            log_line({"event": "caught_up", "events": written, "block": indexer.cursor()[0]})
        else:
            wait = s.index_interval if interval is None else interval
            run_forever(indexer, wait, stop.is_set, log_line)
    except SafetyNetError as exc:
        log_line({"event": "fatal", "error": str(exc)})
        return 1
    log_line({"event": "stopped"})
    return 0


def drop_all(engine: Any) -> None:
    """Drop every index table (and Alembic's version row): `--rebuild` starts over."""
    from sqlalchemy import text

    from safetynet.indexer.models import Base

    Base.metadata.drop_all(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def command(
    ctx: typer.Context,
    rpc_url: Annotated[
        str | None, typer.Option("--rpc-url", help="JSON-RPC node (default SAFETYNET_RPC_URL).")
    ] = None,
    manifest: Annotated[
        Path | None,
        typer.Option("--manifest", help="Deployment manifest (<home>/deployment.json)."),
    ] = None,
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
    root = ctx.find_root().params if ctx.parent is not None else {}
    code = run(
        rpc_url=rpc_url or root.get("rpc_url"), manifest=manifest or root.get("manifest"),
        database_url=database_url, once=once, rebuild=rebuild, interval=interval,
        confirmations=confirmations,
    )  # fmt: skip
    if code:
        raise typer.Exit(code)


def module_app() -> typer.Typer:
    """`command` alone, as `python -m safetynet.indexer` runs it."""
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    app.command(name="index")(command)
    return app


def main(argv: list[str] | None = None) -> int:
    """`python -m safetynet.indexer [options]` (see `--help`)."""
    try:
        module_app()(args=argv, prog_name="python -m safetynet.indexer")
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
