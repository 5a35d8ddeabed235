"""CapitalPool.deposit: assets in, shares out (rounded down), first-depositor safe."""

import boa
from hypothesis import given
from hypothesis import strategies as st

from tests.utils.constants import USDC, ZERO
from tests.utils.deploy import fund
from tests.utils.events import event
from tests.utils.strategies import FIXTURES_OK


def test_deposit__first_deposit__mints_1000_shares_per_unit(protocol, underwriter):
    pool, asset = protocol.pool, protocol.asset
    fund(asset, underwriter, pool.address, 100 * USDC)
    with boa.env.prank(underwriter):
        shares = pool.deposit(100 * USDC, underwriter)
        log = event(pool, "Deposit")
    assert shares == 100 * USDC * 1_000
    assert (log.sender, log.owner, log.assets, log.shares) == (
        underwriter,
        underwriter,
        100 * USDC,
        shares,
    )
    assert pool.balanceOf(underwriter) == shares == pool.totalSupply()
    assert pool.totalAssets() == 100 * USDC == pool.base_assets()
    assert asset.balanceOf(pool) == 100 * USDC
    assert pool.fees_owed() == 0


def test_deposit__for_another_receiver__mints_to_receiver(pool, asset, underwriter, keeper):
    fund(asset, underwriter, pool.address, USDC)
    before = pool.balanceOf(underwriter)
    with boa.env.prank(underwriter):
        shares = pool.deposit(USDC, keeper)
        transfer = event(pool, "Transfer")
    assert (transfer.sender, transfer.receiver, transfer.value) == (ZERO, keeper, shares)
    assert pool.balanceOf(keeper) == shares
    assert pool.balanceOf(underwriter) == before


def test_deposit__zero_assets__reverts(pool, asset, underwriter):
    fund(asset, underwriter, pool.address, USDC)
    with boa.env.prank(underwriter), boa.reverts("pool: zero assets"):
        pool.deposit(0, underwriter)


def test_deposit__zero_receiver__reverts(pool, asset, underwriter):
    fund(asset, underwriter, pool.address, USDC)
    with boa.env.prank(underwriter), boa.reverts("pool: zero receiver"):
        pool.deposit(USDC, ZERO)


def test_deposit__without_allowance__reverts_and_changes_nothing(pool, asset, keeper):
    asset.mint(keeper, USDC)
    supply, base = pool.totalSupply(), pool.base_assets()
    with boa.env.prank(keeper), boa.reverts("erc20: insufficient allowance"):
        pool.deposit(USDC, keeper)
    assert (pool.totalSupply(), pool.base_assets()) == (supply, base)


def test_deposit__share_worth_more_than_deposit__reverts(protocol, underwriter):
    pool, asset = protocol.pool, protocol.asset
    # Reaching a price above 1 unit per share takes a 1000x rise; poke the accounted
    # assets (premium_book.totals: active 96 | base 128 | count 32) to get there.
    base = 10**15
    slot = pool.compiler_data.storage_layout["storage_layout"]["premium_book"]["totals"]["slot"]
    boa.env.set_storage(pool.address, slot, base << 96)
    asset.mint(pool.address, base)
    fund(asset, underwriter, pool.address, base)
    with boa.env.prank(underwriter), boa.reverts("pool: deposit too small for one share"):
        pool.deposit(USDC, underwriter)
    with boa.env.prank(underwriter):
        assert pool.deposit(base // 100, underwriter) == base // 100 * 1_000 // (base + 1)


def test_deposit__after_premium_earned__mints_fewer_shares(
    pool, asset, underwriter, keeper, buy, funded_pool
):
    buy(amount=500_000 * USDC, period=30 * 86_400)
    boa.env.time_travel(seconds=40 * 86_400)
    assert pool.totalAssets() > 1_000_000 * USDC
    fund(asset, keeper, pool.address, 1_000_000 * USDC)
    with boa.env.prank(keeper):
        shares = pool.deposit(1_000_000 * USDC, keeper)
    assert shares < funded_pool
    # The new depositor owns what they paid in, rounded down.
    assert pool.convertToAssets(shares) in (1_000_000 * USDC - 1, 1_000_000 * USDC)


@FIXTURES_OK
@given(
    seed=st.integers(min_value=1, max_value=10**13),
    assets=st.integers(min_value=1, max_value=10**14),
)
def test_deposit__any_amount__matches_preview_and_never_dilutes(
    protocol, underwriter, keeper, seed, assets
):
    pool, asset = protocol.pool, protocol.asset
    fund(asset, underwriter, pool.address, seed)
    with boa.env.prank(underwriter):
        pool.deposit(seed, underwriter)
    price_before = (pool.totalAssets() + 1) * 10**40 // (pool.totalSupply() + 1_000)
    preview = pool.previewDeposit(assets)
    fund(asset, keeper, pool.address, assets)
    with boa.env.prank(keeper):
        if preview == 0:
            with boa.reverts("pool: deposit too small for one share"):
                pool.deposit(assets, keeper)
            return
        shares = pool.deposit(assets, keeper)
    assert shares == preview
    price_after = (pool.totalAssets() + 1) * 10**40 // (pool.totalSupply() + 1_000)
    assert price_after >= price_before
