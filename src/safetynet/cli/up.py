"""`safetynet up`: a local chain with SafetyNet deployed and the sample market listed."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from typing import Annotated

import boa
import typer
from eth_account import Account

from safetynet import sdk
from safetynet.chain import ANVIL_KEYS, use_network
from safetynet.cli import context
from safetynet.cli.context import console, manifest_path, node_file
from safetynet.cli.cover import print_products
from safetynet.deploy import Protocol, deploy_protocol
from safetynet.errors import SafetyNetError
from safetynet.node import AnvilNode, port_in_use, start_anvil
from safetynet.samples import list_samples

AUDITOR_ACCOUNT = 9  # anvil dev account that attests the sample products
DEV_FUNDS = 1_000_000  # mock USDC minted to dev accounts 1-8 on a fresh local chain
DEV_SNET = 50_000  # SNET sent to dev accounts 1-8 so they can stake and assess claims
SEED_CAPITAL = 5_000_000  # mock USDC account 0 deposits so cover can be sold at once


def register(app: typer.Typer) -> None:
    app.command("up")(up)


def up(
    port: Annotated[int, typer.Option("--port", help="Port of the local anvil node")] = 8545,
    once: Annotated[
        bool, typer.Option("--once", help="Deploy (or reuse), print, and stop: no long run")
    ] = False,
) -> None:
    """Start a local chain (state kept in .safetynet/), deploy once, list sample products,
    and run until Ctrl-C. With the global --rpc-url, use that chain instead of anvil."""
    home = context.STATE.home
    home.mkdir(parents=True, exist_ok=True)
    node: AnvilNode | None = None
    url = context.STATE.rpc_url
    if url is None:
        if port_in_use(port):
            raise SafetyNetError(
                f"port {port} on 127.0.0.1 is taken: is `make up` already running? "
                "Stop it, or pass --port"
            )
        node = start_anvil(port, state_file=home / "anvil-state.json", log_path=home / "anvil.log")
        url = node.url
        node_file().write_text(json.dumps({"rpc_url": url, "pid": node.process.pid}) + "\n")
        console.print(f"anvil running at {url} (state in {home / 'anvil-state.json'})")
    try:
        admin = use_network(
            url, private_key=context.STATE.private_key, account=context.STATE.account
        )
        p = _deploy_or_reuse(admin)
        _print_welcome(p, url)
        if not once:
            _run_until_stopped(p, url)
    finally:
        if node is not None:
            console.print("stopping anvil (saving state)…")
            node.stop()
            node_file().unlink(missing_ok=True)


def _deploy_or_reuse(admin: str) -> Protocol:
    path = manifest_path()
    if path.exists():
        try:
            p = Protocol.load(path)
            console.print(f"reusing the deployment in {path}")
            return p
        except SafetyNetError as exc:
            console.print(f"[yellow]{exc}; deploying afresh[/]")
    console.print("deploying SafetyNet…")
    p = deploy_protocol(admin=admin)
    auditor = _auditor()
    listed = list_samples(p, auditor)
    _seed(p, admin)
    p.save(path)
    console.print(f"deployed; {len(listed)} sample products listed; manifest at {path}")
    return p


def _seed(p: Protocol, admin: str) -> None:
    """Local chains only: give dev accounts 1-8 mock USDC and put starting capital in the pool."""
    unit = 10 ** p.asset.decimals()
    for index in range(1, 9):
        address = Account.from_key(ANVIL_KEYS[index]).address
        sdk.transact(p.asset.mint, address, DEV_FUNDS * unit)
        with sdk.acting_as(admin):  # SNET to stake for claim assessment
            sdk.transact(p.token.transfer, address, DEV_SNET * 10**18)
    sdk.transact(p.asset.mint, admin, SEED_CAPITAL * unit)
    sdk.deposit(p, SEED_CAPITAL * unit, sender=admin)
    console.print(
        f"dev accounts 1-8 hold {DEV_FUNDS:,} mock USDC and {DEV_SNET:,} SNET each; "
        "account 0 underwrites "
        f"{SEED_CAPITAL:,} USDC"
    )


def _auditor() -> str:
    account = Account.from_key(ANVIL_KEYS[AUDITOR_ACCOUNT])
    boa.env.add_account(account)
    return account.address


def _print_welcome(p: Protocol, url: str) -> None:
    print_products(sdk.products(p), p.asset.decimals())
    console.print(
        "\n[bold]Try it[/] (in another shell; accounts 0-9 are anvil's funded dev accounts):\n"
        f"  safetynet --rpc-url {url} --account 1 quote 0 1000 --days 30\n"
        f""
        f"  safetynet --rpc-url {url} --account 1 buy 0 1000 --days 30\n"
        f"  safetynet --rpc-url {url} covers --json\n"
        f"  safetynet --rpc-url {url} --account 2 deposit 50000\n"
        "Without --rpc-url the CLI finds this chain by itself. Ctrl-C stops it; state is kept."
    )


def _run_until_stopped(p: Protocol, url: str) -> None:
    """Run the keeper next to the chain (parametric payouts, claim settlement) until
    Ctrl-C or SIGTERM; then stop it cleanly."""
    stop = {"now": False}

    def _handle(signum: int, frame: object) -> None:
        stop["now"] = True

    signal.signal(signal.SIGTERM, _handle)
    keeper = None
    if p.parametric is not None:
        from safetynet.keeper.process import spawn_keeper
        from safetynet.settings import get_settings

        # Signs with the keeper's own account (Settings: 9), not one of the users' 1-8.
        keeper_dir = get_settings().keeper_state_dir or context.STATE.home / "keeper"
        keeper = spawn_keeper(url, manifest_path(), keeper_dir)
        console.print(f"keeper running (log: {keeper_dir / 'keeper.log'})")
    try:
        while not stop["now"]:
            if keeper is not None and keeper.poll() is not None:
                console.print(f"[red]keeper exited with code {keeper.returncode}; see its log[/]")
                keeper = None
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        if keeper is not None:
            keeper.terminate()
            try:
                keeper.wait(timeout=20)
            except subprocess.TimeoutExpired:
                keeper.kill()
                keeper.wait(timeout=5)
