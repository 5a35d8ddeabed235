"""CapitalPool.mint: exact shares out, assets in (rounded up)."""

import boa
from hypothesis import given
from hypothesis import strategies as st

from tests.utils.constants import USDC, ZERO
from tests.utils.deploy import fund
from tests.utils.events import event
from tests.utils.strategies import FIXTURES_OK


def test_mint__first_mint__takes_one_unit_per_1000_shares(protocol, underwriter):
    pool, asset = protocol.pool, protocol.asset
    fund(asset, underwriter, pool.address, 10 * USDC)
    with boa.env.prank(underwriter):
        assets = pool.mint(5 * USDC * 1_000, underwriter)
        log = event(pool, "Deposit")
    assert assets == 5 * USDC
    assert (log.owner, log.assets, log.shares) == (underwriter, 5 * USDC, 5 * USDC * 1_000)
    assert asset.balanceOf(underwriter) == 5 * USDC
    assert pool.balanceOf(underwriter) == 5 * USDC * 1_000


def test_mint__fraction_of_a_unit__rounds_assets_up(protocol, underwriter):
    pool, asset = protocol.pool, protocol.asset
    fund(asset, underwriter, pool.address, 10 * USDC)
    with boa.env.prank(underwriter):
        assert pool.mint(1, underwriter) == 1


def test_mint__zero_shares__reverts(pool, asset, underwriter):
    fund(asset, underwriter, pool.address, USDC)
    with boa.env.prank(underwriter), boa.reverts("pool: zero assets"):
        pool.mint(0, underwriter)


def test_mint__zero_receiver__reverts(pool, asset, underwriter):
    fund(asset, underwriter, pool.address, USDC)
    with boa.env.prank(underwriter), boa.reverts("pool: zero receiver"):
        pool.mint(1_000, ZERO)


@FIXTURES_OK
@given(shares=st.integers(min_value=1, max_value=10**18))
def test_mint__any_shares__takes_preview_mint(pool, asset, keeper, funded_pool, buy, shares):
    buy(amount=100_000 * USDC)
    boa.env.time_travel(seconds=3 * 86_400)
    preview = pool.previewMint(shares)
    fund(asset, keeper, pool.address, preview)
    with boa.env.prank(keeper):
        assert pool.mint(shares, keeper) == preview
    assert asset.balanceOf(keeper) == 0
    assert pool.balanceOf(keeper) == shares
