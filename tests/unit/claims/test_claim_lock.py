"""Finding 4: the capital lock of a claim (SPEC 3.3, "Capital lock of a claim").

A claim on a cover still counted in active cover locks only what the cover's own lock
does not already hold; a claim on an expired cover locks its whole amount. Before, a
claim added its amount on top of the cover's, so a cover on 51% of free capital plus a
claim nobody votes on froze every withdrawal and every sale.
"""

import boa
import pytest

from tests.utils.chain import now
from tests.utils.claims import to_redeem
from tests.utils.constants import DAY, EVIDENCE, EXPLOIT, USDC
from tests.utils.deploy import fund
from tests.utils.events import event

BIG = 1_020_000 * USDC  # 51% of the 2,000,000 USDC pool


@pytest.fixture(scope="session")
def other_underwriter() -> str:
    return boa.env.generate_address("other_underwriter")


@pytest.fixture
def big_claim(protocol, product, funded_pool, other_underwriter, attacker):
    """A second underwriter (1,000,000 USDC, withdrawal requested); the attacker's cover
    on 51% of the pool and a claim of its whole amount that nobody votes on."""
    pool, asset = protocol.pool, protocol.asset
    fund(asset, other_underwriter, pool.address, 1_000_000 * USDC)
    with boa.env.prank(other_underwriter):
        pool.deposit(1_000_000 * USDC, other_underwriter)
        pool.request_withdrawal(pool.balanceOf(other_underwriter))
    boa.env.time_travel(seconds=5 * DAY)  # the request matures two days later
    fund(asset, attacker, protocol.cover.address, 100_000 * USDC)
    fund(asset, attacker, protocol.claims.address, 100_000 * USDC)
    with boa.env.prank(attacker):
        cover_id = protocol.cover.buy_cover(product, BIG, 7 * DAY, 2**255, attacker)
    boa.env.time_travel(seconds=DAY + 3_600)
    active = pool.active_cover()
    with boa.env.prank(attacker):
        claim_id = protocol.claims.submit_claim(cover_id, BIG, now() - 1, EXPLOIT, EVIDENCE)
    return cover_id, claim_id, active


def test_submit_claim__on_active_cover__cover_not_locked_twice(protocol, big_claim):
    pool = protocol.pool
    _, _, active = big_claim
    assert pool.open_claims() == BIG  # exit pricing still sees the claim
    assert pool.claims_locked() == 0  # the cover's own lock already holds it (1x leverage)
    assert pool.locked_capital() == active == BIG


def test_submit_claim__on_active_cover__others_withdraw_and_cover_still_sells(
    protocol, big_claim, other_underwriter, buy
):
    pool = protocol.pool
    boa.env.time_travel(seconds=DAY)  # the request matured; the claim is still under vote
    assert protocol.claims.claims(big_claim[1]).status == 0
    # its free share: half of what is left once the open claim is paid
    free_share = (pool.totalAssets() - BIG) // 2
    assert pool.maxWithdraw(other_underwriter) >= free_share - 1 * USDC
    with boa.env.prank(other_underwriter):
        pool.withdraw(free_share - 1 * USDC, other_underwriter, other_underwriter)
    assert pool.totalAssets() >= pool.locked_capital()
    assert buy(amount=10_000 * USDC, period=7 * DAY) > 0


def test_submit_claim__on_expired_cover__locks_its_whole_amount(
    protocol, buy, submit, assessors, policyholder
):
    pool = protocol.pool
    cover_id = buy(amount=10_000 * USDC, period=7 * DAY)
    fund(protocol.asset, policyholder, protocol.claims.address, 1_000 * USDC)
    end = protocol.cover.covers(cover_id).end
    boa.env.time_travel(seconds=-(-end // DAY) * DAY - now())  # its expiry day boundary
    assert pool.active_cover() == 0
    claim_id = submit(cover_id, 4_000 * USDC, incident=end - 10)
    log = event(protocol.claims, "OpenClaimsChanged", emitter=pool)
    assert (log.open_claims, log.claims_locked) == (4_000 * USDC, 4_000 * USDC)
    assert pool.claims_locked() == pool.locked_capital() == 4_000 * USDC
    to_redeem(protocol.claims, claim_id)
    protocol.claims.redeem(claim_id)  # nobody voted: rejected, the lock is given back
    assert (pool.open_claims(), pool.claims_locked(), pool.locked_capital()) == (0, 0, 0)


def test_submit_claim__leveraged_pool__locks_what_the_cover_lock_does_not_hold(
    protocol, buy, submit, assessors, policyholder
):
    pool = protocol.pool
    with boa.env.prank(protocol.admin):
        pool.set_max_leverage_bps(20_000, b"\x03" * 32)
    cover_id = buy(amount=10_000 * USDC, period=30 * DAY)
    fund(protocol.asset, policyholder, protocol.claims.address, 1_000 * USDC)
    boa.env.time_travel(seconds=DAY + 3_600)
    claim_id = submit(cover_id, 8_000 * USDC)
    # the cover's lock holds 10,000 / 2 = 5,000: the claim adds the other 3,000
    assert pool.claims_locked() == 3_000 * USDC
    assert pool.locked_capital() == 5_000 * USDC + 3_000 * USDC
    with boa.env.prank(protocol.admin):
        pool.set_max_leverage_bps(40_000, b"\x03" * 32)
    to_redeem(protocol.claims, claim_id)
    protocol.claims.redeem(claim_id)  # release gives back exactly what the lock took
    assert pool.claims_locked() == 0 and pool.open_claims() == 0
