"""Finding 2: no exit ahead of a known loss (SPEC 3.1).

Two equal underwriters; a claim goes under vote; one of them exits during the vote. While
claims are open, withdraw/redeem price shares net of open claims, so the leaver bears the
same share of the claim as the one who stays; if the claim is rejected, the stayer keeps
the difference.
"""

import boa
import pytest

from tests.utils.claims import to_redeem, vote_all
from tests.utils.constants import DAY, EVIDENCE, EXPLOIT, USDC
from tests.utils.deploy import fund

CLAIM = 400_000 * USDC


@pytest.fixture(scope="session")
def leaver() -> str:
    return boa.env.generate_address("leaving_underwriter")


@pytest.fixture
def vote_underway(protocol, product, funded_pool, underwriter, leaver, policyholder, assessors):
    """The leaver deposited as much as the underwriter and asked to withdraw all of it;
    a 400,000 USDC claim was filed a day before the request matures."""
    pool, asset = protocol.pool, protocol.asset
    fund(asset, leaver, pool.address, 1_000_000 * USDC)
    with boa.env.prank(leaver):
        pool.deposit(1_000_000 * USDC, leaver)
        pool.request_withdrawal(pool.balanceOf(leaver))
    fund(asset, policyholder, protocol.cover.address, 1_000_000 * USDC)
    fund(asset, policyholder, protocol.claims.address, 1_000_000 * USDC)
    with boa.env.prank(policyholder):
        cover_id = protocol.cover.buy_cover(product, CLAIM, 30 * DAY, 2**255, policyholder)
    boa.env.time_travel(seconds=6 * DAY)
    with boa.env.prank(policyholder):
        claim_id = protocol.claims.submit_claim(
            cover_id, CLAIM, boa.env.evm.patch.timestamp - 1, EXPLOIT, EVIDENCE
        )
    at_filing = {who: pool.convertToAssets(pool.balanceOf(who)) for who in (underwriter, leaver)}
    share = {
        who: CLAIM * pool.balanceOf(who) // pool.totalSupply() for who in (underwriter, leaver)
    }
    boa.env.time_travel(seconds=DAY + 60)  # the leaver's request has matured; voting goes on
    return claim_id, at_filing, share


def _exit(pool, leaver) -> int:
    shares = pool.maxRedeem(leaver)
    assert shares == pool.balanceOf(leaver)  # nothing stops the whole exit
    with boa.env.prank(leaver):
        return pool.redeem(shares, leaver, leaver)


def test_redeem__exit_during_vote_then_claim_paid__stayer_loses_only_its_share(
    protocol, vote_underway, underwriter, leaver, assessors
):
    pool, claims = protocol.pool, protocol.claims
    claim_id, at_filing, share = vote_underway
    assert (
        pool.previewRedeem(pool.balanceOf(leaver))
        <= at_filing[leaver] - share[leaver] + 2_000 * USDC
    )
    got = _exit(pool, leaver)
    vote_all(claims, assessors, [True, True, True], claim_id)
    to_redeem(claims, claim_id)
    claims.redeem(claim_id)
    stayer_loss = at_filing[underwriter] - pool.convertToAssets(pool.balanceOf(underwriter))
    # premium earned meanwhile only makes the loss smaller; 1 USDC for rounding
    assert stayer_loss <= share[underwriter] + 1 * USDC
    assert got <= at_filing[leaver] - share[leaver] + 2_000 * USDC  # leaver bore its share


def test_redeem__exit_during_vote_then_claim_rejected__stayer_keeps_the_difference(
    protocol, vote_underway, underwriter, leaver, assessors
):
    pool, claims = protocol.pool, protocol.claims
    claim_id, at_filing, share = vote_underway
    got = _exit(pool, leaver)
    vote_all(claims, assessors, [False, False, False], claim_id)
    to_redeem(claims, claim_id)
    claims.redeem(claim_id)
    stayer_now = pool.convertToAssets(pool.balanceOf(underwriter))
    assert got < at_filing[leaver] - share[leaver] + 2_000 * USDC
    assert stayer_now >= at_filing[underwriter] + share[leaver] - 1 * USDC


def test_deposit__during_vote__priced_at_the_full_figure(protocol, vote_underway, attacker):
    pool = protocol.pool
    fund(protocol.asset, attacker, pool.address, 100_000 * USDC)
    full = pool.convertToShares(100_000 * USDC)
    assert pool.previewDeposit(100_000 * USDC) == full
    with boa.env.prank(attacker):
        assert pool.deposit(100_000 * USDC, attacker) == full
