"""The keeper's one entry point: `python -m safetynet.keeper` and `safetynet keeper` are this
same command, with the same options, each defaulting to `Settings` (SAFETYNET_* variables).

It connects, signs with the keeper's own key (SAFETYNET_KEEPER_PRIVATE_KEY, else anvil dev
account `keeper_account`, 9), and runs passes until SIGINT/SIGTERM. Its stdout is one JSON
object per line: titanoboa's transaction prints are silenced in its process.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from safetynet.errors import SafetyNetError
from safetynet.keeper.log import log_action
from safetynet.service import entry

if TYPE_CHECKING:  # Settings loads pydantic: only when a keeper really starts
    from safetynet.indexer.lease import DbLease
    from safetynet.keeper.service import Keeper
    from safetynet.settings import Settings


@dataclass(frozen=True)
class KeeperOptions:
    """Everything a keeper run needs; `resolve` fills what was not given from Settings."""

    rpc_url: str
    manifest: Path
    state_dir: Path
    account: int | None
    private_key: str | None
    interval: float
    batch: int
    from_block: int
    mock_heartbeat: int | None
    report_backoff: float
    report_backoff_max: float
    once: bool = False
    replica_database_url: str | None = None  # set: one active replica, via a lease there

    @classmethod
    def resolve(
        cls,
        settings: Settings | None = None,
        *,
        rpc_url: str | None = None,
        manifest: Path | None = None,
        state_dir: Path | None = None,
        account: int | None = None,
        private_key: str | None = None,
        interval: float | None = None,
        batch: int | None = None,
        from_block: int | None = None,
        mock_heartbeat: int | None = None,
        once: bool = False,
        replica: bool = False,
    ) -> KeeperOptions:
        from safetynet.settings import get_settings

        s = settings or get_settings()
        if private_key is None and account is None:
            private_key = s.keeper_private_key
            account = None if private_key else s.keeper_account
        return cls(
            rpc_url=entry.node_url(rpc_url, s, "keep"),
            manifest=manifest or s.home / "deployment.json",
            state_dir=state_dir or s.keeper_state_dir or s.home / "keeper",
            account=account,
            private_key=private_key,
            interval=s.keeper_interval if interval is None else interval,
            batch=s.keeper_batch if batch is None else batch,
            from_block=s.keeper_from_block if from_block is None else from_block,
            mock_heartbeat=s.keeper_mock_heartbeat if mock_heartbeat is None else mock_heartbeat,
            report_backoff=s.keeper_report_backoff,
            report_backoff_max=s.keeper_report_backoff_max,
            once=once,
            replica_database_url=s.index_database_url() if replica or s.keeper_replica else None,
        )


def run(opts: KeeperOptions, stop: threading.Event | None = None) -> int:
    """Connect, then pass after pass until `stop` (or SIGINT/SIGTERM); one pass with
    `opts.once`. Returns the process exit code."""
    return entry.serve(log_action, partial(_start, opts), stop, stopped="keeper_stopped")


def _start(opts: KeeperOptions) -> Callable[[threading.Event], None]:
    from safetynet.chain import use_network
    from safetynet.deploy import Protocol
    from safetynet.keeper.service import Keeper

    warnings.filterwarnings("ignore", category=UserWarning, module="boa")
    sender = use_network(opts.rpc_url, private_key=opts.private_key, account=opts.account)
    p = Protocol.load(opts.manifest, abi_only=True)
    keeper = Keeper(
        p, opts.state_dir, batch=opts.batch, from_block=opts.from_block,
        mock_heartbeat=opts.mock_heartbeat, report_backoff=opts.report_backoff,
        report_backoff_max=opts.report_backoff_max,
    )  # fmt: skip
    log_action("keeper_started", sender=sender, rpc_url=opts.rpc_url, interval=opts.interval)
    return partial(_keep, keeper, opts)


def _keep(keeper: Keeper, opts: KeeperOptions, stop: threading.Event) -> None:
    if opts.once:
        from safetynet.service.loop import ServiceLoop

        loop = ServiceLoop(log_action, stop, interval=opts.interval, attempts=5)
        log_action("pass", **(loop.once(keeper.run_pass) or {}))
        return
    lease = _replica_lease(opts.replica_database_url) if opts.replica_database_url else None
    keeper.run(opts.interval, stop, lease=lease)


def _replica_lease(database_url: str) -> DbLease:
    """The `keeper` lease in the shared database (safetynet.indexer.lease): one replica
    passes, a standby takes over once the active one stops renewing it. Two keepers acting
    at once during a takeover cannot double-pay: the contracts refuse a second payout of a
    cover for an incident and a second settlement."""
    from safetynet.indexer.db import make_engine, upgrade
    from safetynet.indexer.lease import DbLease
    from safetynet.settings import get_settings

    engine = make_engine(database_url)
    upgrade(engine)
    return DbLease(engine, "keeper", ttl=get_settings().index_lease_seconds)


def command(
    ctx: typer.Context,
    rpc_url: entry.RpcUrlOption = None,
    manifest: entry.ManifestOption = None,
    state_dir: Annotated[
        Path | None, typer.Option("--state-dir", help="Cursor folder (default <home>/keeper).")
    ] = None,
    account: Annotated[
        int | None, typer.Option("--account", help="Sign with anvil dev account N (default 9).")
    ] = None,
    private_key: Annotated[
        str | None,
        typer.Option("--private-key", help="Sign with this key (SAFETYNET_KEEPER_PRIVATE_KEY)."),
    ] = None,
    interval: Annotated[
        float | None, typer.Option("--interval", help="Seconds between passes (5).")
    ] = None,
    batch: Annotated[
        int | None, typer.Option("--batch", help="Covers per payout_many (<= 100).")
    ] = None,
    from_block: Annotated[
        int | None, typer.Option("--from-block", help="First block to index covers from (0).")
    ] = None,
    mock_heartbeat: Annotated[
        int | None,
        typer.Option("--mock-heartbeat", help="Local mock feeds: re-post after S silent seconds."),
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit.")] = False,
    replica: Annotated[
        bool,
        typer.Option("--replica", help="One active keeper per index database (a lease there)."),
    ] = False,
) -> None:
    """Report parametric incidents, push payouts, settle claims; logs one JSON line per action."""
    root = entry.global_options(ctx)
    try:
        opts = KeeperOptions.resolve(
            rpc_url=rpc_url or root.get("rpc_url"), manifest=manifest or root.get("manifest"),
            account=account if account is not None else root.get("account"),
            private_key=private_key, state_dir=state_dir, interval=interval, batch=batch,
            from_block=from_block, mock_heartbeat=mock_heartbeat, once=once, replica=replica,
        )  # fmt: skip
    except SafetyNetError as exc:
        log_action("fatal", error=str(exc))
        raise typer.Exit(1) from None
    code = run(opts)
    if code:
        raise typer.Exit(code)


def module_app() -> typer.Typer:
    """`command` alone, as `python -m safetynet.keeper` runs it."""
    return entry.command_app("keeper", command)


def main(argv: list[str] | None = None) -> int:
    """`python -m safetynet.keeper [options]` (see `--help`)."""
    return entry.run_app(module_app(), argv, prog_name="python -m safetynet.keeper")
