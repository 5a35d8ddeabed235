"""CapitalPool share supply after near-total losses: every share can be requested for
withdrawal, and a deposit that would mint past the supply a request can hold is refused
with a readable reason (found by the 100,000-step PoolCover campaign)."""

import boa

from tests.utils.constants import MAX_SHARE_SUPPLY, USDC
from tests.utils.deploy import fund


def _lose_all_but_one_unit(pool, payer, policyholder) -> None:
    with boa.env.prank(payer):
        pool.pay(policyholder, pool.totalAssets() - 1)


def test_request_withdrawal__more_than_2_128_shares__records_request(
    pool, asset, payer, policyholder, underwriter, keeper, funded_pool
):
    _lose_all_but_one_unit(pool, payer, policyholder)
    fund(asset, keeper, pool.address, 10**24)
    with boa.env.prank(keeper):
        shares = pool.deposit(10**24, keeper)
        assert shares > 2**128
        pool.request_withdrawal(shares)
    assert pool.withdrawal_request(keeper)[0] == shares


def test_deposit__supply_past_the_request_field__reverts_with_reason(
    pool, asset, payer, policyholder, underwriter, keeper, funded_pool
):
    fund(asset, keeper, pool.address, 10**30)
    # Each near-total loss followed by a deposit multiplies the supply; a handful of
    # rounds reach the cap a withdrawal request can hold.
    for _ in range(20):
        _lose_all_but_one_unit(pool, payer, policyholder)
        room = MAX_SHARE_SUPPLY - pool.totalSupply()
        if pool.previewDeposit(1_000 * USDC) > room:
            break
        with boa.env.prank(keeper):
            pool.deposit(1_000 * USDC, keeper)
    else:
        raise AssertionError("the supply never reached the cap")
    with boa.env.prank(keeper), boa.reverts("pool: share supply at its limit after losses"):
        pool.deposit(1_000 * USDC, keeper)
    # Everything minted so far can still be requested and redeemed in one request.
    with boa.env.prank(keeper):
        pool.request_withdrawal(pool.balanceOf(keeper))
    assert pool.withdrawal_request(keeper)[0] == pool.balanceOf(keeper)
