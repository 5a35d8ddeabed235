"""Cover ERC-721 views: balanceOf, ownerOf, supportsInterface."""

import boa

from tests.utils.constants import ZERO


def test_balance_of__holders__count_covers(cover, policyholder, keeper, buy):
    buy()
    buy(owner=keeper)
    buy()
    assert cover.balanceOf(policyholder) == 2
    assert cover.balanceOf(keeper) == 1


def test_balance_of__zero_address__reverts(cover):
    with boa.reverts("cover: zero address"):
        cover.balanceOf(ZERO)


def test_owner_of__unknown_cover__reverts(cover, buy):
    cid = buy()
    assert cover.ownerOf(cid) == cover.covers(cid).owner
    with boa.reverts("cover: unknown cover"):
        cover.ownerOf(cid + 1)


def test_supports_interface__erc165_721_metadata_access_control__true(cover):
    for iid in ("01ffc9a7", "80ac58cd", "5b5e139f", "7965db0b"):
        assert cover.supportsInterface(bytes.fromhex(iid))
    assert not cover.supportsInterface(bytes.fromhex("ffffffff"))
    assert not cover.supportsInterface(bytes.fromhex("780e9d63"))  # no enumerable extension
