"""The capital pool now and hour by hour (table pool_history)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from safetynet.api.queries.common import cursor_id, indexed_through, page
from safetynet.api.schemas import Amount, IndexedThrough, Model, Page
from safetynet.indexer.models import PoolSnapshot, Totals


class PoolPoint(Model):
    """The pool at the last block of one hour that held a SafetyNet event."""

    hour: int
    block_number: int
    timestamp: int
    total_assets: Amount
    total_supply: Amount
    share_price: Amount
    locked_capital: Amount
    active_cover: Amount
    open_claims: Amount
    unearned_premium: Amount
    utilization_bps: int
    premiums: Amount
    paid_assessed: Amount
    paid_parametric: Amount


class PoolNow(Model):
    """The latest pool figures the index holds, and the protocol-wide totals."""

    indexed_through: IndexedThrough
    latest: PoolPoint | None
    covers_sold: int
    deposits: Amount
    withdrawals: Amount


def pool_now(session: Session) -> PoolNow:
    through = indexed_through(session)
    latest = session.scalars(select(PoolSnapshot).order_by(PoolSnapshot.hour.desc()).limit(1))
    snap = latest.first()
    totals = session.get(Totals, "all")
    return PoolNow(
        indexed_through=through,
        latest=PoolPoint.model_validate(snap) if snap is not None else None,
        covers_sold=totals.covers if totals else 0,
        deposits=totals.deposits if totals else 0,
        withdrawals=totals.withdrawals if totals else 0,
    )


def pool_history(
    session: Session,
    *,
    since: int | None = None,
    until: int | None = None,
    limit: int = 50,
    cursor: str | None = None,
) -> Page[PoolPoint]:
    """Hourly points, newest first; `since`/`until` bound the hour (unix seconds)."""
    through = indexed_through(session)
    query = select(PoolSnapshot).order_by(PoolSnapshot.hour.desc()).limit(limit + 1)
    before = cursor_id(cursor)
    if before is not None:
        query = query.where(PoolSnapshot.hour < before)
    if since is not None:
        query = query.where(PoolSnapshot.hour >= since)
    if until is not None:
        query = query.where(PoolSnapshot.hour <= until)
    rows = session.scalars(query).all()
    return page(through, rows, limit, "hour", PoolPoint.model_validate)
