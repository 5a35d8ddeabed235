"""Cover.attest: an auditor vouches for a product until `valid_until` (to the hour)."""

import boa

from tests.utils.chain import now
from tests.utils.constants import DAY, HOUR, USDC
from tests.utils.events import event

MISSING_ROLE = "access_control: account is missing role"
REPORT = b"\x0a" * 32


def test_attest__auditor__records_attestation_and_enables_sales(
    cover, protocol, auditor, buy, product
):
    until = now() + 30 * DAY
    with boa.env.prank(auditor):
        cover.attest(product, REPORT, until)
        log = event(cover, "Attested")
    assert (log.product_id, log.auditor, log.report_hash, log.valid_until) == (
        product,
        auditor,
        REPORT,
        until,
    )
    a = cover.attestations(product)
    assert (a.auditor, a.report_hash, a.valid_until) == (auditor, REPORT, until)
    assert cover.is_attested(product)
    assert buy() == 1


def test_attest__expiry__stops_sales_at_the_hour_rounded_down(cover, auditor, product, buy):
    until = now() + 2 * HOUR + 59 * 60
    start_hour = (until - cover.EPOCH_DAY() * DAY) // HOUR * HOUR + cover.EPOCH_DAY() * DAY
    with boa.env.prank(auditor):
        cover.attest(product, REPORT, until)
    boa.env.time_travel(seconds=start_hour - now() - 1)
    assert cover.is_attested(product)
    with boa.env.anchor():
        buy()
    boa.env.time_travel(seconds=1)
    assert now() < until  # the exact expiry is still ahead, but the hour is over
    assert not cover.is_attested(product)
    with boa.reverts("cover: no live attestation"):
        buy()


def test_attest__not_auditor__reverts(cover, protocol, guardian, product):
    for caller in (protocol.admin, guardian):
        with boa.env.prank(caller), boa.reverts(MISSING_ROLE):
            cover.attest(product, REPORT, now() + DAY)


def test_attest__unknown_product__reverts(cover, auditor, product):
    with boa.env.prank(auditor), boa.reverts("cover: unknown product"):
        cover.attest(product + 1, REPORT, now() + DAY)


def test_attest__empty_report__reverts(cover, auditor, product):
    with boa.env.prank(auditor), boa.reverts("cover: report hash required"):
        cover.attest(product, b"\x00" * 32, now() + DAY)


def test_attest__valid_until_not_in_future__reverts(cover, auditor, product):
    with boa.env.prank(auditor), boa.reverts("cover: attestation already expired"):
        cover.attest(product, REPORT, now())


def test_attest__beyond_hour_counter__reverts(cover, auditor, product):
    limit = cover.EPOCH_DAY() * DAY + (2**20 - 1) * HOUR
    with boa.env.prank(auditor), boa.reverts("cover: attestation too long"):
        cover.attest(product, REPORT, limit)
    with boa.env.prank(auditor):
        cover.attest(product, REPORT, limit - 1)
    assert cover.is_attested(product)


def test_attest__second_auditor__replaces_attestation(cover, protocol, auditor, keeper, product):
    with boa.env.prank(protocol.admin):
        cover.grantRole(cover.AUDITOR_ROLE(), keeper)
    with boa.env.prank(keeper):
        cover.attest(product, b"\x0b" * 32, now() + HOUR * 5)
    assert cover.attestations(product).auditor == keeper
    # The replaced auditor can no longer revoke it.
    with boa.env.prank(auditor), boa.reverts("cover: only the auditor or admin may revoke"):
        cover.revoke_attestation(product)


def test_attest__expired_attestation__renewal_restores_sales(cover, auditor, product, buy):
    boa.env.time_travel(seconds=366 * DAY)
    with boa.reverts("cover: no live attestation"):
        buy(amount=USDC)
    with boa.env.prank(auditor):
        cover.attest(product, REPORT, now() + DAY)
    buy(amount=USDC)
