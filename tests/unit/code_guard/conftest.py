"""Fixtures: stand-in covered contracts over the session deployment (rolled back per test):
a logic contract in two versions, a proxy answering implementation(), a beacon and its proxy."""

import boa
import pytest

from safetynet.artifacts import deployer


@pytest.fixture
def code_guard(protocol):
    return protocol.code_guard


@pytest.fixture(scope="session")
def protocol_owner() -> str:
    """Who upgrades the covered protocol (not a SafetyNet role)."""
    return boa.env.generate_address("protocol_owner")


@pytest.fixture
def logic_v1():
    return deployer("MockLogic").deploy(1)


@pytest.fixture
def logic_v2():
    return deployer("MockLogic").deploy(2)


@pytest.fixture
def proxy(logic_v1, protocol_owner):
    with boa.env.prank(protocol_owner):
        return deployer("MockProxy").deploy(logic_v1.address)


@pytest.fixture
def beacon(logic_v1, protocol_owner):
    with boa.env.prank(protocol_owner):
        return deployer("MockBeacon").deploy(logic_v1.address)


@pytest.fixture
def beacon_proxy(beacon):
    return deployer("MockBeaconProxy").deploy(beacon.address)
