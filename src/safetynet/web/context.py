"""Where the web app reads the chain: one deployment manifest on one JSON-RPC node.

The server only reads (every transaction is sent by the user's wallet), so it attaches to
the deployment read-only (`sdk.deployment.load_read_only`): plain eth_calls, no titanoboa,
no key. What a page shows is read at the chain's latest block and named with that block
(STYLE: every page says which block it shows); reads that do not change between blocks are
cached per block, so a page costs one eth_blockNumber when nothing happened.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from safetynet import chain
from safetynet.errors import SafetyNetError
from safetynet.sdk.deployment import ReadOnlyDeployment, load_read_only, shipped_abi


class ChainUnavailable(SafetyNetError):
    """The node or the deployment cannot be read right now (a page answers 503 with this)."""


@dataclass
class ChainSource:
    """The node and manifest the pages read; attaches lazily and again after a failure."""

    rpc_url: str | None
    manifest: Path
    _deployment: ReadOnlyDeployment | None = None
    _cache: dict[tuple[int, str], Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _config: dict[str, Any] | None = None

    def deployment(self) -> ReadOnlyDeployment:
        if self.rpc_url is None:
            raise ChainUnavailable(
                "this server has no chain to read: start it with SAFETYNET_RPC_URL "
                "(or `safetynet --rpc-url URL serve`), or run `make up`"
            )
        with self._lock:
            if self._deployment is None:
                try:
                    chain.use_reader(self.rpc_url)
                    self._deployment = load_read_only(self.manifest)
                    self._config = None
                except SafetyNetError as exc:
                    raise ChainUnavailable(str(exc)) from exc
            return self._deployment

    def block(self) -> int:
        """The latest block number; a node that went away is reported, and re-attached to."""
        self.deployment()
        try:
            return chain.block_number()
        except Exception as exc:  # urllib's errors, a node restarting
            with self._lock:
                self._deployment = None
            raise ChainUnavailable(
                f"the node at {self.rpc_url} does not answer ({exc}): start it with `make up`"
            ) from exc

    def cached(self, block: int, key: str, compute: Any) -> Any:
        """compute() once per block (per key); older blocks are forgotten."""
        with self._lock:
            if (block, key) in self._cache:
                return self._cache[(block, key)]
        value = compute()
        with self._lock:
            self._cache = {k: v for k, v in self._cache.items() if k[0] == block}
            self._cache[(block, key)] = value
        return value

    def page_config(self) -> dict[str, Any]:
        """What the wallet module needs: chain, contracts, asset units and the ABI entries
        it encodes (from the package's shipped ABIs, so they always match the contracts)."""
        p = self.deployment()
        if self._config is None:
            self._config = _page_config(p, self.rpc_url)
        return self._config


WALLET_FUNCTIONS = {
    "cover": ("Cover", {"quote", "buy_cover", "buy_cover_with_permit", "CoverBought"}),
    "asset": ("MockERC20", {"balanceOf", "allowance", "approve", "nonces", "name"}),
}
# What My account, file a claim and assess send (pages/account.py, claims.py, assess.py).
# renew_cover is asked for so the renew button appears once Cover has it (absent: no entry).
ACCOUNT_FUNCTIONS = {
    "cover": ("Cover", {"withdraw_payout", "renew_cover"}),
    "pool": ("CapitalPool", {"deposit", "request_withdrawal", "cancel_withdrawal", "withdraw",
                             "redeem"}),
    "claims": ("Claims", {"stake", "unstake", "vote", "claim_rewards", "submit_claim", "redeem",
                          "deposit_for", "ClaimSubmitted"}),
    "token": ("SNET", {"balanceOf", "allowance", "approve"}),
}  # fmt: skip


def _wanted() -> dict[str, tuple[str, set[str]]]:
    wanted = {key: (name, set(names)) for key, (name, names) in WALLET_FUNCTIONS.items()}
    for key, (name, names) in ACCOUNT_FUNCTIONS.items():
        wanted.setdefault(key, (name, set()))[1].update(names)
    return wanted


def _page_config(p: ReadOnlyDeployment, rpc_url: str) -> dict[str, Any]:
    chain_id = chain.chain_id()
    abi = {
        key: [e for e in shipped_abi(name) if e.get("name") in names]
        for key, (name, names) in _wanted().items()
    }
    local = chain_id in chain.LOCAL_CHAIN_IDS
    return {
        "chainId": chain_id,
        "chainName": "Local anvil" if local else f"chain {chain_id}",
        "rpcUrl": rpc_url if local else None,
        "cover": str(p.cover.address),
        "asset": str(p.asset.address),
        "pool": str(p.pool.address),
        "claims": str(p.claims.address) if p.claims is not None else None,
        "token": str(p.token.address),
        "decimals": int(p.asset.decimals()),
        "symbol": str(p.asset.symbol()),
        "abi": abi,
    }
