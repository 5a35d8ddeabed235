"""Deploying the whole protocol in the current titanoboa environment, and deployment manifests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import boa
from eth_utils import keccak

from safetynet.artifacts import abi_factory, deployer
from safetynet.errors import SafetyNetError
from safetynet.manifest import CONTRACT_ROLES, Handles, check_connected, read_manifest

_ZERO = "0x" + "00" * 20
ASSET_DECIMALS = 6
SNET_SUPPLY = 100_000_000 * 10**18
TIMELOCK_DELAY = 2 * 86_400
DEFAULT_ADMIN_ROLE = b"\x00" * 32
AUDITOR_ROLE = keccak(text="AUDITOR_ROLE")
GUARDIAN_ROLE = keccak(text="GUARDIAN_ROLE")

# Pool parameters a deployment may override, with the setter that takes them.
POOL_PARAMS = (
    "withdrawal_cooldown",
    "withdrawal_window",
    "treasury_fee_bps",
    "assessment_fee_bps",
    "max_leverage_bps",
)

# Claims parameters a deployment may override (Claims.set_params, in this order).
CLAIMS_PARAMS = (
    "stake_lock",
    "voting_period",
    "silent_ending",
    "payout_cooldown",
    "claim_grace",
    "claim_deposit_bps",
    "min_claim_deposit",
    "assessment_reward_bps",
    "quorum",
)


@dataclass
class Protocol(Handles):
    """Handles of one SafetyNet deployment (titanoboa contracts)."""

    # The block before this deployment's first contract: an indexer starts reading there
    # (None when loaded from a manifest that does not say: the block of saving is used).
    block: int | None = None

    # -- manifests -----------------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        """Addresses, chain id and block of this deployment, JSON-ready."""
        handles = {role: getattr(self, role) for role in CONTRACT_ROLES} | self.extra
        addresses = {k: (str(c.address) if c is not None else None) for k, c in handles.items()}
        return {
            "chain_id": _chain_id(),
            "block": self.block if self.block is not None else _block_number(),
            "admin": str(self.admin),
            "treasury": str(self.treasury),
            "addresses": addresses,
        }

    def save(self, path: str | Path) -> Path:
        """Write the manifest as JSON; returns the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.manifest(), indent=2) + "\n")
        return path

    @classmethod
    def load(cls, path: str | Path, *, abi_only: bool = False) -> Protocol:
        """Attach to a deployment described by a manifest, in the current environment.

        abi_only attaches through the shipped ABIs (no compilation: fast, for clients);
        otherwise through the compiled sources (titanoboa then knows storage and source maps).
        """
        data = read_manifest(path)
        check_connected(path, data, _chain_id(), lambda address: bool(boa.env.get_code(address)))
        a = data["addresses"]
        factory = abi_factory if abi_only else deployer
        handles = {
            key: (factory(name).at(a[key]) if a.get(key) else None)
            for key, name in CONTRACT_ROLES.items()
            if key in a
        }
        extra = {
            key: factory(_extra_name(key)).at(addr)
            for key, addr in a.items()
            if key not in CONTRACT_ROLES and addr
        }
        return cls(
            admin=data["admin"], treasury=data.get("treasury", ""), extra=extra,
            block=data.get("block"), **handles,
        )  # fmt: skip


# Manifest keys of extra contracts, by prefix -> contract (the rest are sample feeds).
EXTRA_CONTRACT_PREFIXES: dict[str, str] = {"proxy_": "MockProxy", "logic_": "MockLogic"}


def _extra_name(key: str) -> str:
    for prefix, name in EXTRA_CONTRACT_PREFIXES.items():
        if key.startswith(prefix):
            return name
    return "MockAggregator"


def _chain_id() -> int:
    env = boa.env
    if hasattr(env, "get_chain_id"):
        return int(env.get_chain_id())
    return int(env.evm.patch.chain_id)


def _block_number() -> int:
    return int(boa.env.evm.patch.block_number)


