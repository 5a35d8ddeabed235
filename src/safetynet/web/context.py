"""Where the web app reads the chain: the API's read-only attachment (`api.live.LiveChain`:
one deployment manifest on one JSON-RPC node, one connection for the pages and /api/quote).

The server only reads (every transaction is sent by the user's wallet), so it attaches to
the deployment read-only (`sdk.deployment.load_read_only`): plain eth_calls, no titanoboa,
no key. What a page shows is read at the chain's latest block and named with that block
(STYLE: every page says which block it shows); reads that do not change between blocks are
cached per block, so a page costs one eth_blockNumber when nothing happened.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from safetynet import chain
from safetynet.api.errors import Unavailable
from safetynet.api.live import LiveChain
from safetynet.errors import SafetyNetError
from safetynet.sdk.deployment import ReadOnlyDeployment, shipped_abi


class ChainUnavailable(SafetyNetError):
    """The node or the deployment cannot be read right now (a page answers 503 with this)."""


@dataclass
class ChainSource:
    """The chain as the pages read it: `live`'s attachment (again after a failure), reads
    cached per block, and the wallet module's config."""

    live: LiveChain
    _cache: dict[tuple[int, str], Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _config: tuple[ReadOnlyDeployment, dict[str, Any]] | None = None

    def deployment(self) -> ReadOnlyDeployment:
        if self.live.rpc_url is None:
            raise ChainUnavailable(
                "this server has no chain to read: start it with SAFETYNET_RPC_URL "
                "(or `safetynet --rpc-url URL serve`), or run `make up`"
            )
        try:
            return self.live.deployment()
        except Unavailable as exc:
            raise ChainUnavailable(exc.message) from exc

    def block(self) -> int:
        """The latest block number; a node that went away is reported, and re-attached to."""
        self.deployment()
        try:
            return chain.block_number()
        except Exception as exc:  # urllib's errors, a node restarting
            self.live.reset()
            raise ChainUnavailable(
                f"the node at {self.live.rpc_url} does not answer ({exc}): start it with `make up`"
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
        it encodes (from the package's shipped ABIs, so they always match the contracts);
        read again after the deployment is attached again."""
        p = self.deployment()
        if self._config is None or self._config[0] is not p:
            self._config = (p, _page_config(p, self.live.rpc_url))
        return self._config[1]


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


def _page_config(p: ReadOnlyDeployment, rpc_url: str | None) -> dict[str, Any]:
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
