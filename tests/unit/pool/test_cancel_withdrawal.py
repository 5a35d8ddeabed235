"""CapitalPool.cancel_withdrawal: drops the pending request."""

import boa

from tests.utils.events import event


def test_cancel_withdrawal__pending_request__clears_it(pool, underwriter, requested):
    with boa.env.prank(underwriter):
        pool.cancel_withdrawal()
        log = event(pool, "WithdrawalCancelled")
    assert log.owner == underwriter
    assert pool.withdrawal_request(underwriter) == (0, 0, 0)
    assert pool.maxRedeem(underwriter) == 0
    with boa.env.prank(underwriter), boa.reverts("pool: no withdrawal request"):
        pool.redeem(1_000, underwriter, underwriter)


def test_cancel_withdrawal__no_request__reverts(pool, underwriter, funded_pool):
    with boa.env.prank(underwriter), boa.reverts("pool: no withdrawal request"):
        pool.cancel_withdrawal()
