"""Developer helpers for local chains: `dev time-travel`, `dev mint`, `dev upgrade`."""

from __future__ import annotations

from typing import Annotated

import typer

from safetynet import chain, sdk
from safetynet.cli.context import console, open_protocol, parse_address
from safetynet.errors import SafetyNetError
from safetynet.units import fmt_duration, fmt_time, fmt_units, to_units

dev_app = typer.Typer(
    help="Local-chain helpers (anvil or the in-process EVM).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(dev_app, name="dev")


@dev_app.command("time-travel")
def time_travel(
    seconds: Annotated[int, typer.Argument(help="Seconds to advance (e.g. 86400)")],
) -> None:
    """Advance chain time (anvil: evm_increaseTime + evm_mine)."""
    if seconds < 0:
        raise SafetyNetError("seconds must not be negative: chain time only moves forward")
    open_protocol()
    now = chain.time_travel(seconds)
    console.print(f"chain time is now {fmt_time(now)} ({fmt_duration(seconds)} later)")


@dev_app.command("mint")
def mint(
    amount: Annotated[str, typer.Argument(help="Whole units of the mock pool asset")],
    to: Annotated[str | None, typer.Option("--to", help="Receiver (default: you)")] = None,
) -> None:
    """Mint the mock pool asset (MockERC20 on local chains only)."""
    to = parse_address(to, "--to")
    p, sender = open_protocol()
    d = sdk.asset_decimals(p)
    units = to_units(amount, d)
    sdk.mint_asset(p, to or sender, units)
    console.print(f"minted {fmt_units(units, d)} {sdk.asset_symbol(p)} to {to or sender}")


@dev_app.command("upgrade")
def upgrade(
    sample: Annotated[str, typer.Argument(help="Sample protocol with a stand-in proxy: aave-v3")],
) -> None:
    """Upgrade a sample protocol's stand-in proxy to new, unaudited code: the keeper's next
    pass stops the product's sales ("covered code changed since attestation")."""
    from safetynet.samples.code import upgrade_sample

    p, _ = open_protocol()
    proxy, implementation = upgrade_sample(p, sample)
    console.print(
        f"{sample}: proxy {proxy} now runs {implementation}; sales stop at the keeper's next "
        "pass until an auditor attests again (`safetynet attest`)"
    )
