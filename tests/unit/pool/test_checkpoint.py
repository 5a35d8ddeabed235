"""CapitalPool.checkpoint: writes the caught-up premium book; views never need it."""

import boa

from tests.utils.constants import DAY, USDC


def test_checkpoint__after_time__changes_no_figure(pool, buy, keeper):
    buy(amount=100_000 * USDC, period=30 * DAY)
    boa.env.time_travel(seconds=10 * DAY + 123)
    figures = (pool.totalAssets(), pool.unearned_premium(), pool.active_cover())
    with boa.env.prank(keeper):
        pool.checkpoint()
    assert (pool.totalAssets(), pool.unearned_premium(), pool.active_cover()) == figures
    boa.env.time_travel(seconds=40 * DAY)
    pool.checkpoint()
    assert pool.active_cover() == 0
    assert pool.unearned_premium() == 0


def test_checkpoint__empty_book__is_harmless(pool):
    pool.checkpoint()
    assert pool.totalAssets() == 0
