"""A renewed cover (Cover.renew_cover) is claimable like any other: protection never lapses."""

import boa

from tests.utils.chain import now
from tests.utils.claims import fund_reserve, to_redeem, vote_all
from tests.utils.constants import DAY, PAID, USDC


def test_claim__incident_in_the_renewed_period__is_paid(
    protocol, claims, cover_id, assessors, policyholder, submit
):
    cover, asset = protocol.cover, protocol.asset
    old_end = cover.covers(cover_id).end
    with boa.env.prank(policyholder):
        renewed = cover.renew_cover(cover_id, 30 * DAY, 2**255)
    # an incident one hour after the old cover ended: only the renewal covers it
    boa.env.time_travel(seconds=old_end + 3_600 - now() + 60)
    with boa.reverts("claims: incident outside the cover window"):
        submit(cover_id, incident=old_end + 3_600)
    claim_id = submit(renewed, incident=old_end + 3_600)
    vote_all(claims, assessors, [True, True, True], claim_id)
    to_redeem(claims, claim_id)
    fund_reserve(protocol, 1_000 * USDC)
    before = asset.balanceOf(policyholder)
    claims.redeem(claim_id)
    assert claims.claims(claim_id).status == PAID
    assert asset.balanceOf(policyholder) >= before + 5_000 * USDC
    assert cover.covers(renewed).paid == 5_000 * USDC
    assert cover.covers(cover_id).paid == 0
