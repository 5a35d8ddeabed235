"""Shared fixtures: one protocol deployment per session (titanoboa rolls state back per test)."""

from __future__ import annotations

import os

import boa
import pytest
from boa.contracts.vyper import vyper_contract
from hypothesis import HealthCheck, Phase, settings

from safetynet.deploy import AUDITOR_ROLE, GUARDIAN_ROLE, Protocol, deploy_protocol

# titanoboa renders a contract's storage into the message of every revert, decoding
# mapping keys from a trace of storage writes that per-test rollbacks do not reset: a
# contract deployed at an address another test's contract used can meet keys of the
# wrong shape and raise inside that rendering, hiding the real revert. Render those as
# undecodable instead (debug output only; no assertion reads it).
_storage_get = vyper_contract.StorageVar.get


def _render_storage(self, *args, **kwargs):
    try:
        return _storage_get(self, *args, **kwargs)
    except (AttributeError, KeyError, TypeError, ValueError):
        return "<not decodable>"


vyper_contract.StorageVar.get = _render_storage

settings.register_profile(
    "ci",
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=2_000,
    stateful_step_count=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "no-shrink",
    max_examples=200,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

DAY = 86_400
USDC = 10**6


def _actor(name: str) -> str:
    return boa.env.generate_address(name)


@pytest.fixture(scope="session")
def admin() -> str:
    return _actor("admin")


@pytest.fixture(scope="session")
def treasury() -> str:
    return _actor("treasury")


@pytest.fixture(scope="session")
def auditor() -> str:
    return _actor("auditor")


@pytest.fixture(scope="session")
def guardian() -> str:
    return _actor("guardian")


@pytest.fixture(scope="session")
def underwriter() -> str:
    return _actor("underwriter")


@pytest.fixture(scope="session")
def policyholder() -> str:
    return _actor("policyholder")


@pytest.fixture(scope="session")
def assessor() -> str:
    return _actor("assessor")


@pytest.fixture(scope="session")
def keeper() -> str:
    return _actor("keeper")


@pytest.fixture(scope="session")
def attacker() -> str:
    return _actor("attacker")


@pytest.fixture(scope="session")
def protocol(admin, treasury, auditor, guardian) -> Protocol:
    """The whole system, deployed with the same deploy_protocol users get."""
    boa.env.eoa = admin
    p = deploy_protocol(admin=admin, params={"treasury": treasury})
    with boa.env.prank(admin):
        for contract in (p.cover, p.claims, p.parametric):
            if contract is not None and hasattr(contract, "GUARDIAN_ROLE"):
                contract.grantRole(GUARDIAN_ROLE, guardian)
        p.cover.grantRole(AUDITOR_ROLE, auditor)
    return p


@pytest.fixture(scope="session")
def pool(protocol):
    return protocol.pool


@pytest.fixture(scope="session")
def cover(protocol):
    return protocol.cover


@pytest.fixture(scope="session")
def asset(protocol):
    return protocol.asset


def fund(asset, owner: str, spender: str, amount: int) -> None:
    """Mint test asset to `owner` and approve `spender` for all of it."""
    asset.mint(owner, amount)
    with boa.env.prank(owner):
        asset.approve(spender, 2**256 - 1)


def add_product(
    protocol: Protocol,
    auditor: str,
    *,
    name: str = "Aave v3",
    kind: int = 0,
    rate_bps: int = 250,
    capacity: int = 10_000_000 * USDC,
    waiting: int = DAY,
    min_period: int = 7 * DAY,
    max_period: int = 365 * DAY,
    attest_for: int = 365 * DAY,
) -> int:
    """List and attest a product the way governance and an auditor would."""
    with boa.env.prank(protocol.admin):
        pid = protocol.cover.add_product(
            name, kind, rate_bps, capacity, waiting, min_period, max_period, b"\x01" * 32
        )
    if attest_for:
        with boa.env.prank(auditor):
            protocol.cover.attest(pid, b"\x02" * 32, boa.env.evm.patch.timestamp + attest_for)
    return pid


@pytest.fixture(scope="session")
def product(protocol, auditor) -> int:
    """An attested PROTOCOL product (2.5%/year, 10M USDC capacity, 1 day waiting)."""
    return add_product(protocol, auditor)


@pytest.fixture(scope="session")
def funded_pool(protocol, underwriter) -> int:
    """The underwriter deposited 1,000,000 USDC; returns the shares minted."""
    fund(protocol.asset, underwriter, protocol.pool.address, 10_000_000 * USDC)
    with boa.env.prank(underwriter):
        return protocol.pool.deposit(1_000_000 * USDC, underwriter)


@pytest.fixture
def buy(protocol, policyholder, product, funded_pool):
    """Buy cover as the policyholder (funded); returns the cover id."""
    fund(protocol.asset, policyholder, protocol.cover.address, 1_000_000 * USDC)

    def _buy(
        amount: int = 10_000 * USDC,
        period: int = 30 * DAY,
        pid: int | None = None,
        owner: str | None = None,
    ) -> int:
        with boa.env.prank(policyholder):
            return protocol.cover.buy_cover(
                product if pid is None else pid, amount, period, 2**255, owner or policyholder
            )

    return _buy
