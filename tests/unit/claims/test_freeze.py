"""Claims.freeze: the guardian stops a settlement during the payout cooldown."""

import boa

from tests.utils.claims import to_cooldown, to_redeem, vote_all
from tests.utils.constants import FROZEN
from tests.utils.events import events

MISSING_ROLE = "access_control: account is missing role"


def test_freeze__guardian_in_cooldown__freezes_and_emits(claims, claim_id, assessors, guardian):
    vote_all(claims, assessors, [True, True, True], claim_id)
    to_cooldown(claims, claim_id)
    with boa.env.prank(guardian):
        claims.freeze(claim_id)
    (log,) = events(claims, "ClaimFrozen")
    assert claims.claims(claim_id).status == FROZEN
    assert (log.claim_id, log.guardian) == (claim_id, guardian)


def test_freeze__not_guardian__reverts(claims, claim_id, assessors, attacker):
    vote_all(claims, assessors, [True, True, True], claim_id)
    to_cooldown(claims, claim_id)
    with boa.env.prank(attacker), boa.reverts(MISSING_ROLE):
        claims.freeze(claim_id)


def test_freeze__during_voting__reverts(claims, claim_id, guardian):
    with boa.env.prank(guardian), boa.reverts("claims: voting still open"):
        claims.freeze(claim_id)


def test_freeze__after_cooldown__reverts(claims, claim_id, guardian):
    to_redeem(claims, claim_id)
    with boa.env.prank(guardian), boa.reverts("claims: payout cooldown over"):
        claims.freeze(claim_id)


def test_freeze__already_frozen__reverts(claims, claim_id, guardian):
    to_cooldown(claims, claim_id)
    with boa.env.prank(guardian):
        claims.freeze(claim_id)
        with boa.reverts("claims: claim frozen"):
            claims.freeze(claim_id)


def test_freeze__settled_claim__reverts(claims, claim_id, guardian):
    to_redeem(claims, claim_id)
    claims.redeem(claim_id)
    with boa.env.prank(guardian), boa.reverts("claims: claim already settled"):
        claims.freeze(claim_id)


def test_freeze__unknown_claim__reverts(claims, guardian):
    with boa.env.prank(guardian), boa.reverts("claims: unknown claim"):
        claims.freeze(3)
