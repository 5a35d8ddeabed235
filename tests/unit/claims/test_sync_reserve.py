"""Claims.sync_reserve: swept assessment fees join the reward reserve."""

import boa

from tests.utils.constants import USDC
from tests.utils.events import events


def test_sync_reserve__after_fee_sweep__adds_fees_and_emits(protocol, claims, buy):
    buy(100_000 * USDC)
    protocol.pool.sweep_fees()
    arrived = protocol.asset.balanceOf(claims.address)
    assert arrived > 0
    added = claims.sync_reserve()
    (log,) = events(claims, "ReserveSynced")
    assert added == arrived == claims.reward_reserve() == log.reserve == log.added


def test_sync_reserve__nothing_new__adds_zero(protocol, claims, claim_id):
    # the open claim's deposit is a liability, not reserve
    assert claims.sync_reserve() == 0
    assert claims.reward_reserve() == 0
    protocol.asset.mint(claims.address, 7)
    assert claims.sync_reserve() == 7
    assert claims.sync_reserve() == 0


def test_sync_reserve__anyone__may_call(protocol, claims, attacker):
    protocol.asset.mint(claims.address, 5)
    with boa.env.prank(attacker):
        assert claims.sync_reserve() == 5
