"""Cover.pause_product: the guardian (or admin) stops one product's sales."""

import boa

from tests.utils.constants import USDC
from tests.utils.events import event

MISSING_ROLE = "access_control: account is missing role"


def test_pause_product__guardian__stops_sales_of_that_product(cover, guardian, product, buy):
    cid = buy()
    with boa.env.prank(guardian):
        cover.pause_product(product)
        log = event(cover, "ProductUpdated")
    assert (log.product_id, log.paused, log.annual_rate_bps, log.capacity) == (
        product,
        True,
        250,
        10_000_000 * USDC,
    )
    assert cover.products(product).paused
    with boa.reverts("cover: product paused"):
        buy()
    # Existing cover is untouched.
    assert cover.covers(cid).amount == 10_000 * USDC


def test_pause_product__admin__is_allowed(cover, protocol, product):
    with boa.env.prank(protocol.admin):
        cover.pause_product(product)
    assert cover.products(product).paused


def test_pause_product__anyone_else__reverts(cover, attacker, auditor, product):
    for caller in (attacker, auditor):
        with boa.env.prank(caller), boa.reverts("cover: caller is not guardian"):
            cover.pause_product(product)


def test_pause_product__unknown_product__reverts(cover, guardian, product):
    with boa.env.prank(guardian), boa.reverts("cover: unknown product"):
        cover.pause_product(product + 1)


def test_pause_product__guardian__cannot_unpause(cover, guardian, product):
    with boa.env.prank(guardian):
        cover.pause_product(product)
    with boa.env.prank(guardian), boa.reverts(MISSING_ROLE):
        cover.set_product(product, 250, 10_000_000 * USDC, False)
