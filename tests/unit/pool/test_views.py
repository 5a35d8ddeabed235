"""CapitalPool views: ERC-20/4626 metadata, conversions, previews, limits and config."""

import boa
from hypothesis import given
from hypothesis import strategies as st

from tests.utils.constants import DAY, USDC
from tests.utils.strategies import FIXTURES_OK


def test_metadata__deployment__names_shares_after_asset(pool, asset, cover):
    assert pool.name() == "SafetyNet Capital USDC"
    assert pool.symbol() == "sncUSDC"
    assert pool.decimals() == asset.decimals() + 3
    assert pool.asset() == asset.address
    assert pool.cover() == cover.address


def test_config__deployment__has_spec_defaults(pool, protocol, treasury):
    assert pool.withdrawal_cooldown() == 7 * DAY
    assert pool.withdrawal_window() == 3 * DAY
    assert pool.treasury_fee_bps() == 1_000
    assert pool.assessment_fee_bps() == 500
    assert pool.max_leverage_bps() == 10_000
    assert pool.open_claims() == 0
    assert pool.treasury() == treasury
    assert pool.claims() == protocol.claims.address
    assert pool.parametric() == protocol.parametric.address
    assert pool.hasRole(pool.DEFAULT_ADMIN_ROLE(), protocol.admin)
    assert not pool.hasRole(pool.DEFAULT_ADMIN_ROLE(), protocol.cover.address)


def test_max_deposit_and_mint__any_receiver__unlimited(pool, keeper):
    assert pool.maxDeposit(keeper) == 2**256 - 1
    assert pool.maxMint(keeper) == 2**256 - 1


def test_share_price__empty_pool__is_one_unit_per_whole_share(pool):
    assert pool.share_price() == USDC
    assert pool.totalAssets() == 0 and pool.totalSupply() == 0


def test_views__after_sale__account_for_cover_and_premium(pool, cover, buy, funded_pool):
    cid = buy(amount=100_000 * USDC, period=30 * DAY)
    premium = cover.covers(cid).premium
    assert pool.cover_count() == 1 == cover.cover_count()
    assert pool.active_cover() == 100_000 * USDC
    assert pool.locked_capital() == 100_000 * USDC
    net = pool.unearned_premium()
    assert net == premium - premium * 1_000 // 10_000 - premium * 500 // 10_000
    assert pool.fees_owed() == premium - net
    assert pool.base_assets() == 1_000_000 * USDC + net
    assert pool.totalAssets() == 1_000_000 * USDC


def test_withdrawal_request__none__is_zero(pool, keeper):
    assert pool.withdrawal_request(keeper) == (0, 0, 0)
    assert pool.maxRedeem(keeper) == 0
    assert pool.maxWithdraw(keeper) == 0


@FIXTURES_OK
@given(
    days=st.integers(min_value=0, max_value=45),
    x=st.one_of(
        st.integers(min_value=0, max_value=10**6), st.integers(min_value=0, max_value=10**30)
    ),
)
def test_conversions__any_amount__round_per_erc4626(pool, buy, funded_pool, days, x):
    if days:
        buy(amount=500_000 * USDC, period=30 * DAY)
        boa.env.time_travel(seconds=days * DAY)
        pool.checkpoint()  # views then read the book without walking the days again
    total = pool.totalAssets() + 1
    supply = pool.totalSupply() + 1_000
    # Exact rationals: assets x supply / total and shares x total / supply.
    assert pool.convertToShares(x) == x * supply // total == pool.previewDeposit(x)
    assert pool.convertToAssets(x) == x * total // supply == pool.previewRedeem(x)
    assert pool.previewWithdraw(x) == -(-x * supply // total)  # rounds up: burns more
    assert pool.previewMint(x) == -(-x * total // supply)  # rounds up: takes more
    # Round trips never create value.
    assert pool.convertToAssets(pool.convertToShares(x)) <= x
    assert pool.previewMint(pool.previewDeposit(x)) <= x
    assert pool.previewRedeem(pool.previewWithdraw(x)) >= x


def test_supports_interface__erc165_and_access_control__true(pool):
    assert pool.supportsInterface(bytes.fromhex("01ffc9a7"))
    assert pool.supportsInterface(bytes.fromhex("7965db0b"))
    assert not pool.supportsInterface(bytes.fromhex("ffffffff"))
