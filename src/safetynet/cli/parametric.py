"""Parametric commands: `incident report|list`, `keeper`, `dev feed set|show`."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Annotated

import typer
from rich.table import Table

from safetynet import chain, sdk
from safetynet.cli.context import console, emit_json, open_protocol
from safetynet.errors import SafetyNetError
from safetynet.keeper.main import command as keeper
from safetynet.sdk import parametric as par
from safetynet.units import fmt_duration, fmt_time, parse_price

incident_app = typer.Typer(help="Parametric incidents proved by data feeds.", no_args_is_help=True)
feed_app = typer.Typer(
    help="Mock feeds of parametric products (local chains).", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(incident_app, name="incident")
    # The same command as `python -m safetynet.keeper`: one implementation, one set of
    # options, defaults from Settings; the global --rpc-url/--account/--manifest apply.
    app.command("keeper")(keeper)
    try:
        from safetynet.cli.dev import dev_app
    except ImportError:  # no dev commands installed: give feeds their own group
        app.add_typer(feed_app, name="feed")
    else:
        dev_app.add_typer(feed_app, name="feed")


def _when(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S")


def _product(p, product: str) -> int:  # noqa: ANN001 - Protocol
    from safetynet.samples.parametric import resolve_product

    return resolve_product(p, product)


# ------------------------------------------------------------------------------ incident


@incident_app.command("list")
def incident_list(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Incidents reported so far."""
    p, _ = open_protocol()
    items = par.incidents(p)
    if as_json:
        emit_json([i.as_dict() for i in items])
        return
    table = Table(title="Incidents")
    for col in ("id", "product", "from", "to", "payout", "rounds"):
        table.add_column(col)
    for i in items:
        table.add_row(
            str(i.incident_id), str(i.product_id), _when(i.time), _when(i.end),
            f"{i.payout_bps / 100:g}%", f"{i.first_round:#x}..{i.last_round:#x}",
        )  # fmt: skip
    console.print(table if items else "no incidents reported")


@incident_app.command("report")
def incident_report(
    product: Annotated[str, typer.Argument(help="Product id or sample slug (usdc-depeg)")],
    rounds: Annotated[
        list[str] | None,
        typer.Argument(help="Consecutive round ids (default: search the feed for a window)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Report an incident: the contract reads the rounds and checks them itself."""
    p, _ = open_protocol()
    pid = _product(p, product)
    if rounds:
        try:
            ids = [int(r, 0) for r in rounds]
        except ValueError as exc:
            raise SafetyNetError(f"round ids must be integers (decimal or 0x…): {exc}") from exc
    else:
        found = par.provable_window(p, pid)
        if found is None:
            raise SafetyNetError(
                f"product {pid}'s feed proves no incident now: its answer has not stayed below "
                "the threshold for the trigger's duration since the last incident"
            )
        ids = found
    incident_id = par.report_incident(p, pid, ids)
    info = par.incident(p, incident_id)
    if as_json:
        emit_json(info.as_dict())
        return
    console.print(
        f"incident #{incident_id} on product {pid}: feed below threshold from "
        f"{_when(info.time)} to {_when(info.end)} ({len(ids)} rounds)"
    )


# ------------------------------------------------------------------------------ dev feed


@feed_app.command("set")
def feed_set(
    product: Annotated[str, typer.Argument(help="Product id or sample slug (usdc-depeg)")],
    price: Annotated[str, typer.Argument(help="New answer in feed units, e.g. 0.93")],
) -> None:
    """Push a round with PRICE to the product's mock feed (local chains only)."""
    value = parse_price(price)
    p, _ = open_protocol()
    pid = _product(p, product)
    if par.trigger(p, pid) is None:
        raise SafetyNetError(f"product {pid} has no parametric trigger (so no feed to set)")
    r = par.set_feed_price(p, pid, str(value))
    t = par.trigger(p, pid)
    below = "below" if r.answer < t.threshold else "at or above"
    console.print(
        f"feed of product {pid} now answers {value} (round {r.round_id:#x}, {_when(r.updated_at)}),"
        f" {below} the trigger threshold {t.threshold_price}"
    )


@feed_app.command("show")
def feed_show(
    product: Annotated[str, typer.Argument(help="Product id or sample slug (usdc-depeg)")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The product's trigger and its feed's latest round."""
    p, _ = open_protocol()
    pid = _product(p, product)
    t = par.trigger(p, pid)
    if t is None:
        raise SafetyNetError(f"product {pid} has no parametric trigger")
    r = par.latest_round(par.feed_contract(t.feed))
    data = {**t.as_dict(), "latest_round": r.round_id, "latest_answer": r.answer,
            "latest_updated_at": r.updated_at,
            "trigger_active": bool(sdk.trigger_active(p, pid))}  # fmt: skip
    if as_json:
        emit_json(data)
        return
    now = chain.now()
    price = Decimal(r.answer).scaleb(-t.decimals)
    below = "below" if r.answer < t.threshold else "at or above"
    console.print(f"product {pid}: feed {t.feed}")
    console.print(
        f"  trigger: answer below {t.threshold_price} for {fmt_duration(t.min_duration)} pays "
        f"{t.payout_bps / 100:g}% of each cover"
    )
    console.print(
        f"  latest round {r.round_id:#x}: {price} ({below} the threshold), posted "
        f"{fmt_time(r.updated_at, now)}"
    )
    console.print(
        f"  sales paused by an active trigger: {'yes' if data['trigger_active'] else 'no'}"
    )
