"""Claims.vote: who may vote with what weight, once; silent ending; quorum; the lock."""

import boa
import pytest

from tests.utils.chain import now
from tests.utils.claims import stake, to_cooldown, to_redeem, vote_all
from tests.utils.constants import ACCEPTED, FROZEN, REJECTED, SNET
from tests.utils.contracts import harness_deployer
from tests.utils.events import events


def test_vote__eligible_assessor__counts_stake_locks_it_and_emits(claims, claim_id, assessor):
    with boa.env.prank(assessor):
        claims.vote(claim_id, True)
    (log,) = events(claims, "VoteCast")
    c = claims.claims(claim_id)
    assert (c.accept_weight, c.reject_weight, c.quorum_reached) == (6_000 * SNET, 0, False)
    assert claims.votes(claim_id, assessor) == (6_000 * SNET, True, False)
    assert (log.claim_id, log.voter, log.accept) == (claim_id, assessor, True)
    assert log.weight == 6_000 * SNET
    assert (log.accept_weight, log.reject_weight, log.voting_end) == (6_000 * SNET, 0, c.voting_end)
    # locked until the latest end this assessment can reach, plus the stake lock
    bound = c.voting_end + 2 * claims.silent_ending() + claims.stake_lock()
    assert claims.stakes(assessor).locked_until == bound


def test_vote__reject__counts_against(claims, claim_id, second_assessor):
    with boa.env.prank(second_assessor):
        claims.vote(claim_id, False)
    c = claims.claims(claim_id)
    assert (c.accept_weight, c.reject_weight) == (0, 5_000 * SNET)


def test_vote__second_vote_same_assessor__reverts(claims, claim_id, assessor):
    with boa.env.prank(assessor):
        claims.vote(claim_id, True)
        with boa.reverts("claims: already voted"):
            claims.vote(claim_id, False)


def test_vote__unknown_claim__reverts(claims, assessors, assessor):
    with boa.env.prank(assessor), boa.reverts("claims: unknown claim"):
        claims.vote(7, True)


def test_vote__no_stake__reverts(claims, claim_id, attacker):
    with boa.env.prank(attacker), boa.reverts("claims: no stake from before the claim"):
        claims.vote(claim_id, True)


def test_vote__stake_added_after_submission__reverts(protocol, claims, claim_id, attacker):
    stake(protocol, attacker, 50_000 * SNET)
    boa.env.time_travel(seconds=60)
    assert claims.vote_weight(claim_id, attacker) == 0
    with boa.env.prank(attacker), boa.reverts("claims: no stake from before the claim"):
        claims.vote(claim_id, True)


def test_vote__stake_in_the_claims_own_block__reverts(protocol, claims, cover_id, submit, attacker):
    stake(protocol, attacker, 50_000 * SNET)
    claim_id = submit(cover_id)  # same block time as the stake
    boa.env.time_travel(seconds=60)
    with boa.env.prank(attacker), boa.reverts("claims: no stake from before the claim"):
        claims.vote(claim_id, True)


def test_vote__flash_loaned_stake_in_one_transaction__reverts(protocol, claims, claim_id):
    voter = harness_deployer("FlashVoter").deploy()
    with boa.env.prank(protocol.admin):
        protocol.token.transfer(voter.address, 1_000_000 * SNET)  # the "loan"
    with boa.reverts("claims: no stake from before the claim"):
        voter.stake_and_vote(protocol.token.address, claims.address, 1_000_000 * SNET, claim_id)
    assert claims.claims(claim_id).accept_weight == 0


def test_vote__top_up_after_submission__only_older_stake_counts(
    protocol, claims, claim_id, assessor
):
    # the top-up lands within max_window of the first stake (an hour ago): the whole
    # fresh stake then waits for later claims (understated, never overstated)
    stake(protocol, assessor, 1_000 * SNET)
    assert claims.vote_weight(claim_id, assessor) == 0
    with boa.env.prank(assessor), boa.reverts("claims: no stake from before the claim"):
        claims.vote(claim_id, True)


def test_vote__top_up_of_an_aged_stake__aged_stake_still_counts(
    protocol, claims, cover_id, submit, assessor
):
    stake(protocol, assessor, 6_000 * SNET)
    boa.env.time_travel(seconds=claims.max_window() + 1)
    claim_id = submit(cover_id)
    boa.env.time_travel(seconds=60)
    stake(protocol, assessor, 1_000 * SNET)  # top-up while the claim is open
    s = claims.stakes(assessor)
    assert (s.base, s.fresh) == (6_000 * SNET, 1_000 * SNET)
    with boa.env.prank(assessor):
        claims.vote(claim_id, True)
    assert claims.claims(claim_id).accept_weight == 6_000 * SNET


def test_vote__after_voting_end__reverts(claims, claim_id, assessor):
    boa.env.time_travel(seconds=claims.claims(claim_id).voting_end - now())
    with boa.env.prank(assessor), boa.reverts("claims: voting closed"):
        claims.vote(claim_id, True)


def test_vote_weight__after_voting_end__zero_although_the_stake_is_old(claims, claim_id, assessor):
    assert claims.vote_weight(claim_id, assessor) == 6_000 * SNET
    boa.env.time_travel(seconds=claims.claims(claim_id).voting_end - now())
    assert claims.vote_weight(claim_id, assessor) == 0


