"""`safetynet demo`: the whole story on titanoboa's in-process EVM, told with rich tables."""

from __future__ import annotations

from dataclasses import dataclass

import boa
from rich.console import Console
from rich.table import Table

from safetynet import sdk
from safetynet.demo.claims import claims_act
from safetynet.demo.parametric import parametric_act
from safetynet.demo.rates import rates_act
from safetynet.deploy import Protocol, deploy_protocol
from safetynet.errors import SafetyNetError
from safetynet.samples import list_samples
from safetynet.tables import print_covers, print_products
from safetynet.units import DAY, fmt_units


@dataclass
class Cast:
    """Everyone in the story, by role."""

    admin: str
    auditor: str
    underwriters: dict[str, str]
    buyers: dict[str, str]


def _cast() -> Cast:
    g = boa.env.generate_address
    return Cast(
        admin=g("admin"),
        auditor=g("auditor"),
        underwriters={"Ursula": g("ursula"), "Umar": g("umar")},
        buyers={name: g(name.lower()) for name in ("Alice", "Bao", "Chidi", "Dana", "Eve")},
    )


def check_books(p: Protocol) -> sdk.PoolState:
    """SPEC §3.6 (1): balance = total assets + unearned premium + fees owed, exactly."""
    state = sdk.pool_state(p)
    if state.balance != state.total_assets + state.unearned_premium + state.fees_owed:
        raise SafetyNetError(f"books do not balance: {state}")
    return state


def pool_table(p: Protocol, title: str) -> Table:
    state = check_books(p)
    d = state.asset_decimals
    table = Table(title=title, show_header=False)
    for key, value in (
        ("asset balance", state.balance),
        ("= total assets (shareholders')", state.total_assets),
        ("+ unearned premium", state.unearned_premium),
        ("+ fees owed", state.fees_owed),
    ):
        table.add_row(key, fmt_units(value, d, 2))
    table.add_row("share price", fmt_units(state.share_price, d, 6))
    table.add_row("active cover", fmt_units(state.active_cover, d, 2))
    table.add_row("locked capital", fmt_units(state.locked_capital, d, 2))
    return table


def run_demo(console: Console | None = None) -> Protocol:
    """Deploy, list products, underwrite, sell cover, let time pass, withdraw; then the
    claims, parametric and rates acts."""
    console = console or Console()
    cast = _cast()
    boa.env.eoa = cast.admin
    console.rule("[bold]SafetyNet demo[/] (in-process EVM)")
    p = deploy_protocol(admin=cast.admin)
    d = p.asset.decimals()
    unit = 10**d
    listed = list_samples(p, cast.auditor)
    console.print(f"deployed; listed {len(listed)} products priced by the risk engine:")
    print_products(sdk.products(p), d, console)

    console.rule("Underwriters deposit")
    for (name, who), amount in zip(cast.underwriters.items(), (1_000_000, 500_000), strict=True):
        p.asset.mint(who, amount * unit)
        shares = sdk.deposit(p, amount * unit, sender=who)
        console.print(
            f"{name} deposits {amount:,} USDC and receives "
            f"{fmt_units(shares, p.pool.decimals(), 2)} shares"
        )

    console.rule("Five buyers buy cover")
    aave, uni, custody = listed["aave-v3"], listed["uniswap-v3"], listed["binance"]
    orders = [
        ("Alice", aave, 250_000, 90),
        ("Bao", uni, 50_000, 30),
        ("Chidi", custody, 100_000, 60),
        ("Dana", aave, 5, 30),  # the $5 policy
        ("Eve", uni, 300_000, 180),
    ]
    for name, pid, amount, days in orders:
        who = cast.buyers[name]
        premium = sdk.quote(p, pid, amount * unit, days * DAY)
        p.asset.mint(who, premium)
        cid = sdk.buy_cover(p, pid, amount * unit, days * DAY, sender=who)
        console.print(
            f"{name} buys {amount:,} USDC of cover on product {pid} for {days} days: "
            f"premium {fmt_units(premium, d)} USDC (cover #{cid})"
        )
    print_covers(sdk.covers(p), d, console)
    console.print(pool_table(p, "Pool right after the sales: premium is unearned"))

    console.rule("Thirty days pass")
    price_before = p.pool.share_price()
    boa.env.time_travel(seconds=30 * DAY)
    p.pool.checkpoint()
    price_after = p.pool.share_price()
    console.print(
        f"share price {fmt_units(price_before, d, 6)} -> {fmt_units(price_after, d, 6)}: "
        "premium is earned day by day, never in a jump"
    )
    console.print(pool_table(p, "Pool after 30 days"))

    console.rule("Umar withdraws after the cooldown")
    umar = cast.underwriters["Umar"]
    shares = p.pool.balanceOf(umar)
    ready_at, _ = sdk.request_withdrawal(p, shares, sender=umar)
    console.print(
        f"Umar requests all {fmt_units(shares, p.pool.decimals(), 2)} shares; "
        f"the cooldown ends at {ready_at} (unix time)"
    )
    boa.env.time_travel(seconds=ready_at - boa.env.evm.patch.timestamp)
    paid = sdk.redeem(p, shares, sender=umar)
    console.print(
        f"Umar redeems and receives {fmt_units(paid, d, 2)} USDC for his 500,000: "
        f"{fmt_units(paid - 500_000 * unit, d, 2)} is his share of the premium earned meanwhile"
    )
    claims_act(p, console)
    parametric_act(p, console)
    rates_act(p, console)
    console.rule("Final state")
    console.print(pool_table(p, "Pool at the end (balance = total assets + unearned + fees owed)"))
    return p
