"""A deployment whose asset can refuse an owner (USDC-style blacklist, or a `false`
return), for the "settlement never gets stuck" tests of Cover, CapitalPool and Parametric.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import boa

from safetynet.artifacts import deployer
from safetynet.deploy import Protocol
from tests.utils.chain import push
from tests.utils.constants import COVER_AMOUNT, DAY, DEPEG, HOUR, PEG, THRESHOLD, USDC
from tests.utils.contracts import harness_deployer
from tests.utils.deploy import add_product, deploy_world, deposit, fund, set_trigger


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
        first = push(self.feed, DEPEG, after=HOUR + 600)
        last = push(self.feed, DEPEG, after=HOUR)
        with boa.env.prank(reporter):
            return self.protocol.parametric.report_incident(self.product_id, [first, last])


def blacklist_world(admin, treasury, auditor, guardian, underwriter, buyer) -> BlacklistWorld:
    """Protocol on a BlacklistToken, 1,000,000 in the pool, a PARAMETRIC product paying
    100% on a feed, and `buyer` funded and approved for premiums."""
    token = harness_deployer("BlacklistToken").deploy()
    p = deploy_world(admin, treasury, auditor, guardian, asset=token)
    deposit(p, underwriter, 1_000_000 * USDC)
    fund(token, buyer, p.cover.address, 100_000 * USDC)
    feed = deployer("MockAggregator").deploy(8, "BUSD / USD", PEG)
    pid = add_product(
        p, auditor, name="BUSD depeg", kind=1, rate_bps=200, waiting=HOUR,
        capacity=10_000_000 * USDC,
    )  # fmt: skip
    set_trigger(p, pid, feed, THRESHOLD, HOUR)
    return BlacklistWorld(p, token, feed, pid)
