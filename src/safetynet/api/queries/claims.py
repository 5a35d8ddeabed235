"""Claims: the list, and one claim with its votes, quorum progress, stage and deadlines.

`stage` is where the claim stands at the indexed block's time (voting, cooldown, due,
frozen, paid, rejected; see indexer.models.Claim.stage); `status` is the chain's own
(open, accepted, rejected, paid, frozen). Quorum progress is the weight voted so far over
the weight the claim needs, in bps (10000 and more: quorum reached).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from safetynet.api.errors import BadRequest, NotFound
from safetynet.api.queries.common import MAX_BPS, address, cursor_id, indexed_through, page
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
    progress = voted * MAX_BPS // c.quorum if c.quorum else MAX_BPS
    return cls(
        claim_id=c.claim_id, cover_id=c.cover_id, product_id=c.product_id,
        claimant=c.claimant, amount=c.amount, deposit=c.deposit,
        cause=CAUSE_NAMES.get(c.cause, str(c.cause)), incident_time=c.incident_time,
        evidence=c.evidence, submitted_at=c.submitted_at,
        status=STATUSES[c.status] if 0 <= c.status < len(STATUSES) else str(c.status),
        stage=c.stage(now), voting_end=c.voting_end, payout_at=c.payout_at,
        extensions=c.extensions, quorum=c.quorum, accept_weight=c.accept_weight,
        reject_weight=c.reject_weight, voters=c.voters, quorum_reached=c.quorum_reached,
        quorum_progress_bps=progress, payout=c.payout, receiver=c.receiver,
        deposit_refunded=c.deposit_refunded, deposit_to_reserve=c.deposit_to_reserve,
        reward=c.reward, by_governance=c.by_governance, frozen_by=c.frozen_by,
        settled_at=c.settled_at, **extra,
    )  # fmt: skip


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
    query = select(Claim).order_by(Claim.claim_id.desc()).limit(limit + 1)
    if status is not None:
        if status not in STATUSES:
            raise BadRequest(f"status {status!r} is not one of {', '.join(STATUSES)}")
        query = query.where(Claim.status == STATUSES.index(status))
    if product_id is not None:
        query = query.where(Claim.product_id == product_id)
    if cover_id is not None:
        query = query.where(Claim.cover_id == cover_id)
    if claimant is not None:
        query = query.where(Claim.claimant == address(claimant, "claimant"))
    before = cursor_id(cursor)
    if before is not None:
        query = query.where(Claim.claim_id < before)
    rows = session.scalars(query).all()
    return page(through, rows, limit, "claim_id", lambda c: _out(c, through.timestamp))


def claim(session: Session, claim_id: int) -> tuple[IndexedThrough, ClaimDetail]:
    """One claim with every vote (in the order cast)."""
    through = indexed_through(session)
    c = session.get(Claim, claim_id)
    if c is None:
        raise NotFound(f"no claim {claim_id} in the index (indexed through block {through.block})")
    votes = session.scalars(
        select(Vote).where(Vote.claim_id == claim_id).order_by(Vote.block_number, Vote.log_index)
    ).all()
    detail = _out(
        c, through.timestamp, ClaimDetail, votes=[VoteOut.model_validate(v) for v in votes]
    )
    return through, detail  # type: ignore[return-value]
