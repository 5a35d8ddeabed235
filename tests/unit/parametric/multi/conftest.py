"""Multi-feed trigger fixtures: three USDC/USD feeds of different decimals and a PARAMETRIC
product that needs two of them (SPEC 3.4, `set_trigger_feeds`)."""

from __future__ import annotations

import boa
import pytest

from safetynet.artifacts import deployer
from tests.utils.constants import COVER_AMOUNT, DAY, MIN_DURATION, THRESHOLD, USDC, WAITING
from tests.utils.deploy import add_product, fund
from tests.utils.feeds import DECIMALS, REQUIRED


@pytest.fixture
def feeds():
    """Feeds A (8 decimals), B (18) and C (6), all at 1.00."""
    return [
        deployer("MockAggregator").deploy(d, f"USDC / USD {name}", 10**d)
        for d, name in zip(DECIMALS, "ABC", strict=True)
    ]


@pytest.fixture
def multi_product(protocol, auditor, funded_pool, feeds) -> int:
    """USDC depeg on two of three feeds: below 0.97 for an hour pays 100%."""
    pid = add_product(
        protocol, auditor, name="USDC depeg 2 of 3", kind=1, rate_bps=200, waiting=WAITING,
        capacity=50_000_000 * USDC,
    )  # fmt: skip
    with boa.env.prank(protocol.admin):
        protocol.parametric.set_trigger(pid, feeds[0].address, THRESHOLD, MIN_DURATION, 10_000)
        protocol.parametric.set_trigger_feeds(pid, [f.address for f in feeds], REQUIRED)
    return pid


@pytest.fixture
def buy_multi(protocol, policyholder, multi_product):
    """Buy cover on the multi-feed product as the policyholder; returns the cover id."""
    fund(protocol.asset, policyholder, protocol.cover.address, 1_000_000 * USDC)

    def _buy(amount: int = COVER_AMOUNT, period: int = 30 * DAY) -> int:
        with boa.env.prank(policyholder):
            return protocol.cover.buy_cover(multi_product, amount, period, 2**255, policyholder)

    return _buy


@pytest.fixture
def report_multi(protocol, multi_product, keeper):
    """report_incident_multi on the multi-feed product, as the keeper."""

    def _report(*windows: tuple) -> int:
        with boa.env.prank(keeper):
            return protocol.parametric.report_incident_multi(multi_product, list(windows))

    return _report