def deploy_protocol(
    asset: Any = None,
    admin: str | None = None,
    governance: Literal["local", "timelock"] = "local",
    params: dict[str, Any] | None = None,
) -> Protocol:
    """Deploy SafetyNet in the current titanoboa environment.

    asset: an ERC-20 contract handle or address; None deploys MockERC20 (6 decimals).
    admin: the deployer account (default: boa.env.eoa). In "local" mode it keeps
    DEFAULT_ADMIN_ROLE everywhere; in "timelock" mode a Timelock (2-day delay, the admin
    as proposer and executor) takes DEFAULT_ADMIN_ROLE and the admin renounces it.
    params: pool and claims parameter overrides (see POOL_PARAMS, CLAIMS_PARAMS), "treasury",
    "snet_supply".
    """
    params = dict(params or {})
    unknown = (
        set(params)
        - set(POOL_PARAMS)
        - set(CLAIMS_PARAMS)
        - {"treasury", "snet_supply", "timelock_delay", "quorum_bps"}
    )
    if unknown:
        raise SafetyNetError(f"unknown deployment parameters: {', '.join(sorted(unknown))}")
    if governance not in ("local", "timelock"):
        raise SafetyNetError('governance must be "local" or "timelock"')
    admin = str(admin or boa.env.eoa)
    treasury = str(params.get("treasury") or admin)
    first_block = _block_number()

    with boa.env.prank(admin):
        if asset is None:
            asset = deployer("MockERC20").deploy("USD Coin (mock)", "USDC", ASSET_DECIMALS)
        elif isinstance(asset, str):
            asset = deployer("MockERC20").at(asset)
        # Cover creates its pool from a blueprint, so the pool knows Cover as its only booker.
        pool_blueprint = deployer("CapitalPool").deploy_as_blueprint()
        # tokenURI is rendered by a stateless CoverMetadata (Cover is near the size limit).
        metadata = deployer("CoverMetadata").deploy()
        cover = deployer("Cover").deploy(
            pool_blueprint.address, asset.address, treasury, metadata.address
        )
        pool = deployer("CapitalPool").at(cover.pool())
        token_receiver = admin if governance == "local" else treasury
        token = deployer("SNET").deploy(params.get("snet_supply", SNET_SUPPLY), token_receiver)
        _apply_pool_params(pool, params)

    protocol = Protocol(
        asset=asset, pool=pool, cover=cover, token=token, admin=admin, treasury=treasury,
        block=first_block,
    )  # fmt: skip
    with boa.env.prank(admin):
        # --- Claims ---
        protocol.claims = deployer("Claims").deploy(cover.address, pool.address, token.address)
        if any(k in params for k in CLAIMS_PARAMS):
            claims_c = protocol.claims
            # "quorum" sets the floor (min_quorum); its current value is the default.
            current = {
                k: getattr(claims_c, "min_quorum" if k == "quorum" else k)() for k in CLAIMS_PARAMS
            }
            claims_c.set_params(*(params.get(k, current[k]) for k in CLAIMS_PARAMS))
        if "quorum_bps" in params:
            protocol.claims.set_quorum(protocol.claims.min_quorum(), params["quorum_bps"])

        # --- Parametric ---
        protocol.parametric = deployer("Parametric").deploy(cover.address, pool.address)

        # Wire the contracts allowed to record payouts and pay losses.
        claims = protocol.claims.address if protocol.claims is not None else _ZERO
        parametric = protocol.parametric.address if protocol.parametric is not None else _ZERO
        pool.set_payers(claims, parametric)
        cover.set_payers(claims, parametric)

        # --- CodeGuard: attestations bound to the covered code ---
        protocol.code_guard = deployer("CodeGuard").deploy(cover.address)
        cover.set_code_guard(protocol.code_guard.address)

    if governance == "timelock":
        protocol.timelock = _hand_over_to_timelock(protocol, params.get("timelock_delay"))
    return protocol


def _apply_pool_params(pool: Any, params: dict[str, Any]) -> None:
    if "withdrawal_cooldown" in params or "withdrawal_window" in params:
        pool.set_withdrawal_periods(
            params.get("withdrawal_cooldown", pool.withdrawal_cooldown()),
            params.get("withdrawal_window", pool.withdrawal_window()),
        )
    if "treasury_fee_bps" in params or "assessment_fee_bps" in params:
        pool.set_fees(
            params.get("treasury_fee_bps", pool.treasury_fee_bps()),
            params.get("assessment_fee_bps", pool.assessment_fee_bps()),
        )
    if "max_leverage_bps" in params:
        pool.set_max_leverage_bps(params["max_leverage_bps"], keccak(text="deployment parameters"))


def admin_contracts(protocol: Protocol) -> list[Any]:
    """Every deployed contract that holds DEFAULT_ADMIN_ROLE."""
    items = [protocol.pool, protocol.cover, protocol.claims, protocol.parametric]
    return [c for c in items if c is not None]


def _hand_over_to_timelock(protocol: Protocol, delay: int | None) -> Any:
    admin = protocol.admin
    with boa.env.prank(admin):
        timelock = deployer("Timelock").deploy(
            TIMELOCK_DELAY if delay is None else delay, [admin], [admin]
        )
        for contract in admin_contracts(protocol):
            contract.grantRole(DEFAULT_ADMIN_ROLE, timelock.address)
            contract.renounceRole(DEFAULT_ADMIN_ROLE, admin)
    return timelock
