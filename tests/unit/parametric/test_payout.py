"""payout: one cover, one incident, paid once to whoever holds the cover then."""

import boa

from tests.conftest import DAY, USDC
from tests.helpers import event
from tests.unit.parametric.conftest import COVER_AMOUNT, DEPEG, MIN_DURATION, PEG, THRESHOLD, push

NOTHING_LEFT = "parametric: nothing left to pay on this cover"


def test_payout__cover_active_at_incident__owner_paid_full_amount(
    protocol, buy_parametric, incident, policyholder, keeper
):
    cover_id = buy_parametric()
    incident_id = incident()
    before = protocol.asset.balanceOf(policyholder)
    assets_before = protocol.pool.totalAssets()

    with boa.env.prank(keeper):
        paid = protocol.parametric.payout(cover_id, incident_id)

    log = event(protocol.parametric, "IncidentPaid")
    batch = event(protocol.parametric, "CoversPaid", emitter=protocol.cover)
    pool_paid = event(protocol.parametric, "Paid", emitter=protocol.pool)
    assert (log.incident_id, list(log.cover_ids), log.total) == (incident_id, [cover_id], paid)
    assert list(batch.cover_ids) == [cover_id]
    assert [str(o) for o in batch.owners] == [policyholder]
    assert list(batch.amounts) == [COVER_AMOUNT]
    assert (pool_paid.receiver, pool_paid.amount) == (protocol.parametric.address, COVER_AMOUNT)
    assert paid == COVER_AMOUNT
    assert protocol.asset.balanceOf(policyholder) - before == COVER_AMOUNT
    assert protocol.asset.balanceOf(protocol.parametric.address) == 0
    assert assets_before - protocol.pool.totalAssets() >= COVER_AMOUNT
    assert protocol.cover.covers(cover_id).paid == COVER_AMOUNT
    assert protocol.parametric.is_paid(incident_id, cover_id)


def test_payout__paid_twice__refused(protocol, buy_parametric, incident, keeper):
    cover_id = buy_parametric()
    incident_id = incident()
    with boa.env.prank(keeper):
        protocol.parametric.payout(cover_id, incident_id)
        with boa.reverts("parametric: cover already paid for this incident"):
            protocol.parametric.payout(cover_id, incident_id)


def test_payout__cover_started_after_the_incident__refused_and_nothing_paid(
    protocol, feed, buy_parametric, incident, policyholder, keeper
):
    incident_id = incident()
    push(feed, PEG, after=600)  # recovered: sales reopen
    late_cover = buy_parametric()
    before = protocol.asset.balanceOf(policyholder)
    with boa.env.prank(keeper), boa.reverts("parametric: cover not active at the incident"):
        protocol.parametric.payout(late_cover, incident_id)
    assert protocol.asset.balanceOf(policyholder) == before
    assert not protocol.parametric.is_paid(incident_id, late_cover)


def test_payout__cover_ended_before_the_incident__refused(
    protocol, buy_parametric, incident, keeper
):
    cover_id = buy_parametric(period=7 * DAY)
    boa.env.time_travel(seconds=8 * DAY)
    incident_id = incident()
    with boa.env.prank(keeper), boa.reverts("parametric: cover not active at the incident"):
        protocol.parametric.payout(cover_id, incident_id)


def test_payout__cover_of_another_product__refused(
    protocol, buy_parametric, incident, other_product, keeper
):
    foreign = buy_parametric(pid=other_product)
    incident_id = incident()
    with boa.env.prank(keeper), boa.reverts("parametric: cover is for another product"):
        protocol.parametric.payout(foreign, incident_id)


def test_payout__unknown_cover__refused(protocol, buy_parametric, incident, keeper):
    buy_parametric()
    incident_id = incident()
    with boa.env.prank(keeper), boa.reverts("parametric: unknown cover"):
        protocol.parametric.payout(10**9, incident_id)


def test_payout__unknown_incident__refused(protocol, buy_parametric, keeper):
    cover_id = buy_parametric()
    with boa.env.prank(keeper), boa.reverts("parametric: unknown incident"):
        protocol.parametric.payout(cover_id, 0)
    with boa.env.prank(keeper), boa.reverts("parametric: unknown incident"):
        protocol.parametric.payout(cover_id, protocol.parametric.incident_count() + 1)


def test_payout__cover_transferred__new_owner_paid(
    protocol, buy_parametric, incident, policyholder, attacker, keeper
):
    buyer_is_not_paid = policyholder
    holder = boa.env.generate_address("cover_buyer_on_secondary_market")
    cover_id = buy_parametric()
    with boa.env.prank(policyholder):
        protocol.cover.transferFrom(policyholder, holder, cover_id)
    incident_id = incident()
    before = protocol.asset.balanceOf(buyer_is_not_paid)

    with boa.env.prank(attacker):  # anyone may push the payout; it goes to the holder
        protocol.parametric.payout(cover_id, incident_id)

    owners = [str(o) for o in event(protocol.parametric, "CoversPaid", protocol.cover).owners]
    assert owners == [holder]
    assert protocol.asset.balanceOf(holder) == COVER_AMOUNT
    assert protocol.asset.balanceOf(buyer_is_not_paid) == before
    assert protocol.asset.balanceOf(attacker) == 0


def test_payout__partial_payout_bps__pays_share_and_caps_at_cover_amount(
    protocol, feed, depeg_product, buy_parametric, policyholder, keeper, admin
):
    with boa.env.prank(admin):
        protocol.parametric.set_trigger(depeg_product, feed.address, THRESHOLD, MIN_DURATION, 7_000)
    cover_id = buy_parametric()
    paid = []
    for _ in range(3):
        first = push(feed, DEPEG, after=600)
        last = push(feed, DEPEG, after=MIN_DURATION)
        with boa.env.prank(keeper):
            incident_id = protocol.parametric.report_incident(depeg_product, [first, last])
        if len(paid) < 2:
            with boa.env.prank(keeper):
                paid.append(protocol.parametric.payout(cover_id, incident_id))
        else:
            with boa.env.prank(keeper), boa.reverts(NOTHING_LEFT):
                protocol.parametric.payout(cover_id, incident_id)
        push(feed, PEG, after=60)

    assert paid == [7_000 * USDC, 3_000 * USDC]
    assert protocol.cover.covers(cover_id).paid == COVER_AMOUNT


def test_payout__refusal__changes_nothing(protocol, buy_parametric, incident, keeper):
    cover_id = buy_parametric()
    incident_id = incident()
    with boa.env.prank(keeper):
        protocol.parametric.payout(cover_id, incident_id)
    assets = protocol.pool.totalAssets()
    paid = protocol.cover.covers(cover_id).paid
    with boa.env.prank(keeper), boa.reverts("parametric: cover already paid for this incident"):
        protocol.parametric.payout(cover_id, incident_id)
    assert protocol.pool.totalAssets() == assets
    assert protocol.cover.covers(cover_id).paid == paid
