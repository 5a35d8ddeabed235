"""Underwriter commands: pool, deposit, request-withdrawal, withdraw."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from safetynet import chain, sdk
from safetynet.cli.context import JsonOpt, console, emit_json, open_protocol, open_reader
from safetynet.errors import SafetyNetError
from safetynet.units import fmt_time, fmt_units, to_units


def register(app: typer.Typer) -> None:
    app.command("pool")(pool)
    app.command("deposit")(deposit)
    app.command("request-withdrawal")(request_withdrawal)
    app.command("withdraw")(withdraw)


def pool(as_json: JsonOpt = False) -> None:
    """Show the pool: capital, unearned premium, fees owed, share price, cover and lock."""
    p, sender = open_reader()
    state = sdk.pool_state(p)
    mine = sdk.position(p, sender)
    if as_json:
        emit_json({**state.as_dict(), "account": sender, "position": mine})
        return
    render_pool(state)
    render_position(state, sender, mine, sdk.share_decimals(p))


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


def render_position(
    state: sdk.PoolState, owner: str, mine: dict[str, int], share_decimals: int | None = None
) -> None:
    d = state.asset_decimals
    sd = d + 3 if share_decimals is None else share_decimals  # CapitalPool.DECIMALS_OFFSET
    console.print(
        f"account {owner}: {fmt_units(mine['assets'], d, 2)} {state.asset_symbol} in pool "
        f"({_shares(mine['shares'], sd)} shares); withdrawable now "
        f"{fmt_units(mine['max_withdraw'], d, 2)} {state.asset_symbol}"
    )
    if mine["requested_shares"]:
        now = chain.now()
        console.print(
            f"pending request: {_shares(mine['requested_shares'], sd)} shares; withdraw from "
            f"{fmt_time(mine['ready_at'], now)} until {fmt_time(mine['expires_at'], now)}"
        )


def _shares(shares: int, decimals: int) -> str:
    """Pool shares in whole shares (the pool's own decimals: the asset's + 3)."""
    return fmt_units(shares, decimals)


def deposit(amount: Annotated[str, typer.Argument(help="Whole units, e.g. 1000.5")]) -> None:
    """Deposit the pool asset and receive pool shares."""
    p, sender = open_protocol()
    d = sdk.asset_decimals(p)
    units = to_units(amount, d)
    shares = sdk.deposit(p, units, sender)
    sd = sdk.share_decimals(p)
    console.print(
        f"deposited {fmt_units(units, d)} {sdk.asset_symbol(p)}: {_shares(shares, sd)} shares "
        f"(worth {fmt_units(sdk.shares_value(p, shares), d, 2)} {sdk.asset_symbol(p)}) minted "
        f"to {sender}"
    )


def request_withdrawal(
    amount: Annotated[
        str | None, typer.Argument(help="Whole units of the asset (default: all your shares)")
    ] = None,
) -> None:
    """Start the withdrawal cooldown for an amount of your capital."""
    p, sender = open_protocol()
    d, symbol = sdk.asset_decimals(p), sdk.asset_symbol(p)
    if amount is None:
        shares = sdk.shares_of(p, sender)
    else:
        shares = sdk.shares_for_amount(p, to_units(amount, d))
    if shares == 0:
        raise SafetyNetError(f"{sender} holds no pool shares: nothing to withdraw")
    ready_at, expires_at = sdk.request_withdrawal(p, shares, sender)
    now = chain.now()
    console.print(
        f"requested {_shares(shares, sdk.share_decimals(p))} shares (worth "
        f"{fmt_units(sdk.shares_value(p, shares), d, 2)} {symbol} now); withdraw from "
        f"{fmt_time(ready_at, now)} until {fmt_time(expires_at, now)}"
    )


def withdraw(
    amount: Annotated[
        str | None, typer.Argument(help="Whole units (default: everything allowed now)")
    ] = None,
) -> None:
    """Withdraw after the cooldown, within the window and the capital lock."""
    p, sender = open_protocol()
    d = sdk.asset_decimals(p)
    units = None if amount is None else to_units(amount, d)
    _check_withdrawal_window(p, sender)
    if units is None:
        paid = sdk.redeem(p, None, sender)
    else:
        sdk.withdraw(p, units, sender)
        paid = units
    console.print(f"withdrew {fmt_units(paid, d)} {sdk.asset_symbol(p)} to {sender}")


def _check_withdrawal_window(p, sender: str) -> None:  # noqa: ANN001 - Protocol
    """Say when the request matures and when its window closes, instead of a revert."""
    requested, ready_at, expires_at = sdk.withdrawal_request(p, sender)
    now = chain.now()
    if requested == 0:
        raise SafetyNetError(
            "no withdrawal request: run `request-withdrawal` first, then withdraw once its "
            "cooldown is over"
        )
    if now < ready_at:
        raise SafetyNetError(
            f"your withdrawal request matures at {fmt_time(ready_at, now)}; withdraw between "
            f"then and {fmt_time(expires_at, now)}, when its window closes"
        )
    if now > expires_at:
        raise SafetyNetError(
            f"your withdrawal window closed at {fmt_time(expires_at, now)}: request again "
            "(`request-withdrawal`)"
        )
