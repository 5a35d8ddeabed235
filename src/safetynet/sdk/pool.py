"""The capital pool: its state, an underwriter's position, deposits and withdrawals."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from safetynet import chain
from safetynet.errors import SafetyNetError
from safetynet.sdk.record import Record
from safetynet.sdk.transactions import (
    acting_as,
    approve_if_needed,
    require_balance,
    require_positive,
    transact,
)

if TYPE_CHECKING:
    from safetynet.deploy import Protocol


@dataclass(frozen=True)
class PoolState(Record, shown=("utilization_bps",)):
    """A snapshot of the pool, in smallest units (share_price: assets per whole share)."""

    asset_symbol: str
    asset_decimals: int
    total_assets: int
    unearned_premium: int
    fees_owed: int
    balance: int
    total_supply: int
    share_price: int
    active_cover: int
    locked_capital: int
    open_claims: int
    max_leverage_bps: int
    cover_count: int
    timestamp: int

    @property
    def utilization_bps(self) -> int:
        if self.total_assets == 0:
            return 0
        return self.locked_capital * 10_000 // self.total_assets


def pool_state(p: Protocol) -> PoolState:
    """Read the pool's capital, premium and cover figures."""
    pool = p.pool
    return PoolState(
        asset_symbol=p.asset.symbol(),
        asset_decimals=p.asset.decimals(),
        total_assets=pool.totalAssets(),
        unearned_premium=pool.unearned_premium(),
        fees_owed=pool.fees_owed(),
        balance=p.asset.balanceOf(pool.address),
        total_supply=pool.totalSupply(),
        share_price=pool.share_price(),
        active_cover=pool.active_cover(),
        locked_capital=pool.locked_capital(),
        open_claims=pool.open_claims(),
        max_leverage_bps=pool.max_leverage_bps(),
        cover_count=pool.cover_count(),
        timestamp=chain.now(),
    )


def position(p: Protocol, owner: str) -> dict[str, int]:
    """An underwriter's shares, their value, pending request and what can be withdrawn now."""
    shares = p.pool.balanceOf(owner)
    requested, ready_at, expires_at = p.pool.withdrawal_request(owner)
    return {
        "shares": shares,
        "assets": p.pool.convertToAssets(shares),
        "requested_shares": requested,
        "ready_at": ready_at,
        "expires_at": expires_at,
        "max_withdraw": p.pool.maxWithdraw(owner),
        "max_redeem": p.pool.maxRedeem(owner),
    }


def deposit(p: Protocol, amount: int, sender: str | None = None) -> int:
    """Deposit `amount` of the asset into the pool; returns shares minted."""
    require_positive(amount, "deposit amount")
    with acting_as(sender) as who:
        require_balance(p, who, amount)
        approve_if_needed(p, who, p.pool.address, amount)
        return transact(p.pool.deposit, amount, who)


def request_withdrawal(p: Protocol, shares: int, sender: str | None = None) -> tuple[int, int]:
    """Start the cooldown for `shares`; returns (ready_at, expires_at)."""
    with acting_as(sender) as who:
        transact(p.pool.request_withdrawal, shares)
        _, ready_at, expires_at = p.pool.withdrawal_request(who)
        return ready_at, expires_at


def cancel_withdrawal(p: Protocol, sender: str | None = None) -> None:
    """Drop the pending withdrawal request."""
    with acting_as(sender):
        transact(p.pool.cancel_withdrawal)


def withdraw(p: Protocol, amount: int, sender: str | None = None) -> int:
    """Withdraw exactly `amount` of the asset after the cooldown; returns shares burned."""
    require_positive(amount, "withdrawal amount")
    with acting_as(sender) as who:
        return transact(p.pool.withdraw, amount, who, who)


def redeem(p: Protocol, shares: int | None = None, sender: str | None = None) -> int:
    """Redeem `shares` (default: all that can be redeemed now); returns assets paid."""
    with acting_as(sender) as who:
        if shares is None:
            shares = p.pool.maxRedeem(who)
            if shares == 0:
                raise SafetyNetError(
                    "nothing to redeem now: request a withdrawal and wait for the cooldown"
                )
        return transact(p.pool.redeem, shares, who, who)


def shares_for_amount(p: Protocol, amount: int) -> int:
    """Pool shares that withdrawing `amount` of the asset burns now (ERC-4626 previewWithdraw,
    rounded up): what `request_withdrawal` must cover to take out `amount`."""
    return int(transact(p.pool.previewWithdraw, amount))


def shares_value(p: Protocol, shares: int) -> int:
    """What `shares` are worth in the asset now (ERC-4626 convertToAssets)."""
    return int(p.pool.convertToAssets(shares))


def shares_of(p: Protocol, owner: str) -> int:
    """Pool shares `owner` holds."""
    return int(p.pool.balanceOf(owner))


def share_decimals(p: Protocol) -> int:
    """Decimals of a pool share (the asset's + the pool's offset)."""
    return int(p.pool.decimals())


def withdrawal_request(p: Protocol, owner: str) -> tuple[int, int, int]:
    """`owner`'s pending request: (shares, ready_at, expires_at); zeros when none."""
    requested, ready_at, expires_at = p.pool.withdrawal_request(owner)
    return int(requested), int(ready_at), int(expires_at)


def cover_count(p: Protocol) -> int:
    """How many covers were ever sold (ids run from 1 to this)."""
    return int(p.pool.cover_count())
