"""The fixture tree (docs/testing.md).

One protocol deployment per session (per xdist worker), made eagerly before the first test;
every fixture that writes chain state is function-scoped, and titanoboa's pytest plugin runs
each test (and each hypothesis example) inside `boa.env.anchor()`, so every test starts from
the deployment exactly as it was made: nothing one test does is seen by another. Domain
fixtures (claims, parametric, risk engine) live in tests/fixtures/ and are loaded below;
helpers that are not fixtures live in tests/utils/. No test imports from a conftest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boa
import pytest
from boa.contracts.vyper import vyper_contract

import tests.utils.strategies  # noqa: F401 - registers and loads the hypothesis profiles first
from safetynet.deploy import Protocol
from tests.utils.constants import USDC
from tests.utils.deploy import add_product, cover_buyer, deploy_world, deposit

pytest_plugins = ["tests.fixtures.claims", "tests.fixtures.parametric", "tests.fixtures.risk"]

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


# ------------------------------------------------------------------------------- actors
# Named for their role (STYLE.md); the same address on every worker and in every test.


def _session_fixture(name: str, doc: str, value: Callable[..., Any]) -> Any:
    """A session-scoped fixture called `name` whose value `value` computes."""
    value.__doc__ = doc
    return pytest.fixture(scope="session", name=name)(value)


def _actor(name: str) -> Any:
    """The address titanoboa generates for `name`, as a fixture of that name."""
    doc = f"The {name.replace('_', ' ')}'s address."
    return _session_fixture(name, doc, lambda: boa.env.generate_address(name))


admin = _actor("admin")
treasury = _actor("treasury")
auditor = _actor("auditor")
guardian = _actor("guardian")
underwriter = _actor("underwriter")
policyholder = _actor("policyholder")
assessor = _actor("assessor")
second_assessor = _actor("second_assessor")
third_assessor = _actor("third_assessor")
keeper = _actor("keeper")
attacker = _actor("attacker")
new_owner = _actor("new_owner")


# --------------------------------------------------------------------------- deployment


@pytest.fixture(scope="session", autouse=True)
def protocol(admin, treasury, auditor, guardian) -> Protocol:
    """The whole system, deployed with the same deploy_protocol users get (admin as the
    default sender), the guardian and auditor roles granted. Made once per worker, before
    the first test; every test starts from it (titanoboa rolls each test back)."""
    return deploy_world(admin, treasury, auditor, guardian)


@pytest.fixture(autouse=True)
def _default_sender(protocol) -> Iterator[None]:
    """Every test starts with the admin as titanoboa's default sender, whatever the test
    before it set (the EVM rolls back; `boa.env.eoa` is not part of its state)."""
    boa.env.eoa = protocol.admin
    yield


def _part(name: str) -> Any:
    """That contract of the session deployment, as a fixture of that name."""
    doc = f"protocol.{name} of the session deployment."
    return _session_fixture(name, doc, lambda protocol: getattr(protocol, name))


pool = _part("pool")
cover = _part("cover")
asset = _part("asset")
claims = _part("claims")
token = _part("token")  # SNET
parametric = _part("parametric")


# ------------------------------------------------------------------ state tests start from


@pytest.fixture
def product(protocol, auditor) -> int:
    """An attested PROTOCOL product (2.5%/year, 10M USDC capacity, 1 day waiting)."""
    return add_product(protocol, auditor)


@pytest.fixture
def funded_pool(protocol, underwriter) -> int:
    """The underwriter deposited 1,000,000 USDC (of 10,000,000 minted); returns the shares."""
    return deposit(protocol, underwriter, 1_000_000 * USDC, minted=10_000_000 * USDC)


@pytest.fixture
def buy(protocol, policyholder, product, funded_pool) -> Callable[..., int]:
    """buy(amount=10,000 USDC, period=30 days, pid=product, owner=policyholder) buys cover
    as the policyholder (funded with 1,000,000 USDC); returns the cover id."""
    return cover_buyer(protocol, policyholder, product)


@pytest.fixture
def payer(protocol) -> str:
    """A test account wired in by the admin as the `claims` payer of the pool and Cover."""
    account = boa.env.generate_address("payer")
    with boa.env.prank(protocol.admin):
        protocol.pool.set_payers(account, protocol.parametric.address)
        protocol.cover.set_payers(account, protocol.parametric.address)
    return account


@pytest.fixture
def requested(protocol, underwriter, funded_pool) -> int:
    """The underwriter asked to withdraw every share and waited out the cooldown."""
    with boa.env.prank(underwriter):
        protocol.pool.request_withdrawal(funded_pool)
    boa.env.time_travel(seconds=protocol.pool.withdrawal_cooldown())
    return funded_pool
