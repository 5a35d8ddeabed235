"""Attaching to a deployment read-only: the manifest's contracts over plain JSON-RPC.

`load_read_only` gives an object with the same handles as `deploy.Protocol` (asset, pool,
cover, token, claims, parametric, timelock), whose view functions answer like titanoboa's,
so every SDK read (products, pool_state, position, covers, quote, ...) works on it. It loads
neither titanoboa nor a signer: the CLI's read commands use it to answer in well under a
second. Sending a transaction through it is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safetynet import chain
from safetynet.artifacts import abi_dir
from safetynet.manifest import CONTRACT_ROLES, Handles, check_connected, read_manifest

# Manifest key -> shipped ABI (as deploy.Protocol.load attaches them); the name the SDK
# has always had for safetynet.manifest.CONTRACT_ROLES.
CONTRACT_ABIS = CONTRACT_ROLES


@dataclass
class ReadOnlyDeployment(Handles):
    """The handles of one deployment, for reading (see the module docstring)."""


def shipped_abi(name: str) -> list[dict[str, Any]]:
    """A contract's ABI as shipped in the package (safetynet/abi/<name>.json)."""
    return list(json.loads((abi_dir() / f"{name}.json").read_text()))


def load_read_only(path: str | Path) -> ReadOnlyDeployment:
    """Attach read-only to the deployment in a manifest, on the `chain.use_reader` node.
    Refuses, like `Protocol.load`, a missing or broken manifest, another chain's manifest
    and a chain without the pool's code (reset)."""
    data = read_manifest(path)
    check_connected(path, data, chain.chain_id(), _has_code)
    a = data["addresses"]
    handles = {
        key: (chain.RpcContract(a[key], shipped_abi(name)) if a.get(key) else None)
        for key, name in CONTRACT_ABIS.items()
        if key in a
    }
    return ReadOnlyDeployment(admin=data["admin"], treasury=data.get("treasury", ""), **handles)


def _has_code(address: str) -> bool:
    return str(chain.rpc("eth_getCode", [address, "latest"])) not in ("0x", "")
