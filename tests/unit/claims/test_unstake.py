"""Claims.unstake: SNET out, never while locked by a vote; the newest stake leaves first."""

import boa

from tests.utils.chain import now
from tests.utils.claims import stake
from tests.utils.constants import SNET
from tests.utils.events import events


def test_unstake__unlocked__returns_tokens_and_emits(protocol, claims, token, assessor):
    stake(protocol, assessor, 1_000 * SNET)
    with boa.env.prank(assessor):
        claims.unstake(400 * SNET)
    (log,) = events(claims, "Unstaked")
    assert token.balanceOf(assessor) == 400 * SNET
    assert claims.stakes(assessor).amount == 600 * SNET == claims.total_staked()
    assert (log.staker, log.amount, log.total) == (assessor, 400 * SNET, 600 * SNET)


def test_unstake__zero__reverts(protocol, claims, assessor):
    stake(protocol, assessor, 1_000 * SNET)
    with boa.env.prank(assessor), boa.reverts("claims: zero amount"):
        claims.unstake(0)


def test_unstake__more_than_staked__reverts(protocol, claims, assessor):
    stake(protocol, assessor, 1_000 * SNET)
    with boa.env.prank(assessor), boa.reverts("claims: unstake exceeds stake"):
        claims.unstake(1_000 * SNET + 1)


def test_unstake__everything__empties_stake(protocol, claims, assessor):
    stake(protocol, assessor, 1_000 * SNET)
    with boa.env.prank(assessor):
        claims.unstake(1_000 * SNET)
    assert claims.stakes(assessor).amount == 0


def test_unstake__after_voting_before_lock_end__reverts(claims, claim_id, assessor):
    with boa.env.prank(assessor):
        claims.vote(claim_id, True)
    locked_until = claims.stakes(assessor).locked_until
    boa.env.time_travel(seconds=locked_until - now() - 1)
    with boa.env.prank(assessor), boa.reverts("claims: stake locked after voting"):
        claims.unstake(1 * SNET)


def test_unstake__at_lock_end__succeeds(claims, claim_id, assessor):
    with boa.env.prank(assessor):
        claims.vote(claim_id, True)
    c = claims.claims(claim_id)
    # stake_lock after the end of the assessment (bounded by the longest it could last)
    assert claims.stakes(assessor).locked_until >= c.voting_end + claims.stake_lock()
    boa.env.time_travel(seconds=claims.stakes(assessor).locked_until - now())
    with boa.env.prank(assessor):
        claims.unstake(6_000 * SNET)
    assert claims.stakes(assessor).amount == 0


def test_unstake__partial__takes_fresh_stake_first(protocol, claims, assessor):
    stake(protocol, assessor, 1_000 * SNET)
    boa.env.time_travel(seconds=claims.max_window())
    stake(protocol, assessor, 300 * SNET)
    with boa.env.prank(assessor):
        claims.unstake(500 * SNET)
    s = claims.stakes(assessor)
    assert (s.base, s.fresh) == (800 * SNET, 0)
