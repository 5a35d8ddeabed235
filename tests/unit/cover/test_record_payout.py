"""Cover.record_payout (Claims, Parametric) and record_parametric_payouts (Parametric)."""

import boa

from tests.utils.chain import now
from tests.utils.constants import DAY, USDC
from tests.utils.events import event


def test_record_payout__by_claims__adds_to_paid_and_returns_owner(cover, payer, keeper, buy):
    cid = buy(amount=10_000 * USDC)
    with boa.env.prank(payer):
        owner = cover.record_payout(cid, 4_000 * USDC)
        log = event(cover, "CoverPaid")
    assert owner == cover.ownerOf(cid)
    assert (log.cover_id, log.owner, log.amount, log.total_paid) == (
        cid,
        owner,
        4_000 * USDC,
        4_000 * USDC,
    )
    assert cover.covers(cid).paid == 4_000 * USDC


def test_record_payout__after_transfer__returns_new_owner(cover, payer, policyholder, keeper, buy):
    cid = buy()
    with boa.env.prank(policyholder):
        cover.transferFrom(policyholder, keeper, cid)
    with boa.env.prank(payer):
        assert cover.record_payout(cid, USDC) == keeper


def test_record_payout__beyond_amount__reverts(cover, payer, buy):
    cid = buy(amount=10_000 * USDC)
    with boa.env.prank(payer):
        cover.record_payout(cid, 6_000 * USDC)
    with boa.env.prank(payer), boa.reverts("cover: payout exceeds cover amount"):
        cover.record_payout(cid, 4_000 * USDC + 1)
    with boa.env.prank(payer):
        cover.record_payout(cid, 4_000 * USDC)
    assert cover.covers(cid).paid == 10_000 * USDC


def test_record_payout__unknown_cover__reverts(cover, payer, buy):
    cid = buy()
    with boa.env.prank(payer), boa.reverts("cover: unknown cover"):
        cover.record_payout(cid + 1, 1)


def test_record_payout__by_parametric__is_allowed(cover, protocol, buy):
    cid = buy()
    with boa.env.prank(protocol.parametric.address):
        cover.record_payout(cid, USDC)
    assert cover.covers(cid).paid == USDC


def test_record_payout__anyone_else__reverts(cover, protocol, attacker, guardian, buy):
    cid = buy()
    for caller in (attacker, guardian, protocol.admin, protocol.pool.address):
        with boa.env.prank(caller), boa.reverts("cover: caller cannot record payouts"):
            cover.record_payout(cid, 1)


def test_record_parametric_payouts__by_parametric__pays_eligible_and_skips_others(
    cover, protocol, policyholder, buy
):
    t = now()
    active = buy(amount=10_000 * USDC)
    other_period = buy(amount=10_000 * USDC, period=7 * DAY)
    at = t + 20 * DAY  # the first cover is active, the 7-day one has ended
    with boa.env.prank(protocol.parametric.address):
        cover.record_parametric_payouts([active, other_period, 99], 0, at, 6_000)
        log = event(cover, "CoversPaid")
    assert list(log.amounts) == [6_000 * USDC, 0, 0]
    assert cover.covers(active).paid == 6_000 * USDC
    with boa.env.prank(protocol.parametric.address):
        cover.record_parametric_payouts([active], 0, at, 6_000)
    assert cover.covers(active).paid == 10_000 * USDC  # capped at the amount


def test_record_parametric_payouts__anyone_else__reverts(cover, payer, buy):
    cid = buy()
    with boa.env.prank(payer), boa.reverts("cover: caller is not parametric"):
        cover.record_parametric_payouts([cid], 0, now(), 10_000)
