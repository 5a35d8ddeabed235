"""How a CLI command reaches the chain: the global options, the deployment, the signer, output."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console

from safetynet.chain import use_network
from safetynet.deploy import Protocol
from safetynet.errors import SafetyNetError
from safetynet.settings import get_settings

console = Console()
err_console = Console(stderr=True)


@dataclass
class CLIState:
    """Global options, set by the main callback before any command runs."""

    rpc_url: str | None = None
    account: int | None = None
    private_key: str | None = None
    home: Path = Path(".safetynet")
    manifest: Path | None = None


STATE = CLIState()


def configure(
    rpc_url: str | None, account: int | None, manifest: Path | None, home: Path | None = None
) -> None:
    settings = get_settings()
    STATE.rpc_url = rpc_url or settings.rpc_url
    STATE.account = account
    STATE.private_key = settings.private_key if account is None else None
    STATE.home = home or settings.home
    STATE.manifest = manifest


def manifest_path() -> Path:
    """Where the deployment manifest of the chain in use lives."""
    return STATE.manifest or STATE.home / "deployment.json"


def node_file() -> Path:
    """Written by `safetynet up` while its chain runs: {"rpc_url": ..., "pid": ...}."""
    return STATE.home / "node.json"


def local_node_url() -> str | None:
    """The RPC URL of a running `make up` chain, if there is one."""
    try:
        data = json.loads(node_file().read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    url = data.get("rpc_url")
    if not url or not _answers(url):
        return None
    return str(url)


def _answers(url: str) -> bool:
    import urllib.request

    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []})
    request = urllib.request.Request(
        url, data=body.encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return b"result" in response.read()
    except OSError:
        return False


def connect() -> str:
    """Connect to the chosen chain and signer; returns the sender address."""
    url = STATE.rpc_url
    if url is None:
        url = local_node_url()
        if url is None:
            raise SafetyNetError(
                "no chain to talk to: start the local one with `make up` in another shell, "
                "or pass --rpc-url URL (or set SAFETYNET_RPC_URL)"
            )
        err_console.print(f"[dim]using the local chain from `make up` at {url}[/]")
    return use_network(url, private_key=STATE.private_key, account=STATE.account)


def open_protocol() -> tuple[Protocol, str]:
    """Connect and attach to the deployment in the manifest; returns (protocol, sender)."""
    sender = connect()
    return Protocol.load(manifest_path(), abi_only=True), sender


def emit_json(data: Any) -> None:
    """Machine-readable output on stdout (one JSON document)."""
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")
