"""CapitalPool.sweep_fees: fees owed (and donations) go to the treasury and the reserve."""

import boa

from tests.utils.constants import USDC
from tests.utils.events import event


def test_sweep_fees__after_sale__splits_two_to_one(pool, asset, protocol, treasury, buy, keeper):
    buy(amount=1_000_000 * USDC)
    owed = pool.fees_owed()
    reserve = protocol.claims.address
    before = asset.balanceOf(treasury), asset.balanceOf(reserve)
    assets = pool.totalAssets()
    with boa.env.prank(keeper):
        pool.sweep_fees()
        log = event(pool, "FeesSwept")
    to_treasury = owed * 1_000 // 1_500
    assert (log.treasury, log.reserve, log.treasury_amount, log.reserve_amount) == (
        treasury,
        reserve,
        to_treasury,
        owed - to_treasury,
    )
    assert asset.balanceOf(treasury) - before[0] == to_treasury
    assert asset.balanceOf(reserve) - before[1] == owed - to_treasury
    assert pool.fees_owed() == 0
    assert pool.totalAssets() == assets


def test_sweep_fees__donation__counts_as_fees_not_capital(pool, asset, attacker, funded_pool):
    price = pool.share_price()
    asset.mint(attacker, 1_000 * USDC)
    with boa.env.prank(attacker):
        asset.transfer(pool.address, 1_000 * USDC)
    assert pool.share_price() == price
    assert pool.fees_owed() == 1_000 * USDC
    pool.sweep_fees()
    assert pool.fees_owed() == 0
    assert pool.share_price() == price


def test_sweep_fees__nothing_owed__sends_nothing(pool, asset, treasury, funded_pool):
    before = asset.balanceOf(treasury)
    pool.sweep_fees()
    log = event(pool, "FeesSwept")
    assert (log.treasury_amount, log.reserve_amount) == (0, 0)
    assert asset.balanceOf(treasury) == before


def test_sweep_fees__no_fee_rates__sends_everything_to_treasury(
    pool, asset, protocol, treasury, funded_pool
):
    with boa.env.prank(protocol.admin):
        pool.set_fees(0, 0)
    asset.mint(pool.address, 10 * USDC)
    before = asset.balanceOf(treasury)
    pool.sweep_fees()
    assert asset.balanceOf(treasury) - before == 10 * USDC
