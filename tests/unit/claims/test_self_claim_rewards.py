"""Finding 1: a claimant who votes on its own claim must not drain the reward reserve.

The attack: stake dust before the claim, buy a short cover, claim its whole amount, vote
alone, let it settle, collect the reward. Filing and voting on one's own claim must never
earn more than it costs (SPEC 3.3).
"""

import boa

from tests.utils.chain import now
from tests.utils.claims import fund_reserve, stake, to_redeem
from tests.utils.constants import DAY, EVIDENCE, EXPLOIT, REJECTED, SNET, USDC
from tests.utils.deploy import fund

RESERVE = 6_250 * USDC
COVER = 312_500 * USDC  # its 2% reward is the whole 6,250 USDC reserve


def _self_voted_claim(protocol, product, attacker, stake_amount: int, accept: bool) -> tuple:
    """The attacker stakes, buys a 7-day cover, claims all of it and votes alone.

    Returns (claim id, the attacker's asset balance before buying).
    """
    claims, asset = protocol.claims, protocol.asset
    fund_reserve(protocol, RESERVE)
    stake(protocol, attacker, stake_amount)
    boa.env.time_travel(seconds=3_600)
    fund(asset, attacker, protocol.cover.address, 10_000 * USDC)
    fund(asset, attacker, claims.address, 10_000 * USDC)
    before = asset.balanceOf(attacker)
    with boa.env.prank(attacker):
        cover_id = protocol.cover.buy_cover(product, COVER, 7 * DAY, 2**255, attacker)
    boa.env.time_travel(seconds=DAY + 3_600)
    with boa.env.prank(attacker):
        claim_id = claims.submit_claim(cover_id, COVER, now() - 1, EXPLOIT, EVIDENCE)
        claims.vote(claim_id, accept)
    to_redeem(claims, claim_id)
    claims.redeem(claim_id)
    return claim_id, before


def _collect(protocol, attacker, claim_id) -> None:
    with boa.env.prank(attacker):
        protocol.claims.claim_rewards([claim_id])


def test_claim_rewards__self_voted_dust_stake_without_quorum__attacker_earns_nothing(
    protocol, product, funded_pool, attacker
):
    claims = protocol.claims
    claim_id, before = _self_voted_claim(protocol, product, attacker, 10**9, accept=True)
    c = claims.claims(claim_id)
    assert (c.status, c.quorum_reached) == (REJECTED, False)
    assert claims.reward_reserve() == RESERVE  # the reserve pays nothing without quorum
    assert c.reward == 0
    _collect(protocol, attacker, claim_id)
    # reward + refunded deposit - deposit - premium <= 0
    assert protocol.asset.balanceOf(attacker) < before
    assert claims.reward_reserve() == RESERVE


def test_claim_rewards__self_voted_reject_with_quorum__attacker_loses_money(
    protocol, product, funded_pool, attacker
):
    claims = protocol.claims
    claim_id, before = _self_voted_claim(protocol, product, attacker, 20_000 * SNET, accept=False)
    c = claims.claims(claim_id)
    assert (c.status, c.quorum_reached) == (REJECTED, True)
    # the voters of a rejection share at most its forfeited deposit
    assert c.reward <= c.deposit
    _collect(protocol, attacker, claim_id)
    assert protocol.asset.balanceOf(attacker) < before
    assert claims.reward_reserve() >= RESERVE  # the reserve never funds a rejection


def test_claim_rewards__honest_rejection_with_quorum__voters_share_the_deposit(
    protocol, claims, claim_id, assessors
):
    fund_reserve(protocol, RESERVE)
    for voter in assessors:
        with boa.env.prank(voter):
            claims.vote(claim_id, False)
    to_redeem(claims, claim_id)
    claims.redeem(claim_id)
    c = claims.claims(claim_id)
    # 2% of 5,000 USDC is 100 USDC, more than the 50 USDC deposit: capped at the deposit
    assert c.reward == c.deposit == 50 * USDC
    assert claims.reward_reserve() == RESERVE
