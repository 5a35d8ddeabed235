"""Cover.approve (ERC-721): the owner or an operator approves one cover."""

import boa
import pytest

from tests.utils.events import event


@pytest.fixture
def cid(buy):
    return buy()


def test_approve__owner__sets_approved(cover, policyholder, keeper, cid):
    with boa.env.prank(policyholder):
        cover.approve(keeper, cid)
        log = event(cover, "Approval")
    assert (log.owner, log.approved, log.token_id) == (policyholder, keeper, cid)
    assert cover.getApproved(cid) == keeper


def test_approve__operator__may_approve(cover, policyholder, keeper, attacker, cid):
    with boa.env.prank(policyholder):
        cover.setApprovalForAll(keeper, True)
    with boa.env.prank(keeper):
        cover.approve(attacker, cid)
        assert event(cover, "Approval").owner == policyholder
    assert cover.getApproved(cid) == attacker


def test_approve__stranger_or_approved__reverts(cover, policyholder, keeper, attacker, cid):
    with boa.env.prank(policyholder):
        cover.approve(keeper, cid)
    for caller in (attacker, keeper):
        with boa.env.prank(caller), boa.reverts("cover: caller is not owner or operator"):
            cover.approve(caller, cid)


def test_approve__unknown_cover__reverts(cover, policyholder, keeper, cid):
    with boa.env.prank(policyholder), boa.reverts("cover: unknown cover"):
        cover.approve(keeper, cid + 1)
