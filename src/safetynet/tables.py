"""Tables for people: products and covers (the CLI's `products`/`covers` and the demo), and
the narrow table every list of the CLI is drawn in."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Column, Table

from safetynet import sdk
from safetynet.units import DAY, fmt_duration, fmt_units, fmt_utc


def narrow_table(title: str, *columns: Column) -> Table:
    """A table that fits 80 columns: a simple rule under the head, no edge padding."""
    return Table(*columns, title=title, box=box.SIMPLE_HEAD, pad_edge=False)


def number_column(header: str) -> Column:
    """A column of numbers: right-aligned, never wrapped."""
    return Column(header, justify="right", no_wrap=True)


def text_column(header: str) -> Column:
    """A column of short text (dates, kinds, statuses): never wrapped."""
    return Column(header, no_wrap=True)


def name_column(header: str, min_width: int) -> Column:
    """A column of names: folded over lines when the table runs out of room."""
    return Column(header, overflow="fold", min_width=min_width)


def print_products(
    items: list[sdk.ProductInfo], decimals: int, console: Console | None = None
) -> None:
    """Fits 80 columns: numbers never wrap, names fold; active cover and the rest: --json."""
    console = console or Console()
    table = narrow_table(
        "Products", number_column("id"), name_column("name", 7), text_column("kind"),
        number_column("rate/yr"), number_column("capacity"), text_column("waiting"),
        text_column("days"), text_column("attested to"),
    )  # fmt: skip
    for item in items:
        table.add_row(
            str(item.product_id),
            item.name
            + (" [red](paused)[/]" if item.paused else "")
            + (" [red](code changed)[/]" if item.code_changed else ""),
            item.kind,
            f"{item.annual_rate_bps / 100:.2f}%",
            fmt_units(item.capacity, decimals, 0),
            fmt_duration(item.waiting_period) if item.waiting_period else "none",
            f"{item.min_period // DAY}-{item.max_period // DAY}",
            fmt_utc(item.valid_until, "%Y-%m-%d") if item.attested else "[red]no[/]",
        )
    console.print(table)
    console.print(
        "[dim]waiting: from purchase until cover starts; days: periods on sale; "
        "capacity in the pool asset; code changed: the audited code was upgraded or replaced, "
        "sales stop until an auditor attests again (`safetynet attest`)[/]"
    )


def print_covers(items: list[sdk.CoverInfo], decimals: int, console: Console | None = None) -> None:
    """Fits 80 columns; the premium and full owner address are in --json."""
    console = console or Console()
    table = narrow_table(
        "Covers", number_column("id"), number_column("product"), text_column("owner"),
        number_column("amount"), number_column("payable"), text_column("start"),
        text_column("end"), text_column("status"),
    )  # fmt: skip
    for c in items:
        status = c.status or ("active" if c.active else "-")
        colour = {"active": "green", "waiting": "yellow"}.get(status, "dim")
        table.add_row(
            str(c.cover_id),
            str(c.product_id),
            c.owner[:6] + "…",
            fmt_units(c.amount, decimals, 0),
            fmt_units(c.payable, decimals, 2),
            fmt_utc(c.start, "%Y-%m-%d"),
            fmt_utc(c.end, "%Y-%m-%d"),
            f"[{colour}]{status}[/]",
        )
    console.print(table)
