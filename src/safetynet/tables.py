"""Tables of products and covers for people: the CLI's `products`/`covers` and the demo."""

from __future__ import annotations

from datetime import UTC, datetime

from rich import box
from rich.console import Console
from rich.table import Table

from safetynet import sdk
from safetynet.units import fmt_duration, fmt_units

DAY = 86_400


def _when(ts: int, fmt: str = "%Y-%m-%d %H:%M") -> str:
    return datetime.fromtimestamp(ts, UTC).strftime(fmt)


def print_products(
    items: list[sdk.ProductInfo], decimals: int, console: Console | None = None
) -> None:
    """Fits 80 columns: numbers never wrap, names fold; active cover and the rest: --json."""
    console = console or Console()
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


def print_covers(items: list[sdk.CoverInfo], decimals: int, console: Console | None = None) -> None:
    """Fits 80 columns; the premium and full owner address are in --json."""
    console = console or Console()
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
