"""Small helpers for the contract tests: event lookup, exact pricing, actors."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import boa
from hypothesis import HealthCheck, settings

DAY = 86_400
HOUR = 3_600
YEAR = 365 * DAY
MAX_BPS = 10_000
VIRTUAL_SHARES = 1_000
ZERO = "0x" + "00" * 20


def events(contract: Any, name: str, emitter: Any = None) -> list[Any]:
    """Events called `name` emitted by `emitter` (default: `contract`) in the last call
    made through `contract` (read it right after the call)."""
    address = (emitter or contract).address
    return [
        e
        for e in contract.get_logs()
        if type(e).__name__ == name and str(getattr(e, "address", "")) == str(address)
    ]


def event(contract: Any, name: str, emitter: Any = None) -> Any:
    """The one event called `name` of the last call (fails unless exactly one)."""
    found = events(contract, name, emitter)
    assert len(found) == 1, f"expected one {name} event, got {len(found)}: {contract.get_logs()}"
    return found[0]


def now() -> int:
    return boa.env.evm.patch.timestamp


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


# Hypothesis with fixtures: titanoboa anchors every example, and fixture state set up before
# the examples is exactly what each example should start from, so the function-scoped
# fixture health check does not apply here.
FIXTURES_OK = settings(
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ]
)
