"""An account's positions: pool shares and withdrawal request, SNET stake, rewards."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from safetynet.api.queries.common import address, indexed_through
from safetynet.api.schemas import Amount, IndexedThrough, Model
from safetynet.indexer.models import Claim, Cover, Position, Vote


class PositionOut(Model):
    """Zeros for an account the index has never seen (a valid address with no history)."""

    indexed_through: IndexedThrough
    account: str
    shares: Amount = 0
    requested_shares: Amount = 0
    ready_at: int = 0
    expires_at: int = 0
    deposited: Amount = 0
    withdrawn: Amount = 0
    stake: Amount = 0
    stake_locked_until: int = 0
    rewards_pending: Amount = 0
    rewards_claimed: Amount = 0
    covers: int = 0
    claims: int = 0
    votes: int = 0
    updated_block: int | None = None


def position(session: Session, account: str) -> PositionOut:
    through = indexed_through(session)
    key = address(account, "account")
    counts = {
        "covers": session.scalar(select(func.count()).where(Cover.owner == key)) or 0,
        "claims": session.scalar(select(func.count()).where(Claim.claimant == key)) or 0,
        "votes": session.scalar(select(func.count()).where(Vote.voter == key)) or 0,
    }
    row = session.get(Position, key)
    if row is None:
        return PositionOut(indexed_through=through, account=key, **counts)
    return PositionOut.from_row(row, indexed_through=through, account=key, **counts)
