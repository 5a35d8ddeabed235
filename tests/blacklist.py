"""A deployment whose asset can refuse an owner (USDC-style blacklist, or a `false`
return), for the "settlement never gets stuck" tests of Cover, CapitalPool and Parametric.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boa

from safetynet.artifacts import deployer
from safetynet.deploy import Protocol
from tests.conftest import DAY, USDC, add_product, fund
from tests.fresh import deploy_world

CONTRACTS = Path(__file__).parent / "unit" / "contracts"
PEG = 100_000_000
THRESHOLD = 97_000_000
DEPEG = 93_000_000
HOUR = 3_600
COVER_AMOUNT = 10_000 * USDC


@dataclass
class BlacklistWorld:
    protocol: Protocol
    token: Any
    feed: Any
    product_id: int

    def buy(self, buyer: str, owner: str, amount: int = COVER_AMOUNT) -> int:
        with boa.env.prank(buyer):
            return self.protocol.cover.buy_cover(self.product_id, amount, 30 * DAY, 2**255, owner)

    def depeg(self, reporter: str) -> int:
        """Past the waiting period, the feed stays below the threshold an hour: report it."""
        boa.env.time_travel(seconds=HOUR + 600)
        self.feed.set_answer(DEPEG)
        first = self.feed.latestRoundData()[0]
        boa.env.time_travel(seconds=HOUR)
        self.feed.set_answer(DEPEG)
        last = self.feed.latestRoundData()[0]
        with boa.env.prank(reporter):
            return self.protocol.parametric.report_incident(self.product_id, [first, last])


def blacklist_world(admin, treasury, auditor, guardian, underwriter, buyer) -> BlacklistWorld:
    """Protocol on a BlacklistToken, 1,000,000 in the pool, a PARAMETRIC product paying
    100% on a feed, and `buyer` funded and approved for premiums."""
    token = boa.load_partial(str(CONTRACTS / "BlacklistToken.vy")).deploy()
    p = deploy_world(admin, treasury, auditor, guardian, asset=token)
    fund(token, underwriter, p.pool.address, 1_000_000 * USDC)
    with boa.env.prank(underwriter):
        p.pool.deposit(1_000_000 * USDC, underwriter)
    fund(token, buyer, p.cover.address, 100_000 * USDC)
    feed = deployer("MockAggregator").deploy(8, "BUSD / USD", PEG)
    pid = add_product(
        p, auditor, name="BUSD depeg", kind=1, rate_bps=200, waiting=HOUR,
        capacity=10_000_000 * USDC,
    )  # fmt: skip
    with boa.env.prank(admin):
        p.parametric.set_trigger(pid, feed.address, THRESHOLD, HOUR, 10_000)
    return BlacklistWorld(p, token, feed, pid)
