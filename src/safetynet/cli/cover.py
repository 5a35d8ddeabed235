"""Buyer and auditor commands: products, quote, buy, renew, covers, attest."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer
from rich.console import Console

from safetynet import sdk
from safetynet.cli.context import (
    JsonOpt,
    console,
    emit_json,
    open_protocol,
    open_reader,
    parse_address,
)
from safetynet.tables import print_covers, print_products
from safetynet.units import DAY, fmt_units, fmt_utc, to_units, whole_days


def register(app: typer.Typer) -> None:
    app.command("products")(products)
    app.command("quote")(quote)
    app.command("buy")(buy)
    app.command("renew")(renew)
    app.command("covers")(covers)
    app.command("attest")(attest)


def _period(days: str) -> int:
    return whole_days(days)


def products(as_json: JsonOpt = False) -> None:
    """List products with rates, capacity, active cover and attestation."""
    _list(sdk.products, print_products, as_json)


def quote(
    product_id: Annotated[int, typer.Argument(help="Product id (see `products`)")],
    amount: Annotated[str, typer.Argument(help="Cover amount in whole units")],
    days: Annotated[str, typer.Option("--days", help="Cover period in whole days")] = "30",
    as_json: JsonOpt = False,
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
        f"cover #{cover_id} minted to {info.owner}: {_terms(info, d, sdk.asset_symbol(p))}"
    )


def covers(
    owner: Annotated[str | None, typer.Option("--owner", help="Only this holder's covers")] = None,
    product_id: Annotated[int | None, typer.Option("--product", help="Only this product")] = None,
    as_json: JsonOpt = False,
) -> None:
    """List covers with their owner, terms and what has been paid."""
    owner = parse_address(owner, "--owner")
    _list(lambda p: sdk.covers(p, owner=owner, product_id=product_id), print_covers, as_json)


def _list(
    read: Callable[[Any], list[Any]], table: Callable[[Any, int, Console], None], as_json: bool
) -> None:
    """What `read` finds on the chain: as JSON for programs, else `table` in whole units."""
    p, _ = open_reader()
    items = read(p)
    if as_json:
        emit_json([item.as_dict() for item in items])
        return
    table(items, sdk.asset_decimals(p), console)


def renew(
    cover_id: Annotated[int, typer.Argument(help="Cover id (see `covers`)")],
    days: Annotated[str, typer.Option("--days", help="New cover period in whole days")] = "30",
    max_premium: Annotated[
        str | None, typer.Option("--max-premium", help="Refuse above this premium (whole units)")
    ] = None,
) -> None:
    """Renew a cover you hold: a new cover of the same product and amount that starts exactly
    when this one ends (no gap, no waiting period), at today's quote. Renew at least the
    product's waiting period before the end."""
    period = _period(days)
    p, sender = open_protocol()
    d = sdk.asset_decimals(p)
    limit = None if max_premium is None else to_units(max_premium, d)
    new_id = sdk.renew_cover(p, cover_id, period, max_premium=limit, sender=sender)
    terms = _terms(sdk.cover(p, new_id), d, sdk.asset_symbol(p))
    console.print(f"cover #{cover_id} renewed as cover #{new_id}: {terms}")


def _terms(info: sdk.CoverInfo, decimals: int, symbol: str) -> str:
    """A cover's amount, period and premium, as `buy` and `renew` print them."""
    return (
        f"{fmt_units(info.amount, decimals)} {symbol} from {fmt_utc(info.start)} to "
        f"{fmt_utc(info.end)} UTC, premium {fmt_units(info.premium, decimals)}"
    )


def attest(
    product_id: Annotated[int, typer.Argument(help="Product id (see `products`)")],
    contracts: Annotated[
        list[str], typer.Argument(help="The audited contracts (0x...), proxies as deployed")
    ],
    report: Annotated[
        str, typer.Option("--report", help="The audit report (its text or a URL): hashed")
    ],
    days: Annotated[str, typer.Option("--days", help="Attestation valid for N days")] = "90",
    as_json: JsonOpt = False,
) -> None:
    """Auditors: bind an attestation to the code you reviewed. Records each contract's code
    hash (and a proxy's implementation; a beacon proxy's beacon is added), then attests. If
    that code changes, `check_code` (the keeper, every pass) stops sales until you attest
    again."""
    from safetynet.sdk import code

    checked = [parse_address(c, "contract") or "" for c in contracts]
    period = _period(days)
    p, sender = open_protocol()
    code_set = code.resolve_code_set(checked)
    records = code.set_covered_code(p, product_id, code_set.contracts, sender=sender)
    sdk.attest(p, product_id, report, period, sender=sender)
    info = sdk.product(p, product_id)
    if as_json:
        emit_json(
            {
                "product_id": product_id,
                "valid_until": info.valid_until,
                "code": info.code,
                "records": [r.as_dict() for r in records],
                "notes": code_set.notes,
            }
        )
        return
    console.print(
        f"product {product_id} ({info.name}) attested until {fmt_utc(info.valid_until)} UTC, "
        f"bound to {len(records)} contract(s):"
    )
    for r in records:
        via = "" if r.implementation == code.ZERO else f" -> implementation {r.implementation}"
        console.print(f"  {r.target} code {r.code_hash[:18]}...{via}")
    for note in code_set.notes:
        console.print(f"[yellow]note:[/] {note}")
