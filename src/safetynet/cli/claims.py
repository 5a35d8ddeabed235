"""Assessor and claimant commands: stake, unstake, claim submit|vote|redeem|list|show|rewards.

Amounts are whole units at the edge: the pool asset for claims, SNET for stakes. Excluded
causes (rug pull, scam, phishing, fake token) are refused before anything is sent.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from safetynet import chain, sdk
from safetynet.cli.context import JsonOpt, console, emit_json, open_protocol
from safetynet.errors import SafetyNetError
from safetynet.sdk import claims as sdk_claims
from safetynet.tables import name_column, narrow_table, number_column, text_column
from safetynet.units import fmt_time, fmt_units, fmt_utc, parse_time, to_units

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


def _snet(amount: int) -> str:
    return fmt_units(amount, SNET_DECIMALS, 0)


def _snet_exact(amount: int) -> str:
    return fmt_units(amount, SNET_DECIMALS)


def _quorum(c: sdk_claims.ClaimInfo) -> str:
    """Quorum progress: votes so far against the quorum, as a percentage."""
    return f"{_snet(_votes(c))} of {_snet(c.quorum)} SNET ({_quorum_share(c)})"


def _votes(c: sdk_claims.ClaimInfo) -> int:
    return c.accept_weight + c.reject_weight


def _quorum_share(c: sdk_claims.ClaimInfo) -> str:
    """The quorum column: "reached", or the votes cast as a share of the quorum."""
    share = 100 * _votes(c) / c.quorum if c.quorum else 100.0
    return "reached" if c.quorum_reached else f"{share:.0f}%"


def _refuse_above(units: int, available: int, has: str, verb: str) -> None:
    """Refuse to `verb` more SNET than is `available`; `has` says whose it is and how
    ("0x… holds", "0x… stakes")."""
    if units > available:
        raise SafetyNetError(
            f"{has} {_snet_exact(available)} SNET, cannot {verb} {_snet_exact(units)} SNET"
        )


def stake(
    amount: Annotated[str, typer.Argument(help="SNET to stake, in whole tokens")],
) -> None:
    """Stake SNET to assess claims (it votes on claims filed after it)."""
    units = to_units(amount, SNET_DECIMALS, what="stake")
    p, sender = open_protocol()
    _refuse_above(units, sdk.snet_balance(p, sender), f"{sender} holds", "stake")
    info = sdk_claims.stake(p, units, sender=sender)
    console.print(
        f"staked {_snet_exact(units)} SNET; {sender} now stakes {_snet_exact(info.amount)} SNET "
        f"(votes on claims filed after {fmt_utc(info.fresh_time)} UTC)"
    )


def unstake(
    amount: Annotated[str, typer.Argument(help="SNET to withdraw, in whole tokens")],
) -> None:
    """Withdraw stake once the lock from your last vote is over."""
    units = to_units(amount, SNET_DECIMALS, what="unstake")
    p, sender = open_protocol()
    mine = sdk_claims.stake_info(p, sender)
    now = chain.now()
    if mine.locked_until > now:
        raise SafetyNetError(
            f"your stake is locked after your last vote until {fmt_time(mine.locked_until, now)}"
            "; unstake after that"
        )
    _refuse_above(units, mine.amount, f"{sender} stakes", "unstake")
    info = sdk_claims.unstake(p, units, sender=sender)
    console.print(
        f"unstaked {_snet_exact(units)} SNET; {_snet_exact(info.amount)} SNET still staked"
    )


@claim_app.command("submit")
def submit(
    cover_id: Annotated[int, typer.Argument(help="Your cover's id (see `covers`)")],
    amount: Annotated[str, typer.Argument(help="Loss claimed, in whole units of the asset")],
    incident_time: Annotated[
        str,
        typer.Option(
            "--incident-time",
            help="When it happened: unix seconds, `2h ago`, `3 days ago`, or an ISO date (UTC)",
        ),
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
    d = sdk.asset_decimals(p)
    units = to_units(amount, d)
    when = parse_time(incident_time, chain.now(), what="--incident-time")
    _check_claimant(p, cover_id, units, sender)
    claim_id = sdk_claims.submit_claim(p, cover_id, units, when, code, digest, sender=sender)
    info = sdk_claims.claim(p, claim_id)
    console.print(
        f"claim #{claim_id} filed on cover #{cover_id}: {fmt_units(units, d)} {sdk.asset_symbol(p)}"
        f" ({sdk_claims.CAUSE_TITLES[code]}), deposit {fmt_units(info.deposit, d)}; voting ends "
        f"{fmt_utc(info.voting_end)} UTC, payout from {fmt_utc(info.payout_at)} UTC"
    )
    console.print(f"evidence 0x{digest.hex()}")


def _check_claimant(p, cover_id: int, amount: int, sender: str) -> None:  # noqa: ANN001
    """What the contract would refuse, refused before anything (an approve) is sent."""
    if not 1 <= cover_id <= sdk.cover_count(p):
        raise SafetyNetError(f"no cover #{cover_id}: covers run from 1 to {sdk.cover_count(p)}")
    info = sdk.cover(p, cover_id)
    if info.owner.lower() != sender.lower():
        raise SafetyNetError(
            f"cover #{cover_id} is held by {info.owner}, not by {sender}: only its holder can "
            "claim (sign with --account N or SAFETYNET_PRIVATE_KEY)"
        )
    d, symbol = sdk.asset_decimals(p), sdk.asset_symbol(p)
    left = info.amount - info.paid
    if amount > left:
        raise SafetyNetError(
            f"cover #{cover_id} can pay at most {fmt_units(left, d)} {symbol} more "
            f"(of {fmt_units(info.amount, d)}); claim that or less"
        )
    deposit = sdk_claims.deposit_for(p, amount)
    held = sdk.asset_balance(p, sender)
    if held < deposit:
        raise SafetyNetError(
            f"the claim needs a deposit of {fmt_units(deposit, d)} {symbol}; you hold "
            f"{fmt_units(held, d)} {symbol}"
        )


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
        f"{_snet(info.reject_weight)} SNET; quorum {_quorum(info)}; voting ends "
        f"{fmt_time(info.voting_end, chain.now())}"
    )


@claim_app.command("redeem")
def redeem(claim_id: Annotated[int, typer.Argument(help="Claim id")]) -> None:
    """Settle a claim after its payout cooldown (anyone may)."""
    p, sender = open_protocol()
    before = sdk_claims.claim(p, claim_id)
    already = before.status_name not in ("open", "accepted")
    info = before if already else sdk_claims.redeem(p, claim_id, sender=sender)
    d = sdk.asset_decimals(p)
    if already:
        console.print(f"claim #{claim_id} was already settled (by the keeper or someone else):")
    if info.status_name == "paid":
        console.print(
            f"claim #{claim_id} paid: {fmt_units(info.amount, d)} {sdk.asset_symbol(p)} to "
            f"{info.owner}, deposit refunded"
        )
    else:
        why = "rejected by vote, deposit to the reward reserve"
        if not info.quorum_reached:
            why = "no quorum: rejected, deposit refunded"
        if info.status_name not in ("rejected", "paid"):
            why = f"is {info.status_name}"
        console.print(f"claim #{claim_id} {why}")


@claim_app.command("rewards")
def rewards(
    claim_ids: Annotated[
        list[int] | None, typer.Argument(help="Claim ids (default: all with rewards pending)")
    ] = None,
) -> None:
    """Collect your assessment rewards for settled claims you voted on."""
    p, sender = open_protocol()
    if not claim_ids and not sdk_claims.pending_rewards(p, sender):
        console.print(
            f"nothing to collect for {sender}: rewards come from claims you voted on once they "
            "are settled (`claim redeem`), and each is collected once"
        )
        return
    total = sdk_claims.claim_rewards(p, claim_ids or None, sender=sender)
    console.print(f"collected {fmt_units(total, sdk.asset_decimals(p))} {sdk.asset_symbol(p)}")


@claim_app.command("show")
def show(
    claim_id: Annotated[int, typer.Argument(help="Claim id")],
    as_json: JsonOpt = False,
) -> None:
    """One claim in full."""
    p, _ = open_protocol()
    info = sdk_claims.claim(p, claim_id)
    if as_json:
        emit_json(info.as_dict())
        return
    _table([info], sdk.asset_decimals(p), sdk.asset_symbol(p))


@claim_app.command("list")
def list_(
    status: Annotated[
        str | None, typer.Option("--status", help="open|accepted|rejected|paid|frozen")
    ] = None,
    as_json: JsonOpt = False,
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
    _table(items, sdk.asset_decimals(p), sdk.asset_symbol(p))


def _table(items: list[sdk_claims.ClaimInfo], decimals: int, symbol: str) -> None:
    """Fits 80 columns; `claim show --json` has every field."""
    table = narrow_table(
        "Claims", number_column("id"), number_column("cover"), number_column(symbol),
        name_column("cause", 8), number_column("for/against"), number_column("quorum"),
        text_column("voting ends"), text_column("status"),
    )  # fmt: skip
    for c in items:
        table.add_row(
            str(c.claim_id),
            str(c.cover_id),
            fmt_units(c.amount, decimals),
            c.cause_name,
            f"{_snet(c.accept_weight)}/{_snet(c.reject_weight)}",
            _quorum_share(c),
            fmt_utc(c.voting_end, "%Y-%m-%d"),
            c.status_name,
        )
    console.print(table)
    console.print(
        "[dim]for/against: SNET votes; quorum: votes cast as a share of the quorum needed[/]"
    )
