"""Cover.setApprovalForAll (ERC-721): an operator for all of the caller's covers."""

import boa

from tests.utils.events import event


def test_set_approval_for_all__operator__can_move_every_cover(
    cover, policyholder, keeper, attacker, buy
):
    first, second = buy(), buy()
    with boa.env.prank(policyholder):
        cover.setApprovalForAll(keeper, True)
        log = event(cover, "ApprovalForAll")
    assert (log.owner, log.operator, log.approved) == (policyholder, keeper, True)
    assert cover.isApprovedForAll(policyholder, keeper)
    with boa.env.prank(keeper):
        cover.transferFrom(policyholder, attacker, first)
        cover.transferFrom(policyholder, keeper, second)
    assert (cover.ownerOf(first), cover.ownerOf(second)) == (attacker, keeper)


def test_set_approval_for_all__revoked__operator_can_no_longer_move(
    cover, policyholder, keeper, buy
):
    cid = buy()
    with boa.env.prank(policyholder):
        cover.setApprovalForAll(keeper, True)
        cover.setApprovalForAll(keeper, False)
        assert not event(cover, "ApprovalForAll").approved
    assert not cover.isApprovedForAll(policyholder, keeper)
    with boa.env.prank(keeper), boa.reverts("cover: caller is not owner nor approved"):
        cover.transferFrom(policyholder, keeper, cid)


def test_set_approval_for_all__self__reverts(cover, policyholder):
    with boa.env.prank(policyholder), boa.reverts("cover: approve to caller"):
        cover.setApprovalForAll(policyholder, True)
