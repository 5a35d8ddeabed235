"""What My account shows of one address: its covers, claims and payouts from the index
(the public record), and its positions from the chain (what a transaction from this page
acts on: shares, withdrawal request, stake; read live so they are right the moment a
transaction is confirmed, before the indexer catches up).

Every list is bounded (LIST_LIMIT newest) and every chain read per item is bounded by it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safetynet.api import queries
from safetynet.api.queries import ClaimOut, CoverOut, PositionOut
from safetynet.indexer.models import Payout, Vote
from safetynet.sdk.claims import CAUSE_TITLES
from safetynet.web.records import ProductLabel, product_labels
from safetynet.web.render import plain

LIST_LIMIT = 50  # covers and claims shown per account (newest first)
OPEN_CLAIMS_LIMIT = 20  # open claims an assessor is shown to vote on


@dataclass(frozen=True)
class Reward:
    claim_id: int
    amount: int


@dataclass
class Record:
    """The index's part of an account page."""

    block: int
    timestamp: int
    covers: list[CoverOut]
    more_covers: bool
    claims: list[ClaimOut]
    products: dict[int, ProductLabel]
    position: PositionOut
    payouts_received: int
    payouts_by_cover: dict[int, int]
    rewards: list[Reward]
    open_claims: list[ClaimOut]
    claim_grace: int

    @property
    def follow_ons(self) -> dict[int, int]:
        """Cover id -> the id of the cover that continues it: one of the same product and
        amount starting exactly at its end (what a renewal buys), so a cover that was
        renewed shows that instead of offering to renew it again."""
        starts = {(c.product_id, c.amount, c.start): c.cover_id for c in self.covers}
        return {
            c.cover_id: starts[(c.product_id, c.amount, c.end)]
            for c in self.covers
            if (c.product_id, c.amount, c.end) in starts
        }


def record(session: Session, address: str) -> Record:
    key = address.lower()
    covers = queries.covers(session, owner=key, limit=LIST_LIMIT)
    claims = queries.claims(session, claimant=key, limit=LIST_LIMIT)
    products = product_labels(session)
    position = queries.position(session, key)
    by_cover: dict[int, int] = {}
    for cover_id, amount in session.execute(
        select(Payout.cover_id, Payout.amount).where(Payout.owner == key).limit(LIST_LIMIT * 4)
    ):
        by_cover[cover_id] = by_cover.get(cover_id, 0) + int(amount)
    rewards = [
        Reward(claim_id=v.claim_id, amount=v.reward - v.reward_claimed)
        for v in session.scalars(
            select(Vote).where(Vote.voter == key).order_by(Vote.claim_id.desc()).limit(LIST_LIMIT)
        )
        if v.reward > v.reward_claimed
    ]
    open_claims = [
        c
        for c in queries.claims(session, status="open", limit=OPEN_CLAIMS_LIMIT).items
        if c.stage == "voting"
    ]
    through = covers.indexed_through
    return Record(
        block=through.block,
        timestamp=through.timestamp,
        covers=covers.items,
        more_covers=covers.next_cursor is not None,
        claims=claims.items,
        products=products,
        position=position,
        payouts_received=sum(by_cover.values()),
        payouts_by_cover=by_cover,
        rewards=rewards,
        open_claims=open_claims,
        claim_grace=queries.claim_grace(session),
    )


@dataclass
class Live:
    """The chain's part: balances and positions at the latest block."""

    now: int
    asset_balance: int
    snet_balance: int
    shares: int
    shares_value: int
    share_decimals: int
    requested_shares: int
    ready_at: int
    expires_at: int
    max_withdraw: int
    max_redeem: int
    cooldown: int
    window: int
    stake: int
    stake_fresh: int
    stake_fresh_time: int
    locked_until: int
    weights: dict[int, int] = field(default_factory=dict)  # open claim id -> vote weight
    voted: dict[int, bool] = field(default_factory=dict)  # open claim id -> accepted?

    @property
    def shares_text(self) -> str:
        """All shares in whole units, as an input's value ("1000.5", no separators)."""
        return plain(self.shares, self.share_decimals)

    @property
    def withdrawal_state(self) -> str:
        """none, cooling (before ready_at), open (in the window), lapsed (window passed)."""
        if self.requested_shares == 0:
            return "none"
        if self.now < self.ready_at:
            return "cooling"
        if self.now <= self.expires_at:
            return "open"
        return "lapsed"


def live(p: Any, address: str, now: int, open_claim_ids: list[int]) -> Live:
    """The account's positions on the chain (a fixed number of eth_calls, plus two per open
    claim shown, at most OPEN_CLAIMS_LIMIT)."""
    shares = int(p.pool.balanceOf(address))
    requested, ready_at, expires_at = (int(v) for v in p.pool.withdrawal_request(address))
    stake = p.claims.stakes(address)
    weights: dict[int, int] = {}
    voted: dict[int, bool] = {}
    for claim_id in open_claim_ids[:OPEN_CLAIMS_LIMIT]:
        weights[claim_id] = int(p.claims.vote_weight(claim_id, address))
        weight, accept, _rewarded = p.claims.votes(claim_id, address)
        if int(weight) > 0:  # weight 0: no vote cast
            voted[claim_id] = bool(accept)
    return Live(
        now=now,
        asset_balance=int(p.asset.balanceOf(address)),
        snet_balance=int(p.token.balanceOf(address)),
        shares=shares,
        shares_value=int(p.pool.convertToAssets(shares)),
        share_decimals=int(p.pool.decimals()),
        requested_shares=requested,
        ready_at=ready_at,
        expires_at=expires_at,
        max_withdraw=int(p.pool.maxWithdraw(address)),
        max_redeem=int(p.pool.maxRedeem(address)),
        cooldown=int(p.pool.withdrawal_cooldown()),
        window=int(p.pool.withdrawal_window()),
        stake=int(stake.amount),
        stake_fresh=int(stake.fresh),
        stake_fresh_time=int(stake.fresh_time),
        locked_until=int(stake.locked_until),
        weights=weights,
        voted=voted,
    )


def cause_title(name: str) -> str:
    from safetynet.sdk.claims import CAUSES

    return CAUSE_TITLES.get(CAUSES.get(name, -1), name)
