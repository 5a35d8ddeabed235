"""Deployers and builders: the protocol as users get it, plus the roles and state tests
start from (a listed product, capital in the pool, a funded buyer)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boa

from safetynet.deploy import AUDITOR_ROLE, GUARDIAN_ROLE, Protocol, deploy_protocol
from tests.utils.chain import now
from tests.utils.constants import (
    DAY,
    MAX_UINT,
    MIN_DURATION,
    PARAMETRIC,
    THRESHOLD,
    USDC,
    WAITING,
)


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


def cover_buyer(protocol: Protocol, buyer: str, product_id: int) -> Callable[..., int]:
    """Fund `buyer` with 1,000,000 USDC for premiums; return buy(amount=10,000 USDC,
    period=30 days, pid=product_id, owner=buyer) -> cover id, bought as `buyer`."""
    fund(protocol.asset, buyer, protocol.cover.address, 1_000_000 * USDC)

    def buy(
        amount: int = 10_000 * USDC,
        period: int = 30 * DAY,
        pid: int | None = None,
        owner: str | None = None,
    ) -> int:
        with boa.env.prank(buyer):
            return protocol.cover.buy_cover(
                product_id if pid is None else pid, amount, period, 2**255, owner or buyer
            )

    return buy


def parametric_product(protocol: Protocol, auditor: str, name: str, feed: Any) -> int:
    """A PARAMETRIC product paying 100% after an hour below 0.97 on `feed` (2%/year, 1 hour
    waiting, 50M USDC capacity), attested."""
    pid = add_product(
        protocol, auditor, name=name, kind=PARAMETRIC, rate_bps=200, waiting=WAITING,
        capacity=50_000_000 * USDC,
    )  # fmt: skip
    set_trigger(protocol, pid, feed, THRESHOLD, MIN_DURATION)
    return pid
