"""payout: one cover, one incident, paid once to whoever holds the cover then."""

import boa

from tests.utils.chain import push
from tests.utils.constants import (
    COVER_AMOUNT,
    DAY,
    DEPEG,
    MIN_DURATION,
    PEG,
    THRESHOLD,
    USDC,
    WAITING,
)
from tests.utils.events import event

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
    boa.env.time_travel(seconds=WAITING)
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


# ------------------------------------------------------------- finding 5: front-running


def _listed_with_sdk_defaults(protocol, auditor, feed) -> int:
    """A PARAMETRIC product listed the way the SDK lists it, with its default waiting."""
    from safetynet import sdk

    pid = sdk.add_product(protocol, "USDT depeg", "parametric", 200, 50_000_000 * USDC)
    sdk.attest(protocol, pid, "review", 365 * DAY, sender=auditor)
    with boa.env.prank(protocol.admin):
        protocol.parametric.set_trigger(pid, feed.address, THRESHOLD, MIN_DURATION, 10_000)
    return pid


def test_payout__cover_bought_in_the_crossing_block_before_the_update__not_paid(
    protocol, auditor, feed, depeg_product, funded_pool, attacker, keeper
):
    """Audit finding 5: the attacker sees the depeg on markets and buys cover in the block
    of the feed's crossing round, ordered before the update. With no waiting period the
    cover started at the crossing and was paid 1,000,000 for a 383 premium."""
    from tests.utils.deploy import fund

    pid = _listed_with_sdk_defaults(protocol, auditor, feed)
    fund(protocol.asset, attacker, protocol.cover.address, 1_000 * USDC)
    with boa.env.prank(attacker):
        cover_id = protocol.cover.buy_cover(pid, 1_000_000 * USDC, 7 * DAY, 2**255, attacker)
    crossing = push(feed, DEPEG)  # same block, after the purchase
    last = push(feed, DEPEG, after=MIN_DURATION)
    with boa.env.prank(keeper):
        incident_id = protocol.parametric.report_incident(pid, [crossing, last])

    assert protocol.cover.covers(cover_id).start > protocol.parametric.incidents(incident_id).time
    assert list(protocol.parametric.payable_covers(incident_id, [cover_id])) == []
    with boa.env.prank(keeper), boa.reverts("parametric: cover not active at the incident"):
        protocol.parametric.payout(cover_id, incident_id)
    assert protocol.asset.balanceOf(attacker) < 1_000 * USDC


def test_payout__cover_starting_at_the_incident_time__not_paid(
    protocol, auditor, feed, depeg_product, funded_pool, policyholder, keeper
):
    """A cover is paid only if it started strictly before the incident's first round."""
    from tests.utils.deploy import add_product, fund

    pid = add_product(protocol, auditor, name="FRAX depeg", kind=1, rate_bps=200, waiting=3_600)
    with boa.env.prank(protocol.admin):
        protocol.parametric.set_trigger(pid, feed.address, THRESHOLD, MIN_DURATION, 10_000)
    fund(protocol.asset, policyholder, protocol.cover.address, 1_000 * USDC)
    with boa.env.prank(policyholder):
        before = protocol.cover.buy_cover(pid, COVER_AMOUNT, 7 * DAY, 2**255, policyholder)
        boa.env.time_travel(seconds=1)
        at_crossing = protocol.cover.buy_cover(pid, COVER_AMOUNT, 7 * DAY, 2**255, policyholder)
    boa.env.time_travel(seconds=3_600)
    crossing = push(feed, DEPEG)  # stamped exactly at the second cover's start
    last = push(feed, DEPEG, after=MIN_DURATION)
    with boa.env.prank(keeper):
        incident_id = protocol.parametric.report_incident(pid, [crossing, last])
    incident_time = protocol.parametric.incidents(incident_id).time
    assert protocol.cover.covers(at_crossing).start == incident_time

    payable = protocol.parametric.payable_covers(incident_id, [at_crossing, before])
    assert list(payable) == [before]
    with boa.env.prank(keeper), boa.reverts("parametric: cover not active at the incident"):
        protocol.parametric.payout(at_crossing, incident_id)
    with boa.env.prank(keeper):
        assert protocol.parametric.payout_many([at_crossing, before], incident_id) == COVER_AMOUNT
    assert protocol.cover.covers(at_crossing).paid == 0
