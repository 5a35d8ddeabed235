"""CapitalPool.lock_claim / release_claim: Claims keeps open claims in the capital lock."""

import boa

from tests.conftest import USDC
from tests.helpers import event


def test_lock_claim__by_claims__adds_to_locked_capital(pool, payer, funded_pool):
    with boa.env.prank(payer):
        pool.lock_claim(300 * USDC)
        first = event(pool, "OpenClaimsChanged")
        pool.lock_claim(200 * USDC)
        second = event(pool, "OpenClaimsChanged")
    assert (first.open_claims, second.open_claims) == (300 * USDC, 500 * USDC)
    assert pool.open_claims() == 500 * USDC
    assert pool.locked_capital() == 500 * USDC
    # Packed beside the fees and leverage, which stay as they were.
    assert (pool.treasury_fee_bps(), pool.assessment_fee_bps(), pool.max_leverage_bps()) == (
        1_000,
        500,
        10_000,
    )


def test_lock_claim__not_claims__reverts(pool, protocol, attacker):
    for caller in (attacker, protocol.parametric.address, protocol.admin):
        with boa.env.prank(caller), boa.reverts("pool: caller is not claims"):
            pool.lock_claim(1)


def test_release_claim__by_claims__frees_locked_capital(pool, payer, funded_pool):
    with boa.env.prank(payer):
        pool.lock_claim(500 * USDC)
        pool.release_claim(200 * USDC)
        log = event(pool, "OpenClaimsChanged")
    assert log.open_claims == 300 * USDC == pool.open_claims() == pool.locked_capital()


def test_release_claim__not_claims__reverts(pool, payer, attacker):
    with boa.env.prank(payer):
        pool.lock_claim(500 * USDC)
    with boa.env.prank(attacker), boa.reverts("pool: caller is not claims"):
        pool.release_claim(500 * USDC)


def test_lock_claim__open_claims__exits_priced_as_if_paid(pool, payer, underwriter, requested):
    with boa.env.prank(payer):
        pool.lock_claim(999_000 * USDC)
    # (nearly) every requested share may leave, but only at the price net of the open claims
    shares = pool.maxRedeem(underwriter)
    assert shares >= requested * 999 // 1_000
    assert pool.maxWithdraw(underwriter) in (1_000 * USDC - 1, 1_000 * USDC)
    assert pool.previewRedeem(shares) == pool.maxWithdraw(underwriter)
    with boa.env.prank(underwriter), boa.reverts("pool: exceeds requested shares"):
        pool.withdraw(1_000 * USDC + 1, underwriter, underwriter)
    with boa.env.prank(underwriter):
        paid = pool.redeem(shares, underwriter, underwriter)
    assert paid <= 1_000 * USDC
    assert pool.totalAssets() >= pool.open_claims()  # the claims stay backed
