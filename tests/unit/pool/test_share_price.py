"""Share price: never jumps on a sale, rises smoothly as premium is earned (SPEC §3.1)."""

from fractions import Fraction

import boa

from tests.utils.chain import now
from tests.utils.constants import DAY, USDC
from tests.utils.pricing import net_premium, share_price


def test_share_price__cover_bought__does_not_move(pool, buy, funded_pool):
    boa.env.time_travel(seconds=12_345)
    before = (pool.totalAssets(), pool.share_price())
    buy(amount=800_000 * USDC, period=90 * DAY)
    assert (pool.totalAssets(), pool.share_price()) == before


def test_share_price__premium_earned__rises_linearly_to_expiry_boundary(
    pool, cover, buy, funded_pool
):
    start_assets = pool.totalAssets()
    bought_at = now()
    cid = buy(amount=500_000 * USDC, period=30 * DAY)
    c = cover.covers(cid)
    net = net_premium(c.premium)
    boundary = -(-c.end // DAY) * DAY
    window = boundary - bought_at
    last = share_price(pool)
    for step in range(1, 9):
        boa.env.time_travel(seconds=window // 8 if step < 8 else boundary - now())
        earned = pool.totalAssets() - start_assets
        exact = Fraction(net * (now() - bought_at), window)
        assert exact - 1 <= earned <= exact + 1  # linear, unearned rounded up
        price = share_price(pool)
        assert price >= last
        last = price
    assert pool.totalAssets() == start_assets + net
    assert pool.unearned_premium() == 0
    boa.env.time_travel(seconds=100 * DAY)
    assert pool.totalAssets() == start_assets + net


def test_share_price__loss_paid__falls_by_the_loss(pool, payer, policyholder, funded_pool):
    before = pool.totalAssets()
    with boa.env.prank(payer):
        pool.pay(policyholder, before // 10)
    assert pool.totalAssets() == before - before // 10
    assert abs(pool.share_price() - 9 * 10**6 // 10) <= 1
