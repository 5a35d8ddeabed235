"""CapitalPool.set_fees: admin sets the treasury and assessment fees (sum <= 50%)."""

import boa

from tests.utils.constants import USDC
from tests.utils.events import event, events
from tests.utils.pricing import net_premium

MISSING_ROLE = "access_control: account is missing role"


def test_set_fees__admin__applies_to_next_sale_and_sweeps_old(pool, cover, protocol, buy):
    buy(amount=100_000 * USDC)
    with boa.env.prank(protocol.admin):
        pool.set_fees(2_000, 3_000)
        logs = events(pool, "ParameterSet")
        assert event(pool, "FeesSwept").treasury_amount > 0
    assert [(e.name, e.value) for e in logs] == [
        ("treasury_fee_bps", 2_000),
        ("assessment_fee_bps", 3_000),
    ]
    assert (pool.treasury_fee_bps(), pool.assessment_fee_bps()) == (2_000, 3_000)
    assert pool.max_leverage_bps() == 10_000
    assert pool.fees_owed() == 0
    unearned = pool.unearned_premium()
    cid = buy(amount=100_000 * USDC)
    premium = cover.covers(cid).premium
    assert pool.unearned_premium() - unearned == net_premium(premium, 2_000, 3_000)


def test_set_fees__above_half__reverts(pool, protocol):
    with boa.env.prank(protocol.admin), boa.reverts("pool: fees too high"):
        pool.set_fees(2_501, 2_500)


def test_set_fees__not_admin__reverts(pool, guardian):
    with boa.env.prank(guardian), boa.reverts(MISSING_ROLE):
        pool.set_fees(0, 0)
