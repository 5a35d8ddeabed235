"""Claims.redeem when the asset refuses the receiver (SPEC 3.2, 3.3: settlement never gets
stuck): the claim settles, its lock is released, and what could not be delivered is held by
Cover for the cover and collected with `withdraw_payout`."""

import boa
import pytest

from tests.utils.blacklist import blacklist_world
from tests.utils.claims import stake
from tests.utils.constants import COVER_AMOUNT, DAY, EVIDENCE, EXPLOIT, PAID, SNET
from tests.utils.deploy import add_product
from tests.utils.events import event


@pytest.fixture
def world(admin, treasury, auditor, guardian, underwriter, policyholder, assessor):
    """A PROTOCOL cover owned by `policyholder` on a blacklist-capable asset, an assessor
    whose stake alone reaches quorum, and a claim for the whole cover voted through."""
    w = blacklist_world(admin, treasury, auditor, guardian, underwriter, policyholder)
    p = w.protocol
    pid = add_product(p, auditor, name="Aave v3", kind=0)
    stake(p, assessor, 20_000 * SNET)
    boa.env.time_travel(seconds=3_600)
    with boa.env.prank(policyholder):
        cover_id = p.cover.buy_cover(pid, COVER_AMOUNT, 30 * DAY, 2**255, policyholder)
        w.token.approve(p.claims.address, 2**256 - 1)
    boa.env.time_travel(seconds=2 * DAY)
    with boa.env.prank(policyholder):
        claim_id = p.claims.submit_claim(
            cover_id, COVER_AMOUNT, boa.env.evm.patch.timestamp - 60, EXPLOIT, EVIDENCE
        )
    with boa.env.prank(assessor):
        p.claims.vote(claim_id, True)
    claim = p.claims.claims(claim_id)
    boa.env.time_travel(seconds=claim.payout_at - boa.env.evm.patch.timestamp)
    return w, cover_id, claim_id


@pytest.mark.parametrize("refusal", ["blacklist", "false_return"])
def test_redeem__owner_refused_by_asset__claim_settles_payout_and_deposit_held(
    world, policyholder, keeper, refusal
):
    w, cover_id, claim_id = world
    p = w.protocol
    deposit = p.claims.claims(claim_id).deposit
    if refusal == "blacklist":
        w.token.set_blacklisted(policyholder, True)
    else:
        w.token.set_refuse_quietly(policyholder, True)
    with boa.env.prank(keeper):
        p.claims.redeem(claim_id)
    assert p.claims.claims(claim_id).status == PAID
    assert p.pool.open_claims() == 0 and p.pool.claims_locked() == 0
    assert p.cover.payout_held(cover_id) == COVER_AMOUNT + deposit
    assert w.token.balanceOf(p.cover.address) == COVER_AMOUNT + deposit
    assert p.claims.liabilities() == 0

    receiver = boa.env.generate_address("policyholder_new_wallet")
    with boa.env.prank(policyholder):
        p.cover.withdraw_payout(cover_id, receiver)
    assert w.token.balanceOf(receiver) == COVER_AMOUNT + deposit
    assert p.cover.payout_held(cover_id) == 0


def test_redeem__owner_accepted_by_asset__paid_directly_nothing_held(world, policyholder, keeper):
    w, cover_id, claim_id = world
    p = w.protocol
    before = w.token.balanceOf(policyholder)
    deposit = p.claims.claims(claim_id).deposit
    with boa.env.prank(keeper):
        p.claims.redeem(claim_id)
    assert event(p.claims, "ClaimSettled").receiver == policyholder
    assert w.token.balanceOf(policyholder) == before + COVER_AMOUNT + deposit
    assert p.cover.payout_held(cover_id) == 0
