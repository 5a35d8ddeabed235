"""Cover.add_product: governance lists a product (sales also need an attestation)."""

import boa
import pytest

from tests.utils.constants import DAY, HOUR, USDC
from tests.utils.events import event

MISSING_ROLE = "access_control: account is missing role"
TERMS = b"\x01" * 32
GOOD = dict(
    name_="Aave v3",
    kind=0,
    annual_rate_bps=250,
    capacity=1_000_000 * USDC,
    waiting_period=DAY,
    min_period=7 * DAY,
    max_period=365 * DAY,
    terms_hash=TERMS,
)


def _add(cover, admin, **overrides):
    args = {**GOOD, **overrides}
    with boa.env.prank(admin):
        return cover.add_product(*args.values())


def test_add_product__valid_terms__lists_product_and_logs_it(cover, protocol):
    count = cover.product_count()
    with boa.env.prank(protocol.admin):
        pid = cover.add_product(*GOOD.values())
        log = event(cover, "ProductAdded")
    assert pid == count and cover.product_count() == count + 1
    assert (log.product_id, log.name, log.kind, log.annual_rate_bps, log.capacity) == (
        pid,
        "Aave v3",
        0,
        250,
        1_000_000 * USDC,
    )
    assert (log.waiting_period, log.min_period, log.max_period, log.terms_hash) == (
        DAY,
        7 * DAY,
        365 * DAY,
        TERMS,
    )
    p = cover.products(pid)
    assert (p.name, p.kind, p.annual_rate_bps, p.capacity) == ("Aave v3", 0, 250, 1_000_000 * USDC)
    assert (p.waiting_period, p.min_period, p.max_period, p.terms_hash) == (
        DAY,
        7 * DAY,
        365 * DAY,
        TERMS,
    )
    assert (p.paused, p.active) == (False, 0)
    assert not cover.is_attested(pid)


@pytest.mark.parametrize("kind", [0, 1, 2])
def test_add_product__each_kind__is_listed(cover, protocol, kind):
    pid = _add(cover, protocol.admin, kind=kind, waiting_period=HOUR)
    assert cover.product_kind(pid) == kind == cover.products(pid).kind


def test_add_product__extreme_bounds__are_kept_exactly(cover, protocol):
    pid = _add(
        cover,
        protocol.admin,
        annual_rate_bps=10_000,
        capacity=2**84 - 1,
        waiting_period=30 * DAY,
        min_period=DAY,
        max_period=730 * DAY,
    )
    p = cover.products(pid)
    assert (p.annual_rate_bps, p.capacity, p.waiting_period, p.min_period, p.max_period) == (
        10_000,
        2**84 - 1,
        30 * DAY,
        DAY,
        730 * DAY,
    )


def test_add_product__not_admin__reverts(cover, guardian, auditor):
    for caller in (guardian, auditor):
        with boa.env.prank(caller), boa.reverts(MISSING_ROLE):
            cover.add_product(*GOOD.values())


@pytest.mark.parametrize(
    "overrides,reason",
    [
        ({"name_": ""}, "cover: empty product name"),
        ({"name_": 'Aave "v3"'}, "cover: name has characters not allowed"),
        ({"name_": "Aave\\v3"}, "cover: name has characters not allowed"),
        ({"name_": "Aave\nv3"}, "cover: name has characters not allowed"),
        ({"name_": "Aavé"}, "cover: name has characters not allowed"),
        ({"kind": 3}, "cover: unknown product kind"),
        ({"terms_hash": b"\x00" * 32}, "cover: terms hash required"),
        ({"min_period": 0}, "cover: min period must be in (0, max period]"),
        ({"min_period": 366 * DAY}, "cover: min period must be in (0, max period]"),
        ({"max_period": 731 * DAY}, "cover: max period above 730 days"),
        ({"min_period": 7 * DAY + 1}, "cover: periods must be whole days"),
        ({"max_period": 365 * DAY - HOUR}, "cover: periods must be whole days"),
        ({"waiting_period": 30 * DAY + HOUR}, "cover: waiting period above 30 days"),
        ({"waiting_period": HOUR + 1}, "cover: waiting period must be whole hours"),
        ({"kind": 1, "waiting_period": 0}, "cover: parametric waiting period below 1 hour"),
        ({"annual_rate_bps": 0}, "cover: zero rate"),
        ({"annual_rate_bps": 10_001}, "cover: rate above 100% a year"),
        ({"capacity": 0}, "cover: zero capacity"),
        ({"capacity": 2**84}, "cover: capacity too large"),
    ],
)
def test_add_product__bad_terms__reverts(cover, protocol, overrides, reason):
    count = cover.product_count()
    with boa.reverts(reason):
        _add(cover, protocol.admin, **overrides)
    assert cover.product_count() == count


def test_add_product__parametric_with_one_hour_waiting__is_listed(cover, protocol):
    pid = _add(cover, protocol.admin, kind=1, waiting_period=HOUR)
    assert cover.products(pid).waiting_period == HOUR


def test_add_product__256_products__refuses_more(cover, protocol):
    # 256 listings cost minutes in the test EVM: set the count where the limit bites.
    slot = cover.compiler_data.storage_layout["storage_layout"]["product_count"]["slot"]
    boa.env.set_storage(cover.address, slot, 255)
    assert _add(cover, protocol.admin) == 255
    with boa.reverts("cover: too many products"):
        _add(cover, protocol.admin)


def test_add_product__while_sales_paused__starts_paused(cover, protocol, auditor, guardian):
    with boa.env.prank(guardian):
        cover.pause_sales(True)
    pid = _add(cover, protocol.admin, waiting_period=0)
    with boa.env.prank(auditor):
        cover.attest(pid, b"\x02" * 32, boa.env.evm.patch.timestamp + DAY)
    with boa.reverts("cover: sales paused"):
        cover.quote(pid, USDC, 7 * DAY)
