"""Cover.safeTransferFrom (ERC-721): contract receivers must accept the cover."""


import boa
import pytest

from tests.utils.contracts import harness_deployer
from tests.utils.events import event

ON_RECEIVED = bytes.fromhex("150b7a02")


@pytest.fixture
def cid(buy):
    return buy()


def test_safe_transfer_from__to_eoa__moves_cover(cover, policyholder, keeper, cid):
    with boa.env.prank(policyholder):
        cover.safeTransferFrom(policyholder, keeper, cid)
        assert event(cover, "Transfer").receiver == keeper
    assert cover.ownerOf(cid) == keeper


def test_safe_transfer_from__to_receiver_contract__calls_it_with_data(
    cover, policyholder, keeper, cid
):
    receiver = harness_deployer("CoverReceiver").deploy(ON_RECEIVED)
    with boa.env.prank(policyholder):
        cover.setApprovalForAll(keeper, True)
    with boa.env.prank(keeper):
        cover.safeTransferFrom(policyholder, receiver.address, cid, b"\xca\xfe")
        log = event(cover, "Transfer")
    assert log.receiver == receiver.address
    assert cover.ownerOf(cid) == receiver.address
    assert receiver.last_operator() == keeper
    assert receiver.last_owner() == policyholder
    assert receiver.last_token_id() == cid
    assert receiver.last_data() == b"\xca\xfe"


def test_safe_transfer_from__receiver_answers_wrong_selector__reverts(cover, policyholder, cid):
    receiver = harness_deployer("CoverReceiver").deploy(b"\xde\xad\xbe\xef")
    with boa.env.prank(policyholder), boa.reverts("cover: receiver rejected the cover"):
        cover.safeTransferFrom(policyholder, receiver.address, cid, b"")
    assert cover.ownerOf(cid) == policyholder


def test_safe_transfer_from__contract_without_hook__reverts(cover, policyholder, cid):
    stranger = harness_deployer("NotAReceiver").deploy()
    with boa.env.prank(policyholder), boa.reverts():
        cover.safeTransferFrom(policyholder, stranger.address, cid)
    assert cover.ownerOf(cid) == policyholder
