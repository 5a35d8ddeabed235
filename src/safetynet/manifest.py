"""Deployment manifests: the JSON a deployment is saved to (`deploy.Protocol.save`) and every
client attaches from (chain id, first block, admin, treasury, role -> address), and the
handles of one deployment by role, whichever way a client attaches to them."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safetynet.errors import SafetyNetError

# Manifest role -> the contract there (its source in artifacts.CONTRACTS, its shipped ABI).
CONTRACT_ROLES: dict[str, str] = {
    "asset": "MockERC20",
    "pool": "CapitalPool",
    "cover": "Cover",
    "token": "SNET",
    "claims": "Claims",
    "parametric": "Parametric",
    "timelock": "Timelock",
    "code_guard": "CodeGuard",
}


@dataclass
class Handles:
    """The contracts of one deployment by role (titanoboa contracts, or read-only handles
    over JSON-RPC), its admin and treasury; `extra` holds the manifest's other contracts."""

    asset: Any
    pool: Any
    cover: Any
    token: Any
    admin: str
    claims: Any = None
    parametric: Any = None
    timelock: Any = None
    code_guard: Any = None
    treasury: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def read_manifest(path: str | Path) -> dict[str, Any]:
    """The manifest at `path`, refused with what to do when it is missing or not JSON."""
    path = Path(path)
    try:
        data: dict[str, Any] = json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise SafetyNetError(f"no deployment manifest at {path}: deploy first") from exc
    except json.JSONDecodeError as exc:
        raise SafetyNetError(f"manifest {path} is not valid JSON: {exc}") from exc
    return data


def check_connected(path: str | Path, data: dict[str, Any], chain_id: int,
                    has_code: Callable[[str], bool]) -> None:  # fmt: skip
    """Refuse a manifest of another chain than the connected one (`chain_id`), and a chain
    without code at the manifest's pool (it was reset since)."""
    if data.get("chain_id") != chain_id:
        raise SafetyNetError(
            f"manifest {path} is for chain {data.get('chain_id')}, connected to chain {chain_id}"
        )
    pool = data["addresses"]["pool"]
    if not has_code(pool):
        raise SafetyNetError(
            f"no contract at the manifest's pool address {pool}: the chain was reset; "
            "delete the manifest to deploy again"
        )
