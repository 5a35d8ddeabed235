"""Developer helpers for local chains: `dev time-travel`, `dev mint`."""

from __future__ import annotations

from typing import Annotated

import typer

from safetynet import chain, sdk
from safetynet.cli.context import console, open_protocol
from safetynet.units import to_units

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
    open_protocol()
    now = chain.time_travel(seconds)
    console.print(f"chain time is now {now}")


@dev_app.command("mint")
def mint(
    amount: Annotated[str, typer.Argument(help="Whole units of the mock pool asset")],
    to: Annotated[str | None, typer.Option("--to", help="Receiver (default: you)")] = None,
) -> None:
    """Mint the mock pool asset (MockERC20 on local chains only)."""
    p, sender = open_protocol()
    units = to_units(amount, p.asset.decimals())
    sdk.transact(p.asset.mint, to or sender, units)
    console.print(f"minted {amount} {p.asset.symbol()} to {to or sender}")
