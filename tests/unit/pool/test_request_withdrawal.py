"""CapitalPool.request_withdrawal: starts the cooldown for up to `shares`."""

import boa

from tests.utils.chain import now
from tests.utils.constants import DAY
from tests.utils.events import event


def test_request_withdrawal__within_balance__records_request_and_window(
    pool, underwriter, funded_pool
):
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool // 2)
        log = event(pool, "WithdrawalRequested")
    t = now()
    assert pool.withdrawal_request(underwriter) == (funded_pool // 2, t + 7 * DAY, t + 10 * DAY)
    assert (log.owner, log.shares, log.ready_at, log.expires_at) == (
        underwriter,
        funded_pool // 2,
        t + 7 * DAY,
        t + 10 * DAY,
    )


def test_request_withdrawal__above_balance__reverts(pool, underwriter, funded_pool):
    with boa.env.prank(underwriter), boa.reverts("pool: request exceeds balance"):
        pool.request_withdrawal(funded_pool + 1)


def test_request_withdrawal__zero_shares__reverts(pool, underwriter, funded_pool):
    with boa.env.prank(underwriter), boa.reverts("pool: zero shares"):
        pool.request_withdrawal(0)


def test_request_withdrawal__second_request__replaces_first_and_restarts_cooldown(
    pool, underwriter, funded_pool
):
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool)
    boa.env.time_travel(seconds=6 * DAY)
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool // 4)
    assert pool.withdrawal_request(underwriter)[:2] == (funded_pool // 4, now() + 7 * DAY)
    boa.env.time_travel(seconds=DAY)
    assert pool.maxRedeem(underwriter) == 0


def test_request_withdrawal__no_shares__reverts(pool, keeper):
    with boa.env.prank(keeper), boa.reverts("pool: request exceeds balance"):
        pool.request_withdrawal(1)


def test_request_withdrawal__custom_periods__uses_current_cooldown_and_window(
    pool, protocol, underwriter, funded_pool
):
    with boa.env.prank(protocol.admin):
        pool.set_withdrawal_periods(0, DAY)
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool)
    assert pool.withdrawal_request(underwriter)[1:] == (now(), now() + DAY)
    assert pool.maxRedeem(underwriter) == funded_pool
