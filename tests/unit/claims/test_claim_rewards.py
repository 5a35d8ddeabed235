"""Claims.claim_rewards: voters' pro-rata share of each settled claim's reward."""

import boa

from tests.utils.claims import fund_reserve, to_cooldown, to_redeem, vote_all
from tests.utils.constants import USDC
from tests.utils.events import events


def _settled(protocol, claims, claim_id, assessors, votes, reserve=1_000 * USDC):
    vote_all(claims, assessors, votes, claim_id)
    to_redeem(claims, claim_id)
    if reserve:
        fund_reserve(protocol, reserve)
    claims.redeem(claim_id)


def test_claim_rewards__voters__paid_pro_rata_and_emit(protocol, claims, claim_id, assessors):
    _settled(protocol, claims, claim_id, assessors, [True, True, False])
    reward = claims.claims(claim_id).reward
    assert reward == 100 * USDC
    paid = []
    for voter, weight in zip(assessors, [6_000, 5_000, 4_000], strict=True):
        before = protocol.asset.balanceOf(voter)
        with boa.env.prank(voter):
            got = claims.claim_rewards([claim_id])
        (log,) = events(claims, "RewardClaimed")
        assert got == reward * weight // 15_000 == log.amount
        assert (log.claim_id, log.assessor) == (claim_id, voter)
        assert protocol.asset.balanceOf(voter) == before + got
        paid.append(got)
    # rewards add up to what left the reserve at settlement (less rounding dust)
    assert reward - len(paid) < sum(paid) <= reward


def test_claim_rewards__reserve_accounting__adds_up(protocol, claims, claim_id, assessors):
    reserve_before = 1_000 * USDC
    _settled(protocol, claims, claim_id, assessors, [True, True, True], reserve_before)
    reward = claims.claims(claim_id).reward
    assert claims.reward_reserve() == reserve_before - reward
    total = 0
    for voter in assessors:
        with boa.env.prank(voter):
            total += claims.claim_rewards([claim_id])
    assert claims.liabilities() == reward - total  # only dust left owed
    balance = protocol.asset.balanceOf(claims.address)
    assert balance == claims.reward_reserve() + claims.liabilities()


def test_claim_rewards__reserve_short__reward_capped(protocol, claims, claim_id, assessors):
    _settled(protocol, claims, claim_id, assessors, [True, True, True], reserve=30 * USDC)
    assert claims.claims(claim_id).reward == 30 * USDC
    assert claims.reward_reserve() == 0


def test_claim_rewards__empty_reserve__pays_nothing(protocol, claims, claim_id, assessors):
    _settled(protocol, claims, claim_id, assessors, [True, True, True], reserve=0)
    with boa.env.prank(assessors[0]):
        assert claims.claim_rewards([claim_id]) == 0
    assert claims.votes(claim_id, assessors[0])[2]  # marked collected


def test_claim_rewards__twice__reverts(protocol, claims, claim_id, assessors):
    _settled(protocol, claims, claim_id, assessors, [True, True, True])
    with boa.env.prank(assessors[0]):
        claims.claim_rewards([claim_id])
        with boa.reverts("claims: reward already claimed"):
            claims.claim_rewards([claim_id])


def test_claim_rewards__did_not_vote__reverts(protocol, claims, claim_id, assessors, attacker):
    _settled(protocol, claims, claim_id, assessors, [True, True, True])
    with boa.env.prank(attacker), boa.reverts("claims: did not vote on claim"):
        claims.claim_rewards([claim_id])


def test_claim_rewards__not_settled__reverts(claims, claim_id, assessors):
    vote_all(claims, assessors, [True, True, True], claim_id)
    with boa.env.prank(assessors[0]), boa.reverts("claims: claim not settled"):
        claims.claim_rewards([claim_id])


def test_claim_rewards__unknown_claim__reverts(claims, assessors):
    with boa.env.prank(assessors[0]), boa.reverts("claims: unknown claim"):
        claims.claim_rewards([42])


def test_claim_rewards__rejected_claim__voters_share_the_forfeited_deposit(
    protocol, claims, claim_id, assessors
):
    # 200 bps of 5,000 USDC is 100 USDC; a rejection pays at most its 50 USDC deposit
    _settled(protocol, claims, claim_id, assessors, [False, False, True])
    with boa.env.prank(assessors[0]):
        assert claims.claim_rewards([claim_id]) == 50 * USDC * 6_000 // 15_000


def test_claim_rewards__frozen_then_resolved__no_reward(
    protocol, claims, claim_id, assessors, guardian
):
    vote_all(claims, assessors, [True, True, True], claim_id)
    to_cooldown(claims, claim_id)
    fund_reserve(protocol, 1_000 * USDC)
    with boa.env.prank(guardian):
        claims.freeze(claim_id)
    with boa.env.prank(protocol.admin):
        claims.resolve_frozen(claim_id, False)
    with boa.env.prank(assessors[0]):
        assert claims.claim_rewards([claim_id]) == 0


def test_claim_rewards__batch__sums_claims(protocol, claims, assessors, buy, submit, policyholder):
    from tests.utils.constants import DAY
    from tests.utils.deploy import fund

    covers = [buy(), buy()]
    fund(protocol.asset, policyholder, claims.address, 1_000 * USDC)
    boa.env.time_travel(seconds=DAY + 3_600)
    ids = [submit(c, 2_000 * USDC) for c in covers]
    boa.env.time_travel(seconds=60)
    for cid in ids:
        vote_all(claims, assessors, [True, True, True], cid)
    to_redeem(claims, ids[0])
    fund_reserve(protocol, 1_000 * USDC)
    for cid in ids:
        claims.redeem(cid)
    expected = sum(claims.pending_reward(cid, assessors[1]) for cid in ids)
    with boa.env.prank(assessors[1]):
        assert claims.claim_rewards(ids) == expected == 2 * (40 * USDC * 5_000 // 15_000)
    assert len(events(claims, "RewardClaimed")) == 2
