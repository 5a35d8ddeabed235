"""Fixtures for the risk engine tests: small Vyper contracts in titanoboa's in-process EVM."""

from __future__ import annotations

from pathlib import Path

import boa
import pytest
from eth_abi import encode
from vyper.compiler import compile_code
from vyper.compiler.input_bundle import JSONInput

from safetynet.risk.scanner import ADMIN_SLOT, IMPLEMENTATION_SLOT

CONTRACTS = Path(__file__).parent / "contracts"
TWO_DAYS = 2 * 86_400

PROXY_LAYOUT = {
    "implementation": {"type": "address", "n_slots": 1, "slot": IMPLEMENTATION_SLOT},
    "admin": {"type": "address", "n_slots": 1, "slot": ADMIN_SLOT},
}


def _proxy_initcode() -> bytes:
    """Compile the test proxy with its variables at the EIP-1967 slots (layout override)."""
    layout = JSONInput(
        contents="",
        source_id=-2,
        path=Path("layout.json"),
        resolved_path=Path("layout.json"),
        data=PROXY_LAYOUT,
    )
    path = CONTRACTS / "Eip1967Proxy.vy"
    out = compile_code(
        path.read_text(),
        contract_path=str(path),
        output_formats=["bytecode"],
        storage_layout_override=layout,
    )
    return bytes.fromhex(out["bytecode"].removeprefix("0x"))


@pytest.fixture(scope="session")
def proxy_initcode() -> bytes:
    return _proxy_initcode()


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
