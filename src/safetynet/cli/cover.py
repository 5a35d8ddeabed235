"""Buyer commands: products, quote, buy, covers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from safetynet import sdk
from safetynet.cli.context import console, emit_json, open_protocol, open_reader, parse_address
from safetynet.tables import print_covers, print_products
from safetynet.units import fmt_units, to_units, whole_days

DAY = 86_400


def register(app: typer.Typer) -> None:
    app.command("products")(products)
    app.command("quote")(quote)
    app.command("buy")(buy)
    app.command("covers")(covers)


def _when(ts: int, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return datetime.fromtimestamp(ts, UTC).strftime(fmt)


def _period(days: str) -> int:
    return whole_days(days)


def products(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List products with rates, capacity, active cover and attestation."""
    p, _ = open_reader()
    items = sdk.products(p)
    if as_json:
        emit_json([item.as_dict() for item in items])
        return
    print_products(items, sdk.asset_decimals(p), console)


def quote(
    product_id: Annotated[int, typer.Argument(help="Product id (see `products`)")],
    amount: Annotated[str, typer.Argument(help="Cover amount in whole units")],
    days: Annotated[str, typer.Option("--days", help="Cover period in whole days")] = "30",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Price cover: the premium the contract would charge now."""
    period = _period(days)
    p, _ = open_reader()
    d = sdk.asset_decimals(p)
    units = to_units(amount, d)
    premium = sdk.quote(p, product_id, units, period)
    if as_json:
        emit_json(
            {
                "product_id": product_id,
                "amount": units,
                "period": period,
                "premium": premium,
                "decimals": d,
            }
        )
        return
    console.print(
        f"premium for {fmt_units(units, d)} {sdk.asset_symbol(p)} of cover on product {product_id} "
        f"for {period // DAY} days: [bold]{fmt_units(premium, d)} {sdk.asset_symbol(p)}[/]"
    )


def buy(
    product_id: Annotated[int, typer.Argument(help="Product id (see `products`)")],
    amount: Annotated[str, typer.Argument(help="Cover amount in whole units")],
    days: Annotated[str, typer.Option("--days", help="Cover period in whole days")] = "30",
    max_premium: Annotated[
        str | None, typer.Option("--max-premium", help="Refuse above this premium (whole units)")
    ] = None,
    owner: Annotated[str | None, typer.Option("--owner", help="Who holds the cover NFT")] = None,
) -> None:
    """Buy cover: pays the premium and mints the cover NFT."""
    period = _period(days)
    owner = parse_address(owner, "--owner")
    p, sender = open_protocol()
    d = sdk.asset_decimals(p)
    limit = None if max_premium is None else to_units(max_premium, d)
    cover_id = sdk.buy_cover(
        p,
        product_id,
        to_units(amount, d),
        period,
        owner=owner,
        max_premium=limit,
        sender=sender,
    )
    info = sdk.cover(p, cover_id)
    console.print(
        f"cover #{cover_id} minted to {info.owner}: {fmt_units(info.amount, d)} "
        f"{sdk.asset_symbol(p)} from {_when(info.start)} to {_when(info.end)} UTC, premium "
        f"{fmt_units(info.premium, d)}"
    )


def covers(
    owner: Annotated[str | None, typer.Option("--owner", help="Only this holder's covers")] = None,
    product_id: Annotated[int | None, typer.Option("--product", help="Only this product")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List covers with their owner, terms and what has been paid."""
    owner = parse_address(owner, "--owner")
    p, _ = open_reader()
    items = sdk.covers(p, owner=owner, product_id=product_id)
    if as_json:
        emit_json([item.as_dict() for item in items])
        return
    print_covers(items, sdk.asset_decimals(p), console)
