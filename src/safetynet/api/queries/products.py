"""Products with their attestation, capacity left, price now, surge curve and risk report.

Capacity: Cover counts a cover as active from its purchase to the day boundary at or after
its end (its expiry bucket), and payouts do not release it; `active` here applies the same
rule to the indexed covers at the indexed block's time. Price now is the annual rate a small
purchase would pay at the current utilization (the surge rule of SPEC §3.2); the exact
premium for a given amount is the live quote (`/api/quote`). The risk report comes from the
risk engine's curated facts for the product's protocol (none for parametric products).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from safetynet.api.queries.common import (
    MAX_BPS,
    MAX_LIMIT,
    cursor_key,
    indexed_row,
    indexed_through,
    one_of,
    page,
)
from safetynet.api.schemas import Amount, IndexedThrough, Model
from safetynet.indexer.models import Attestation, Cover, Product
from safetynet.sdk.quotes import surge_multiplier_bps
from safetynet.units import DAY

KIND_NAMES = {0: "protocol", 1: "parametric", 2: "custody"}
KINDS = {v: k for k, v in KIND_NAMES.items()}
SURGE_POINTS_BPS = (0, 8_000, 8_500, 9_000, 9_500, 10_000)


class AttestationOut(Model):
    auditor: str
    report_hash: str
    valid_until: int
    revoked: bool
    live: bool = False


class RedFlag(Model):
    rule: str
    reason: str
    detail: str
    weight: int
    blocks_cover: bool


class RiskOut(Model):
    """The risk engine's report on the covered protocol (safetynet.risk.scan)."""

    subject: str
    score: int
    tier: str
    insurable: bool
    red_flags: list[RedFlag]
    reasons: list[str]


class SurgePoint(Model):
    utilization_bps: int
    rate_bps: int


class ProductOut(Model):
    product_id: int
    name: str
    kind: str
    annual_rate_bps: int
    capacity: Amount
    active: Amount
    capacity_left: Amount
    utilization_bps: int
    price_now_bps: int
    surge_curve: list[SurgePoint]
    waiting_period: int
    min_period: int
    max_period: int
    terms_hash: str
    paused: bool
    covers_sold: int
    cover_amount: Amount
    premiums: Amount
    paid: Amount
    claims_accepted: int
    claims_rejected: int
    attestation: AttestationOut | None
    on_sale: bool
    risk: RiskOut | None


class ProductList(Model):
    """Products in id order; pass `next_cursor` back as `cursor` for the next page."""

    indexed_through: IndexedThrough
    items: list[ProductOut]
    next_cursor: str | None = None


@lru_cache(maxsize=256)
def risk_of(name: str) -> RiskOut | None:
    """The risk engine's report for a protocol name it knows; None otherwise."""
    from safetynet.errors import SafetyNetError
    from safetynet.risk import scan

    try:
        report = scan(name)
    except SafetyNetError:
        return None
    data: dict[str, Any] = report.to_json()
    return RiskOut(
        subject=data["subject"],
        score=data["score"],
        tier=data["tier"],
        insurable=data["insurable"],
        red_flags=[
            RedFlag(
                rule=f["rule"],
                reason=f["reason"],
                detail=f["detail"],
                weight=f["weight"],
                blocks_cover=f["blocks_cover"],
            )
            for f in data["findings"]
        ],  # fmt: skip
        reasons=data["reasons"],
    )


def active_by_product(session: Session, now: int, product_id: int | None = None) -> dict[int, int]:
    """Active cover per product at `now`, by Cover's rule (purchase to the expiry day)."""
    query = select(Cover.product_id, Cover.amount, Cover.end).where(Cover.end > now - DAY)
    if product_id is not None:
        query = query.where(Cover.product_id == product_id)
    active: dict[int, int] = {}
    for pid, amount, end in session.execute(query):
        if -(-end // DAY) * DAY > now:
            active[pid] = active.get(pid, 0) + amount
    return active


def _build(prod: Product, att: Attestation | None, active: int, now: int) -> ProductOut:
    capacity = prod.capacity
    utilization = active * MAX_BPS // capacity if capacity else MAX_BPS
    rate = prod.annual_rate_bps
    attestation = None
    if att is not None:
        attestation = AttestationOut.model_validate(att)
        attestation.live = not att.revoked and att.valid_until > now
    return ProductOut.from_row(
        prod,
        kind=KIND_NAMES.get(prod.kind, str(prod.kind)),
        active=active,
        capacity_left=max(capacity - active, 0),
        utilization_bps=utilization,
        price_now_bps=rate * surge_multiplier_bps(utilization) // MAX_BPS,
        surge_curve=[
            SurgePoint(utilization_bps=u, rate_bps=rate * surge_multiplier_bps(u) // MAX_BPS)
            for u in SURGE_POINTS_BPS
        ],
        attestation=attestation,
        on_sale=bool(attestation and attestation.live and not prod.paused and active < capacity),
        risk=risk_of(prod.name) if prod.kind != KINDS["parametric"] else None,
    )


def products(
    session: Session, *, kind: str | None = None, limit: int = MAX_LIMIT, cursor: str | None = None
) -> ProductList:
    """Listed products in id order (by default up to MAX_LIMIT: governance lists few),
    optionally of one kind."""
    through = indexed_through(session)
    query = select(Product, Attestation).outerjoin(
        Attestation, Attestation.product_id == Product.product_id
    )
    if kind is not None:
        query = query.where(Product.kind == KINDS[one_of(kind, KINDS, "kind")])
    after = cursor_key(cursor)
    if after is not None:
        query = query.where(Product.product_id > after[0])
    rows = session.execute(query.order_by(Product.product_id).limit(limit + 1)).all()
    active = active_by_product(session, through.timestamp)
    listed = page(
        through, rows, limit,
        lambda row: _build(row[0], row[1], active.get(row[0].product_id, 0), through.timestamp),
        lambda row: str(row[0].product_id),
    )  # fmt: skip
    return ProductList(**dict(listed))


def product(session: Session, product_id: int) -> tuple[IndexedThrough, ProductOut]:
    through, prod = indexed_row(
        session, Product, product_id, "no product {key} in the index (products: /api/products)"
    )
    att = session.get(Attestation, product_id)
    active = active_by_product(session, through.timestamp, product_id).get(product_id, 0)
    return through, _build(prod, att, active, through.timestamp)
