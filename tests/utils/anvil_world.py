"""A SafetyNet deployment on a real anvil node, driven by plain JSON-RPC transactions from
anvil's unlocked dev accounts (eth_sendTransaction: no signing, no titanoboa fork per
call), so indexer tests and benches can make thousands of protocol actions quickly.

The deployment itself is made once through titanoboa's network mode, by the builders the
in-process tests use (tests.utils.deploy: `deploy_protocol`, the code users run, plus the
roles and products); everything after that is `world.send(account, role, function, *args)`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from eth_abi import encode

from safetynet.chain import ANVIL_ADDRESSES, ANVIL_KEYS, RpcSession, keccak256
from safetynet.sdk.deployment import CONTRACT_ABIS, shipped_abi
from tests.utils.constants import (
    DAY,
    DEPEG,
    HOUR,
    PARAMETRIC,
    PEG,
    PROTOCOL,
    SNET,
    THRESHOLD,
    USDC,
)
from tests.utils.deploy import add_product, deploy_world, set_trigger

ADMIN = ANVIL_ADDRESSES[0]
ACTORS = ANVIL_ADDRESSES[1:9]
GAS = 3_000_000
PROTOCOL_PRODUCT = 0  # kind PROTOCOL (assessed claims)
PARAMETRIC_PRODUCT = 1  # kind PARAMETRIC, on `world.feed`


class TxFailed(Exception):
    """A transaction mined with status 0 (reverted)."""


def deploy(url: str, manifest: Path) -> dict[str, Any]:
    """Deploy SafetyNet on the node at `url` as the in-process tests do (tests.utils.deploy,
    through titanoboa's network mode; account 0 as admin, auditor and guardian), list and
    attest a PROTOCOL product and a PARAMETRIC one on a MockAggregator feed, and write the
    manifest (with the feed under 'feed'). Then fund every actor through plain JSON-RPC.
    Returns the manifest."""
    import boa
    import boa.network as boa_network
    from boa.network import NetworkEnv
    from boa.rpc import EthereumRPC
    from eth_account import Account

    from safetynet import chain
    from safetynet.artifacts import deployer

    # titanoboa prints every transaction on stdout; `python -m bench` prints JSON there.
    boa_network.print = chain._silent  # type: ignore[attr-defined]
    env = NetworkEnv(EthereumRPC(url))
    env.add_account(Account.from_key(ANVIL_KEYS[0]), force_eoa=True)
    with boa.swap_env(env):
        chain.memory_fork_on_local_chains()
        p = deploy_world(ADMIN, ADMIN, ADMIN, ADMIN)
        feed = deployer("MockAggregator").deploy(8, "USDC / USD", PEG)
        p.extra["feed"] = feed
        listed = {"capacity": 10**15, "attest_for": 3 * 365 * DAY}
        add_product(p, ADMIN, name="Lending protocol", kind=PROTOCOL, **listed)
        add_product(p, ADMIN, name="USDC depeg", kind=PARAMETRIC, rate_bps=200, waiting=HOUR,
                    **listed)  # fmt: skip
        set_trigger(p, PARAMETRIC_PRODUCT, feed, THRESHOLD, HOUR, 5_000)
        p.save(manifest)
    data = json.loads(manifest.read_text())
    w = AnvilWorld(url, data)
    for who in (ADMIN, *ACTORS):
        w.send(who, "asset", "mint", who, 10**9 * USDC)
        w.send(who, "asset", "approve", w.address("pool"), 2**256 - 1)
        w.send(who, "asset", "approve", w.address("cover"), 2**256 - 1)
        w.send(who, "asset", "approve", w.address("claims"), 2**256 - 1)
        w.send(who, "token", "approve", w.address("claims"), 2**256 - 1)
        if who != ADMIN:
            w.send(ADMIN, "token", "transfer", who, 100_000 * SNET)
    w.send(ADMIN, "pool", "deposit", 50_000_000 * USDC, ADMIN)
    return data


class AnvilWorld:
    """Send transactions to and read views of one deployment (see the module docstring)."""

    def __init__(self, url: str, manifest: dict[str, Any]) -> None:
        self.url = url
        self.rpc = RpcSession(url)
        self.manifest = manifest
        self._abis: dict[str, dict[str, dict[str, Any]]] = {}

    def address(self, role: str) -> str:
        return str(self.manifest["addresses"][role])

    def _fn(self, role: str, name: str, arity: int | None = None) -> dict[str, Any]:
        if role not in self._abis:
            abi = shipped_abi(CONTRACT_ABIS.get(role, "MockAggregator"))
            table: dict[str, Any] = {}
            for e in abi:
                if e.get("type") == "function":
                    table.setdefault(e["name"], []).append(e)
            self._abis[role] = table
        entries = self._abis[role][name]
        return next(e for e in entries if arity is None or len(e["inputs"]) == arity)

    def calldata(self, role: str, name: str, *args: Any) -> str:
        entry = self._fn(role, name, len(args))
        types = [i["type"] for i in entry["inputs"]]
        selector = keccak256(f"{name}({','.join(types)})".encode())[:4]
        return "0x" + (selector + encode(types, list(args))).hex()

    def send(self, sender: str, role: str, name: str, *args: Any, check: bool = True) -> str:
        """Send and mine one transaction (anvil automines); returns its hash. A revert
        raises TxFailed (unless check=False)."""
        tx = {"from": sender, "to": self.address(role), "gas": hex(GAS),
              "data": self.calldata(role, name, *args)}  # fmt: skip
        tx_hash = self.rpc.call("eth_sendTransaction", [tx])
        if check:
            receipt = self.receipt(str(tx_hash))
            if int(receipt["status"], 16) != 1:
                raise TxFailed(f"{role}.{name}{args} reverted")
        return str(tx_hash)

    def receipt(self, tx_hash: str, timeout: float = 10.0) -> dict[str, Any]:
        """The transaction's receipt, once it is mined."""
        deadline = time.monotonic() + timeout
        while True:
            receipt = self.rpc.call("eth_getTransactionReceipt", [tx_hash])
            if receipt is not None:
                return dict(receipt)
            if time.monotonic() > deadline:
                raise TxFailed(f"{tx_hash} not mined within {timeout} s")
            time.sleep(0.01)

    def send_many(self, txs: list[tuple[str, str, str, tuple[Any, ...]]],
                  gas: int = GAS) -> list[str]:  # fmt: skip
        """Send many transactions in one JSON-RPC batch (they mine as anvil is set to),
        each sender's nonces counted here (the node would give a batch the same one)."""
        senders = list(dict.fromkeys(s for s, *_ in txs))
        counts = self.rpc.batch([("eth_getTransactionCount", [s, "pending"]) for s in senders])
        nonce = {s: int(c, 16) for s, c in zip(senders, counts, strict=True)}
        calls = []
        for s, r, n, a in txs:
            calls.append(("eth_sendTransaction", [{
                "from": s, "to": self.address(r), "gas": hex(gas), "nonce": hex(nonce[s]),
                "data": self.calldata(r, n, *a),
            }]))  # fmt: skip
            nonce[s] += 1
        return [str(h) for h in self.rpc.batch(calls)]

    def view(self, role: str, name: str, *args: Any, block: int | str = "latest") -> Any:
        from eth_abi import decode

        entry = self._fn(role, name, len(args))
        tag = hex(block) if isinstance(block, int) else block
        call = {"to": self.address(role), "data": self.calldata(role, name, *args)}
        raw = self.rpc.call("eth_call", [call, tag])
        types = [_type(o) for o in entry["outputs"]]
        values = decode(types, bytes.fromhex(raw[2:]))
        return values[0] if len(values) == 1 else values

    def now(self) -> int:
        return int(self.rpc.call("eth_getBlockByNumber", ["latest", False])["timestamp"], 16)

    def block_number(self) -> int:
        return int(self.rpc.call("eth_blockNumber", []), 16)

    def time_travel(self, seconds: int) -> None:
        self.rpc.call("evm_increaseTime", [seconds])
        self.rpc.call("evm_mine", [])

    def mine(self, blocks: int = 1) -> None:
        self.rpc.call("anvil_mine", [hex(blocks)])

    def snapshot(self) -> str:
        return str(self.rpc.call("evm_snapshot", []))

    def revert(self, snapshot_id: str) -> None:
        assert self.rpc.call("evm_revert", [snapshot_id]) is True

    # -------------------------------------------------------------- protocol actions

    def buy(self, who: str, product: int = PROTOCOL_PRODUCT, amount: int = 1_000 * USDC,
            days: int = 30, owner: str | None = None) -> int:  # fmt: skip
        self.send(who, "cover", "buy_cover", product, amount, days * DAY, 2**255, owner or who)
        return int(self.view("cover", "cover_count"))

    def depeg(self, hours: float = 1.5) -> list[int]:
        """The feed drops below the threshold for `hours`; returns the rounds proving it."""
        self.send(ADMIN, "feed", "set_answer", DEPEG)
        first = int(self.view("feed", "latestRoundData")[0])
        self.time_travel(int(hours * HOUR))
        self.send(ADMIN, "feed", "set_answer", DEPEG)
        last = int(self.view("feed", "latestRoundData")[0])
        self.send(ADMIN, "feed", "set_answer", PEG)
        return list(range(first, last + 1))


def _type(entry: dict[str, Any]) -> str:
    if entry["type"].startswith("tuple"):
        return "(" + ",".join(_type(c) for c in entry["components"]) + ")" + entry["type"][5:]
    return str(entry["type"])
