"""What the chain says vs what the index says: every difference, in words.

Compared at the block the index is indexed through: every cover (owner, amount, paid,
held, product, period), every claim (status, tally, deadlines), every account's position
(shares, withdrawal request, stake, lock, unclaimed rewards), and each pool_history row's
figures at the block it names.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from safetynet.indexer.models import Claim, Cover, Cursor, PoolSnapshot, Position, Vote
from safetynet.indexer.projection import POOL_FIGURES
from tests.utils.anvil_world import ACTORS, ADMIN, AnvilWorld


def mismatches(engine: Engine, world: AnvilWorld) -> list[str]:
    """Differences between the index and the chain (empty: they agree)."""
    out: list[str] = []
    with Session(engine) as s:
        at = s.execute(select(Cursor.block_number)).scalar_one()
        covers = {c.cover_id: c for c in s.execute(select(Cover)).scalars()}
        claims = {c.claim_id: c for c in s.execute(select(Claim)).scalars()}
        positions = {p.account: p for p in s.execute(select(Position)).scalars()}
        votes = list(s.execute(select(Vote)).scalars())
        history = list(s.execute(select(PoolSnapshot)).scalars())

    def view(role: str, name: str, *args: Any) -> Any:
        return world.view(role, name, *args, block=at)

    count = int(view("cover", "cover_count"))
    if sorted(covers) != list(range(1, count + 1)):
        out.append(f"covers indexed {sorted(covers)}, chain has 1..{count}")
    for cid in range(1, count + 1):
        chain_cover = view("cover", "covers", cid)
        product_id, amount, start, end, premium, paid, owner = chain_cover
        row = covers.get(cid)
        if row is None:
            continue
        want = {"product_id": product_id, "amount": amount, "start": start, "end": end,
                "premium": premium, "paid": paid, "owner": owner.lower(),
                "remaining": amount - paid, "held": view("cover", "payout_held", cid)}  # fmt: skip
        got = {k: getattr(row, k) for k in want}
        if got != want:
            out.append(f"cover {cid}: index {got} != chain {want}")
    n_claims = int(view("claims", "claim_count"))
    if sorted(claims) != list(range(1, n_claims + 1)):
        out.append(f"claims indexed {sorted(claims)}, chain has 1..{n_claims}")
    for cid in range(1, n_claims + 1):
        row = claims.get(cid)
        if row is None:
            continue
        c = view("claims", "claims", cid)
        (cover_id, amount, deposit, cause, incident_time, submitted_at, voting_end, payout_at,
         accept_weight, reject_weight, quorum_reached, extensions, status, _reward,
         quorum) = c  # fmt: skip
        want = {"cover_id": cover_id, "amount": amount, "deposit": deposit, "cause": cause,
                "incident_time": incident_time, "submitted_at": submitted_at,
                "voting_end": voting_end, "payout_at": payout_at,
                "accept_weight": accept_weight, "reject_weight": reject_weight,
                "quorum_reached": quorum_reached, "extensions": extensions,
                "status": status, "quorum": quorum}  # fmt: skip
        got = {k: getattr(row, k) for k in want}
        if got != want:
            out.append(f"claim {cid}: index {got} != chain {want}")
    pending: dict[str, int] = {}
    for v in votes:
        pending[v.voter] = pending.get(v.voter, 0) + int(
            view("claims", "pending_reward", v.claim_id, v.voter)
        )
    for account in {a.lower() for a in (ADMIN, *ACTORS)} | set(positions):
        shares = view("pool", "balanceOf", account)
        requested, ready_at, expires_at = view("pool", "withdrawal_request", account)
        stake = view("claims", "stakes", account)
        want = {"shares": shares, "requested_shares": requested, "ready_at": ready_at,
                "expires_at": expires_at, "stake": stake[0], "stake_locked_until": stake[4],
                "rewards_pending": pending.get(account, 0)}  # fmt: skip
        row = positions.get(account)
        got = {k: getattr(row, k) for k in want} if row is not None else None
        if got is None and any(want.values()):
            out.append(f"position {account} missing; chain {want}")
        elif got is not None and got != want:
            out.append(f"position {account}: index {got} != chain {want}")
    for h in history:
        want = dict(zip(POOL_FIGURES, (world.view("pool", f, block=h.block_number)
                                       for f in POOL_FIGURES), strict=True))  # fmt: skip
        got = {"totalAssets": h.total_assets, "totalSupply": h.total_supply,
               "share_price": h.share_price, "locked_capital": h.locked_capital,
               "active_cover": h.active_cover, "open_claims": h.open_claims,
               "unearned_premium": h.unearned_premium}  # fmt: skip
        if got != want:
            out.append(f"pool at block {h.block_number}: index {got} != chain {want}")
    return out
