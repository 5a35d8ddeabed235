"""The quorum scales with the assessor base (SPEC 3.3): max(min_quorum, quorum_bps x total
stake at submission / 10000), fixed at submission and stored with the claim.

Before, the quorum was a flat 10,000 SNET (0.01% of supply): one holder could accept its
own claim alone.
"""

import boa
import pytest

from tests.utils.claims import stake, to_redeem
from tests.utils.constants import REJECTED, SNET
from tests.utils.events import events


@pytest.fixture(scope="session")
def whale() -> str:
    return boa.env.generate_address("large_assessor")


@pytest.fixture
def big_base(protocol, attacker, whale):
    """The attacker holds 10,000 SNET of a 1,000,000 SNET assessor base."""
    stake(protocol, attacker, 10_000 * SNET)
    stake(protocol, whale, 990_000 * SNET)
    boa.env.time_travel(seconds=3_600)


def test_submit_claim__large_assessor_base__quorum_is_a_tenth_of_the_stake(
    protocol, claims, big_base, cover_id, submit
):
    assert claims.quorum() == 100_000 * SNET
    claim_id = submit(cover_id)
    (log,) = events(claims, "ClaimSubmitted")
    assert log.quorum == claims.claims(claim_id).quorum == 100_000 * SNET


def test_vote__one_holder_of_10k_among_1m__cannot_reach_quorum_alone(
    protocol, claims, big_base, cover_id, submit, attacker
):
    claim_id = submit(cover_id)
    with boa.env.prank(attacker):
        claims.vote(claim_id, True)
    c = claims.claims(claim_id)
    assert c.accept_weight == 10_000 * SNET and not c.quorum_reached
    to_redeem(claims, claim_id)
    claims.redeem(claim_id)
    assert claims.claims(claim_id).status == REJECTED


def test_vote__stake_leaves_after_submission__claim_keeps_its_quorum(
    protocol, claims, big_base, cover_id, submit, attacker, whale
):
    claim_id = submit(cover_id)
    with boa.env.prank(whale):
        claims.unstake(980_000 * SNET)  # the base shrinks to 20,000 SNET
    assert claims.quorum() == 10_000 * SNET  # a claim filed now would need the floor
    with boa.env.prank(attacker):
        claims.vote(claim_id, True)
    c = claims.claims(claim_id)
    assert c.quorum == 100_000 * SNET and not c.quorum_reached


def test_vote__stake_arrives_after_submission__claim_keeps_its_quorum(
    protocol, claims, assessors, cover_id, submit, whale
):
    claim_id = submit(cover_id)  # 15,000 SNET staked: the 10,000 SNET floor applies
    stake(protocol, whale, 990_000 * SNET)
    assert claims.quorum() == 100_500 * SNET
    for voter in assessors[:2]:
        with boa.env.prank(voter):
            claims.vote(claim_id, True)
    c = claims.claims(claim_id)
    assert c.quorum == 10_000 * SNET and c.quorum_reached


def test_set_quorum__admin__updates_and_emits(protocol, claims):
    assert (claims.min_quorum(), claims.quorum_bps()) == (10_000 * SNET, 1_000)
    with boa.env.prank(protocol.admin):
        claims.set_quorum(50_000 * SNET, 2_500)
    (log,) = events(claims, "QuorumSet")
    assert (log.min_quorum, log.quorum_bps) == (50_000 * SNET, 2_500)
    assert (claims.min_quorum(), claims.quorum_bps(), claims.quorum()) == (
        50_000 * SNET,
        2_500,
        50_000 * SNET,
    )


def test_set_quorum__not_admin__reverts(claims, attacker):
    with boa.env.prank(attacker), boa.reverts("access_control: account is missing role"):
        claims.set_quorum(1, 1)


@pytest.mark.parametrize(
    "min_quorum,bps,reason",
    [
        (0, 1_000, "claims: quorum out of bounds"),
        (2**88, 1_000, "claims: quorum out of bounds"),
        (SNET, 10_001, "claims: quorum bps above 100%"),
    ],
)
def test_set_quorum__out_of_bounds__reverts(protocol, claims, min_quorum, bps, reason):
    with boa.env.prank(protocol.admin), boa.reverts(reason):
        claims.set_quorum(min_quorum, bps)


def test_set_params__last_argument__sets_the_floor_and_keeps_the_bps(protocol, claims):
    with boa.env.prank(protocol.admin):
        claims.set_params(14 * 86_400, 3 * 86_400, 86_400, 86_400, 30 * 86_400, 100, 10**6,
                          200, 20_000 * SNET)  # fmt: skip
    assert (claims.min_quorum(), claims.quorum_bps()) == (20_000 * SNET, 1_000)


def test_quorum__odd_total__rounded_up_never_down(protocol, claims, attacker):
    stake(protocol, attacker, 123_456_789_123_456_789_123_457)  # ~123,457 SNET, odd wei
    with boa.env.prank(protocol.admin):
        claims.set_quorum(1, 1_000)
    need = claims.quorum()
    exact = -(-123_456_789_123_456_789_123_457 * 1_000 // 10_000)
    assert exact <= need <= exact + exact // 2**17 + 10**9
