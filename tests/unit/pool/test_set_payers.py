"""CapitalPool.set_payers: admin names Claims and Parametric (who may pay losses)."""

import boa

from tests.utils.constants import USDC, ZERO
from tests.utils.events import event, events

MISSING_ROLE = "access_control: account is missing role"


def test_set_payers__admin__sets_both_and_sweeps_first(pool, asset, protocol, buy, keeper, payer):
    buy(amount=100_000 * USDC)
    owed = pool.fees_owed()
    reserve = pool.claims()
    before = asset.balanceOf(reserve)
    with boa.env.prank(protocol.admin):
        pool.set_payers(keeper, ZERO)
        log = event(pool, "PayersSet")
        swept = events(pool, "FeesSwept")
    assert (log.claims, log.parametric) == (keeper, ZERO)
    assert (pool.claims(), pool.parametric()) == (keeper, ZERO)
    # The reserve share earned so far went to the Claims named when it was earned.
    assert len(swept) == 1 and swept[0].reserve == reserve
    assert asset.balanceOf(reserve) - before == owed - owed * 1_000 // 1_500


def test_set_payers__not_admin__reverts(pool, attacker, guardian):
    for caller in (attacker, guardian):
        with boa.env.prank(caller), boa.reverts(MISSING_ROLE):
            pool.set_payers(caller, caller)
