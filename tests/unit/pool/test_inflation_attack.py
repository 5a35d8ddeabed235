"""First-depositor inflation attack: donations cannot move the share price.

The attacker deposits 1 unit into the empty pool and sends a large amount straight to the
pool, hoping the victim's deposit rounds down to few (or no) shares. Donations count as
fees owed, never as capital, and the virtual shares keep rounding losses negligible.
"""

import boa
from hypothesis import given
from hypothesis import strategies as st

from tests.utils.constants import DAY, USDC
from tests.utils.deploy import fund
from tests.utils.strategies import FIXTURES_OK


def _redeem_all(pool, owner):
    shares = pool.balanceOf(owner)
    with boa.env.prank(owner):
        pool.request_withdrawal(shares)
    boa.env.time_travel(seconds=7 * DAY)
    with boa.env.prank(owner):
        return pool.redeem(shares, owner, owner)


def test_inflation_attack__donation_after_one_unit__victim_gets_fair_shares(
    pool, asset, attacker, underwriter, treasury
):
    fund(asset, attacker, pool.address, 1_000_000 * USDC + 1)
    with boa.env.prank(attacker):
        pool.deposit(1, attacker)
        asset.transfer(pool.address, 1_000_000 * USDC)
    assert pool.totalAssets() == 1
    fund(asset, underwriter, pool.address, 1_000 * USDC)
    with boa.env.prank(underwriter):
        shares = pool.deposit(1_000 * USDC, underwriter)
    assert shares == 1_000 * USDC * 1_000  # exactly what an empty pool would give
    assert pool.convertToAssets(shares) == 1_000 * USDC
    pool.sweep_fees()  # the donation goes to the treasury and reserve, not to shareholders
    assert _redeem_all(pool, attacker) <= 1
    assert _redeem_all(pool, underwriter) == 1_000 * USDC


@FIXTURES_OK
@given(
    seed=st.integers(min_value=1, max_value=10**6),
    donation_exp=st.integers(min_value=0, max_value=16),
    donation_mantissa=st.integers(min_value=1, max_value=9),
    victim_exp=st.integers(min_value=0, max_value=14),
)
def test_inflation_attack__any_donation__attacker_profits_nothing(
    pool, asset, attacker, underwriter, seed, donation_exp, donation_mantissa, victim_exp
):
    donation = donation_mantissa * 10**donation_exp
    victim = 10**victim_exp
    fund(asset, attacker, pool.address, seed + donation)
    with boa.env.prank(attacker):
        pool.deposit(seed, attacker)
        asset.transfer(pool.address, donation)
    fund(asset, underwriter, pool.address, victim)
    with boa.env.prank(underwriter):
        shares = pool.deposit(victim, underwriter)
    # The victim's shares are worth what they paid, less at most one unit of rounding.
    assert pool.convertToAssets(shares) >= victim - 1
    # The attacker's shares are worth no more than the attacker's deposit.
    assert pool.convertToAssets(pool.balanceOf(attacker)) <= seed
