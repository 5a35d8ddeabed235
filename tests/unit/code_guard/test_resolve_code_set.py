"""sdk.code.resolve_code_set: what `safetynet attest` records for a list of addresses."""

import boa
import pytest

from safetynet.artifacts import deployer
from safetynet.errors import SafetyNetError
from safetynet.sdk import code


def test_resolve__beacon_proxy_hiding_beacon__adds_its_beacon(beacon, logic_v1):
    # An OpenZeppelin BeaconProxy keeps its beacon in the EIP-1967 beacon slot only.
    hiding = deployer("MockLogic").deploy(5)
    boa.env.set_storage(hiding.address, code.BEACON_SLOT, int(beacon.address, 16))
    found = code.resolve_code_set([hiding.address, logic_v1.address])
    assert found.contracts == [hiding.address, beacon.address, logic_v1.address]
    assert "beacon proxy" in found.notes[0]


def test_resolve__beacon_proxy_answering_beacon__needs_nothing_more(beacon_proxy):
    found = code.resolve_code_set([beacon_proxy.address])
    assert found.contracts == [beacon_proxy.address] and found.notes == []


def test_resolve__proxy_answering_implementation__no_note(proxy):
    assert code.resolve_code_set([proxy.address.lower()]).contracts == [proxy.address]


def test_resolve__duplicates__listed_once(proxy):
    assert code.resolve_code_set([proxy.address, proxy.address]).contracts == [proxy.address]


def test_resolve__not_an_address__refused():
    with pytest.raises(SafetyNetError, match="is not an address"):
        code.resolve_code_set(["0x1234"])


def test_resolve__account_without_code__refused(attacker):
    with pytest.raises(SafetyNetError, match="no contract code"):
        code.resolve_code_set([attacker])


def test_set_covered_code__more_than_eight__refused_before_sending(protocol, product, auditor):
    many = [deployer("MockLogic").deploy(i).address for i in range(9)]
    with pytest.raises(SafetyNetError, match="at most 8"):
        code.set_covered_code(protocol, product, many, sender=auditor)
