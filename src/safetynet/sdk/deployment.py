"""Attaching to a deployment read-only: the manifest's contracts over plain JSON-RPC.

`load_read_only` gives an object with the same handles as `deploy.Protocol` (asset, pool,
cover, token, claims, parametric, timelock), whose view functions answer like titanoboa's,
so every SDK read (products, pool_state, position, covers, quote, ...) works on it. It loads
neither titanoboa nor a signer: the CLI's read commands use it to answer in well under a
second. Sending a transaction through it is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from safetynet import chain
from safetynet.errors import SafetyNetError

# Manifest key -> shipped ABI (as deploy.Protocol.load attaches them).
CONTRACT_ABIS: dict[str, str] = {
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
class ReadOnlyDeployment:
    """The handles of one deployment, for reading (see the module docstring)."""

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


def shipped_abi(name: str) -> list[dict[str, Any]]:
    """A contract's ABI as shipped in the package (safetynet/abi/<name>.json)."""
    path = Path(str(resources.files("safetynet") / "abi" / f"{name}.json"))
    return list(json.loads(path.read_text()))


def load_read_only(path: str | Path) -> ReadOnlyDeployment:
    """Attach read-only to the deployment in a manifest, on the `chain.use_reader` node.
    Refuses, like `Protocol.load`, a missing or broken manifest, another chain's manifest
    and a chain without the pool's code (reset)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise SafetyNetError(f"no deployment manifest at {path}: deploy first") from exc
    except json.JSONDecodeError as exc:
        raise SafetyNetError(f"manifest {path} is not valid JSON: {exc}") from exc
    connected = chain.chain_id()
    if data.get("chain_id") != connected:
        raise SafetyNetError(
            f"manifest {path} is for chain {data.get('chain_id')}, connected to chain {connected}"
        )
    a = data["addresses"]
    if str(chain.rpc("eth_getCode", [a["pool"], "latest"])) in ("0x", ""):
        raise SafetyNetError(
            f"no contract at the manifest's pool address {a['pool']}: the chain was reset; "
            "delete the manifest to deploy again"
        )
    handles = {
        key: (chain.RpcContract(a[key], shipped_abi(name)) if a.get(key) else None)
        for key, name in CONTRACT_ABIS.items()
        if key in a
    }
    return ReadOnlyDeployment(admin=data["admin"], treasury=data.get("treasury", ""), **handles)
