"""CapitalPool.lock_claim / release_claim: Claims keeps open claims (exit pricing) and what
they lock beyond their covers' own lock (locked capital)."""

import boa

from tests.utils.constants import USDC
from tests.utils.events import event

FAR = 2**40  # a cover end far ahead: the cover still counts in active cover


def _lock(pool, amount: int, locked: int) -> int:
    """Lock a claim of `amount` whose cover's own lock holds all but `locked` (1x leverage)."""
    return pool.lock_claim(amount, amount - locked, FAR)


def test_lock_claim__by_claims__adds_to_open_claims_and_locked_capital(pool, payer, funded_pool):
    with boa.env.prank(payer):
        _lock(pool, 300 * USDC, 0)
        first = event(pool, "OpenClaimsChanged")
        _lock(pool, 200 * USDC, 200 * USDC)
        second = event(pool, "OpenClaimsChanged")
    assert (first.open_claims, first.claims_locked) == (300 * USDC, 0)
    assert (second.open_claims, second.claims_locked) == (500 * USDC, 200 * USDC)
    assert (pool.open_claims(), pool.claims_locked()) == (500 * USDC, 200 * USDC)
    assert pool.locked_capital() == 200 * USDC
    # Packed beside the fees and leverage, which stay as they were.
    assert (pool.treasury_fee_bps(), pool.assessment_fee_bps(), pool.max_leverage_bps()) == (
        1_000,
        500,
        10_000,
    )


def test_lock_claim__fee_and_leverage_changes__keep_the_claims_figures(
    pool, payer, funded_pool, protocol
):
    with boa.env.prank(payer):
        _lock(pool, 300 * USDC, 100 * USDC)
    with boa.env.prank(protocol.admin):
        pool.set_fees(900, 400)
        pool.set_max_leverage_bps(20_000, b"\x03" * 32)
    assert (pool.open_claims(), pool.claims_locked()) == (300 * USDC, 100 * USDC)


def test_lock_claim__rule__cover_lock_not_counted_twice_expired_cover_fully(
    pool, payer, funded_pool, protocol
):
    with boa.env.prank(payer):
        assert pool.lock_claim(300 * USDC, 1_000 * USDC, FAR) == 0  # active, 1x: nothing more
        assert pool.lock_claim(300 * USDC, 1_000 * USDC, 1) == 300 * USDC  # expired: all of it
    assert (pool.open_claims(), pool.claims_locked()) == (600 * USDC, 300 * USDC)
    with boa.env.prank(protocol.admin):
        pool.set_max_leverage_bps(40_000, b"\x03" * 32)
    with boa.env.prank(payer):
        # a 4x pool: the cover's own lock holds 1,000 / 4 = 250 of the 300 claimed
        assert pool.lock_claim(300 * USDC, 1_000 * USDC, FAR) == 50 * USDC
    assert pool.claims_locked() == 350 * USDC


def test_lock_claim__huge_lock__rounded_up_and_released_exactly(pool, payer, funded_pool):
    amount = 2**60 + 12_345
    with boa.env.prank(payer):
        code = pool.lock_claim(amount, 0, 1)
        locked = pool.claims_locked()
        assert amount <= locked <= amount + amount // 2**47 + 1
        pool.release_claim(amount, code)
    assert (pool.open_claims(), pool.claims_locked()) == (0, 0)


def test_lock_claim__not_claims__reverts(pool, protocol, attacker):
    for caller in (attacker, protocol.parametric.address, protocol.admin):
        with boa.env.prank(caller), boa.reverts("pool: caller is not claims"):
            pool.lock_claim(1, 0, FAR)


def test_release_claim__by_claims__frees_what_was_locked(pool, payer, funded_pool):
    with boa.env.prank(payer):
        _lock(pool, 500 * USDC, 500 * USDC)
        pool.release_claim(200 * USDC, 200 * USDC)
        log = event(pool, "OpenClaimsChanged")
    assert (log.open_claims, log.claims_locked) == (300 * USDC, 300 * USDC)
    assert pool.open_claims() == pool.claims_locked() == pool.locked_capital() == 300 * USDC


def test_release_claim__not_claims__reverts(pool, payer, attacker):
    with boa.env.prank(payer):
        _lock(pool, 500 * USDC, 500 * USDC)
    with boa.env.prank(attacker), boa.reverts("pool: caller is not claims"):
        pool.release_claim(500 * USDC, 500 * USDC)


def test_lock_claim__claim_on_expired_cover__locks_its_amount_until_released(
    pool, payer, underwriter, requested
):
    with boa.env.prank(payer):
        code = pool.lock_claim(999_000 * USDC, 999_000 * USDC, 1)  # its cover expired
    assert pool.claims_locked() == pool.locked_capital() == 999_000 * USDC
    assert pool.maxWithdraw(underwriter) in (1_000 * USDC - 1, 1_000 * USDC)
    with boa.env.prank(payer):
        pool.release_claim(999_000 * USDC, code)
    with boa.env.prank(underwriter):
        pool.redeem(requested, underwriter, underwriter)


def test_lock_claim__open_claims__exits_priced_as_if_paid(pool, payer, underwriter, requested):
    with boa.env.prank(payer):
        _lock(pool, 999_000 * USDC, 0)
    # every requested share may leave, but only at the price net of the open claims
    assert pool.maxRedeem(underwriter) == requested
    assert pool.maxWithdraw(underwriter) in (1_000 * USDC - 1, 1_000 * USDC)
    assert pool.previewRedeem(requested) == pool.maxWithdraw(underwriter)
    assert pool.previewDeposit(1_000 * USDC) == pool.convertToShares(1_000 * USDC)
    with boa.env.prank(underwriter), boa.reverts("pool: exceeds requested shares"):
        pool.withdraw(1_000 * USDC + 1, underwriter, underwriter)
    with boa.env.prank(underwriter):
        paid = pool.redeem(requested, underwriter, underwriter)
    assert paid <= 1_000 * USDC
    assert pool.totalAssets() >= pool.open_claims()  # the claims stay backed
