"""Parametric incidents, payouts (assessed and parametric) and the triggers' feed rounds."""

from __future__ import annotations

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from safetynet.api.errors import BadRequest, NotFound
from safetynet.api.queries.common import address, cursor_id, indexed_through, page
from safetynet.api.schemas import Amount, IndexedThrough, Model, Page
from safetynet.indexer.models import FeedRound, Incident, Payout, Trigger

PAYOUT_KINDS = ("assessed", "parametric")


class IncidentOut(Model):
    incident_id: int
    product_id: int
    reporter: str
    feed: str
    time: int
    end: int
    first_round: Amount
    last_round: Amount
    rounds: int
    lowest_answer: Amount
    payout_bps: int
    reported_at: int
    reported_block: int
    tx_hash: str
    covers_paid: int
    total_paid: Amount
    first_payout_at: int | None
    last_payout_at: int | None


class PayoutOut(Model):
    """One payout to one cover; delay_seconds = paid_at - incident_time."""

    kind: str
    cover_id: int
    claim_id: int | None
    incident_id: int | None
    product_id: int
    owner: str
    amount: Amount
    held: Amount
    paid_at: int
    incident_time: int
    delay_seconds: int
    block_number: int
    log_index: int
    tx_hash: str


class FeedRoundOut(Model):
    round_id: Amount
    answer: Amount
    updated_at: int
    block_number: int
    below_threshold: bool


class FeedHistory(Page[FeedRoundOut]):
    product_id: int
    feed: str
    threshold: Amount
    min_duration: int
    payout_bps: int


def incidents(
    session: Session, *, product_id: int | None = None, limit: int = 50, cursor: str | None = None
) -> Page[IncidentOut]:
    through = indexed_through(session)
    query = select(Incident).order_by(Incident.incident_id.desc()).limit(limit + 1)
    if product_id is not None:
        query = query.where(Incident.product_id == product_id)
    before = cursor_id(cursor)
    if before is not None:
        query = query.where(Incident.incident_id < before)
    rows = session.scalars(query).all()
    return page(through, rows, limit, "incident_id", IncidentOut.model_validate)


def incident(session: Session, incident_id: int) -> tuple[IndexedThrough, IncidentOut]:
    through = indexed_through(session)
    row = session.get(Incident, incident_id)
    if row is None:
        raise NotFound(f"no incident {incident_id} in the index")
    return through, IncidentOut.model_validate(row)


def payouts(
    session: Session,
    *,
    kind: str | None = None,
    product_id: int | None = None,
    cover_id: int | None = None,
    incident_id: int | None = None,
    owner: str | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[PayoutOut]:
    """Payouts, newest first. The cursor is "<block>-<log index>-<cover id>"."""
    through = indexed_through(session)
    order = (Payout.block_number.desc(), Payout.log_index.desc(), Payout.cover_id.desc())
    query = select(Payout).order_by(*order).limit(limit + 1)
    if kind is not None:
        if kind not in PAYOUT_KINDS:
            raise BadRequest(f"kind {kind!r} is not one of {', '.join(PAYOUT_KINDS)}")
        query = query.where(Payout.kind == kind)
    if product_id is not None:
        query = query.where(Payout.product_id == product_id)
    if cover_id is not None:
        query = query.where(Payout.cover_id == cover_id)
    if incident_id is not None:
        query = query.where(Payout.incident_id == incident_id)
    if owner is not None:
        query = query.where(Payout.owner == address(owner, "owner"))
    if cursor:
        parts = cursor.split("-")
        if len(parts) != 3 or not all(p.isdigit() and len(p) <= 18 for p in parts):
            raise BadRequest(f"cursor {cursor!r} is not one this API gave: pass next_cursor back")
        key = tuple_(Payout.block_number, Payout.log_index, Payout.cover_id)
        query = query.where(key < tuple_(*(int(p) for p in parts)))
    rows = session.scalars(query).all()
    result = page(through, rows, limit, "cover_id", PayoutOut.model_validate)
    if result.next_cursor is not None:
        last = rows[limit - 1]
        result.next_cursor = f"{last.block_number}-{last.log_index}-{last.cover_id}"
    return result


def feed_history(
    session: Session,
    product_id: int,
    *,
    since: int | None = None,
    until: int | None = None,
    limit: int = 100,
    cursor: str | None = None,
) -> FeedHistory:
    """A parametric product's trigger feed, round by round, newest first."""
    through = indexed_through(session)
    trigger = session.get(Trigger, product_id)
    if trigger is None:
        raise NotFound(f"product {product_id} has no parametric trigger in the index")
    query = (
        select(FeedRound)
        .where(FeedRound.feed == trigger.feed)
        .order_by(FeedRound.round_id.desc())  # round ids grow with time, across phases
        .limit(limit + 1)
    )
    if since is not None:
        query = query.where(FeedRound.updated_at >= since)
    if until is not None:
        query = query.where(FeedRound.updated_at <= until)
    before = cursor_id(cursor)
    if before is not None:
        query = query.where(FeedRound.round_id < before)
    rows = session.scalars(query).all()

    def build(r: FeedRound) -> FeedRoundOut:
        return FeedRoundOut(round_id=r.round_id, answer=r.answer, updated_at=r.updated_at,
                            block_number=r.block_number,
                            below_threshold=r.answer < trigger.threshold)  # fmt: skip

    base = page(through, rows, limit, "round_id", build)
    return FeedHistory(
        indexed_through=through, items=base.items, next_cursor=base.next_cursor,
        product_id=product_id, feed=trigger.feed, threshold=trigger.threshold,
        min_duration=trigger.min_duration, payout_bps=trigger.payout_bps,
    )  # fmt: skip
