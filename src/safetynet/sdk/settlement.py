"""Settling assessed claims that are due: what the keeper (or anyone) does after a vote."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from safetynet import chain
from safetynet.errors import SafetyNetError
from safetynet.sdk.transactions import transact

if TYPE_CHECKING:
    from safetynet.deploy import Protocol

# Claims.vy status codes (SPEC 3.3): settled claims are PAID (or a settled rejection, which
# still reads REJECTED), FROZEN ones wait for governance.
CLAIM_PAID = 3
CLAIM_FROZEN = 4


@dataclass
class Settlement:
    """What one pass of `settle_due_claims` did.

    settled: (claim id, cover id) redeemed now; refused: (claim id, reason) the contract
    refused for another reason than "already settled"; next_cursor: the first claim id a
    later pass must look at again (the earliest not yet due or refused)."""

    settled: list[tuple[int, int]] = field(default_factory=list)
    refused: list[tuple[int, str]] = field(default_factory=list)
    next_cursor: int = 1


def claim_due_at(p: Protocol, claim_id: int) -> int:
    """When a claim may be settled: its voting end plus the payout cooldown."""
    c = p.claims.claims(claim_id)
    return int(c.voting_end) + int(p.claims.payout_cooldown())


def settle_due_claims(p: Protocol, from_id: int = 1, sender: str | None = None) -> Settlement:
    """Redeem every claim from `from_id` on whose voting ended and payout cooldown passed
    (anyone may). Paid and frozen claims are skipped; a claim already settled by someone
    else is not an error. Transport errors are raised (the caller retries)."""
    out = Settlement(next_cursor=from_id)
    claims = p.claims
    if claims is None:
        return out
    count = int(claims.claim_count())
    now = chain.now()
    cooldown = int(claims.payout_cooldown())
    cursor: int | None = None
    for claim_id in range(max(from_id, 1), count + 1):
        try:
            c = claims.claims(claim_id)
        except Exception as exc:
            if chain.is_transport_error(exc):
                raise
            continue  # not a claim id
        if int(c.status) in (CLAIM_PAID, CLAIM_FROZEN):
            continue
        # The view shows a live outcome before settlement and a settled rejection as
        # REJECTED too: redeem decides, "already settled" is final.
        if now < int(c.voting_end) + cooldown:
            cursor = claim_id if cursor is None else cursor
            continue
        try:
            if sender is None:
                transact(claims.redeem, claim_id)
            else:
                from safetynet.sdk.transactions import acting_as

                with acting_as(sender):
                    transact(claims.redeem, claim_id)
        except SafetyNetError as exc:
            if "already settled" not in str(exc):
                out.refused.append((claim_id, str(exc)))
                cursor = claim_id if cursor is None else cursor
            continue
        out.settled.append((claim_id, int(c.cover_id)))
    out.next_cursor = cursor if cursor is not None else count + 1
    return out
