"""payout_many: pays every eligible cover of a batch, skips the rest, never pays twice."""

import boa

from tests.utils.chain import push
from tests.utils.constants import COVER_AMOUNT, DAY, PEG
from tests.utils.deploy import fund
from tests.utils.events import event, events


def _holders(protocol, n):
    holders = [boa.env.generate_address(f"holder{i}") for i in range(n)]
    return holders


def test_payout_many__every_holder__paid_without_sending_anything(
    protocol, depeg_product, incident, policyholder, keeper
):
    holders = _holders(protocol, 5)
    fund(protocol.asset, policyholder, protocol.cover.address, 10**12)
    with boa.env.prank(policyholder):
        ids = [
            protocol.cover.buy_cover(depeg_product, COVER_AMOUNT * (i + 1), 30 * DAY, 2**255, h)
            for i, h in enumerate(holders)
        ]
    incident_id = incident()

    with boa.env.prank(keeper):
        total = protocol.parametric.payout_many(ids, incident_id)

    log = event(protocol.parametric, "IncidentPaid")
    assert (list(log.cover_ids), log.total) == (ids, total)
    assert total == COVER_AMOUNT * 15
    for i, h in enumerate(holders):
        assert protocol.asset.balanceOf(h) == COVER_AMOUNT * (i + 1)
    assert all(protocol.parametric.is_paid(incident_id, c) for c in ids)


def test_payout_many__ineligible_covers__skipped_not_reverted(
    protocol, feed, buy_parametric, other_product, incident, policyholder, keeper
):
    eligible = buy_parametric()
    foreign = buy_parametric(pid=other_product)
    expired = buy_parametric(period=7 * DAY)
    boa.env.time_travel(seconds=8 * DAY)
    also_eligible = buy_parametric()
    incident_id = incident()
    push(feed, PEG, after=600)
    late = buy_parametric()
    batch = [0, eligible, foreign, expired, late, also_eligible, eligible, 10**9]
    assert protocol.parametric.payable_covers(incident_id, batch) == [eligible, also_eligible]
    before = protocol.asset.balanceOf(policyholder)

    with boa.env.prank(keeper):
        total = protocol.parametric.payout_many(batch, incident_id)

    assert list(event(protocol.parametric, "IncidentPaid").cover_ids) == [eligible, also_eligible]
    assert total == 2 * COVER_AMOUNT
    assert protocol.asset.balanceOf(policyholder) - before == 2 * COVER_AMOUNT
    for skipped in (foreign, expired, late):
        assert not protocol.parametric.is_paid(incident_id, skipped)
        assert protocol.cover.covers(skipped).paid == 0


def test_payout_many__batch_repeated__pays_nothing_more(
    protocol, buy_parametric, incident, policyholder, keeper
):
    ids = [buy_parametric() for _ in range(3)]
    incident_id = incident()
    with boa.env.prank(keeper):
        protocol.parametric.payout_many(ids, incident_id)
    balance = protocol.asset.balanceOf(policyholder)
    assets = protocol.pool.totalAssets()

    with boa.env.prank(keeper):
        again = protocol.parametric.payout_many(ids, incident_id)

    assert events(protocol.parametric, "IncidentPaid") == []
    assert again == 0
    assert protocol.asset.balanceOf(policyholder) == balance
    assert protocol.pool.totalAssets() == assets


def test_payout_many__after_single_payouts__pays_only_the_rest(
    protocol, buy_parametric, incident, keeper
):
    ids = [buy_parametric() for _ in range(3)]
    incident_id = incident()
    with boa.env.prank(keeper):
        protocol.parametric.payout(ids[1], incident_id)
        total = protocol.parametric.payout_many(ids, incident_id)
    assert list(event(protocol.parametric, "IncidentPaid").cover_ids) == [ids[0], ids[2]]
    assert total == 2 * COVER_AMOUNT


def test_payout_many__ids_across_bitmap_words__each_paid_once(
    protocol, buy_parametric, incident, keeper
):
    """Cover ids 255/256/257 sit in two bitmap words; marks in both stick."""
    while protocol.cover.cover_count() < 254:
        buy_parametric(amount=1)
    ids = [buy_parametric() for _ in range(4)]  # 255, 256, 257, 258
    assert ids[0] == 255
    incident_id = incident()
    with boa.env.prank(keeper):
        shuffled = [ids[2], ids[0], ids[3], ids[1], ids[0]]
        total = protocol.parametric.payout_many(shuffled, incident_id)
        assert total == 4 * COVER_AMOUNT
        assert protocol.parametric.payout_many(ids, incident_id) == 0
    assert all(protocol.parametric.is_paid(incident_id, c) for c in ids)
    assert not protocol.parametric.is_paid(incident_id, 254)


