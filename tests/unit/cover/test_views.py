"""Cover views: metadata, products, attestations, covers, activity (SPEC §3.2 names)."""

import boa

from tests.utils.chain import now
from tests.utils.constants import DAY, USDC, ZERO
from tests.utils.deploy import add_product


def test_metadata__deployment__names_and_wiring(cover, pool, asset, protocol):
    assert (cover.name(), cover.symbol()) == ("SafetyNet Cover", "SNCOVER")
    assert cover.pool() == pool.address and pool.cover() == cover.address
    assert cover.asset() == asset.address
    assert cover.EPOCH_DAY() <= now() // DAY
    assert (cover.claims(), cover.parametric()) == (
        protocol.claims.address,
        protocol.parametric.address,
    )
    assert cover.product_count() == 0 and cover.cover_count() == 0
    assert not cover.sales_paused()
    assert cover.hasRole(cover.DEFAULT_ADMIN_ROLE(), protocol.admin)


def test_products__unknown__reverts(cover, product):
    with boa.reverts("cover: unknown product"):
        cover.products(product + 1)
    with boa.reverts("cover: unknown product"):
        cover.product_kind(product + 1)
    with boa.reverts("cover: unknown product"):
        cover.active_cover_of(product + 1)


def test_attestations__none__are_empty(cover, protocol, auditor):
    pid = add_product(protocol, auditor, attest_for=0)
    a = cover.attestations(pid)
    assert (a.auditor, a.report_hash, a.valid_until) == (ZERO, b"\x00" * 32, 0)
    assert not cover.is_attested(pid)
    assert not cover.is_attested(pid + 1)


def test_covers__unknown__reverts(cover, buy):
    cid = buy()
    with boa.reverts("cover: unknown cover"):
        cover.covers(cid + 1)
    with boa.reverts("cover: unknown cover"):
        cover.cover_product(cid + 1)


def test_is_active__cover_window__inclusive_of_start_and_end(cover, buy):
    cid = buy()
    c = cover.covers(cid)
    assert not cover.is_active(cid, c.start - 1)
    assert cover.is_active(cid, c.start)
    assert cover.is_active(cid, c.end)
    assert not cover.is_active(cid, c.end + 1)
    assert not cover.is_active(cid + 1, c.start)


def test_active_cover__two_products__sums_per_product(cover, pool, protocol, auditor, buy):
    other = add_product(protocol, auditor, name="Morpho")
    buy(amount=30_000 * USDC)
    buy(amount=20_000 * USDC, pid=other)
    buy(amount=5_000 * USDC, period=7 * DAY)
    assert cover.active_cover_of(0) == 35_000 * USDC
    assert cover.active_cover_of(other) == 20_000 * USDC
    assert cover.active_cover() == 55_000 * USDC == pool.active_cover()
    assert cover.products(0).active == 35_000 * USDC
