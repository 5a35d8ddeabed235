"""Parametric incidents, payouts (assessed and parametric) and the triggers' feed rounds."""

from __future__ import annotations

from sqlalchemy.orm import Session

from safetynet.api.queries.common import (
    address,
    between,
    equal,
    indexed_row,
    indexed_through,
    newest_first,
    one_of,
)
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
    return newest_first(
        session, indexed_through(session), (Incident.incident_id,),
        equal((Incident.product_id, product_id)), limit=limit, cursor=cursor,
        build=IncidentOut.model_validate,
    )  # fmt: skip


def incident(session: Session, incident_id: int) -> tuple[IndexedThrough, IncidentOut]:
    through, row = indexed_row(session, Incident, incident_id, "no incident {key} in the index")
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
    conditions = equal(
        (Payout.kind, None if kind is None else one_of(kind, PAYOUT_KINDS, "kind")),
        (Payout.product_id, product_id), (Payout.cover_id, cover_id),
        (Payout.incident_id, incident_id),
        (Payout.owner, None if owner is None else address(owner, "owner")),
    )  # fmt: skip
    key = (Payout.block_number, Payout.log_index, Payout.cover_id)
    return newest_first(
        session, indexed_through(session), key, conditions, limit=limit, cursor=cursor,
        build=PayoutOut.model_validate,
    )  # fmt: skip


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
    through, trigger = indexed_row(
        session, Trigger, product_id, "product {key} has no parametric trigger in the index"
    )
    rounds = newest_first(  # round ids grow with time, across phases
        session, through, (FeedRound.round_id,),
        [FeedRound.feed == trigger.feed, *between(FeedRound.updated_at, since, until)],
        limit=limit, cursor=cursor,
        build=lambda r: FeedRoundOut.from_row(r, below_threshold=r.answer < trigger.threshold),
    )  # fmt: skip
    return FeedHistory(
        **dict(rounds), product_id=product_id, feed=trigger.feed, threshold=trigger.threshold,
        min_duration=trigger.min_duration, payout_bps=trigger.payout_bps,
    )  # fmt: skip
