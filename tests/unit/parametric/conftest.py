"""Parametric fixtures: a USDC/USD mock feed, a PARAMETRIC product on it, covers, incidents."""

from __future__ import annotations

import boa
import pytest

from safetynet.artifacts import deployer
from tests.conftest import DAY, USDC, add_product, fund
from tests.helpers import HOUR

PEG = 100_000_000  # 1.00 USD at 8 decimals
THRESHOLD = 97_000_000  # 0.97
DEPEG = 93_000_000  # 0.93
MIN_DURATION = HOUR
WAITING = HOUR  # the minimum waiting period of a PARAMETRIC product (SPEC 3.2)
COVER_AMOUNT = 10_000 * USDC


@pytest.fixture(scope="session")
def feed():
    """A Chainlink-style USDC/USD feed at 1.00 (round (phase 1, 1))."""
    return deployer("MockAggregator").deploy(8, "USDC / USD", PEG)


@pytest.fixture(scope="session")
def parametric(protocol):
    return protocol.parametric


@pytest.fixture(scope="session")
def depeg_product(protocol, auditor, feed, funded_pool) -> int:
    """USDC depeg: below 0.97 for an hour pays 100%; attested; capital in the pool."""
    pid = add_product(
        protocol, auditor, name="USDC depeg", kind=1, rate_bps=200, waiting=WAITING,
        capacity=50_000_000 * USDC,
    )  # fmt: skip
    with boa.env.prank(protocol.admin):
        protocol.parametric.set_trigger(pid, feed.address, THRESHOLD, MIN_DURATION, 10_000)
    return pid


@pytest.fixture(scope="session")
def other_product(protocol, auditor, funded_pool) -> int:
    """A second parametric product on its own feed (foreign to depeg incidents)."""
    other_feed = deployer("MockAggregator").deploy(8, "DAI / USD", PEG)
    pid = add_product(
        protocol, auditor, name="DAI depeg", kind=1, rate_bps=200, waiting=WAITING,
        capacity=50_000_000 * USDC,
    )  # fmt: skip
    with boa.env.prank(protocol.admin):
        protocol.parametric.set_trigger(pid, other_feed.address, THRESHOLD, MIN_DURATION, 10_000)
    return pid


def push(feed, answer: int, after: int = 0) -> int:
    """Advance time by `after` seconds, start a feed round with `answer`; return its id."""
    if after:
        boa.env.time_travel(seconds=after)
    feed.set_answer(answer)
    return feed.latestRoundData()[0]


@pytest.fixture
def buy_parametric(protocol, policyholder, depeg_product):
    """Buy parametric cover as the policyholder; returns the cover id."""
    fund(protocol.asset, policyholder, protocol.cover.address, 1_000_000 * USDC)

    def _buy(
        amount: int = COVER_AMOUNT,
        period: int = 30 * DAY,
        pid: int | None = None,
        owner: str | None = None,
    ) -> int:
        with boa.env.prank(policyholder):
            return protocol.cover.buy_cover(
                depeg_product if pid is None else pid,
                amount,
                period,
                2**255,
                owner or policyholder,
            )

    return _buy


@pytest.fixture
def depeg_window(feed):
    """The feed falls to 0.93 and stays there 1 hour: returns the window's round ids. By
    default the fall comes 10 minutes after the waiting period of covers bought now."""

    def _window(
        after: int = WAITING + 600, duration: int = MIN_DURATION, answer: int = DEPEG
    ) -> list[int]:
        first = push(feed, answer, after=after)
        last = push(feed, answer - 1_000_000, after=duration)
        return [first, last]

    return _window


@pytest.fixture
def incident(protocol, depeg_product, depeg_window, keeper):
    """Report a depeg incident (after whatever covers the test bought); returns its id."""

    def _incident(**kwargs) -> int:
        rounds = depeg_window(**kwargs)
        with boa.env.prank(keeper):
            return protocol.parametric.report_incident(depeg_product, rounds)

    return _incident
