"""CapitalPool.set_treasury: admin names the treasury-fee receiver."""

import boa

from tests.utils.constants import USDC, ZERO
from tests.utils.events import event

MISSING_ROLE = "access_control: account is missing role"


def test_set_treasury__admin__sweeps_to_old_then_switches(
    pool, asset, protocol, treasury, keeper, buy
):
    buy(amount=100_000 * USDC)
    owed = pool.fees_owed()
    before = asset.balanceOf(treasury)
    with boa.env.prank(protocol.admin):
        pool.set_treasury(keeper)
        log = event(pool, "TreasurySet")
    assert log.treasury == keeper == pool.treasury()
    assert asset.balanceOf(treasury) - before == owed * 1_000 // 1_500


def test_set_treasury__zero_address__reverts(pool, protocol):
    with boa.env.prank(protocol.admin), boa.reverts("pool: zero treasury"):
        pool.set_treasury(ZERO)


def test_set_treasury__not_admin__reverts(pool, attacker, guardian):
    for caller in (attacker, guardian):
        with boa.env.prank(caller), boa.reverts(MISSING_ROLE):
            pool.set_treasury(caller)