def test_payout_many__unknown_incident__refused(protocol, buy_parametric, keeper):
    cover_id = buy_parametric()
    with boa.env.prank(keeper), boa.reverts("parametric: unknown incident"):
        protocol.parametric.payout_many([cover_id], 1_000)


def test_payout_many__payouts_follow_nft_transfers(
    protocol, buy_parametric, incident, policyholder, keeper
):
    ids = [buy_parametric() for _ in range(2)]
    new_holder = boa.env.generate_address("new_holder")
    with boa.env.prank(policyholder):
        protocol.cover.transferFrom(policyholder, new_holder, ids[1])
    incident_id = incident()
    with boa.env.prank(keeper):
        protocol.parametric.payout_many(ids, incident_id)
    owners = [str(o) for o in event(protocol.parametric, "CoversPaid", protocol.cover).owners]
    assert owners == [policyholder, new_holder]
    assert protocol.asset.balanceOf(new_holder) == COVER_AMOUNT


# ------------------------------------------------------------- settlement never stuck


def test_payout_many__blacklisted_owner__held_for_the_cover_and_the_rest_paid(
    admin, treasury, auditor, guardian, underwriter, policyholder, keeper
):
    """A USDC-style blacklist on one owner used to revert the whole batch: nobody was
    paid. Now that owner's payout is held by Cover for the cover; the others are paid."""
    from tests.utils.blacklist import blacklist_world
    from tests.utils.constants import COVER_AMOUNT as AMOUNT

    w = blacklist_world(admin, treasury, auditor, guardian, underwriter, policyholder)
    blocked = boa.env.generate_address("blacklisted_owner")
    quiet = boa.env.generate_address("owner_refused_quietly")
    paid_owner = boa.env.generate_address("second_holder")
    ids = [w.buy(policyholder, o) for o in (policyholder, blocked, paid_owner, quiet)]
    w.token.set_blacklisted(blocked, True)
    w.token.set_refuse_quietly(quiet, True)
    incident_id = w.depeg(keeper)
    cover = w.protocol.cover
    before = w.token.balanceOf(policyholder)

    with boa.env.prank(keeper):
        total = w.protocol.parametric.payout_many(ids, incident_id)

    held = events(w.protocol.parametric, "PayoutHeld", emitter=cover)
    assert [(h.cover_id, h.owner, h.amount, h.held) for h in held] == [
        (ids[1], blocked, AMOUNT, AMOUNT),
        (ids[3], quiet, AMOUNT, AMOUNT),
    ]
    assert total == 4 * AMOUNT
    assert w.token.balanceOf(policyholder) - before == AMOUNT
    assert w.token.balanceOf(paid_owner) == AMOUNT
    assert w.token.balanceOf(blocked) == w.token.balanceOf(quiet) == 0
    assert [cover.payout_held(c) for c in ids] == [0, AMOUNT, 0, AMOUNT]
    assert w.token.balanceOf(cover.address) == cover.total_held() == 2 * AMOUNT
    assert w.token.balanceOf(w.protocol.parametric.address) == 0
    assert [cover.covers(c).paid for c in ids] == [AMOUNT] * 4
    assert all(w.protocol.parametric.is_paid(incident_id, c) for c in ids)


def test_payout_many__parametric_itself_refused__every_amount_held(
    admin, treasury, auditor, guardian, underwriter, policyholder, keeper
):
    """If the asset refuses the Parametric contract, the pool sends the batch to Cover
    and each cover's amount is held there: still nothing stuck."""
    from tests.utils.blacklist import blacklist_world
    from tests.utils.constants import COVER_AMOUNT as AMOUNT

    w = blacklist_world(admin, treasury, auditor, guardian, underwriter, policyholder)
    holder = boa.env.generate_address("second_holder")
    ids = [w.buy(policyholder, policyholder), w.buy(policyholder, holder)]
    incident_id = w.depeg(keeper)
    w.token.set_refuse_quietly(w.protocol.parametric.address, True)

    with boa.env.prank(keeper):
        assert w.protocol.parametric.payout_many(ids, incident_id) == 2 * AMOUNT

    assert [w.protocol.cover.payout_held(c) for c in ids] == [AMOUNT, AMOUNT]
    assert w.token.balanceOf(w.protocol.cover.address) == 2 * AMOUNT
    with boa.env.prank(holder):
        assert w.protocol.cover.withdraw_payout(ids[1], holder) == AMOUNT
    assert w.token.balanceOf(holder) == AMOUNT
