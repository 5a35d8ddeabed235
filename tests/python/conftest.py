"""Fixtures for the risk engine tests: small Vyper contracts in titanoboa's in-process EVM."""

from __future__ import annotations

import boa
import pytest
from eth_abi import encode
from risk_contracts import CONTRACTS, proxy_initcode_bytes


@pytest.fixture(scope="session")
def proxy_initcode() -> bytes:
    return proxy_initcode_bytes()


@pytest.fixture(scope="session")
def vault_deployer():
    return boa.load_partial(str(CONTRACTS / "Vault.vy"))


@pytest.fixture(scope="session")
def timelock_deployer():
    return boa.load_partial(str(CONTRACTS / "TimelockControllerMock.vy"))


@pytest.fixture(scope="session")
def rug_token_deployer():
    return boa.load_partial(str(CONTRACTS / "RugToken.vy"))


@pytest.fixture(scope="session")
def plain_token_deployer():
    return boa.load_partial(str(CONTRACTS / "PlainToken.vy"))


@pytest.fixture
def deploy_proxy(proxy_initcode, vault_deployer):
    """deploy_proxy(admin) -> address of an EIP-1967 proxy over a fresh Vault."""

    def _deploy(admin: str) -> str:
        vault = vault_deployer.deploy()
        args = encode(["address", "address"], [vault.address, admin])
        address, _ = boa.env.deploy_code(bytecode=proxy_initcode + args)
        return str(address)

    return _deploy
