"""Reading a deployment's events fast: eth_getLogs in block chunks over the deployment's
addresses, decoded with the shipped ABIs, and batched reads (block headers, eth_call at a
block) on one kept-alive JSON-RPC connection.

This is the indexer's way in (it must catch up at thousands of events per second, so it
speaks JSON-RPC directly rather than through titanoboa contract objects), and anyone's
way to list events: `EventReader(rpc, deployment).logs(a, b)`.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from safetynet.chain import RpcContract, RpcError, RpcSession, keccak256
from safetynet.errors import SafetyNetError
from safetynet.manifest import read_manifest
from safetynet.sdk.deployment import CONTRACT_ABIS, shipped_abi

# Contracts whose events are the protocol's record. The pool asset and SNET are left out:
# on a real chain their Transfer streams are everyone's, and positions are read instead.
INDEXED_CONTRACTS = ("pool", "cover", "claims", "parametric", "timelock")
FEED_ABI = "MockAggregator"  # AnswerUpdated, as Chainlink aggregators log it
DEFAULT_CHUNK = 2_000  # blocks per eth_getLogs; halved when a node refuses a range


@dataclass(frozen=True)
class Deployment:
    """What the reader needs of a manifest: chain id, first block, role -> address."""

    chain_id: int
    block: int
    addresses: dict[str, str]

    @classmethod
    def from_manifest(cls, path: str | Path) -> Deployment:
        data = read_manifest(path)
        addresses = {k: v.lower() for k, v in data["addresses"].items() if v}
        return cls(chain_id=int(data["chain_id"]), block=int(data.get("block", 0)),
                   addresses=addresses)  # fmt: skip

    def contract(self, role: str) -> RpcContract:
        """A read handle (eth_call) of the contract with this role."""
        return RpcContract(self.addresses[role], shipped_abi(CONTRACT_ABIS[role]))


@dataclass(frozen=True)
class Log:
    """One decoded log. args: name -> value (ints, bools, lowercase 0x-hex addresses and
    bytes, lists for arrays)."""

    block_number: int
    log_index: int
    block_hash: str
    tx_hash: str
    tx_index: int
    address: str
    contract: str
    name: str
    args: dict[str, Any]

    @property
    def key(self) -> tuple[int, int]:
        return (self.block_number, self.log_index)


@dataclass(frozen=True)
class _EventSpec:
    name: str
    indexed: tuple[tuple[str, str], ...]
    data_names: tuple[str, ...]
    data_types: tuple[str, ...]
    static: bool  # every data value is one word (no string, bytes or array)


@functools.cache
def _specs(abi_name: str) -> dict[str, _EventSpec]:
    out = {}
    for entry in shipped_abi(abi_name):
        if entry.get("type") != "event":
            continue
        types = ",".join(i["type"] for i in entry["inputs"])
        topic = "0x" + keccak256(f"{entry['name']}({types})".encode()).hex()
        out[topic] = _EventSpec(
            name=entry["name"],
            indexed=tuple((i["name"], i["type"]) for i in entry["inputs"] if i["indexed"]),
            data_names=tuple(i["name"] for i in entry["inputs"] if not i["indexed"]),
            data_types=tuple(i["type"] for i in entry["inputs"] if not i["indexed"]),
            static=all(_one_word(i["type"]) for i in entry["inputs"] if not i["indexed"]),
        )
    return out


def _one_word(kind: str) -> bool:
    return not kind.endswith("]") and kind not in ("string", "bytes", "tuple")


def _topic_value(kind: str, topic: str) -> Any:
    """A one-word value from its 64 hex digits (with or without 0x)."""
    if kind == "address":
        return "0x" + topic[-40:].lower()
    if kind == "bool":
        return int(topic, 16) == 1
    if kind.startswith("uint"):
        return int(topic, 16)
    if kind.startswith("int"):
        value = int(topic, 16)
        return value - 2**256 if value >= 2**255 else value
    if kind.startswith("bytes"):  # bytesN, left-aligned
        digits = topic.removeprefix("0x").lower()
        return "0x" + digits[: 2 * int(kind[5:])]
    return topic.lower()  # the hash of a dynamic value


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return "0x" + value.hex()
    if isinstance(value, str) and value.startswith("0x") and len(value) == 42:
        return value.lower()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class EventReader:
    """Logs of one deployment (plus any feeds added with `watch`), decoded, in chain order."""

    def __init__(self, rpc: RpcSession, deployment: Deployment, chunk: int = DEFAULT_CHUNK):
        self.rpc = rpc
        self.deployment = deployment
        self.chunk = chunk
        self._roles: dict[str, str] = {}
        self._specs: dict[str, dict[str, _EventSpec]] = {}
        for role in INDEXED_CONTRACTS:
            address = deployment.addresses.get(role)
            if address:
                self._add(address, role, CONTRACT_ABIS[role])

    def _add(self, address: str, role: str, abi_name: str) -> None:
        self._roles[address.lower()] = role
        self._specs[address.lower()] = _specs(abi_name)

    def watch_feed(self, address: str) -> bool:
        """Also read `address`'s AnswerUpdated rounds; False if it was already read."""
        address = address.lower()
        if address in self._roles or int(address, 16) == 0:
            return False
        self._add(address, "feed", FEED_ABI)
        return True

    @property
    def addresses(self) -> list[str]:
        return sorted(self._roles)

    def logs(self, first: int, last: int) -> list[Log]:
        """Every decoded log of the watched addresses in blocks first..last, in chain order.
        Reads in chunks of `chunk` blocks, halving a chunk the node refuses (too many
        results)."""
        return self.logs_until(first, last)[0]

    def logs_until(
        self, first: int, last: int, max_logs: int | None = None
    ) -> tuple[list[Log], int]:
        """Like `logs`, but stops after the chunk that brings the count to `max_logs`:
        returns the logs and the last block they cover."""
        out: list[Log] = []
        for raw_chunk, end in self.raw_chunks(first, last):
            for raw in raw_chunk:
                log = self.decode(raw)
                if log is not None:
                    out.append(log)
            if max_logs is not None and len(out) >= max_logs:
                last = end
                break
        out.sort(key=lambda lg: lg.key)
        return out, last

    def first_block_of(self, role: str, event: str, first: int, last: int) -> int | None:
        """The first block in first..last where the `role` contract logged `event` (one
        small filtered eth_getLogs), or None."""
        address = self.deployment.addresses.get(role)
        if address is None:
            return None
        topic = next((t for t, spec in self._specs[address].items() if spec.name == event), None)
        if topic is None:
            return None
        found = self.rpc.call("eth_getLogs", [{
            "fromBlock": hex(first), "toBlock": hex(last), "address": address, "topics": [topic],
        }])  # fmt: skip
        return min((int(x["blockNumber"], 16) for x in found), default=None)

    def raw_logs(self, first: int, last: int) -> Iterator[dict[str, Any]]:
        """The raw eth_getLogs entries of blocks first..last."""
        for chunk, _ in self.raw_chunks(first, last):
            yield from chunk

    def raw_chunks(self, first: int, last: int) -> Iterator[tuple[list[dict[str, Any]], int]]:
        """(raw entries, last block of the chunk), chunk after chunk."""
        start, size = first, self.chunk
        while start <= last:
            end = min(last, start + size - 1)
            try:
                chunk = self.rpc.call("eth_getLogs", [{
                    "fromBlock": hex(start), "toBlock": hex(end), "address": self.addresses,
                }])  # fmt: skip
            except RpcError as exc:
                if end > start and _too_many(exc):
                    size = max(1, (end - start + 1) // 2)
                    continue
                raise
            yield chunk, end
            start = end + 1

    def decode(self, raw: dict[str, Any]) -> Log | None:
        """A raw eth_getLogs entry decoded, or None for an event not in the ABI."""
        from eth_abi import decode as abi_decode

        address = raw["address"].lower()
        topics = raw["topics"]
        spec = self._specs.get(address, {}).get(topics[0].lower()) if topics else None
        if spec is None:
            return None
        args: dict[str, Any] = {}
        for (name, kind), topic in zip(spec.indexed, topics[1:], strict=False):
            args[name] = _topic_value(kind, topic)
        if spec.data_types:
            data = raw["data"]
            if spec.static:  # one 32-byte word per value: slice the hex directly
                for i, (name, kind) in enumerate(zip(spec.data_names, spec.data_types,
                                                     strict=True)):  # fmt: skip
                    args[name] = _topic_value(kind, data[2 + 64 * i : 66 + 64 * i])
            else:
                values = abi_decode(list(spec.data_types), bytes.fromhex(data[2:]))
                for name, value in zip(spec.data_names, values, strict=True):
                    args[name] = _plain(value)
        return Log(
            block_number=int(raw["blockNumber"], 16),
            log_index=int(raw["logIndex"], 16),
            block_hash=raw["blockHash"].lower(),
            tx_hash=raw["transactionHash"].lower(),
            tx_index=int(raw["transactionIndex"], 16),
            address=address,
            contract=self._roles[address],
            name=spec.name,
            args=args,
        )


def _too_many(exc: RpcError) -> bool:
    text = exc.message.lower()
    return any(
        s in text for s in ("too many", "limit", "range", "exceed", "10000", "response size")
    )


@dataclass(frozen=True)
class Header:
    """A block's number, hash, parent hash and timestamp."""

    number: int
    hash: str
    parent_hash: str
    timestamp: int


def headers(rpc: RpcSession, numbers: list[int] | list[str]) -> list[Header]:
    """Block headers by number (or tag: 'latest', 'safe', 'finalized'), one round trip."""
    found = headers_or_none(rpc, numbers)
    for n, h in zip(numbers, found, strict=True):
        if h is None:
            raise SafetyNetError(f"the node has no block {n}")
    return [h for h in found if h is not None]


def headers_or_none(rpc: RpcSession, numbers: list[int] | list[str]) -> list[Header | None]:
    """Like `headers`, with None for a block the node does not have (yet, or any more)."""
    tags = [hex(n) if isinstance(n, int) else n for n in numbers]
    blocks = rpc.batch([("eth_getBlockByNumber", [t, False]) for t in tags])
    out: list[Header | None] = []
    for block in blocks:
        if block is None:
            out.append(None)
            continue
        out.append(Header(int(block["number"], 16), block["hash"].lower(),
                          block["parentHash"].lower(), int(block["timestamp"], 16)))  # fmt: skip
    return out


@dataclass(frozen=True)
class Read:
    """One view call to make at a block: contract.name(*args)."""

    contract: RpcContract
    name: str
    args: tuple[Any, ...]
    block: int | str  # a number, or a tag such as "latest"


def read_many(rpc: RpcSession, reads: list[Read], per_request: int = 500) -> list[Any]:
    """The results of many eth_calls, each at its own block, in batches of `per_request`.
    A read the node cannot answer at its block (a node without that block's state: not an
    archive node, or anvil restarted from a state file) gives a `StateUnavailable` in its
    place; any other error raises."""
    out: list[Any] = []
    for i in range(0, len(reads), per_request):
        part = reads[i : i + per_request]
        answers = rpc.batch([
            ("eth_call", r.contract.call_params(r.name, *r.args, block=r.block)) for r in part
        ], errors=True)  # fmt: skip
        for r, a in zip(part, answers, strict=True):
            if isinstance(a, RpcError):
                if not _state_missing(a):
                    raise a
                out.append(StateUnavailable(r.block, a.message))
            else:
                out.append(r.contract.decode_result(r.name, a))
    return out


@dataclass(frozen=True)
class StateUnavailable:
    """The node has no state at `block` to answer a read (see `read_many`)."""

    block: int
    message: str


def _state_missing(exc: RpcError) -> bool:
    text = exc.message.lower()
    return any(s in text for s in (
        "out of range", "outofrange", "missing trie", "not available", "pruned", "header not found",
        "unknown block", "historical state", "state is not",
    ))  # fmt: skip
