"""Sending transactions: who signs (`acting_as`), allowances, and reverts as SafetyNetErrors.

The revert decoding itself is chain plumbing (`safetynet.chain.revert_reason`); it is
re-exported here for callers of the SDK.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from safetynet.chain import revert_reason, transact
from safetynet.errors import SafetyNetError

if TYPE_CHECKING:
    from safetynet.deploy import Protocol

MAX_UINT = 2**256 - 1

__all__ = [
    "MAX_UINT",
    "acting_as",
    "approve_if_needed",
    "require_balance",
    "require_positive",
    "revert_reason",
    "transact",
]


@contextmanager
def acting_as(sender: str | None) -> Iterator[str]:
    """Send the enclosed transactions from `sender` (default: the current account)."""
    import boa

    if sender is None or str(sender).lower() == str(boa.env.eoa).lower():
        yield str(boa.env.eoa)
        return
    with boa.env.prank(sender):
        yield str(sender)


def approve_if_needed(p: Protocol, owner: str, spender: str, amount: int) -> None:
    """Approve `spender` for the pool asset when the allowance is short."""
    if p.asset.allowance(owner, spender) < amount:
        with acting_as(owner):
            transact(p.asset.approve, spender, MAX_UINT)


def require_positive(amount: int, what: str) -> None:
    """Refuse a zero or negative amount before anything is sent."""
    if amount <= 0:
        raise SafetyNetError(f"{what} must be greater than zero")


def require_balance(p: Protocol, owner: str, amount: int) -> None:
    """Refuse, in whole tokens, when `owner` holds less of the pool asset than `amount`."""
    balance = p.asset.balanceOf(owner)
    if balance < amount:
        from safetynet.units import fmt_units

        d, symbol = p.asset.decimals(), p.asset.symbol()
        raise SafetyNetError(
            f"{owner} holds {fmt_units(balance, d)} {symbol} but needs {fmt_units(amount, d)} "
            f"{symbol}: top it up (local chains: `safetynet dev mint`)"
        )
