"""Per-test deployments for the pool and cover unit tests and the state machine.

The shared session fixtures (tests/conftest.py) live for a whole worker: once any test
asks for `funded_pool`, every later test on that worker sees the deposit, and fixtures
added by other suites may change the pool too. The pool and cover suites assert exact
figures, so they override the same fixture names with a fresh deployment per test
(about 0.2 s): same names, same meaning, no shared state.
"""

from __future__ import annotations

import boa
import pytest

from safetynet.deploy import AUDITOR_ROLE, GUARDIAN_ROLE, Protocol, deploy_protocol
from tests.conftest import USDC, add_product, fund


def deploy_world(admin: str, treasury: str, auditor: str, guardian: str, **kwargs) -> Protocol:
    """deploy_protocol as users get it, plus the auditor and guardian roles on Cover."""
    boa.env.eoa = admin
    p = deploy_protocol(admin=admin, params={"treasury": treasury}, **kwargs)
    if p.timelock is None:
        with boa.env.prank(admin):
            p.cover.grantRole(GUARDIAN_ROLE, guardian)
            p.cover.grantRole(AUDITOR_ROLE, auditor)
    return p


@pytest.fixture
def protocol(admin, treasury, auditor, guardian) -> Protocol:
    return deploy_world(admin, treasury, auditor, guardian)


@pytest.fixture
def pool(protocol):
    return protocol.pool


@pytest.fixture
def cover(protocol):
    return protocol.cover


@pytest.fixture
def asset(protocol):
    return protocol.asset


@pytest.fixture
def product(protocol, auditor) -> int:
    """An attested PROTOCOL product (2.5%/year, 10M USDC capacity, 1 day waiting)."""
    return add_product(protocol, auditor)


@pytest.fixture
def funded_pool(protocol, underwriter) -> int:
    """The underwriter deposited 1,000,000 USDC (of 10,000,000 minted); returns the shares."""
    fund(protocol.asset, underwriter, protocol.pool.address, 10_000_000 * USDC)
    with boa.env.prank(underwriter):
        return protocol.pool.deposit(1_000_000 * USDC, underwriter)


@pytest.fixture
def payer(protocol):
    """A test account wired in by the admin as the `claims` payer of the pool and Cover."""
    account = boa.env.generate_address("payer")
    with boa.env.prank(protocol.admin):
        protocol.pool.set_payers(account, protocol.parametric.address)
        protocol.cover.set_payers(account, protocol.parametric.address)
    return account


@pytest.fixture
def requested(protocol, underwriter, funded_pool):
    """The underwriter asked to withdraw every share and waited out the cooldown."""
    with boa.env.prank(underwriter):
        protocol.pool.request_withdrawal(funded_pool)
    boa.env.time_travel(seconds=protocol.pool.withdrawal_cooldown())
    return funded_pool
