"""Assessed claims (SPEC 3.3): staking, claims with deposits, votes, settlement, rewards.

Functions take the Protocol and integers in smallest units (the pool asset for claims and
deposits, SNET wei for stakes); they read and write the chain through titanoboa (in-process
EVM or any JSON-RPC node). The contract decides; nothing here re-implements a rule, except
that excluded causes are refused before anything is sent, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from safetynet import chain
from safetynet.errors import SafetyNetError
from safetynet.sdk.record import Record
from safetynet.sdk.transactions import MAX_UINT, acting_as, approve_if_needed, transact
from safetynet.units import fmt_time, fmt_units

if TYPE_CHECKING:
    from safetynet.deploy import Protocol

SNET_DECIMALS = 18

ZERO = "0x" + "00" * 20

# Causes a claim may name (SPEC 3.3): covered 0-3, excluded 10-13.
CAUSES: dict[str, int] = {
    "exploit": 0,
    "oracle": 1,
    "economic": 2,
    "custodian": 3,
    "rug-pull": 10,
    "scam": 11,
    "phishing": 12,
    "fake-token": 13,
}
CAUSE_NAMES: dict[int, str] = {v: k for k, v in CAUSES.items()}
CAUSE_TITLES: dict[int, str] = {
    0: "smart-contract exploit",
    1: "oracle manipulation",
    2: "economic attack",
    3: "custodian halt",
    10: "rug pull",
    11: "scam",
    12: "phishing",
    13: "fake token",
}
# Why each excluded cause is refused (the wording every product's terms hash commits to).
EXCLUDED: dict[int, str] = {
    10: "A rug pull is the protocol's own team taking the funds: an intended act, not a "
    "failure of the code, so no cover wording insures it",
    11: "A scam is a deception of the holder, not a failure of the covered protocol",
    12: "Phishing steals a holder's keys or signatures; the covered protocol worked as built",
    13: "A fake token was never the covered protocol's asset",
}
STATUSES = ("open", "accepted", "rejected", "paid", "frozen")


def parse_cause(name: str | int) -> int:
    """A cause name (exploit, oracle, ..., fake-token) or number -> its code."""
    if isinstance(name, int):
        code = name
    else:
        key = name.strip().lower().replace("_", "-").replace(" ", "-")
        if key not in CAUSES:
            raise SafetyNetError(f"unknown cause {name!r}; one of: {', '.join(CAUSES)}")
        code = CAUSES[key]
    if code not in CAUSE_NAMES:
        raise SafetyNetError(f"unknown cause code {code}; one of: {sorted(CAUSE_NAMES)}")
    return code


def check_cause(cause: int) -> None:
    """Refuse an excluded cause before sending, saying why (the contract would refuse too)."""
    if cause in EXCLUDED:
        raise SafetyNetError(
            f"excluded cause: {CAUSE_TITLES[cause]}. {EXCLUDED[cause]}. Every product's "
            "terms exclude rug pulls, scams, phishing and fake tokens; the claim was not sent."
        )


def evidence_hash_bytes(data: bytes) -> bytes:
    """keccak256 of evidence already in memory."""
    from eth_utils import keccak

    return keccak(data)


def evidence_hash(path: str | Path) -> bytes:
    """keccak256 of an evidence file (what the claim commits to)."""
    from eth_utils import keccak

    try:
        return keccak(Path(path).read_bytes())
    except OSError as exc:
        raise SafetyNetError(f"cannot read evidence file {path}: {exc.strerror}") from exc


# ------------------------------------------------------------------------------ staking


@dataclass(frozen=True)
class StakeInfo(Record):
    """An assessor's stake (SNET wei): base votes on every open claim, fresh only on claims
    submitted after fresh_time; locked_until blocks unstaking after a vote."""

    staker: str
    amount: int
    base: int
    fresh: int
    fresh_time: int
    locked_until: int


def stake_info(p: Protocol, staker: str) -> StakeInfo:
    s = p.claims.stakes(staker)
    return StakeInfo(str(staker), s.amount, s.base, s.fresh, s.fresh_time, s.locked_until)


def stake(p: Protocol, amount: int, sender: str | None = None) -> StakeInfo:
    """Stake `amount` SNET wei (approving Claims first when needed)."""
    if amount <= 0:
        raise SafetyNetError("stake amount must be greater than zero")
    with acting_as(sender) as who:
        held = p.token.balanceOf(who)
        if held < amount:
            raise SafetyNetError(
                f"{who} holds {fmt_units(held, SNET_DECIMALS)} SNET but the stake needs "
                f"{fmt_units(amount, SNET_DECIMALS)} SNET"
            )
        if p.token.allowance(who, p.claims.address) < amount:
            transact(p.token.approve, p.claims.address, MAX_UINT)
        transact(p.claims.stake, amount)
    return stake_info(p, who)


def unstake(p: Protocol, amount: int, sender: str | None = None) -> StakeInfo:
    """Withdraw `amount` SNET wei of stake (refused while a vote's lock runs)."""
    if amount <= 0:
        raise SafetyNetError("unstake amount must be greater than zero")
    with acting_as(sender) as who:
        locked_until = p.claims.stakes(who).locked_until
        if locked_until > chain.now():
            raise SafetyNetError(
                f"stake locked after voting until {fmt_time(locked_until)}; try again then"
            )
        transact(p.claims.unstake, amount)
    return stake_info(p, who)


# ------------------------------------------------------------------------------ claims


@dataclass(frozen=True)
class ClaimInfo(Record):
    """A claim as the contract reports it (amounts in the asset's smallest unit)."""

    claim_id: int
    cover_id: int
    owner: str
    claimant: str | None
    amount: int
    deposit: int
    cause: int
    cause_name: str
    incident_time: int
    submitted_at: int
    voting_end: int
    payout_at: int
    accept_weight: int
    reject_weight: int
    quorum: int
    quorum_reached: bool
    extensions: int
    status: int
    status_name: str
    reward: int


def claim(p: Protocol, claim_id: int) -> ClaimInfo:
    """One claim, read from the chain."""
    if not 1 <= claim_id <= p.claims.claim_count():
        raise SafetyNetError(f"no claim {claim_id}; claims run from 1 to {p.claims.claim_count()}")
    c = p.claims.claims(claim_id)
    open_id, claimant = p.claims.open_claim_of(c.cover_id)
    # The quorum is the one fixed at submission (SPEC 3.3).
    return ClaimInfo.from_struct(
        c,
        claim_id=claim_id,
        owner=str(p.cover.ownerOf(c.cover_id)),
        claimant=str(claimant) if open_id == claim_id else None,
        cause_name=CAUSE_NAMES.get(c.cause, str(c.cause)),
        status_name=STATUSES[c.status],
    )


def list_claims(p: Protocol, status: str | None = None) -> list[ClaimInfo]:
    """Every claim (ids 1..claim_count), optionally only those with `status`."""
    items = [claim(p, i) for i in range(1, p.claims.claim_count() + 1)]
    if status is not None:
        if status not in STATUSES:
            raise SafetyNetError(f"unknown status {status!r}; one of: {', '.join(STATUSES)}")
        items = [c for c in items if c.status_name == status]
    return items


def deposit_for(p: Protocol, amount: int) -> int:
    """The deposit a claim of `amount` needs now."""
    return p.claims.deposit_for(amount)


def submit_claim(
    p: Protocol,
    cover_id: int,
    amount: int,
    incident_time: int,
    cause: int | str,
    evidence: bytes,
    sender: str | None = None,
) -> int:
    """File a claim on a cover you own; pulls the deposit (approving when needed).

    Excluded causes (rug pull, scam, phishing, fake token) are refused here, before anything
    is sent. Returns the claim id.
    """
    code = parse_cause(cause)
    check_cause(code)
    if amount <= 0:
        raise SafetyNetError("claim amount must be greater than zero")
    if len(evidence) != 32:
        raise SafetyNetError("evidence must be a 32-byte hash (see evidence_hash)")
    with acting_as(sender) as who:
        deposit = p.claims.deposit_for(amount)
        held = p.asset.balanceOf(who)
        if held < deposit:
            d = p.asset.decimals()
            raise SafetyNetError(
                f"the claim needs a deposit of {fmt_units(deposit, d)} {p.asset.symbol()}; "
                f"{who} holds {fmt_units(held, d)}"
            )
        approve_if_needed(p, who, p.claims.address, deposit)
        return int(transact(p.claims.submit_claim, cover_id, amount, incident_time, code, evidence))


def vote(p: Protocol, claim_id: int, accept: bool, sender: str | None = None) -> ClaimInfo:
    """Vote with your stake (counted only if staked before the claim); returns the claim."""
    with acting_as(sender):
        transact(p.claims.vote, claim_id, accept)
    return claim(p, claim_id)


def redeem(p: Protocol, claim_id: int, sender: str | None = None) -> ClaimInfo:
    """Settle a claim after its payout cooldown (anyone may); returns the settled claim."""
    with acting_as(sender):
        transact(p.claims.redeem, claim_id)
    return claim(p, claim_id)


def freeze(p: Protocol, claim_id: int, sender: str | None = None) -> None:
    """Guardian: stop a claim's settlement during its payout cooldown."""
    with acting_as(sender):
        transact(p.claims.freeze, claim_id)


def resolve_frozen(p: Protocol, claim_id: int, accept: bool, sender: str | None = None) -> None:
    """Governance: settle a frozen claim."""
    with acting_as(sender):
        transact(p.claims.resolve_frozen, claim_id, accept)


def fund_reserve(p: Protocol) -> int:
    """Sweep the pool's fees (the assessment share goes to Claims) and take them into the
    reward reserve; returns what the reserve gained."""
    transact(p.pool.sweep_fees)
    return int(transact(p.claims.sync_reserve))


def pending_rewards(p: Protocol, assessor: str) -> dict[int, int]:
    """Claim id -> reward `assessor` can collect now."""
    out = {}
    for claim_id in range(1, p.claims.claim_count() + 1):
        reward = p.claims.pending_reward(claim_id, assessor)
        if reward:
            out[claim_id] = reward
    return out


def claim_rewards(
    p: Protocol, claim_ids: list[int] | None = None, sender: str | None = None
) -> int:
    """Collect rewards for `claim_ids` (default: every claim with something pending), in
    batches of 50; returns the total paid."""
    total = 0
    with acting_as(sender) as who:
        ids = sorted(pending_rewards(p, who)) if claim_ids is None else list(claim_ids)
        for start in range(0, len(ids), 50):
            total += int(transact(p.claims.claim_rewards, ids[start : start + 50]))
    return total
