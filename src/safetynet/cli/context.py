"""How a CLI command reaches the chain: the global options, the deployment, the signer, output."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from safetynet.errors import SafetyNetError

if TYPE_CHECKING:
    from safetynet.deploy import Protocol

# Nothing heavy at import time: `safetynet --help` must not load titanoboa (0.7 s),
# eth_account or pydantic; the commands import them when they reach the chain.

console = Console()
err_console = Console(stderr=True)

# `--json` of the read commands: one JSON document on stdout instead of text for people.
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@dataclass
class CLIState:
    """Global options, set by the main callback before any command runs. Defaults come from
    `Settings` (SAFETYNET_* variables), the one source of them: `home` is read from it when
    the callback has not set it."""

    rpc_url: str | None = None
    account: int | None = None
    private_key: str | None = None
    manifest: Path | None = None
    _home: Path | None = None

    @property
    def home(self) -> Path:
        if self._home is None:
            from safetynet.settings import get_settings

            self._home = get_settings().home
        return self._home

    @home.setter
    def home(self, value: Path) -> None:
        self._home = value


STATE = CLIState()


def configure(
    rpc_url: str | None, account: int | None, manifest: Path | None, home: Path | None = None
) -> None:
    from safetynet.settings import get_settings

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


def chain_url(*, required: bool = True) -> str | None:
    """The chain every command uses: the global --rpc-url (or SAFETYNET_RPC_URL), else the
    running `make up` chain. Commands with a chain of their own to pick (`risk scan 0x…`)
    call this with required=False and fall back to it when not given one."""
    url = STATE.rpc_url
    if url is None:
        url = local_node_url()
        if url is None:
            if not required:
                return None
            raise SafetyNetError(
                "no chain to talk to: start the local one with `make up` in another shell, "
                "or pass --rpc-url URL (or set SAFETYNET_RPC_URL)"
            )
        err_console.print(f"[dim]using the local chain from `make up` at {url}[/]")
    return url


def connect() -> str:
    """Connect to the chosen chain and signer; returns the sender address."""
    from safetynet.chain import use_network

    url = chain_url()
    assert url is not None
    return use_network(url, private_key=STATE.private_key, account=STATE.account)


def open_protocol() -> tuple[Protocol, str]:
    """Connect and attach to the deployment in the manifest; returns (protocol, sender)."""
    from safetynet.deploy import Protocol

    sender = connect()
    return Protocol.load(manifest_path(), abi_only=True), sender


def open_reader() -> tuple[Any, str]:
    """Read-only commands: attach to the manifest's deployment over plain JSON-RPC, without
    titanoboa (see sdk.deployment); returns (deployment, the account the options name)."""
    from safetynet import chain
    from safetynet.sdk.deployment import load_read_only

    url = chain_url()
    assert url is not None
    chain.use_reader(url)
    return load_read_only(manifest_path()), reader_account()


def reader_account() -> str:
    """The address of --account N or SAFETYNET_PRIVATE_KEY, as `connect` would sign with."""
    from safetynet import chain

    if STATE.private_key is not None:
        return str(chain.signer_from_key(STATE.private_key).address)  # type: ignore[attr-defined]
    index = 0 if STATE.account is None else STATE.account
    if not 0 <= index < len(chain.ANVIL_ADDRESSES):
        raise SafetyNetError(
            f"--account must be 0..{len(chain.ANVIL_KEYS) - 1} (anvil dev accounts)"
        )
    return chain.ANVIL_ADDRESSES[index]


def emit_json(data: Any) -> None:
    """Machine-readable output on stdout (one JSON document)."""
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def parse_address(text: str | None, option: str) -> str | None:
    """An address typed by a user (0x + 40 hex digits), or None when not given; anything
    else is refused in one line before the chain is touched."""
    if text is None:
        return None
    value = text.strip()
    digits = value[2:] if value.lower().startswith("0x") else ""
    if len(digits) != 40 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        raise SafetyNetError(
            f"{option} {text!r} is not an address: expected 0x followed by 40 hex digits"
        )
    from eth_utils import to_checksum_address

    return str(to_checksum_address(value))
