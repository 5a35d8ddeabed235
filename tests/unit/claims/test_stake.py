"""Claims.stake: SNET in; fresh stake, aged into base stake after the longest voting window."""

import boa

from tests.utils.chain import now
from tests.utils.claims import stake
from tests.utils.constants import MAX_UINT, SNET
from tests.utils.events import events


def test_stake__new_assessor__records_stake_and_emits(protocol, claims, token, assessor):
    with boa.env.prank(protocol.admin):
        token.transfer(assessor, 1_000 * SNET)
    with boa.env.prank(assessor):
        token.approve(claims.address, MAX_UINT)
        claims.stake(1_000 * SNET)
    (log,) = events(claims, "Staked")
    s = claims.stakes(assessor)
    assert (s.amount, s.base, s.fresh, s.fresh_time, s.locked_until) == (
        1_000 * SNET, 0, 1_000 * SNET, now(), 0,
    )  # fmt: skip
    assert token.balanceOf(claims.address) == 1_000 * SNET == claims.total_staked()
    assert token.balanceOf(assessor) == 0
    assert (log.staker, log.amount, log.total, log.eligible_after) == (
        assessor, 1_000 * SNET, 1_000 * SNET, now(),
    )  # fmt: skip


def test_stake__zero__reverts(claims, assessor):
    with boa.env.prank(assessor), boa.reverts("claims: zero amount"):
        claims.stake(0)


def test_stake__without_allowance__reverts(protocol, claims, token, assessor):
    with boa.env.prank(protocol.admin):
        token.transfer(assessor, 1_000 * SNET)
    with boa.env.prank(assessor), boa.reverts("erc20: insufficient allowance"):
        claims.stake(1_000 * SNET)


def test_stake__top_up_within_window__stays_fresh(protocol, claims, assessor):
    stake(protocol, assessor, 1_000 * SNET)
    boa.env.time_travel(seconds=claims.max_window() - 1)
    stake(protocol, assessor, 500 * SNET)
    s = claims.stakes(assessor)
    assert (s.base, s.fresh, s.fresh_time) == (0, 1_500 * SNET, now())


def test_stake__top_up_after_window__older_stake_becomes_base(protocol, claims, assessor):
    stake(protocol, assessor, 1_000 * SNET)
    boa.env.time_travel(seconds=claims.max_window())
    stake(protocol, assessor, 500 * SNET)
    (log,) = events(claims, "Staked")
    assert log.total == 1_500 * SNET
    s = claims.stakes(assessor)
    assert (s.base, s.fresh, s.fresh_time, s.amount) == (
        1_000 * SNET, 500 * SNET, now(), 1_500 * SNET,
    )  # fmt: skip
