"""Deployers and builders: the protocol as users get it, plus the roles and state tests
start from (a listed product, capital in the pool, a funded buyer)."""

from __future__ import annotations

from typing import Any

import boa

from safetynet.deploy import AUDITOR_ROLE, GUARDIAN_ROLE, Protocol, deploy_protocol
from tests.utils.chain import now
from tests.utils.constants import DAY, MAX_UINT, USDC


def deploy_world(admin: str, treasury: str, auditor: str, guardian: str, **kwargs: Any) -> Protocol:
    """deploy_protocol as users get it (admin as titanoboa's default sender), plus the
    guardian role on every contract that has one and the auditor role on Cover. Under
    timelock governance roles go through the Timelock, so none is granted here."""
    boa.env.eoa = admin
    params = {"treasury": treasury, **kwargs.pop("params", {})}
    p = deploy_protocol(admin=admin, params=params, **kwargs)
    if p.timelock is None:
        with boa.env.prank(admin):
            for contract in (p.cover, p.claims, p.parametric):
                if contract is not None and hasattr(contract, "GUARDIAN_ROLE"):
                    contract.grantRole(GUARDIAN_ROLE, guardian)
            p.cover.grantRole(AUDITOR_ROLE, auditor)
    return p


def fund(asset: Any, owner: str, spender: str, amount: int) -> None:
    """Mint test asset to `owner` and approve `spender` for all of it."""
    asset.mint(owner, amount)
    with boa.env.prank(owner):
        asset.approve(spender, MAX_UINT)


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
            protocol.cover.attest(pid, b"\x02" * 32, now() + attest_for)
    return pid


def deposit(protocol: Protocol, underwriter: str, amount: int, minted: int | None = None) -> int:
    """Mint `minted` (default: `amount`) to the underwriter, deposit `amount`; the shares."""
    fund(protocol.asset, underwriter, protocol.pool.address, amount if minted is None else minted)
    with boa.env.prank(underwriter):
        return protocol.pool.deposit(amount, underwriter)


def set_trigger(
    protocol: Protocol,
    product_id: int,
    feed: Any,
    threshold: int,
    min_duration: int,
    payout_bps: int = 10_000,
) -> None:
    """Wire a PARAMETRIC product to its feed (governance's call)."""
    with boa.env.prank(protocol.admin):
        protocol.parametric.set_trigger(product_id, feed.address, threshold, min_duration,
                                        payout_bps)  # fmt: skip
