"""Accounts: what one holds (asset, ETH, SNET), dev-chain funding, and role grants."""

from __future__ import annotations

from typing import TYPE_CHECKING

from safetynet import chain
from safetynet.errors import SafetyNetError
from safetynet.sdk.transactions import acting_as, require_positive, transact

if TYPE_CHECKING:
    from safetynet.deploy import Protocol

SNET_DECIMALS = 18
ETH_DECIMALS = 18
# Manifest name -> the Protocol attribute holding that contract.
ROLE_CONTRACTS = ("cover", "pool", "claims", "parametric", "token")


def asset_decimals(p: Protocol) -> int:
    """Decimals of the pool asset (USDC: 6)."""
    return int(p.asset.decimals())


def asset_symbol(p: Protocol) -> str:
    """Symbol of the pool asset."""
    return str(p.asset.symbol())


def asset_balance(p: Protocol, owner: str) -> int:
    """Pool asset `owner` holds, in its smallest unit."""
    return int(p.asset.balanceOf(owner))


def snet_balance(p: Protocol, owner: str) -> int:
    """SNET (18 decimals) `owner` holds, staked SNET not included."""
    return int(p.token.balanceOf(owner))


def eth_balance(owner: str) -> int:
    """ETH `owner` holds, in wei (what pays for gas)."""
    return chain.eth_balance(owner)


def mint_asset(p: Protocol, to: str, amount: int, sender: str | None = None) -> None:
    """Mint the mock pool asset (MockERC20, local chains only: a real asset refuses)."""
    with acting_as(sender):
        transact(p.asset.mint, to, amount)


def transfer_snet(p: Protocol, to: str, amount: int, sender: str | None = None) -> None:
    """Send SNET from `sender` (default: the current account) to `to`."""
    require_positive(amount, "SNET amount")
    with acting_as(sender):
        transact(p.token.transfer, to, amount)


def fund_dev_account(
    p: Protocol, address: str, asset_amount: int, snet_amount: int = 0, *, sender: str
) -> None:
    """Local chains: mint `asset_amount` of the mock asset to `address` and send it
    `snet_amount` SNET from `sender` (the deployer holds the supply), so it can buy cover,
    underwrite and stake for claim assessment."""
    if asset_amount:
        mint_asset(p, address, asset_amount, sender=sender)
    if snet_amount:
        transfer_snet(p, address, snet_amount, sender=sender)


def role_id(role: str | bytes) -> bytes:
    """A role's 32-byte id from its name ("AUDITOR_ROLE") or the id itself."""
    if isinstance(role, bytes):
        return role
    if role == "DEFAULT_ADMIN_ROLE":
        return b"\x00" * 32
    if role.startswith("0x") and len(role) == 66:
        return bytes.fromhex(role[2:])
    from eth_utils import keccak

    return bytes(keccak(text=role))


def _role_contract(p: Protocol, contract: str) -> object:
    if contract not in ROLE_CONTRACTS or getattr(p, contract, None) is None:
        raise SafetyNetError(
            f"no {contract!r} contract with roles in this deployment: use one of "
            f"{', '.join(c for c in ROLE_CONTRACTS if getattr(p, c, None) is not None)}"
        )
    return getattr(p, contract)


def has_role(p: Protocol, contract: str, role: str | bytes, account: str) -> bool:
    """True when `account` holds `role` on `contract` ("cover", "claims", ...)."""
    return bool(_role_contract(p, contract).hasRole(role_id(role), account))  # type: ignore[attr-defined]


def grant_role(
    p: Protocol, contract: str, role: str | bytes, account: str, sender: str | None = None
) -> bool:
    """Grant `role` on `contract` to `account` (the role's admin signs); returns False when
    it already held it (nothing sent)."""
    if has_role(p, contract, role, account):
        return False
    target = _role_contract(p, contract)
    with acting_as(sender):
        transact(target.grantRole, role_id(role), account)  # type: ignore[attr-defined]
    return True
