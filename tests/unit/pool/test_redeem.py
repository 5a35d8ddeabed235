"""CapitalPool.redeem: shares of a matured request out, assets (rounded down) paid."""

import boa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.utils.constants import DAY, USDC, ZERO
from tests.utils.events import event
from tests.utils.strategies import FIXTURES_OK


def test_redeem__matured_request__pays_assets(pool, asset, underwriter, requested):
    before = asset.balanceOf(underwriter)
    with boa.env.prank(underwriter):
        assets = pool.redeem(requested, underwriter, underwriter)
        log = event(pool, "Withdraw")
    assert assets == 1_000_000 * USDC
    assert (log.owner, log.receiver, log.assets, log.shares) == (
        underwriter,
        underwriter,
        assets,
        requested,
    )
    assert asset.balanceOf(underwriter) - before == assets
    assert pool.totalSupply() == 0
    assert pool.withdrawal_request(underwriter)[0] == 0


def test_redeem__before_cooldown__reverts(pool, underwriter, funded_pool):
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool)
    boa.env.time_travel(seconds=DAY)
    with boa.env.prank(underwriter), boa.reverts("pool: withdrawal cooldown not over"):
        pool.redeem(funded_pool, underwriter, underwriter)


def test_redeem__after_window__reverts(pool, underwriter, requested):
    boa.env.time_travel(seconds=pool.withdrawal_window())
    with boa.env.prank(underwriter), boa.reverts("pool: withdrawal window expired, request again"):
        pool.redeem(requested, underwriter, underwriter)


def test_redeem__more_than_requested__reverts(pool, underwriter, funded_pool):
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool - 1)
    boa.env.time_travel(seconds=7 * DAY)
    with boa.env.prank(underwriter), boa.reverts("pool: exceeds requested shares"):
        pool.redeem(funded_pool, underwriter, underwriter)


def test_redeem__dust_worth_zero_assets__reverts(pool, underwriter, requested):
    with boa.env.prank(underwriter), boa.reverts("pool: zero amount"):
        pool.redeem(999, underwriter, underwriter)


def test_redeem__zero_receiver__reverts(pool, underwriter, requested):
    with boa.env.prank(underwriter), boa.reverts("pool: zero receiver"):
        pool.redeem(requested, ZERO, underwriter)


def test_redeem__no_request__reverts(pool, underwriter, funded_pool):
    with boa.env.prank(underwriter), boa.reverts("pool: no withdrawal request"):
        pool.redeem(funded_pool, underwriter, underwriter)


def test_redeem__spender_without_allowance__reverts(pool, underwriter, attacker, requested):
    with boa.env.prank(attacker), boa.reverts("pool: insufficient allowance"):
        pool.redeem(requested, attacker, underwriter)


def test_redeem__spender_with_infinite_allowance__keeps_allowance(
    pool, underwriter, keeper, requested
):
    with boa.env.prank(underwriter):
        pool.approve(keeper, 2**256 - 1)
    with boa.env.prank(keeper):
        pool.redeem(requested, keeper, underwriter)
    assert pool.allowance(underwriter, keeper) == 2**256 - 1


def test_redeem__would_breach_capital_lock__reverts(pool, underwriter, buy, requested):
    buy(amount=600_000 * USDC, period=30 * DAY)
    with boa.env.prank(underwriter), boa.reverts("pool: capital locked by active cover"):
        pool.redeem(requested, underwriter, underwriter)
    assert pool.balanceOf(underwriter) == requested


def test_redeem__after_cover_expires__releases_locked_capital(pool, underwriter, buy, funded_pool):
    buy(amount=1_000_000 * USDC, period=30 * DAY)
    boa.env.time_travel(seconds=30 * DAY)
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool)
    assert pool.locked_capital() == 1_000_000 * USDC
    boa.env.time_travel(seconds=7 * DAY)
    assert pool.locked_capital() == 0
    with boa.env.prank(underwriter):
        assets = pool.redeem(funded_pool, underwriter, underwriter)
    # The underwriter earned the whole net premium (less the virtual share's cut).
    assert assets > 1_000_000 * USDC


@FIXTURES_OK
@given(
    cover_bps=st.integers(min_value=0, max_value=10_000),
    request_bps=st.integers(min_value=1, max_value=10_000),
    wait=st.integers(min_value=0, max_value=3 * DAY - 1),
)
def test_redeem__max_redeem__is_what_redeem_allows(
    pool, underwriter, buy, funded_pool, cover_bps, request_bps, wait
):
    cover_amount = 1_000_000 * USDC * cover_bps // 10_000
    if cover_amount:
        buy(amount=cover_amount, period=30 * DAY)
    with boa.env.prank(underwriter):
        pool.request_withdrawal(max(1, funded_pool * request_bps // 10_000))
    boa.env.time_travel(seconds=7 * DAY + wait)
    max_shares = pool.maxRedeem(underwriter)
    if max_shares and pool.previewRedeem(max_shares) > 0:
        with boa.env.anchor(), boa.env.prank(underwriter):
            pool.redeem(max_shares, underwriter, underwriter)
            assert pool.totalAssets() >= pool.locked_capital()
    # One unit's worth of shares more is refused (capital lock or request size).
    more = max_shares + pool.previewWithdraw(2)
    with boa.env.prank(underwriter), boa.reverts():
        pool.redeem(more, underwriter, underwriter)


@pytest.mark.parametrize("offset", [-1, 0])
def test_redeem__max_redeem_outside_window__is_zero(pool, underwriter, funded_pool, offset):
    with boa.env.prank(underwriter):
        pool.request_withdrawal(funded_pool)
    boa.env.time_travel(seconds=7 * DAY + offset)
    assert (pool.maxRedeem(underwriter) == 0) == (offset < 0)
    boa.env.time_travel(seconds=3 * DAY - offset)
    assert pool.maxRedeem(underwriter) == 0
    assert pool.maxWithdraw(underwriter) == 0
