"""Cover.transferFrom (ERC-721): covers are transferable; payouts follow the token."""

import boa
import pytest

from tests.utils.constants import ZERO
from tests.utils.events import event


@pytest.fixture
def cid(buy):
    return buy()


def test_transfer_from__owner__moves_cover_and_clears_approval(
    cover, policyholder, keeper, attacker, cid
):
    with boa.env.prank(policyholder):
        cover.approve(attacker, cid)
        cover.transferFrom(policyholder, keeper, cid)
        log = event(cover, "Transfer")
    assert (log.sender, log.receiver, log.token_id) == (policyholder, keeper, cid)
    assert cover.ownerOf(cid) == keeper == cover.covers(cid).owner
    assert (cover.balanceOf(policyholder), cover.balanceOf(keeper)) == (0, 1)
    assert cover.getApproved(cid) == ZERO
    with boa.env.prank(attacker), boa.reverts("cover: transfer from incorrect owner"):
        cover.transferFrom(policyholder, attacker, cid)
    with boa.env.prank(attacker), boa.reverts("cover: caller is not owner nor approved"):
        cover.transferFrom(keeper, attacker, cid)


def test_transfer_from__approved__moves_cover(cover, policyholder, keeper, cid):
    with boa.env.prank(policyholder):
        cover.approve(keeper, cid)
    with boa.env.prank(keeper):
        cover.transferFrom(policyholder, keeper, cid)
        assert event(cover, "Transfer").receiver == keeper
    assert cover.ownerOf(cid) == keeper


def test_transfer_from__stranger__reverts(cover, policyholder, attacker, cid):
    with boa.env.prank(attacker), boa.reverts("cover: caller is not owner nor approved"):
        cover.transferFrom(policyholder, attacker, cid)


def test_transfer_from__to_zero__reverts(cover, policyholder, cid):
    with boa.env.prank(policyholder), boa.reverts("cover: transfer to zero address"):
        cover.transferFrom(policyholder, ZERO, cid)


def test_transfer_from__unknown_cover__reverts(cover, policyholder, keeper, cid):
    with boa.env.prank(policyholder), boa.reverts("cover: unknown cover"):
        cover.transferFrom(policyholder, keeper, cid + 1)


def test_transfer_from__expired_cover__still_transferable(cover, policyholder, keeper, cid):
    boa.env.time_travel(seconds=400 * 86_400)
    with boa.env.prank(policyholder):
        cover.transferFrom(policyholder, keeper, cid)
    assert cover.ownerOf(cid) == keeper
