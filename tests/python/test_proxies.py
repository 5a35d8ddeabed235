"""The proxy slots written out in safetynet.proxies are the ones their standards define."""

from __future__ import annotations

import pytest
from eth_utils import keccak

from safetynet import proxies


@pytest.mark.parametrize(
    ("name", "label", "minus"),
    [
        ("IMPLEMENTATION_SLOT", "eip1967.proxy.implementation", 1),
        ("ADMIN_SLOT", "eip1967.proxy.admin", 1),
        ("BEACON_SLOT", "eip1967.proxy.beacon", 1),
        ("EIP1822_SLOT", "PROXIABLE", 0),
    ],
)
def test_proxy_slot__is_keccak_of_its_label(name: str, label: str, minus: int) -> None:
    assert getattr(proxies, name) == int.from_bytes(keccak(text=label), "big") - minus


def test_implementation_slot__as_printed_in_eip_1967() -> None:
    assert hex(proxies.IMPLEMENTATION_SLOT) == (
        "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc"
    )
