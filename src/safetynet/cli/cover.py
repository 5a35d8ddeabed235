"""Buyer commands: products, quote, buy, covers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from safetynet import sdk
from safetynet.cli.context import console, emit_json, open_protocol, open_reader, parse_address
from safetynet.units import fmt_duration, fmt_units, to_units, whole_days

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
    print_products(items, sdk.asset_decimals(p))


def print_products(items: list[sdk.ProductInfo], decimals: int) -> None:
    """Fits 80 columns: numbers never wrap, names fold; active cover and the rest: --json."""
    table = Table(title="Products", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("name", overflow="fold", min_width=7)
    table.add_column("kind", no_wrap=True)
    for col in ("rate/yr", "capacity"):
        table.add_column(col, justify="right", no_wrap=True)
    for col in ("waiting", "days", "attested to"):
        table.add_column(col, no_wrap=True)
    for item in items:
        table.add_row(
            str(item.product_id),
            item.name + (" [red](paused)[/]" if item.paused else ""),
            item.kind,
            f"{item.annual_rate_bps / 100:.2f}%",
            fmt_units(item.capacity, decimals, 0),
            fmt_duration(item.waiting_period) if item.waiting_period else "none",
            f"{item.min_period // DAY}-{item.max_period // DAY}",
            _when(item.valid_until, "%Y-%m-%d") if item.attested else "[red]no[/]",
        )
    console.print(table)
    console.print(
        "[dim]waiting: from purchase until cover starts; days: periods on sale; "
        "capacity in the pool asset[/]"
    )


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
    print_covers(items, sdk.asset_decimals(p))


def print_covers(items: list[sdk.CoverInfo], decimals: int) -> None:
    """Fits 80 columns; the premium and full owner address are in --json."""
    table = Table(title="Covers", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("id", justify="right", no_wrap=True)
    table.add_column("product", justify="right", no_wrap=True)
    table.add_column("owner", no_wrap=True)
    for col in ("amount", "payable"):
        table.add_column(col, justify="right", no_wrap=True)
    for col in ("start", "end", "status"):
        table.add_column(col, no_wrap=True)
    for c in items:
        status = c.status or ("active" if c.active else "-")
        colour = {"active": "green", "waiting": "yellow"}.get(status, "dim")
        table.add_row(
            str(c.cover_id),
            str(c.product_id),
            c.owner[:6] + "…",
            fmt_units(c.amount, decimals, 0),
            fmt_units(c.payable, decimals, 2),
            _when(c.start, "%Y-%m-%d"),
            _when(c.end, "%Y-%m-%d"),
            f"[{colour}]{status}[/]",
        )
    console.print(table)
