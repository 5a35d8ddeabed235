"""Cover.set_payers: admin names the contracts allowed to record payouts."""

import boa

from tests.utils.constants import ZERO
from tests.utils.events import event

MISSING_ROLE = "access_control: account is missing role"


def test_set_payers__admin__sets_both(cover, protocol, keeper, buy):
    cid = buy()
    with boa.env.prank(protocol.admin):
        cover.set_payers(keeper, ZERO)
        log = event(cover, "PayersSet")
    assert (log.claims, log.parametric) == (keeper, ZERO)
    assert (cover.claims(), cover.parametric()) == (keeper, ZERO)
    with boa.env.prank(keeper):
        cover.record_payout(cid, 1)
    with boa.env.prank(protocol.claims.address), boa.reverts("cover: caller cannot record payouts"):
        cover.record_payout(cid, 1)


def test_set_payers__not_admin__reverts(cover, guardian, attacker):
    for caller in (guardian, attacker):
        with boa.env.prank(caller), boa.reverts(MISSING_ROLE):
            cover.set_payers(caller, caller)
