"""Public statistics: what the pool earned and paid, how fast, and capital against risk.

- premiums_written: every premium paid for cover (gross: the treasury and assessment fees
  are in it). premiums_earned: the part of it earned by the indexed block's time, pro rata
  over each cover's earning window as the pool earns (from purchase to the day boundary at
  or after the cover's end): written less what running covers have still to earn.
- claims_paid: assessed payouts (accepted claims, redeemed) plus parametric payouts.
- loss_ratio: claims_paid / premiums_earned (null while nothing is earned).
- time to payout, per kind: seconds from the incident (a claim's incident_time, or the
  parametric incident's first round) to the payout's block, median and worst over every
  payout (a parametric incident paying 100 covers counts 100 payouts).
- claims per product: settled claims by outcome (a paid claim counts as accepted).
- capital: hourly total assets against locked capital (pool_history), newest first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from sqlalchemy import String, func, select, type_coerce
from sqlalchemy.orm import Session

from safetynet.api.queries.common import indexed_through
from safetynet.api.schemas import Amount, IndexedThrough, Model
from safetynet.indexer.models import Cover, Cursor, Payout, PoolSnapshot, Product, Totals
from safetynet.units import DAY

KINDS = ("assessed", "parametric")


class PayoutTiming(Model):
    kind: str
    payouts: int
    median_seconds: int | None
    worst_seconds: int | None


class ProductClaims(Model):
    product_id: int
    name: str
    claims_accepted: int
    claims_rejected: int
    paid: Amount


class CapitalPoint(Model):
    hour: int
    block_number: int
    total_assets: Amount
    locked_capital: Amount
    utilization_bps: int


class Stats(Model):
    indexed_through: IndexedThrough
    covers_sold: int
    cover_amount: Amount
    premiums_written: Amount
    premiums_earned: Amount
    claims_filed: int
    claims_accepted: int
    claims_rejected: int
    paid_assessed: Amount
    paid_parametric: Amount
    claims_paid: Amount
    loss_ratio: float | None
    incidents: int
    time_to_payout: list[PayoutTiming]
    claims_by_product: list[ProductClaims]
    capital: list[CapitalPoint]


def unearned_gross(session: Session, now: int) -> int:
    """Premium of running covers not yet earned at `now` (each earns linearly from its
    purchase to the day boundary at or after its end). The premium column is read as the
    text it is stored as (one int() per row, no type processing): this loop is most of the
    statistics' time."""
    table = Cover.__table__
    rows = session.connection().execute(
        select(type_coerce(table.c.premium, String), table.c.bought_at, table.c.end).where(
            table.c.end > now - DAY
        )
    )
    total = 0
    for premium, bought_at, end in rows:
        until = -(-end // DAY) * DAY
        if until > now and until > bought_at:
            total += int(premium) * (until - max(now, bought_at)) // (until - bought_at)
    return total


def payout_timing(session: Session, kind: str) -> PayoutTiming:
    """Median (the mean of the two middle delays for an even count) and worst delay."""
    n = session.scalar(select(func.count()).where(Payout.kind == kind)) or 0
    if n == 0:
        return PayoutTiming(kind=kind, payouts=0, median_seconds=None, worst_seconds=None)
    ordered = select(Payout.delay_seconds).where(Payout.kind == kind).order_by(Payout.delay_seconds)
    middle = session.scalars(ordered.offset((n - 1) // 2).limit(2 - n % 2)).all()
    worst = session.scalar(select(func.max(Payout.delay_seconds)).where(Payout.kind == kind))
    return PayoutTiming(
        kind=kind, payouts=n, median_seconds=sum(middle) // len(middle), worst_seconds=worst
    )


_CACHE: OrderedDict[tuple[Any, ...], Stats] = OrderedDict()
_CACHE_SIZE = 16
_CACHE_LOCK = threading.Lock()


def stats(session: Session, *, capital_points: int = 168, cached: bool = True) -> Stats:
    """The statistics at the indexed block. They are a pure function of the index at that
    block (times are judged at the block's time), so each process keeps the last few,
    keyed by the database, the cursor's block number and hash (a reorg changes the hash)
    and the parameters: the first request after the index moves computes them."""
    key = None
    if cached:
        cursor = session.execute(
            select(Cursor.block_number, Cursor.block_hash).where(Cursor.name == "main")
        ).first()
        bind = session.get_bind()
        key = (str(bind.url), tuple(cursor) if cursor else None, capital_points)
        with _CACHE_LOCK:
            if key in _CACHE:
                _CACHE.move_to_end(key)
                return _CACHE[key]
    result = _compute(session, capital_points)
    if key is not None:
        with _CACHE_LOCK:
            _CACHE[key] = result
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
    return result


def _compute(session: Session, capital_points: int) -> Stats:
    through = indexed_through(session)
    t = session.get(Totals, "all")
    written = t.premiums if t else 0
    earned = max(written - unearned_gross(session, through.timestamp), 0) if written else 0
    paid_assessed = t.paid_assessed if t else 0
    paid_parametric = t.paid_parametric if t else 0
    paid = paid_assessed + paid_parametric
    products = session.scalars(select(Product).order_by(Product.product_id)).all()
    history = session.scalars(
        select(PoolSnapshot).order_by(PoolSnapshot.hour.desc()).limit(capital_points)
    ).all()
    return Stats(
        indexed_through=through,
        covers_sold=t.covers if t else 0,
        cover_amount=t.cover_amount if t else 0,
        premiums_written=written,
        premiums_earned=earned,
        claims_filed=t.claims if t else 0,
        claims_accepted=t.claims_accepted if t else 0,
        claims_rejected=t.claims_rejected if t else 0,
        paid_assessed=paid_assessed,
        paid_parametric=paid_parametric,
        claims_paid=paid,
        loss_ratio=round(paid / earned, 6) if earned else None,
        incidents=t.incidents if t else 0,
        time_to_payout=[payout_timing(session, k) for k in KINDS],
        claims_by_product=[ProductClaims.model_validate(p) for p in products],
        capital=[CapitalPoint.model_validate(h) for h in history],
    )
