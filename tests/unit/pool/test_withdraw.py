"""CapitalPool.withdraw: exact assets out of a matured request (shares rounded up)."""

import boa
import pytest

from tests.utils.constants import DAY, USDC, ZERO
from tests.utils.events import event


def test_withdraw__matured_request__pays_assets_and_burns_shares(
    pool, asset, underwriter, treasury, requested
):
    before = asset.balanceOf(treasury)
    expected_shares = pool.previewWithdraw(400_000 * USDC)
    with boa.env.prank(underwriter):
        shares = pool.withdraw(400_000 * USDC, treasury, underwriter)
        log = event(pool, "Withdraw")
        burn = event(pool, "Transfer")
    assert shares == expected_shares == 400_000 * USDC * 1_000
    assert (log.sender, log.receiver, log.owner, log.assets, log.shares) == (
        underwriter,
        treasury,
        underwriter,
        400_000 * USDC,
        shares,
    )
    assert (burn.sender, burn.receiver, burn.value) == (underwriter, ZERO, shares)
    assert asset.balanceOf(treasury) - before == 400_000 * USDC
    assert pool.balanceOf(underwriter) == requested - shares
    assert pool.withdrawal_request(underwriter)[0] == requested - shares
    assert pool.totalAssets() == 600_000 * USDC


def test_withdraw__before_cooldown__reverts(pool, underwriter, funded_pool):
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool)
    boa.env.time_travel(seconds=7 * DAY - 1)
    with boa.env.prank(underwriter), boa.reverts("pool: withdrawal cooldown not over"):
        pool.withdraw(USDC, underwriter, underwriter)


def test_withdraw__after_window__reverts(pool, underwriter, requested):
    boa.env.time_travel(seconds=3 * DAY)
    with boa.env.prank(underwriter), boa.reverts("pool: withdrawal window expired, request again"):
        pool.withdraw(USDC, underwriter, underwriter)


def test_withdraw__last_second_of_window__succeeds(pool, underwriter, requested):
    boa.env.time_travel(seconds=3 * DAY - 1)
    with boa.env.prank(underwriter):
        pool.withdraw(USDC, underwriter, underwriter)


def test_withdraw__without_request__reverts(pool, underwriter, funded_pool):
    with boa.env.prank(underwriter), boa.reverts("pool: no withdrawal request"):
        pool.withdraw(USDC, underwriter, underwriter)


def test_withdraw__more_than_requested__reverts(pool, underwriter, funded_pool):
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool // 2)
    boa.env.time_travel(seconds=7 * DAY)
    with boa.env.prank(underwriter), boa.reverts("pool: exceeds requested shares"):
        pool.withdraw(500_000 * USDC + 1, underwriter, underwriter)
    with boa.env.prank(underwriter):
        pool.withdraw(500_000 * USDC, underwriter, underwriter)


def test_withdraw__zero_assets__reverts(pool, underwriter, requested):
    with boa.env.prank(underwriter), boa.reverts("pool: zero amount"):
        pool.withdraw(0, underwriter, underwriter)


def test_withdraw__zero_receiver__reverts(pool, underwriter, requested):
    with boa.env.prank(underwriter), boa.reverts("pool: zero receiver"):
        pool.withdraw(USDC, ZERO, underwriter)


def test_withdraw__spender_with_allowance__spends_allowance(pool, underwriter, keeper, requested):
    shares = pool.previewWithdraw(USDC)
    with boa.env.prank(underwriter):
        pool.approve(keeper, shares)
    with boa.env.prank(keeper):
        pool.withdraw(USDC, keeper, underwriter)
        log = event(pool, "Withdraw")
    assert (log.sender, log.owner) == (keeper, underwriter)
    assert pool.allowance(underwriter, keeper) == 0


def test_withdraw__spender_without_allowance__reverts(pool, underwriter, attacker, requested):
    with boa.env.prank(attacker), boa.reverts("pool: insufficient allowance"):
        pool.withdraw(USDC, attacker, underwriter)


def test_withdraw__would_breach_capital_lock__reverts(pool, underwriter, buy, requested):
    buy(amount=600_000 * USDC, period=30 * DAY)
    free = pool.totalAssets() - pool.locked_capital()
    with boa.env.prank(underwriter), boa.reverts("pool: capital locked by active cover"):
        pool.withdraw(free + 1, underwriter, underwriter)
    with boa.env.prank(underwriter):
        pool.withdraw(free, underwriter, underwriter)
    assert pool.totalAssets() == pool.locked_capital()


@pytest.mark.parametrize("cover_amount", [0, 1, 600_000 * USDC, 999_999 * USDC])
def test_withdraw__max_withdraw__is_what_withdraw_allows(
    pool, underwriter, buy, requested, cover_amount
):
    if cover_amount:
        buy(amount=cover_amount, period=30 * DAY)
    boa.env.time_travel(seconds=DAY)
    max_assets = pool.maxWithdraw(underwriter)
    free = pool.totalAssets() - pool.locked_capital()
    # ERC-4626: never above what withdraw accepts; here at most one unit below (rounding).
    ceiling = min(free, pool.convertToAssets(requested))
    assert ceiling - 1 <= max_assets <= ceiling
    with boa.env.anchor(), boa.env.prank(underwriter):
        pool.withdraw(max_assets, underwriter, underwriter)
    with boa.env.prank(underwriter), boa.reverts():
        pool.withdraw(max_assets + 2, underwriter, underwriter)
