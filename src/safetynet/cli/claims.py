"""Assessor and claimant commands: stake, unstake, claim submit|vote|redeem|list|show|rewards.

Amounts are whole units at the edge: the pool asset for claims, SNET for stakes. Excluded
causes (rug pull, scam, phishing, fake token) are refused before anything is sent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from safetynet.cli.context import console, emit_json, open_protocol
from safetynet.sdk import claims as sdk_claims
from safetynet.units import fmt_units, to_units

SNET_DECIMALS = 18

claim_app = typer.Typer(
    help="File, vote on, settle and list assessed claims.", no_args_is_help=True
)


class Cause(StrEnum):
    exploit = "exploit"
    oracle = "oracle"
    economic = "economic"
    custodian = "custodian"
    rug_pull = "rug-pull"
    scam = "scam"
    phishing = "phishing"
    fake_token = "fake-token"


class Choice(StrEnum):
    accept = "accept"
    reject = "reject"


def register(app: typer.Typer) -> None:
    app.command("stake")(stake)
    app.command("unstake")(unstake)
    app.add_typer(claim_app, name="claim")


def _when(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M")


def _snet(amount: int) -> str:
    return fmt_units(amount, SNET_DECIMALS, 0)


def stake(
    amount: Annotated[str, typer.Argument(help="SNET to stake, in whole tokens")],
) -> None:
    """Stake SNET to assess claims (it votes on claims filed after it)."""
    p, sender = open_protocol()
    info = sdk_claims.stake(p, to_units(amount, SNET_DECIMALS, what="stake"), sender=sender)
    console.print(
        f"staked {amount} SNET; {sender} now stakes {_snet(info.amount)} SNET "
        f"(votes on claims filed after {_when(info.fresh_time)} UTC)"
    )


def unstake(
    amount: Annotated[str, typer.Argument(help="SNET to withdraw, in whole tokens")],
) -> None:
    """Withdraw stake once the lock from your last vote is over."""
    p, sender = open_protocol()
    info = sdk_claims.unstake(p, to_units(amount, SNET_DECIMALS, what="unstake"), sender=sender)
    console.print(f"unstaked {amount} SNET; {_snet(info.amount)} SNET still staked")


@claim_app.command("submit")
def submit(
    cover_id: Annotated[int, typer.Argument(help="Your cover's id (see `covers`)")],
    amount: Annotated[str, typer.Argument(help="Loss claimed, in whole units of the asset")],
    incident_time: Annotated[
        int, typer.Option("--incident-time", help="When the incident happened (unix seconds)")
    ],
    cause: Annotated[Cause, typer.Option("--cause", help="What caused the loss")],
    evidence: Annotated[
        Path, typer.Option("--evidence", help="Evidence file; its keccak256 is filed", exists=False)
    ],
) -> None:
    """File a claim; pays a deposit (refunded when accepted or without quorum)."""
    code = sdk_claims.parse_cause(cause.value)
    sdk_claims.check_cause(code)  # before connecting: an excluded cause never leaves
    digest = sdk_claims.evidence_hash(evidence)
    p, sender = open_protocol()
    d = p.asset.decimals()
    units = to_units(amount, d)
    claim_id = sdk_claims.submit_claim(
        p, cover_id, units, incident_time, code, digest, sender=sender
    )
    info = sdk_claims.claim(p, claim_id)
    console.print(
        f"claim #{claim_id} filed on cover #{cover_id}: {fmt_units(units, d)} {p.asset.symbol()}"
        f" ({sdk_claims.CAUSE_TITLES[code]}), deposit {fmt_units(info.deposit, d)}; voting ends "
        f"{_when(info.voting_end)} UTC, payout from {_when(info.payout_at)} UTC"
    )
    console.print(f"evidence 0x{digest.hex()}")


@claim_app.command("vote")
def vote(
    claim_id: Annotated[int, typer.Argument(help="Claim id (see `claim list`)")],
    choice: Annotated[Choice, typer.Argument(help="accept or reject")],
) -> None:
    """Vote on an open claim with the stake you held before it was filed."""
    p, sender = open_protocol()
    info = sdk_claims.vote(p, claim_id, choice is Choice.accept, sender=sender)
    console.print(
        f"voted {choice.value} on claim #{claim_id}: accept {_snet(info.accept_weight)} / reject "
        f"{_snet(info.reject_weight)} SNET (quorum {_snet(info.quorum)}); voting ends "
        f"{_when(info.voting_end)} UTC"
    )


@claim_app.command("redeem")
def redeem(claim_id: Annotated[int, typer.Argument(help="Claim id")]) -> None:
    """Settle a claim after its payout cooldown (anyone may)."""
    p, sender = open_protocol()
    info = sdk_claims.redeem(p, claim_id, sender=sender)
    d = p.asset.decimals()
    if info.status_name == "paid":
        console.print(
            f"claim #{claim_id} paid: {fmt_units(info.amount, d)} {p.asset.symbol()} to "
            f"{info.owner}, deposit refunded"
        )
    else:
        why = "rejected by vote, deposit to the reward reserve"
        if not info.quorum_reached:
            why = "no quorum: rejected, deposit refunded"
        console.print(f"claim #{claim_id} {why}")


@claim_app.command("rewards")
def rewards(
    claim_ids: Annotated[
        list[int] | None, typer.Argument(help="Claim ids (default: all with rewards pending)")
    ] = None,
) -> None:
    """Collect your assessment rewards for settled claims you voted on."""
    p, sender = open_protocol()
    total = sdk_claims.claim_rewards(p, claim_ids or None, sender=sender)
    console.print(f"collected {fmt_units(total, p.asset.decimals())} {p.asset.symbol()}")


@claim_app.command("show")
def show(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """One claim in full."""
    p, _ = open_protocol()
    info = sdk_claims.claim(p, claim_id)
    if as_json:
        emit_json(info.as_dict())
        return
    _table([info], p.asset.decimals(), p.asset.symbol())


@claim_app.command("list")
def list_(
    status: Annotated[
        str | None, typer.Option("--status", help="open|accepted|rejected|paid|frozen")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List claims with their tally and status."""
    p, _ = open_protocol()
    items = sdk_claims.list_claims(p, status)
    if as_json:
        emit_json([item.as_dict() for item in items])
        return
    if not items:
        console.print("no claims")
        return
    _table(items, p.asset.decimals(), p.asset.symbol())


def _table(items: list[sdk_claims.ClaimInfo], decimals: int, symbol: str) -> None:
    table = Table(title="Claims")
    for col in ("id", "cover", "amount", "cause", "accept / reject SNET", "voting ends", "status"):
        table.add_column(col)
    for c in items:
        quorum = "" if c.quorum_reached else " [dim](no quorum)[/]"
        table.add_row(
            str(c.claim_id),
            str(c.cover_id),
            f"{fmt_units(c.amount, decimals)} {symbol}",
            c.cause_name,
            f"{_snet(c.accept_weight)} / {_snet(c.reject_weight)}{quorum}",
            _when(c.voting_end),
            c.status_name,
        )
    console.print(table)
