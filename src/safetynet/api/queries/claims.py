"""Claims: the list, and one claim with its votes, quorum progress, stage and deadlines.

`stage` is where the claim stands at the indexed block's time (voting, cooldown, due,
frozen, paid, rejected; see indexer.models.Claim.stage); `status` is the chain's own
(open, accepted, rejected, paid, frozen). Quorum progress is the weight voted so far over
the weight the claim needs, in bps (10000 and more: quorum reached).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from safetynet.api.queries.common import (
    MAX_BPS,
    address,
    equal,
    indexed_row,
    indexed_through,
    newest_first,
    one_of,
)
from safetynet.api.schemas import Amount, IndexedThrough, Model, Page
from safetynet.indexer.models import Claim, Vote
from safetynet.sdk.claims import CAUSE_NAMES, STATUSES


class ClaimOut(Model):
    claim_id: int
    cover_id: int
    product_id: int
    claimant: str
    amount: Amount
    deposit: Amount
    cause: str
    incident_time: int
    evidence: str
    submitted_at: int
    status: str
    stage: str
    voting_end: int
    payout_at: int
    extensions: int
    quorum: Amount
    accept_weight: Amount
    reject_weight: Amount
    voters: int
    quorum_reached: bool
    quorum_progress_bps: int
    payout: Amount
    receiver: str | None
    deposit_refunded: Amount
    deposit_to_reserve: Amount
    reward: Amount
    by_governance: bool
    frozen_by: str | None
    settled_at: int | None


class VoteOut(Model):
    voter: str
    accept: bool
    weight: Amount
    cast_at: int
    block_number: int
    tx_hash: str
    reward: Amount
    reward_claimed: Amount


class ClaimDetail(ClaimOut):
    votes: list[VoteOut]


def _out(c: Claim, now: int, cls: type[ClaimOut] = ClaimOut, **extra: object) -> ClaimOut:
    voted = c.accept_weight + c.reject_weight
    return cls.from_row(
        c,
        cause=CAUSE_NAMES.get(c.cause, str(c.cause)),
        status=STATUSES[c.status] if 0 <= c.status < len(STATUSES) else str(c.status),
        stage=c.stage(now),
        quorum_progress_bps=voted * MAX_BPS // c.quorum if c.quorum else MAX_BPS,
        **extra,
    )


def claims(
    session: Session,
    *,
    status: str | None = None,
    product_id: int | None = None,
    cover_id: int | None = None,
    claimant: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[ClaimOut]:
    """Claims, newest first, filtered by chain status, product, cover or claimant."""
    through = indexed_through(session)
    code = None if status is None else STATUSES.index(one_of(status, STATUSES, "status"))
    by = None if claimant is None else address(claimant, "claimant")
    conditions = equal(
        (Claim.status, code), (Claim.product_id, product_id), (Claim.cover_id, cover_id),
        (Claim.claimant, by),
    )  # fmt: skip
    return newest_first(
        session, through, (Claim.claim_id,), conditions, limit=limit, cursor=cursor,
        build=lambda c: _out(c, through.timestamp),
    )  # fmt: skip


def claim(session: Session, claim_id: int) -> tuple[IndexedThrough, ClaimDetail]:
    """One claim with every vote (in the order cast)."""
    through, c = indexed_row(
        session, Claim, claim_id, "no claim {key} in the index (indexed through block {block})"
    )
    votes = session.scalars(
        select(Vote).where(Vote.claim_id == claim_id).order_by(Vote.block_number, Vote.log_index)
    ).all()
    detail = _out(
        c, through.timestamp, ClaimDetail, votes=[VoteOut.model_validate(v) for v in votes]
    )
    return through, detail  # type: ignore[return-value]
