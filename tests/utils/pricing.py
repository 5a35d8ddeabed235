"""Exact figures the contracts must round to: premiums, fees, share price (SPEC 3.1, 3.2)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from tests.utils.constants import MAX_BPS, VIRTUAL_SHARES, YEAR


def exact_premium(amount: int, rate_bps: int, period: int, active: int, capacity: int) -> Fraction:
    """SPEC §3.2 premium as an exact rational: amount x rate x period / (10000 x 365 days),
    the rate raised linearly from 1x at 80% utilization after the purchase to 2x at 100%."""
    utilization = Fraction(active + amount, capacity)
    factor = Fraction(1)
    if utilization > Fraction(8, 10):
        factor += (utilization - Fraction(8, 10)) / Fraction(2, 10)
    return Fraction(amount * rate_bps * period, MAX_BPS * YEAR) * factor


def net_premium(premium: int, treasury_bps: int = 1_000, assessment_bps: int = 500) -> int:
    """What stays in the pool as unearned premium after both fees (each rounded down)."""
    return premium - premium * treasury_bps // MAX_BPS - premium * assessment_bps // MAX_BPS


def share_price(pool: Any) -> Fraction:
    """Assets per share, virtual share and asset included (what the share math uses)."""
    return Fraction(pool.totalAssets() + 1, pool.totalSupply() + VIRTUAL_SHARES)
