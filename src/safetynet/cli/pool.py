"""Underwriter commands: pool, deposit, request-withdrawal, withdraw."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from safetynet import sdk
from safetynet.cli.context import console, emit_json, open_protocol
from safetynet.units import fmt_units, to_units


def register(app: typer.Typer) -> None:
    app.command("pool")(pool)
    app.command("deposit")(deposit)
    app.command("request-withdrawal")(request_withdrawal)
    app.command("withdraw")(withdraw)


def pool(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Show the pool: capital, unearned premium, fees owed, share price, cover and lock."""
    p, sender = open_protocol()
    state = sdk.pool_state(p)
    mine = sdk.position(p, sender)
    if as_json:
        emit_json({**state.as_dict(), "account": sender, "position": mine})
        return
    render_pool(state)
    render_position(state, sender, mine)


def render_pool(state: sdk.PoolState) -> None:
    d = state.asset_decimals
    table = Table(title=f"SafetyNet pool ({state.asset_symbol})", show_header=False)
    rows = [
        ("total assets (shareholders')", fmt_units(state.total_assets, d, 2)),
        ("unearned premium", fmt_units(state.unearned_premium, d, 2)),
        ("fees owed (treasury, reserve)", fmt_units(state.fees_owed, d, 2)),
        ("asset balance", fmt_units(state.balance, d, 2)),
        ("share price (per share)", fmt_units(state.share_price, d, 6)),
        ("active cover", fmt_units(state.active_cover, d, 2)),
        ("open claims", fmt_units(state.open_claims, d, 2)),
        ("locked capital", fmt_units(state.locked_capital, d, 2)),
        ("utilization", f"{state.utilization_bps / 100:.2f}%"),
        ("max leverage", f"{state.max_leverage_bps / 10_000:.2f}x"),
        ("covers sold", str(state.cover_count)),
    ]
    for key, value in rows:
        table.add_row(key, value)
    console.print(table)


def render_position(state: sdk.PoolState, owner: str, mine: dict[str, int]) -> None:
    d = state.asset_decimals
    console.print(
        f"account {owner}: {fmt_units(mine['assets'], d, 2)} {state.asset_symbol} in pool "
        f"({mine['shares']} shares); withdrawable now {fmt_units(mine['max_withdraw'], d, 2)}"
    )
    if mine["requested_shares"]:
        console.print(
            f"pending request: {mine['requested_shares']} shares, window "
            f"{mine['ready_at']} .. {mine['expires_at']} (unix time)"
        )


def deposit(amount: Annotated[str, typer.Argument(help="Whole units, e.g. 1000.5")]) -> None:
    """Deposit the pool asset and receive pool shares."""
    p, sender = open_protocol()
    units = to_units(amount, p.asset.decimals())
    shares = sdk.deposit(p, units, sender)
    console.print(f"deposited {amount} {p.asset.symbol()}: {shares} shares minted to {sender}")


def request_withdrawal(
    amount: Annotated[
        str | None, typer.Argument(help="Whole units of the asset (default: all your shares)")
    ] = None,
) -> None:
    """Start the withdrawal cooldown for an amount of your capital."""
    p, sender = open_protocol()
    if amount is None:
        shares = p.pool.balanceOf(sender)
    else:
        shares = p.pool.previewWithdraw(to_units(amount, p.asset.decimals()))
    ready_at, expires_at = sdk.request_withdrawal(p, shares, sender)
    console.print(
        f"requested {shares} shares; withdraw between {ready_at} and {expires_at} (unix time)"
    )


def withdraw(
    amount: Annotated[
        str | None, typer.Argument(help="Whole units (default: everything allowed now)")
    ] = None,
) -> None:
    """Withdraw after the cooldown, within the window and the capital lock."""
    p, sender = open_protocol()
    d = p.asset.decimals()
    if amount is None:
        paid = sdk.redeem(p, None, sender)
    else:
        units = to_units(amount, d)
        sdk.withdraw(p, units, sender)
        paid = units
    console.print(f"withdrew {fmt_units(paid, d)} {p.asset.symbol()} to {sender}")
