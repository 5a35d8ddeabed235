"""Cover.set_product: governance tunes rate and capacity or pauses a product."""

import boa

from tests.utils.constants import DAY, USDC
from tests.utils.events import event

MISSING_ROLE = "access_control: account is missing role"


def test_set_product__admin__updates_rate_capacity_and_pause(cover, protocol, product):
    with boa.env.prank(protocol.admin):
        cover.set_product(product, 500, 2_000_000 * USDC, True)
        log = event(cover, "ProductUpdated")
    assert (log.product_id, log.annual_rate_bps, log.capacity, log.paused) == (
        product,
        500,
        2_000_000 * USDC,
        True,
    )
    p = cover.products(product)
    assert (p.annual_rate_bps, p.capacity, p.paused) == (500, 2_000_000 * USDC, True)
    # Everything else about the product stays.
    assert (p.name, p.waiting_period, p.min_period, p.max_period) == (
        "Aave v3",
        DAY,
        7 * DAY,
        365 * DAY,
    )
    assert cover.is_attested(product)
    with boa.reverts("cover: product paused"):
        cover.quote(product, USDC, 30 * DAY)
    with boa.env.prank(protocol.admin):
        cover.set_product(product, 500, 2_000_000 * USDC, False)
    assert cover.quote(product, 1_000_000 * USDC, 365 * DAY) == 50_000 * USDC


def test_set_product__capacity_below_active__blocks_new_sales_only(cover, protocol, product, buy):
    cid = buy(amount=500_000 * USDC)
    with boa.env.prank(protocol.admin):
        cover.set_product(product, 250, 400_000 * USDC, False)
    assert cover.products(product).active == 500_000 * USDC
    assert cover.covers(cid).amount == 500_000 * USDC
    with boa.reverts("cover: product capacity exceeded"):
        buy(amount=1)


def test_set_product__unknown_product__reverts(cover, protocol, product):
    with boa.env.prank(protocol.admin), boa.reverts("cover: unknown product"):
        cover.set_product(product + 1, 250, USDC, False)


def test_set_product__bad_rate_or_capacity__reverts(cover, protocol, product):
    for args, reason in [
        ((0, USDC), "cover: zero rate"),
        ((10_001, USDC), "cover: rate above 100% a year"),
        ((250, 0), "cover: zero capacity"),
        ((250, 2**84), "cover: capacity too large"),
    ]:
        with boa.env.prank(protocol.admin), boa.reverts(reason):
            cover.set_product(product, *args, False)


def test_set_product__not_admin__reverts(cover, guardian, product):
    with boa.env.prank(guardian), boa.reverts(MISSING_ROLE):
        cover.set_product(product, 250, USDC, False)
