"""Cover.revoke_attestation: the attesting auditor or the admin withdraws it."""

import boa

from tests.utils.constants import ZERO
from tests.utils.events import event


def test_revoke_attestation__auditor__clears_it_and_stops_sales(cover, auditor, product, buy):
    cid = buy()
    with boa.env.prank(auditor):
        cover.revoke_attestation(product)
        log = event(cover, "AttestationRevoked")
    assert (log.product_id, log.by) == (product, auditor)
    a = cover.attestations(product)
    assert (a.auditor, a.report_hash, a.valid_until) == (ZERO, b"\x00" * 32, 0)
    assert not cover.is_attested(product)
    with boa.reverts("cover: no live attestation"):
        buy()
    assert cover.ownerOf(cid)  # sold cover stays


def test_revoke_attestation__admin__is_allowed(cover, protocol, product):
    with boa.env.prank(protocol.admin):
        cover.revoke_attestation(product)
        assert event(cover, "AttestationRevoked").by == protocol.admin
    assert not cover.is_attested(product)


def test_revoke_attestation__anyone_else__reverts(cover, guardian, attacker, product):
    for caller in (guardian, attacker):
        with boa.env.prank(caller), boa.reverts("cover: only the auditor or admin may revoke"):
            cover.revoke_attestation(product)


def test_revoke_attestation__none_live__reverts(cover, auditor, product):
    with boa.env.prank(auditor):
        cover.revoke_attestation(product)
    with boa.env.prank(auditor), boa.reverts("cover: no attestation to revoke"):
        cover.revoke_attestation(product)


def test_revoke_attestation__unknown_product__reverts(cover, auditor, product):
    with boa.env.prank(auditor), boa.reverts("cover: unknown product"):
        cover.revoke_attestation(product + 1)
