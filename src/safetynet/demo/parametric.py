"""The demo's parametric act: USDC loses its peg for two hours; the keeper proves it from the
feed and pays every holder; nobody files anything."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import boa
from rich.console import Console
from rich.table import Table

from safetynet import sdk
from safetynet.deploy import Protocol
from safetynet.errors import SafetyNetError
from safetynet.keeper import Keeper
from safetynet.samples.parametric import resolve_product, sample
from safetynet.sdk import parametric as par
from safetynet.sdk import trigger_feeds as tfeeds
from safetynet.units import DAY, HOUR, fmt_units


def parametric_act(p: Protocol, console: Console) -> None:
    """Holders buy USDC-depeg cover; the feed drops to 0.93 for two hours; the keeper (the
    same code as `safetynet keeper`, in process) reports the incident and pays them all."""
    console.rule("Parametric cover: USDC loses its peg")
    d = p.asset.decimals()
    unit = 10**d
    pid = resolve_product(p, "usdc-depeg")
    s = sample("usdc-depeg")
    feeds = tfeeds.feeds_of(p, pid)
    g = boa.env.generate_address
    holders = {
        "Fatima": (g("fatima"), 20_000),
        "Gus": (g("gus"), 5_000),
        "Hana": (g("hana"), 50_000),
    }
    late = ("Ivan", g("ivan"), 10_000)
    keeper_account = g("keeper")

    ids: dict[str, int] = {}
    for name, (who, amount) in holders.items():
        premium = sdk.quote(p, pid, amount * unit, 30 * DAY)
        p.asset.mint(who, premium)
        ids[name] = sdk.buy_cover(p, pid, amount * unit, 30 * DAY, sender=who)
        console.print(
            f"{name} buys {amount:,} USDC of '{s.name}' cover for 30 days "
            f"(premium {fmt_units(premium, d, 2)} USDC, cover #{ids[name]})"
        )
    agree = (
        f"{s.required} of {len(feeds)} {s.feed_description} feeds"
        if s.required
        else (f"the {s.feed_description} feed")
    )
    console.print(
        f"trigger: {agree} below {s.threshold} for "
        f"{s.min_duration // HOUR} hour pays {s.payout_bps // 100}% of the cover"
    )

    with tempfile.TemporaryDirectory() as state_dir, boa.env.prank(keeper_account):
        keeper = Keeper(p, Path(state_dir), log=_printer(console))
        keeper.run_once()
        before = {name: p.asset.balanceOf(who) for name, (who, _) in holders.items()}

        # Covers protect only from the end of the product's waiting period: a cover
        # bought while a depeg shows on markets but not yet in the feed is not paid.
        waiting = int(p.cover.products(pid).waiting_period)
        boa.env.time_travel(seconds=waiting + 10 * 60)
        console.print(f"{waiting // HOUR} hours later the covers' waiting period is over")
        if len(feeds) > 1:
            incidents_before = int(p.parametric.incident_count())
            tfeeds.set_feed_prices(p, pid, "0.50", feed_index=len(feeds) - 1)
            console.print(
                f"[bold]One feed alone reports 0.50[/] (stuck or manipulated): one source is "
                f"not an incident, {s.required} must agree"
            )
            boa.env.time_travel(seconds=HOUR + 60)
            tfeeds.set_feed_prices(p, pid, "0.50", feed_index=len(feeds) - 1)
            keeper.run_once()
            if int(p.parametric.incident_count()) != incidents_before or sdk.trigger_active(p, pid):
                raise SafetyNetError("one feed alone proved an incident or paused sales")
            console.print("an hour later: the keeper reports nothing, sales go on")
            tfeeds.set_feed_prices(p, pid, "1.00", feed_index=len(feeds) - 1)
        tfeeds.set_feed_prices(p, pid, "0.93")
        console.print(f"[bold]The USDC/USD feed{'s' if len(feeds) > 1 else ''} report 0.93[/]")
        _try_to_buy(p, pid, late, unit, console, "during the depeg")
        keeper.run_once()
        console.print("the keeper sees the depeg but cannot prove an hour yet: no report")

        for hours in (1, 2):
            boa.env.time_travel(seconds=HOUR)
            tfeeds.set_feed_prices(p, pid, "0.93")
            console.print(
                f"{hours} hour{'s' if hours > 1 else ''} later the "
                f"{'feeds still report' if len(feeds) > 1 else 'feed still reports'} 0.93"
            )
            keeper.run_once()

        boa.env.time_travel(seconds=10 * 60)
        tfeeds.set_feed_prices(p, pid, "1.00")
        console.print("[bold]The peg is back: the feeds report 1.00[/]")
        ivan_cover = _try_to_buy(p, pid, late, unit, console, "after the recovery")
        keeper.run_once()

    table = Table(title="USDC-depeg covers after the incident (holders sent no transaction)")
    for col in ("holder", "cover", "amount", "paid", "received"):
        table.add_column(col)
    for name, (who, amount) in holders.items():
        c = sdk.cover(p, ids[name])
        got = p.asset.balanceOf(who) - before[name]
        table.add_row(name, f"#{c.cover_id}", fmt_units(c.amount, d, 0), fmt_units(c.paid, d, 0),
                      fmt_units(got, d, 0))  # fmt: skip
        if c.paid != amount * unit or got != amount * unit:
            raise SafetyNetError(f"{name} was not paid in full: {c}")
    if ivan_cover is not None:
        c = sdk.cover(p, ivan_cover)
        table.add_row(late[0], f"#{c.cover_id}", fmt_units(c.amount, d, 0), fmt_units(c.paid, d, 0),
                      "0 (cover started after the incident)")  # fmt: skip
        if c.paid != 0:
            raise SafetyNetError("a cover bought after the incident was paid")
    console.print(table)
    info = par.incidents(p)[-1]
    console.print(
        f"incident #{info.incident_id}: proved by feed rounds {info.first_round:#x}.."
        f"{info.last_round:#x}, from {info.time} to {info.end} (unix time)"
    )


def _try_to_buy(
    p: Protocol, pid: int, buyer: tuple[str, str, int], unit: int, console: Console, when: str
) -> int | None:
    name, who, amount = buyer
    try:
        premium = sdk.quote(p, pid, amount * unit, 30 * DAY)
        p.asset.mint(who, premium)
        cover_id = sdk.buy_cover(p, pid, amount * unit, 30 * DAY, sender=who)
    except SafetyNetError as exc:
        console.print(f"{name} tries to buy cover {when}: [red]{exc}[/]")
        return None
    console.print(f"{name} buys cover {when} (cover #{cover_id})")
    return cover_id


def _printer(console: Console) -> Any:
    shown = {"incident_reported", "payout_batch", "payout_skipped", "report_refused", "error"}

    def _log(action: str, **fields: Any) -> None:
        if action in shown:
            details = ", ".join(f"{k}={v}" for k, v in fields.items())
            console.print(f"[dim]keeper: {action} {details}[/]")

    return _log
