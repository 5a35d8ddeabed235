"""CapitalPool share transfers (transfer, transferFrom, approve) and the withdrawal request.

Shares that leave an account shrink its pending request, so a matured request cannot be
refilled with shares received later: the cooldown cannot be skipped by passing shares.
"""

import boa

from tests.utils.constants import DAY, ZERO
from tests.utils.events import event


def test_transfer__within_balance__moves_shares(pool, underwriter, keeper, funded_pool):
    with boa.env.prank(underwriter):
        assert pool.transfer(keeper, 1_000)
        log = event(pool, "Transfer")
    assert (log.sender, log.receiver, log.value) == (underwriter, keeper, 1_000)
    assert pool.balanceOf(keeper) == 1_000
    assert pool.balanceOf(underwriter) == funded_pool - 1_000


def test_transfer__above_balance__reverts(pool, underwriter, keeper, funded_pool):
    with boa.env.prank(underwriter), boa.reverts("pool: insufficient shares"):
        pool.transfer(keeper, funded_pool + 1)


def test_transfer__to_zero_address__reverts(pool, underwriter, funded_pool):
    with boa.env.prank(underwriter), boa.reverts("pool: transfer to zero address"):
        pool.transfer(ZERO, 1)


def test_transfer__pending_request__shrinks_to_what_stays(pool, underwriter, keeper, funded_pool):
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool)
        pool.transfer(keeper, funded_pool // 4)
    assert pool.withdrawal_request(underwriter)[0] == funded_pool - funded_pool // 4


def test_transfer__request_below_balance__is_kept(pool, underwriter, keeper, funded_pool):
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool // 2)
        pool.transfer(keeper, funded_pool // 4)
    assert pool.withdrawal_request(underwriter)[0] == funded_pool // 2


def test_transfer__shares_passed_to_matured_account__cannot_skip_cooldown(
    pool, underwriter, attacker, funded_pool
):
    # The attacker keeps a matured request on a small position and tops it up later.
    with boa.env.prank(underwriter):
        pool.transfer(attacker, 1_000_000)
    with boa.env.prank(attacker):
        pool.request_withdrawal(1_000_000)
        pool.transfer(underwriter, 1_000_000)  # request shrinks to 0 shares
    boa.env.time_travel(seconds=7 * DAY)
    with boa.env.prank(underwriter):
        pool.transfer(attacker, funded_pool // 2)
    assert pool.withdrawal_request(attacker)[0] == 0
    assert pool.maxRedeem(attacker) == 0
    with boa.env.prank(attacker), boa.reverts("pool: no withdrawal request"):
        pool.redeem(funded_pool // 2, attacker, attacker)


def test_transfer__received_shares__need_their_own_cooldown(pool, underwriter, keeper, funded_pool):
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool)
    boa.env.time_travel(seconds=7 * DAY)
    with boa.env.prank(underwriter):
        pool.transfer(keeper, funded_pool)
    assert pool.maxRedeem(underwriter) == 0
    assert pool.maxRedeem(keeper) == 0
    with boa.env.prank(keeper), boa.reverts("pool: no withdrawal request"):
        pool.redeem(funded_pool, keeper, keeper)
    with boa.env.prank(underwriter), boa.reverts("pool: no withdrawal request"):
        pool.redeem(1_000, underwriter, underwriter)


def test_transfer_from__with_allowance__moves_and_spends(pool, underwriter, keeper, funded_pool):
    with boa.env.prank(underwriter):
        pool.approve(keeper, 5_000)
    with boa.env.prank(keeper):
        assert pool.transferFrom(underwriter, keeper, 3_000)
        log = event(pool, "Transfer")
    assert (log.sender, log.receiver, log.value) == (underwriter, keeper, 3_000)
    assert pool.allowance(underwriter, keeper) == 2_000


def test_transfer_from__above_allowance__reverts(pool, underwriter, keeper, funded_pool):
    with boa.env.prank(underwriter):
        pool.approve(keeper, 5_000)
    with boa.env.prank(keeper), boa.reverts("pool: insufficient allowance"):
        pool.transferFrom(underwriter, keeper, 5_001)


def test_transfer_from__infinite_allowance__is_not_spent(pool, underwriter, keeper, funded_pool):
    with boa.env.prank(underwriter):
        pool.approve(keeper, 2**256 - 1)
    with boa.env.prank(keeper):
        pool.transferFrom(underwriter, keeper, funded_pool)
    assert pool.allowance(underwriter, keeper) == 2**256 - 1


def test_transfer_from__owner_request__shrinks(pool, underwriter, keeper, funded_pool):
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool)
        pool.approve(keeper, funded_pool)
    with boa.env.prank(keeper):
        pool.transferFrom(underwriter, keeper, funded_pool - 10)
    assert pool.withdrawal_request(underwriter)[0] == 10


def test_approve__any_amount__sets_allowance(pool, underwriter, keeper):
    with boa.env.prank(underwriter):
        assert pool.approve(keeper, 123)
        log = event(pool, "Approval")
    assert (log.owner, log.spender, log.value) == (underwriter, keeper, 123)
    assert pool.allowance(underwriter, keeper) == 123
    with boa.env.prank(underwriter):
        pool.approve(keeper, 0)
    assert pool.allowance(underwriter, keeper) == 0


def test_transfer__to_self__keeps_pending_request(pool, underwriter, funded_pool):
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool)
        pool.transfer(underwriter, funded_pool)
    assert pool.balanceOf(underwriter) == funded_pool
    assert pool.withdrawal_request(underwriter)[0] == funded_pool
