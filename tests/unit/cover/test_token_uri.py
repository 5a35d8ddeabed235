"""Cover.tokenURI: on-chain JSON metadata (product, amount, start, end)."""

import json

import boa
import pytest

from tests.utils.constants import DAY, USDC
from tests.utils.deploy import add_product

PREFIX = "data:application/json;utf8,"


def _metadata(cover, cid):
    uri = cover.tokenURI(cid)
    assert uri.startswith(PREFIX)
    return json.loads(uri[len(PREFIX) :])


def test_token_uri__cover__is_valid_json_with_terms(cover, product, buy):
    cid = buy(amount=12_345 * USDC, period=45 * DAY)
    c = cover.covers(cid)
    assert _metadata(cover, cid) == {
        "name": f"SafetyNet Cover #{cid}",
        "product_id": product,
        "product": "Aave v3",
        "amount": 12_345 * USDC,
        "start": c.start,
        "end": c.end,
    }


@pytest.mark.parametrize("name", ["A", "Curve / 3pool (v2) <stable> & more: 100%", "~" * 64])
def test_token_uri__any_allowed_name__stays_valid_json(cover, protocol, auditor, buy, name):
    pid = add_product(protocol, auditor, name=name)
    cid = buy(pid=pid, amount=1)
    meta = _metadata(cover, cid)
    assert (meta["product"], meta["product_id"], meta["amount"]) == (name, pid, 1)


def test_token_uri__largest_figures__fit_and_parse(cover, protocol, auditor, buy):
    pid = add_product(protocol, auditor, capacity=2**84 - 1, name="x" * 64)
    with boa.env.prank(protocol.admin):
        protocol.pool.set_max_leverage_bps(100_000, b"\x01" * 32)
    cid = buy(pid=pid, amount=9_000_000 * USDC)
    assert _metadata(cover, cid)["amount"] == 9_000_000 * USDC


def test_token_uri__unknown_cover__reverts(cover, buy):
    cid = buy()
    with boa.reverts("cover: unknown cover"):
        cover.tokenURI(cid + 1)
    with boa.reverts("cover: unknown cover"):
        cover.tokenURI(0)
