"""The capital pool now and hour by hour (table pool_history)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from safetynet.api.queries.common import between, indexed_through, newest_first
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
    return newest_first(
        session, indexed_through(session), (PoolSnapshot.hour,),
        between(PoolSnapshot.hour, since, until), limit=limit, cursor=cursor,
        build=PoolPoint.model_validate,
    )  # fmt: skip
