"""A quote taken apart: base rate, surge and fees, around the contract's own premium.

The premium is the contract's `quote` (SPEC §3.2), never recomputed. The breakdown explains
it: the base premium is what the product's `annual_rate_bps` alone charges (rounded up, as
the contract rounds), the surge is the rest, and the fees are what the pool's `add_premium`
takes off the premium (treasury and assessment, each rounded down), the rest becoming the
underwriters' unearned premium. A test checks base + surge == quote and the fee split
against a real purchase.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from safetynet.sdk.covers import quote
from safetynet.sdk.products import product
from safetynet.sdk.record import Record
from safetynet.sdk.transactions import transact
from safetynet.units import YEAR

if TYPE_CHECKING:
    from safetynet.deploy import Protocol

MAX_BPS = 10_000
SURGE_START_BPS = 8_000  # Cover.vy: surge pricing starts above 80% utilization after a sale


@dataclass(frozen=True)
class QuoteBreakdown(Record):
    """The premium for `amount` over `period` on `product_id`, bought now, and its parts.

    premium = base_premium + surge_premium = treasury_fee + assessment_fee + to_underwriters.
    `effective_rate_bps` is the annual rate the premium amounts to (rounded down to a bps);
    utilization figures are the product's active cover over its capacity, in bps."""

    product_id: int
    amount: int
    period: int
    premium: int
    annual_rate_bps: int
    base_premium: int
    surge_premium: int
    effective_rate_bps: int
    utilization_before_bps: int
    utilization_after_bps: int
    treasury_fee_bps: int
    assessment_fee_bps: int
    treasury_fee: int
    assessment_fee: int
    to_underwriters: int


def base_premium(amount: int, annual_rate_bps: int, period: int) -> int:
    """The premium without surge: amount x rate x period / (10000 x 365 days), rounded up."""
    return -(-amount * annual_rate_bps * period // (MAX_BPS * YEAR))


def quote_breakdown(p: Protocol, product_id: int, amount: int, period: int) -> QuoteBreakdown:
    """The contract's quote for a purchase now, with its base, surge and fee parts."""
    premium = quote(p, product_id, amount, period)  # refuses what the contract refuses
    info = product(p, product_id)
    base = min(base_premium(amount, info.annual_rate_bps, period), premium)
    treasury_bps = int(transact(p.pool.treasury_fee_bps))
    assessment_bps = int(transact(p.pool.assessment_fee_bps))
    treasury_fee = premium * treasury_bps // MAX_BPS
    assessment_fee = premium * assessment_bps // MAX_BPS
    capacity = max(info.capacity, 1)
    return QuoteBreakdown(
        product_id=product_id,
        amount=amount,
        period=period,
        premium=premium,
        annual_rate_bps=info.annual_rate_bps,
        base_premium=base,
        surge_premium=premium - base,
        effective_rate_bps=premium * MAX_BPS * YEAR // (amount * period),
        utilization_before_bps=info.active * MAX_BPS // capacity,
        utilization_after_bps=(info.active + amount) * MAX_BPS // capacity,
        treasury_fee_bps=treasury_bps,
        assessment_fee_bps=assessment_bps,
        treasury_fee=treasury_fee,
        assessment_fee=assessment_fee,
        to_underwriters=premium - treasury_fee - assessment_fee,
    )


def surge_multiplier_bps(utilization_after_bps: int) -> int:
    """The rate multiplier (bps, 10000 = 1x) at a utilization after purchase: 1x up to 80%,
    then linear to 2x at 100% (SPEC §3.2). For charts; the premium itself is the quote."""
    if utilization_after_bps <= SURGE_START_BPS:
        return MAX_BPS
    excess = min(utilization_after_bps, MAX_BPS) - SURGE_START_BPS
    return MAX_BPS + excess * MAX_BPS // (MAX_BPS - SURGE_START_BPS)
