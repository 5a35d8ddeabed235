"""Covers: lists by owner or product, and one cover with its timeline.

`state` is the cover at the indexed block's time, as the SDK words it (waiting, active,
expired, paid out); `claim_deadline` is its end plus the Claims contract's claim grace (the
last moment a claim may be filed).
"""

from __future__ import annotations

import json

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from safetynet.api.queries.common import (
    address,
    equal,
    indexed_row,
    indexed_through,
    newest_first,
    one_of,
)
from safetynet.api.schemas import Amount, IndexedThrough, Model, Page
from safetynet.indexer.models import Claim, Cover, Event, Payout
from safetynet.sdk.covers import cover_status
from safetynet.units import DAY

DEFAULT_CLAIM_GRACE = 30 * DAY  # Claims' default (SPEC §3.3) until a ParametersSet says otherwise
STATES = ("waiting", "active", "expired", "paid out")
_ZERO_ADDRESS = "0x" + "00" * 20


class CoverOut(Model):
    cover_id: int
    product_id: int
    owner: str
    amount: Amount
    premium: Amount
    start: int
    end: int
    paid: Amount
    remaining: Amount
    held: Amount
    state: str
    open_claim_id: int | None
    claims: int
    claim_deadline: int
    bought_block: int
    bought_at: int
    bought_tx: str


class TimelineEntry(Model):
    """One thing that happened to a cover (or will: its start, end and claim deadline)."""

    time: int
    kind: str
    detail: str
    block_number: int | None = None
    tx_hash: str | None = None


class CoverDetail(CoverOut):
    timeline: list[TimelineEntry]


def claim_grace(session: Session) -> int:
    """The claim grace the Claims contract last announced (ParametersSet)."""
    row = session.execute(
        select(Event.args)
        .where(Event.contract == "claims", Event.name == "ParametersSet")
        .order_by(Event.block_number.desc(), Event.log_index.desc())
        .limit(1)
    ).first()
    if row is None:
        return DEFAULT_CLAIM_GRACE
    try:
        return int(json.loads(row.args)["claim_grace"])
    except (KeyError, TypeError, ValueError):
        return DEFAULT_CLAIM_GRACE


def _out(
    c: Cover, now: int, grace: int, cls: type[CoverOut] = CoverOut, **extra: object
) -> CoverOut:
    state = cover_status(c.start, c.end, c.amount, c.paid, now)
    return cls.from_row(c, state=state, claim_deadline=c.end + grace, **extra)


def covers(
    session: Session,
    *,
    owner: str | None = None,
    product_id: int | None = None,
    state: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[CoverOut]:
    """Covers, newest first, filtered by owner, product and state (at the indexed time)."""
    through = indexed_through(session)
    now = through.timestamp
    conditions = equal(
        (Cover.owner, None if owner is None else address(owner, "owner")),
        (Cover.product_id, product_id),
    )
    if state is not None:
        unpaid = Cover.remaining > 0
        conditions.append(
            {
                "waiting": and_(unpaid, Cover.start > now),
                "active": and_(unpaid, Cover.start <= now, Cover.end >= now),
                "expired": and_(unpaid, Cover.end < now),
                "paid out": Cover.remaining == 0,
            }[one_of(state, STATES, "state")]
        )
    grace = claim_grace(session)
    return newest_first(
        session, through, (Cover.cover_id,), conditions, limit=limit, cursor=cursor,
        build=lambda c: _out(c, now, grace),
    )  # fmt: skip


def cover(session: Session, cover_id: int) -> tuple[IndexedThrough, CoverDetail]:
    """One cover with its timeline: bought, transfers, claims, payouts, start, end, deadline."""
    through, c = indexed_row(
        session, Cover, cover_id, "no cover {key} in the index (indexed through block {block})"
    )
    grace = claim_grace(session)
    timeline = [
        TimelineEntry(time=c.bought_at, kind="bought", block_number=c.bought_block,
                      tx_hash=c.bought_tx, detail=f"bought for a premium of {c.premium}"),
        TimelineEntry(time=c.start, kind="starts", detail="protection starts"),
        TimelineEntry(time=c.end, kind="ends", detail="protection ends"),
        TimelineEntry(time=c.end + grace, kind="claim deadline",
                      detail="last moment to file a claim"),
    ]  # fmt: skip
    transfers = session.execute(
        select(Event)
        .where(Event.contract == "cover", Event.name == "Transfer")
        .where(Event.block_number >= c.bought_block)
        .where(Event.args.contains(f'"{cover_id}"'))
        .order_by(Event.block_number, Event.log_index)
    ).scalars()
    for e in transfers:
        args = json.loads(e.args)
        if int(args.get("token_id", -1)) != cover_id or args.get("sender") == _ZERO_ADDRESS:
            continue
        timeline.append(TimelineEntry(
            time=e.block_timestamp, kind="transferred", block_number=e.block_number,
            tx_hash=e.tx_hash, detail=f"from {args.get('sender')} to {args.get('receiver')}",
        ))  # fmt: skip
    for cl in session.scalars(select(Claim).where(Claim.cover_id == cover_id)):
        timeline.append(TimelineEntry(
            time=cl.submitted_at, kind="claim filed", block_number=cl.submitted_block,
            detail=f"claim #{cl.claim_id} for {cl.amount}",
        ))  # fmt: skip
        if cl.settled_at is not None:
            outcome = "accepted" if cl.payout else "rejected"
            timeline.append(TimelineEntry(
                time=cl.settled_at, kind="claim settled", block_number=cl.settled_block,
                detail=f"claim #{cl.claim_id} {outcome}",
            ))  # fmt: skip
    for p in session.scalars(select(Payout).where(Payout.cover_id == cover_id)):
        why = f"claim #{p.claim_id}" if p.claim_id is not None else f"incident #{p.incident_id}"
        held = f" ({p.held} held for withdraw_payout)" if p.held else ""
        timeline.append(TimelineEntry(
            time=p.paid_at, kind="paid", block_number=p.block_number, tx_hash=p.tx_hash,
            detail=f"{p.amount} paid to {p.owner} for {why}{held}",
        ))  # fmt: skip
    timeline.sort(key=lambda t: (t.time, t.block_number or 0))
    return through, _out(c, through.timestamp, grace, CoverDetail, timeline=timeline)
