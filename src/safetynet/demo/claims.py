"""The demo's claims act: Aave v3 is exploited. Assessors stake SNET and vote; one claim is
accepted and paid from the pool (the share price falls by exactly the payout), one is voted
down (its deposit goes to the reward reserve), a "rug pull" claim is refused at the door,
and the assessors collect their rewards."""

from __future__ import annotations

import boa
from rich.console import Console
from rich.table import Table

from safetynet import sdk
from safetynet.chain import revert_reason
from safetynet.deploy import Protocol
from safetynet.errors import SafetyNetError
from safetynet.sdk import claims as sc
from safetynet.units import DAY, fmt_units

SNET = 10**18


def _now() -> int:
    return int(boa.env.evm.patch.timestamp)


def _product(p: Protocol, name: str = "Aave v3") -> int:
    """The listed PROTOCOL product called `name` (else the first PROTOCOL product)."""
    items = [i for i in sdk.products(p) if i.kind == "protocol"]
    if not items:
        raise SafetyNetError("the claims act needs a listed PROTOCOL product")
    return next((i.product_id for i in items if i.name == name), items[0].product_id)


def claims_act(p: Protocol, console: Console) -> None:
    """Stake, exploit, claims (accepted / rejected / refused), payout, rewards."""
    console.rule("Claims: Aave v3 is exploited")
    d = p.asset.decimals()
    unit = 10**d
    sym = p.asset.symbol()
    g = boa.env.generate_address
    pid = _product(p)
    product_name = p.cover.products(pid).name

    assessors = {
        "Ines": (g("ines"), 40_000),
        "Jun": (g("jun"), 30_000),
        "Kofi": (g("kofi"), 20_000),
    }
    for name, (who, amount) in assessors.items():
        with boa.env.prank(p.admin):
            p.token.transfer(who, amount * SNET)
        sc.stake(p, amount * SNET, sender=who)
        console.print(f"{name} stakes {amount:,} SNET to assess claims")
    quorum = p.claims.quorum()

    holders = {
        "Lena": (g("lena"), 50_000),
        "Mo": (g("mo"), 40_000),
        "Nadia": (g("nadia"), 10_000),
    }
    covers: dict[str, int] = {}
    for name, (who, amount) in holders.items():
        premium = sdk.quote(p, pid, amount * unit, 60 * DAY)
        p.asset.mint(who, premium + 1_000 * unit)  # the premium, and room for a deposit
        covers[name] = sdk.buy_cover(p, pid, amount * unit, 60 * DAY, sender=who)
        console.print(
            f"{name} buys {amount:,} {sym} of {product_name} cover for 60 days "
            f"(cover #{covers[name]}, premium {fmt_units(premium, d, 2)})"
        )
    gained = sc.fund_reserve(p)
    console.print(
        f"the pool's assessment fees ({p.pool.assessment_fee_bps() / 100:.0f}% of premiums) reach "
        f"the reward reserve: +{fmt_units(gained, d, 2)} {sym}"
    )
    boa.env.time_travel(seconds=2 * DAY)
    incident = _now() - 3_600
    console.print(f"[bold red]{product_name} is exploited[/] an hour ago (time {incident})")

    lena, mo, nadia = (holders[n][0] for n in ("Lena", "Mo", "Nadia"))
    evidence = sc.evidence_hash_bytes(b"post-mortem: reentrancy in the pool's withdraw()")
    accepted = sc.submit_claim(p, covers["Lena"], 20_000 * unit, incident, "exploit", evidence,
                               sender=lena)  # fmt: skip
    rejected = sc.submit_claim(p, covers["Mo"], 40_000 * unit, incident, "economic",
                               sc.evidence_hash_bytes(b"my screenshot"), sender=mo)  # fmt: skip
    for name, cid in (("Lena", accepted), ("Mo", rejected)):
        c = sc.claim(p, cid)
        console.print(
            f"{name} files claim #{cid} for {fmt_units(c.amount, d, 0)} {sym} "
            f"({c.cause_name}), deposit {fmt_units(c.deposit, d, 2)} {sym}"
        )
    console.print(
        f"locked capital now includes the claims under assessment: "
        f"{fmt_units(p.pool.locked_capital(), d, 2)} {sym}"
    )
    try:
        sc.submit_claim(p, covers["Nadia"], 10_000 * unit, incident, "rug-pull", evidence,
                        sender=nadia)  # fmt: skip
    except SafetyNetError as exc:
        console.print(f"Nadia claims a rug pull and is refused: [yellow]{exc}[/]")
    try:  # and the contract refuses it too, whoever sends it
        with boa.env.prank(nadia):
            p.claims.submit_claim(covers["Nadia"], 10_000 * unit, incident, 10, evidence)
    except Exception as exc:  # noqa: BLE001 - shown to the audience, reason extracted
        reason = (revert_reason(exc) or str(exc)).rstrip(">")
        console.print(f"sent anyway, the contract reverts: [yellow]{reason}[/]")

    boa.env.time_travel(seconds=60)
    votes = {"Ines": (True, False), "Jun": (True, False), "Kofi": (False, False)}
    for name, (on_lena, on_mo) in votes.items():
        who = assessors[name][0]
        sc.vote(p, accepted, on_lena, sender=who)
        sc.vote(p, rejected, on_mo, sender=who)
        console.print(
            f"{name} votes {'accept' if on_lena else 'reject'} on #{accepted}, "
            f"{'accept' if on_mo else 'reject'} on #{rejected}"
        )
    table = Table(title=f"Votes (quorum {fmt_units(quorum, 18, 0)} SNET)")
    for col in ("claim", "accept SNET", "reject SNET", "outcome"):
        table.add_column(col)
    end = max(sc.claim(p, accepted).payout_at, sc.claim(p, rejected).payout_at)
    boa.env.time_travel(seconds=end - _now())
    for cid in (accepted, rejected):
        c = sc.claim(p, cid)
        table.add_row(f"#{cid}", fmt_units(c.accept_weight, 18, 0),
                      fmt_units(c.reject_weight, 18, 0), c.status_name)  # fmt: skip
    console.print(table)

    console.rule("Settlement after the payout cooldown")
    p.pool.checkpoint()
    assets, price = p.pool.totalAssets(), p.pool.share_price()
    lena_before = p.asset.balanceOf(lena)
    sc.redeem(p, accepted)
    loss = assets - p.pool.totalAssets()
    received = p.asset.balanceOf(lena) - lena_before
    console.print(
        f"claim #{accepted} redeemed: the pool pays Lena {fmt_units(received, d, 2)} {sym} "
        f"(payout and her deposit back); total assets fall by {fmt_units(loss, d, 2)} {sym}, "
        f"exactly the payout; share price {fmt_units(price, d, 6)} -> "
        f"{fmt_units(p.pool.share_price(), d, 6)}"
    )
    if loss != 20_000 * unit:
        raise SafetyNetError(f"the pool lost {loss}, not the payout {20_000 * unit}")
    settled = sc.redeem(p, rejected)
    console.print(
        f"claim #{rejected} voted down: Mo's deposit of {fmt_units(settled.deposit, d, 2)} {sym} "
        f"joins the reward reserve, which books {fmt_units(settled.reward, d, 2)} {sym} for this "
        f"claim's voters (2% of the claim, capped by what the reserve holds)"
    )

    console.rule("Assessors collect their rewards")
    rewards = Table(title="Assessment rewards (pro rata to stake voted)")
    for col in ("assessor", "stake", f"reward ({sym})"):
        rewards.add_column(col)
    for name, (who, amount) in assessors.items():
        got = sc.claim_rewards(p, sender=who)
        rewards.add_row(name, f"{amount:,} SNET", fmt_units(got, d, 2))
    console.print(rewards)
    held = p.asset.balanceOf(p.claims.address)
    reserve, owed = p.claims.reward_reserve(), p.claims.liabilities()
    if held != reserve + owed:
        raise SafetyNetError(f"Claims' books do not balance: {held} != {reserve} + {owed}")
    console.print(
        f"Claims holds {fmt_units(held, d, 2)} {sym} = reserve {fmt_units(reserve, d, 2)} "
        f"+ owed {fmt_units(owed, d, 2)} (rounding dust of rewards)"
    )
