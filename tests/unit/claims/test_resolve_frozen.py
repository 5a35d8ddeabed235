"""Claims.resolve_frozen: governance settles a frozen claim either way."""

import boa

from tests.utils.claims import fund_reserve, to_cooldown, vote_all
from tests.utils.constants import PAID, REJECTED, USDC
from tests.utils.events import events

MISSING_ROLE = "access_control: account is missing role"


def _frozen(claims, claim_id, assessors, guardian, votes):
    vote_all(claims, assessors, votes, claim_id)
    to_cooldown(claims, claim_id)
    with boa.env.prank(guardian):
        claims.freeze(claim_id)


def test_resolve_frozen__accept__pays_owner_refunds_deposit_no_reward(
    protocol, claims, claim_id, assessors, guardian, policyholder
):
    _frozen(claims, claim_id, assessors, guardian, [False, False, False])  # voted down...
    fund_reserve(protocol, 1_000 * USDC)
    before, reserve = protocol.asset.balanceOf(policyholder), claims.reward_reserve()
    with boa.env.prank(protocol.admin):
        claims.resolve_frozen(claim_id, True)  # ...but governance finds it valid
    (log,) = events(claims, "ClaimSettled")
    c = claims.claims(claim_id)
    assert c.status == PAID and c.reward == 0
    assert protocol.asset.balanceOf(policyholder) == before + 5_000 * USDC + 50 * USDC
    assert claims.reward_reserve() == reserve
    assert (log.payout, log.deposit_refunded, log.reward, log.by_governance) == (
        5_000 * USDC, 50 * USDC, 0, True,
    )  # fmt: skip


def test_resolve_frozen__reject__deposit_to_reserve_no_payout(
    protocol, claims, claim_id, assessors, guardian, policyholder, cover_id
):
    _frozen(claims, claim_id, assessors, guardian, [True, True, True])  # a fraud voted through
    before, reserve = protocol.asset.balanceOf(policyholder), claims.reward_reserve()
    with boa.env.prank(protocol.admin):
        claims.resolve_frozen(claim_id, False)
    (log,) = events(claims, "ClaimSettled")
    assert claims.claims(claim_id).status == REJECTED
    assert protocol.asset.balanceOf(policyholder) == before
    assert claims.reward_reserve() == reserve + 50 * USDC
    assert protocol.cover.covers(cover_id).paid == 0
    assert (log.payout, log.deposit_to_reserve, log.by_governance) == (0, 50 * USDC, True)


def test_resolve_frozen__not_frozen__reverts(protocol, claims, claim_id):
    with boa.env.prank(protocol.admin), boa.reverts("claims: claim not frozen"):
        claims.resolve_frozen(claim_id, True)


def test_resolve_frozen__unknown_claim__reverts(protocol, claims):
    with boa.env.prank(protocol.admin), boa.reverts("claims: unknown claim"):
        claims.resolve_frozen(9, True)


def test_resolve_frozen__guardian__reverts(claims, claim_id, assessors, guardian):
    _frozen(claims, claim_id, assessors, guardian, [True, True, True])
    with boa.env.prank(guardian), boa.reverts(MISSING_ROLE):
        claims.resolve_frozen(claim_id, True)


def test_resolve_frozen__twice__reverts(protocol, claims, claim_id, assessors, guardian):
    _frozen(claims, claim_id, assessors, guardian, [True, True, True])
    with boa.env.prank(protocol.admin):
        claims.resolve_frozen(claim_id, False)
        with boa.reverts("claims: claim not frozen"):
            claims.resolve_frozen(claim_id, True)
