"""Cover.withdraw_payout / hold_payout: a payout the asset refused to deliver is kept for
the cover and collected by its current owner (SPEC 3.2: settlement never gets stuck)."""

import boa
import pytest

from tests.utils.blacklist import blacklist_world
from tests.utils.constants import COVER_AMOUNT
from tests.utils.events import event


@pytest.fixture
def held(admin, treasury, auditor, guardian, underwriter, policyholder, keeper):
    """A cover whose owner was blacklisted before a depeg paid it: its payout is held."""
    w = blacklist_world(admin, treasury, auditor, guardian, underwriter, policyholder)
    owner = boa.env.generate_address("blacklisted_owner")
    cover_id = w.buy(policyholder, owner)
    w.token.set_blacklisted(owner, True)
    incident_id = w.depeg(keeper)
    with boa.env.prank(keeper):
        w.protocol.parametric.payout(cover_id, incident_id)
    assert w.protocol.cover.payout_held(cover_id) == COVER_AMOUNT
    return w, cover_id, owner


def test_withdraw_payout__owner_to_a_clean_address__sent_and_logged(held):
    w, cover_id, owner = held
    receiver = boa.env.generate_address("owner_new_wallet")
    with boa.env.prank(owner):
        amount = w.protocol.cover.withdraw_payout(cover_id, receiver)
    log = event(w.protocol.cover, "PayoutWithdrawn")
    assert (log.cover_id, log.owner, log.receiver, log.amount) == (
        cover_id,
        owner,
        receiver,
        COVER_AMOUNT,
    )
    assert amount == COVER_AMOUNT
    assert w.token.balanceOf(receiver) == COVER_AMOUNT
    assert w.protocol.cover.payout_held(cover_id) == 0
    assert w.protocol.cover.total_held() == 0
    assert w.token.balanceOf(w.protocol.cover.address) == 0


def test_withdraw_payout__twice__refused(held):
    w, cover_id, owner = held
    receiver = boa.env.generate_address("owner_new_wallet")
    with boa.env.prank(owner):
        w.protocol.cover.withdraw_payout(cover_id, receiver)
        with boa.reverts("cover: no payout held"):
            w.protocol.cover.withdraw_payout(cover_id, receiver)


def test_withdraw_payout__to_the_still_blacklisted_owner__reverts_and_keeps_it(held):
    w, cover_id, owner = held
    with boa.env.prank(owner), boa.reverts("token: receiver blacklisted"):
        w.protocol.cover.withdraw_payout(cover_id, owner)
    assert w.protocol.cover.payout_held(cover_id) == COVER_AMOUNT


def test_withdraw_payout__not_the_owner__refused(held, attacker):
    w, cover_id, _ = held
    with boa.env.prank(attacker), boa.reverts("cover: caller is not the cover owner"):
        w.protocol.cover.withdraw_payout(cover_id, attacker)
    assert w.protocol.cover.payout_held(cover_id) == COVER_AMOUNT


def test_withdraw_payout__cover_transferred__new_owner_collects(held):
    w, cover_id, owner = held
    buyer = boa.env.generate_address("cover_buyer")
    with boa.env.prank(owner):
        w.protocol.cover.transferFrom(owner, buyer, cover_id)
    with boa.env.prank(owner), boa.reverts("cover: caller is not the cover owner"):
        w.protocol.cover.withdraw_payout(cover_id, owner)
    with boa.env.prank(buyer):
        assert w.protocol.cover.withdraw_payout(cover_id, buyer) == COVER_AMOUNT
    assert w.token.balanceOf(buyer) == COVER_AMOUNT


def test_withdraw_payout__zero_receiver__refused(held):
    w, cover_id, owner = held
    with boa.env.prank(owner), boa.reverts("cover: zero receiver"):
        w.protocol.cover.withdraw_payout(cover_id, "0x" + "00" * 20)


def test_withdraw_payout__nothing_held__refused(held, policyholder):
    w, _, _ = held
    w.feed.set_answer(100_000_000)  # recovered: sales reopen
    other = w.buy(policyholder, policyholder)
    with boa.env.prank(policyholder), boa.reverts("cover: no payout held"):
        w.protocol.cover.withdraw_payout(other, policyholder)


def test_withdraw_payout__unknown_cover__refused(held, policyholder):
    w, _, _ = held
    with boa.env.prank(policyholder), boa.reverts("cover: unknown cover"):
        w.protocol.cover.withdraw_payout(999, policyholder)


def test_hold_payout__by_parametric_with_the_funds__held_and_logged(held, policyholder):
    w, cover_id, owner = held
    w.token.mint(w.protocol.cover.address, 5)
    with boa.env.prank(w.protocol.parametric.address):
        w.protocol.cover.hold_payout(cover_id, 5)
    log = event(w.protocol.cover, "PayoutHeld")
    assert (log.cover_id, log.owner, log.amount, log.held) == (
        cover_id,
        owner,
        5,
        COVER_AMOUNT + 5,
    )
    assert w.protocol.cover.total_held() == COVER_AMOUNT + 5


def test_hold_payout__funds_not_received__refused(held):
    w, cover_id, _ = held
    with boa.env.prank(w.protocol.parametric.address), boa.reverts("cover: payout not received"):
        w.protocol.cover.hold_payout(cover_id, 1)


def test_hold_payout__zero_amount__refused(held):
    w, cover_id, _ = held
    with boa.env.prank(w.protocol.parametric.address), boa.reverts("cover: zero amount"):
        w.protocol.cover.hold_payout(cover_id, 0)


def test_hold_payout__unknown_cover__refused(held):
    w, _, _ = held
    with boa.env.prank(w.protocol.parametric.address), boa.reverts("cover: unknown cover"):
        w.protocol.cover.hold_payout(999, 1)


def test_hold_payout__by_anyone_else__refused(held, attacker):
    w, cover_id, _ = held
    w.token.mint(w.protocol.cover.address, 5)
    for caller in (attacker, w.protocol.admin, w.protocol.pool.address):
        with boa.env.prank(caller), boa.reverts("cover: caller cannot hold payouts"):
            w.protocol.cover.hold_payout(cover_id, 5)