def test_vote_weight__settled_claim__zero(claims, claim_id, assessor):
    to_redeem(claims, claim_id)
    claims.redeem(claim_id)
    assert claims.vote_weight(claim_id, assessor) == 0


def test_vote__last_second__counts(claims, claim_id, assessor):
    boa.env.time_travel(seconds=claims.claims(claim_id).voting_end - now() - 1)
    with boa.env.prank(assessor):
        claims.vote(claim_id, True)
    assert claims.claims(claim_id).accept_weight == 6_000 * SNET


def test_vote__frozen_claim__reverts(claims, claim_id, assessors, guardian, third_assessor):
    vote_all(claims, assessors[:2], [True, True], claim_id)
    to_cooldown(claims, claim_id)
    with boa.env.prank(guardian):
        claims.freeze(claim_id)
    assert claims.claims(claim_id).status == FROZEN
    with boa.env.prank(third_assessor), boa.reverts("claims: claim frozen"):
        claims.vote(claim_id, True)


def test_vote__settled_claim__reverts(claims, claim_id, assessor):
    to_redeem(claims, claim_id)
    claims.redeem(claim_id)
    with boa.env.prank(assessor), boa.reverts("claims: claim already settled"):
        claims.vote(claim_id, True)


def test_vote__quorum__reached_only_at_quorum_weight(claims, claim_id, assessors):
    vote_all(claims, assessors[:1], [True], claim_id)
    assert not claims.claims(claim_id).quorum_reached  # 6,000 < 10,000
    vote_all(claims, assessors[1:2], [False], claim_id)
    assert claims.claims(claim_id).quorum_reached  # 11,000


def test_vote__no_quorum_at_end__shows_rejected(claims, claim_id, assessor):
    vote_all(claims, [assessor], [True], claim_id)
    to_cooldown(claims, claim_id)
    c = claims.claims(claim_id)
    assert (c.status, c.quorum_reached) == (REJECTED, False)


def test_vote__majority_with_quorum_at_end__shows_accepted(claims, claim_id, assessors):
    vote_all(claims, assessors, [True, True, False], claim_id)
    to_cooldown(claims, claim_id)
    assert claims.claims(claim_id).status == ACCEPTED


def test_vote__late_vote_without_flip__does_not_extend(claims, claim_id, assessors):
    vote_all(claims, assessors[:2], [True, True], claim_id)  # accepted, quorum
    end = claims.claims(claim_id).voting_end
    boa.env.time_travel(seconds=end - now() - 3_600)  # inside the silent ending
    # third (4,000 reject) does not flip: 11,000 vs 4,000
    vote_all(claims, assessors[2:], [False], claim_id)
    assert claims.claims(claim_id).voting_end == end and not events(claims, "VotingExtended")


def test_vote__late_flipping_vote__extends_voting(claims, claim_id, assessors):
    vote_all(claims, assessors[:1], [True], claim_id)  # 6,000: no quorum, outcome rejected
    end = claims.claims(claim_id).voting_end
    boa.env.time_travel(seconds=end - now() - 3_600)
    with boa.env.prank(assessors[1]):
        claims.vote(claim_id, True)  # 11,000 accept: quorum, outcome flips to accepted
    (ext,) = events(claims, "VotingExtended")
    c = claims.claims(claim_id)
    assert c.voting_end == end + claims.silent_ending() == ext.voting_end
    assert c.extensions == 1 == ext.extensions


def test_vote__early_flip__does_not_extend(claims, claim_id, assessors):
    vote_all(claims, assessors[:2], [True, True], claim_id)  # flips to accepted on day 0
    assert claims.claims(claim_id).extensions == 0


def test_vote__repeated_late_flips__extension_bounded(protocol, claims, cover_id, submit):
    voters = [boa.env.generate_address(f"flipper{i}") for i in range(5)]
    weights = [10_000, 11_000, 12_000, 14_000, 16_000]  # each flips the outcome
    for voter, w in zip(voters, weights, strict=True):
        stake(protocol, voter, w * SNET)
    boa.env.time_travel(seconds=60)
    claim_id = submit(cover_id)
    boa.env.time_travel(seconds=60)
    start_end = claims.claims(claim_id).voting_end
    for i, voter in enumerate(voters):
        c = claims.claims(claim_id)
        boa.env.time_travel(seconds=c.voting_end - now() - 60)  # always in the silent ending
        with boa.env.prank(voter):
            claims.vote(claim_id, i % 2 == 0)
    c = claims.claims(claim_id)
    assert c.extensions == claims.MAX_EXTENSIONS() == 2
    assert c.voting_end == start_end + 2 * claims.silent_ending()
    # the voters' lock covers the latest possible end, whatever happened after their vote
    assert claims.stakes(voters[0]).locked_until == c.voting_end + claims.stake_lock()


@pytest.mark.parametrize("accept", [True, False])
def test_vote__weight_is_whole_eligible_stake(claims, claim_id, third_assessor, accept):
    assert claims.vote_weight(claim_id, third_assessor) == 4_000 * SNET
    with boa.env.prank(third_assessor):
        claims.vote(claim_id, accept)
    assert claims.votes(claim_id, third_assessor)[0] == 4_000 * SNET
