"""`balance`: everything one account holds in SafetyNet, in whole tokens."""

from __future__ import annotations

from typing import Annotated

import typer

from safetynet import chain, sdk
from safetynet.cli.context import JsonOpt, console, emit_json, open_reader, parse_address
from safetynet.sdk import claims as sdk_claims
from safetynet.units import fmt_time, fmt_units

ETH_DECIMALS = 18
SNET_DECIMALS = 18


def register(app: typer.Typer) -> None:
    app.command("balance")(balance)


def balance(
    address: Annotated[
        str | None, typer.Argument(help="Account to show (default: the signing account)")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """An account's pool asset, ETH, SNET, pool position, stake and covers."""
    who = parse_address(address, "address")
    p, sender = open_reader()
    who = who or sender
    d, symbol = sdk.asset_decimals(p), sdk.asset_symbol(p)
    now = chain.now()
    position = sdk.position(p, who)
    stake = sdk_claims.stake_info(p, who) if p.claims is not None else None
    covers = sdk.covers(p, owner=who)
    data = {
        "account": who,
        "asset": sdk.asset_balance(p, who),
        "asset_symbol": symbol,
        "asset_decimals": d,
        "eth": sdk.eth_balance(who),
        "snet": sdk.snet_balance(p, who),
        "pool_shares": position["shares"],
        "pool_value": position["assets"],
        "pool_withdrawable": position["max_withdraw"],
        "stake": stake.amount if stake is not None else 0,
        "stake_locked_until": stake.locked_until if stake is not None else 0,
        "covers": [c.as_dict() for c in covers],
    }
    if as_json:
        emit_json(data)
        return
    sd = sdk.share_decimals(p)
    console.print(f"[bold]{who}[/]")
    console.print(f"  {symbol:<6} {fmt_units(data['asset'], d)}")
    console.print(f"  {'ETH':<6} {fmt_units(data['eth'], ETH_DECIMALS, 6)} (pays for gas)")
    console.print(f"  {'SNET':<6} {fmt_units(data['snet'], SNET_DECIMALS)}")
    console.print(
        f"  pool   {fmt_units(position['shares'], sd)} shares worth "
        f"{fmt_units(position['assets'], d, 2)} {symbol} "
        f"(withdrawable now {fmt_units(position['max_withdraw'], d, 2)})"
    )
    if position["requested_shares"]:
        console.print(
            f"         withdrawal request: {fmt_units(position['requested_shares'], sd)} shares,"
            f" from {fmt_time(position['ready_at'], now)} until "
            f"{fmt_time(position['expires_at'], now)}"
        )
    locked = ""
    if data["stake_locked_until"] > now:
        locked = f", locked until {fmt_time(data['stake_locked_until'], now)}"
    console.print(f"  stake  {fmt_units(data['stake'], SNET_DECIMALS)} SNET{locked}")
    if not covers:
        console.print("  covers none")
    for c in covers:
        console.print(
            f"  cover  #{c.cover_id} product {c.product_id}: {c.status}, "
            f"{fmt_units(c.payable, d, 2)} of {fmt_units(c.amount, d, 2)} {symbol} payable, "
            f"until {fmt_time(c.end, now)}"
        )
