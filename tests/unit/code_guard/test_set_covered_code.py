"""CodeGuard.set_covered_code: an auditor (or governance) records the code an attestation covers."""

import boa

from tests.utils.events import event

ZERO_HASH = b"\x00" * 32


def code_hash(address) -> bytes:
    from eth_utils import keccak

    return keccak(boa.env.get_code(address))


def test_set_covered_code__auditor__records_hashes_and_implementations_and_emits(
    code_guard, product, auditor, proxy, beacon_proxy, logic_v1, asset
):
    contracts = [proxy.address, beacon_proxy.address, asset.address]
    with boa.env.prank(auditor):
        code_guard.set_covered_code(product, contracts)
        log = event(code_guard, "CoveredCodeSet")
    records = code_guard.covered_code(product)
    expected = [
        (proxy.address, code_hash(proxy.address), logic_v1.address, code_hash(logic_v1.address)),
        (
            beacon_proxy.address,
            code_hash(beacon_proxy.address),
            logic_v1.address,  # from the beacon the proxy names
            code_hash(logic_v1.address),
        ),
        (asset.address, code_hash(asset.address), "0x" + "00" * 20, ZERO_HASH),  # not a proxy
    ]
    assert [tuple(r) for r in records] == expected
    assert (log.product_id, log.by) == (product, auditor)
    assert [tuple(r) for r in log.records] == expected
    assert code_guard.code_matches(product)


def test_set_covered_code__admin__may_record(code_guard, protocol, product, proxy):
    with boa.env.prank(protocol.admin):
        code_guard.set_covered_code(product, [proxy.address])
    assert len(code_guard.covered_code(product)) == 1


def test_set_covered_code__stranger__reverts(code_guard, product, proxy, attacker):
    with boa.env.prank(attacker), boa.reverts("code guard: caller is not an auditor or admin"):
        code_guard.set_covered_code(product, [proxy.address])


def test_set_covered_code__unknown_product__reverts(code_guard, product, proxy, auditor):
    with boa.env.prank(auditor), boa.reverts("code guard: unknown product"):
        code_guard.set_covered_code(product + 1, [proxy.address])


def test_set_covered_code__address_without_code__reverts(code_guard, product, auditor, attacker):
    with boa.env.prank(auditor), boa.reverts("code guard: covered address has no code"):
        code_guard.set_covered_code(product, [attacker])


def test_set_covered_code__empty_list__drops_the_binding(code_guard, product, auditor, proxy):
    with boa.env.prank(auditor):
        code_guard.set_covered_code(product, [proxy.address])
        code_guard.set_covered_code(product, [])
    assert code_guard.covered_code(product) == []
    assert code_guard.code_matches(product)
