"""The chain every SafetyNet tool talks to: titanoboa's in-process EVM or a JSON-RPC node."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from typing import Any, TypeVar

from safetynet.errors import SafetyNetError

# titanoboa (~0.7 s to import) and eth_account are imported inside the functions that need
# them, so `safetynet --help` and commands that never reach a chain stay fast.
T = TypeVar("T")

# The well-known anvil development keys ("test test ... junk", m/44'/60'/0'/0/0..9).
ANVIL_KEYS: tuple[str, ...] = (
    "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80",
    "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d",
    "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a",
    "0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6",
    "0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a",
    "0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba",
    "0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e",
    "0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356",
    "0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97",
    "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6",
)


def _silent(*args: object, **kwargs: object) -> None:
    """Drops titanoboa's progress prints (see `use_network`)."""


def use_network(rpc_url: str, private_key: str | None = None, account: int | None = None) -> str:
    """Point titanoboa at a JSON-RPC node and make one key the sender; returns its address."""
    import boa
    import boa.network as boa_network

    stop_reader()
    # titanoboa `print`s "tx broadcasted: 0x…", "0x… mined in block …!" and "contract deployed
    # at …" (module-level calls in boa/network.py). Our callers report what they sent
    # themselves (the CLI in words, the keeper as JSON lines): drop them, so neither stdout
    # (--json, the keeper's log) nor a user's terminal gets them.
    boa_network.print = _silent  # type: ignore[attr-defined]
    try:
        boa.set_network_env(rpc_url)
        boa.env._rpc.fetch("eth_chainId", [])
    except Exception as exc:  # any transport error means the same thing here
        raise SafetyNetError(
            f"cannot reach an Ethereum node at {rpc_url}: {exc}. "
            "Start one with `make up` or pass a reachable --rpc-url."
        ) from exc
    if private_key is None:
        index = 0 if account is None else account
        if not 0 <= index < len(ANVIL_KEYS):
            raise SafetyNetError(f"--account must be 0..{len(ANVIL_KEYS) - 1} (anvil dev accounts)")
        private_key = ANVIL_KEYS[index]
    signer = signer_from_key(private_key)
    memory_fork_on_local_chains()
    pad_gas_estimates()
    boa.env.add_account(signer, force_eoa=True)
    boa.env.eoa = signer.address
    return signer.address


def dev_address(index: int) -> str:
    """The address of anvil development account `index` (0-9)."""
    from eth_account import Account

    return str(Account.from_key(ANVIL_KEYS[index]).address)


def add_signer(private_key: str) -> str:
    """Let titanoboa sign for one more key (e.g. an auditor's on a dev chain); returns its
    address. The current sender stays as it was."""
    import boa

    signer = signer_from_key(private_key)
    boa.env.add_account(signer)
    return str(signer.address)  # type: ignore[attr-defined]


def signer_from_key(private_key: str) -> object:
    """An eth_account signer from a hex key; a malformed key is refused in one line (the key
    itself is never echoed)."""
    from eth_account import Account

    text = private_key.strip()
    digits = text[2:] if text.lower().startswith("0x") else text
    if len(digits) != 64 or any(c not in "0123456789abcdefABCDEF" for c in digits):
        raise SafetyNetError(
            f"SAFETYNET_PRIVATE_KEY is not a private key ({len(digits)} characters): expected "
            "64 hex digits, optionally after 0x; or drop it and use --account N (anvil's dev "
            "accounts 0-9)"
        )
    try:
        return Account.from_key("0x" + digits)
    except (ValueError, TypeError) as exc:
        raise SafetyNetError(
            "SAFETYNET_PRIVATE_KEY is out of range for a secp256k1 key: use another key"
        ) from exc


# ------------------------------------------------------------------------------ reverts

# Every revert-reason prefix our contracts and the snekmate modules they use raise:
# "<module>: <lowercase reason>" (STYLE.md). Listed, not guessed, so a stray "x: y" in a
# node's message is not taken for a contract's answer.
REVERT_PREFIXES: tuple[str, ...] = (
    # SafetyNet contracts and their modules
    "cover", "pool", "claims", "parametric", "packing", "feed", "snet", "incident_records",
    "code guard", "proxy", "beacon",  # CodeGuard; the stand-in proxy and beacon mocks
    # snekmate 0.1.x modules
    "access_control", "ownable", "ownable_2step", "timelock_controller", "pausable",
    "erc20", "erc721", "erc1155", "erc4626", "erc2981", "ecdsa", "math", "base64",
    "batch_distributor", "create", "create3", "multicall", "p256",
    "merkle_proof_verification",
)  # fmt: skip
_REASON = re.compile(
    r"(?<![A-Za-z0-9_])((?:" + "|".join(sorted(REVERT_PREFIXES, key=len, reverse=True)) + r")"
    # an apostrophe followed by a letter is part of the reason ("phase's"); any other
    # quote, a line end or a bracket closes it (titanoboa and node messages quote it)
    r": [a-z0-9](?:[^\"'\n\r<>]|'(?=[a-z]))*?)(?:'(?![a-z])|[\"\n\r<>]|$)"
)
# Error(string) as a node returns it in a revert's data: selector 0x08c379a0 + ABI string.
_ERROR_SELECTOR = "08c379a0"
_REVERT_DATA = re.compile(r"0x" + _ERROR_SELECTOR + r"([0-9a-fA-F]{128,})")


def _decode_error_data(text: str) -> str | None:
    match = _REVERT_DATA.search(text)
    if match is None:
        return None
    payload = bytes.fromhex(match.group(1)[: len(match.group(1)) // 2 * 2])
    try:
        length = int.from_bytes(payload[32:64], "big")
        return payload[64 : 64 + length].decode()
    except (ValueError, UnicodeDecodeError):
        return None


def revert_reason(exc: BaseException | str) -> str | None:
    """The contract's revert reason carried by an error, or None: a titanoboa in-process
    error (the reason in its message), a JSON-RPC node error ("execution reverted: reason",
    or the reason ABI-encoded as Error(string) in the error's data), for every prefix in
    REVERT_PREFIXES."""
    text = exc if isinstance(exc, str) else str(exc)
    for candidate in (text, _decode_error_data(text)):
        if candidate:
            match = _REASON.search(candidate)
            if match:
                return match.group(1).strip()
    if not isinstance(exc, str) and exc.args:  # node errors keep the payload in their args
        for arg in exc.args:
            if isinstance(arg, dict):
                reason = revert_reason(json.dumps(arg))
                if reason is not None:
                    return reason
    return None


def transact(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Call a contract function; a revert becomes a SafetyNetError with its reason."""
    try:
        return fn(*args, **kwargs)
    except SafetyNetError:
        raise
    except Exception as exc:
        reason = revert_reason(exc)
        if reason is None:
            raise
        raise SafetyNetError(f"refused by the contract: {reason}") from exc


def is_transport_error(exc: BaseException) -> bool:
    """True for errors of the connection to the node (retry), not of the call itself."""
    import requests

    if isinstance(exc, requests.exceptions.RequestException | ConnectionError | TimeoutError):
        return True
    if revert_reason(exc) is not None:
        return False
    text = str(exc).lower()
    return any(
        s in text for s in ("connection refused", "max retries", "timed out", "connection aborted")
    )


def explain_error(exc: BaseException) -> str:
    """One line for an error that is not a SafetyNetError: what happened, what to do."""
    reason = revert_reason(exc)
    if reason is not None:
        return f"refused by the contract: {reason}"
    text = str(exc)
    lowered = text.lower()
    if "insufficient funds" in lowered or "out of gas" in lowered or "-32003" in lowered:
        return (
            "the node refused the transaction: the sending account cannot pay for gas "
            "(does it hold ETH?) or the call runs out of gas"
        )
    if isinstance(exc, ConnectionError | TimeoutError) or "connection" in lowered:
        return f"lost the connection to the node ({type(exc).__name__}): is it still running?"
    if isinstance(exc, OverflowError) or "out of bounds" in lowered or "overflow" in lowered:
        return "a number is too large for the contract (amounts are at most 2^256 - 1 units)"
    first = text.strip().splitlines()[0][:200] if text.strip() else ""
    return (
        f"unexpected {type(exc).__name__}: {first} (run with SAFETYNET_DEBUG=1 for the traceback)"
    )


def _reader() -> str | None:
    """The read-only node in force, unless titanoboa itself talks to a node: a network env
    swapped in explicitly wins over a reader that other code in this process left set."""
    if _READER_URL is None:
        return None
    boa = sys.modules.get("boa")  # never import it here: readers exist to avoid that cost
    if boa is not None and hasattr(boa.env, "_rpc"):
        return None
    return _READER_URL


def is_network() -> bool:
    """True when titanoboa talks to a JSON-RPC node rather than its in-process EVM (or a
    read-only connection is in force)."""
    if _reader() is not None:
        return True
    import boa

    return hasattr(boa.env, "_rpc")


def rpc(method: str, params: list) -> object:
    """A raw JSON-RPC call to the connected node (network mode only)."""
    if not is_network():
        raise SafetyNetError(f"{method} needs a JSON-RPC node (--rpc-url)")
    reader = _reader()
    if reader is not None:
        return _reader_fetch(reader, method, params)
    import boa

    return boa.env._rpc.fetch(method, params)


def now() -> int:
    """The chain's current timestamp (latest block on a node, the patch in-process)."""
    if is_network():
        block = rpc("eth_getBlockByNumber", ["latest", False])
        return int(block["timestamp"], 16)
    import boa

    return int(boa.env.evm.patch.timestamp)


def block_number() -> int:
    """The chain's latest block number."""
    if is_network():
        return int(str(rpc("eth_blockNumber", [])), 16)
    import boa

    return int(boa.env.evm.patch.block_number)


def chain_id() -> int:
    """The chain id (EIP-155) of the connected chain."""
    if _reader() is not None:
        return int(str(rpc("eth_chainId", [])), 16)
    import boa

    return int(boa.env.evm.patch.chain_id)


def eth_balance(address: str) -> int:
    """An account's ETH balance in wei."""
    if _reader() is not None:
        return int(str(rpc("eth_getBalance", [address, "latest"])), 16)
    import boa

    return int(boa.env.get_balance(address))


def sync_to_head() -> None:
    """Network mode: titanoboa simulates every call on a local fork pinned at the block of
    our last transaction, and a call that reverts there (a round that did not exist yet)
    raises even though the node has it. Re-fork at the head before reading new state."""
    if _reader() is not None:
        return  # every read-only call is made at the head
    import boa

    if is_network() and hasattr(boa.env, "_reset_fork"):
        boa.env._reset_fork()


def event_abi(contract: str, name: str) -> dict[str, Any]:
    """An event's ABI entry from the shipped ABIs (so decoding follows the contract)."""
    from safetynet.artifacts import abi_dir

    abi = json.loads((abi_dir() / f"{contract}.json").read_text())
    for entry in abi:
        if entry.get("type") == "event" and entry.get("name") == name:
            return entry
    raise SafetyNetError(f"{contract} has no {name} event in its shipped ABI")


def decode_log(event: dict[str, Any], log: dict[str, Any]) -> dict[str, Any]:
    """Decode one eth_getLogs entry of `event` (static fields only) into name -> value."""
    from eth_abi import decode as abi_decode

    inputs = event["inputs"]
    indexed = [i for i in inputs if i["indexed"]]
    plain = [i for i in inputs if not i["indexed"]]
    out: dict[str, Any] = {}
    for field_, topic in zip(indexed, log["topics"][1:], strict=False):
        out[field_["name"]] = abi_decode([field_["type"]], bytes.fromhex(topic[2:]))[0]
    data = bytes.fromhex(log["data"].removeprefix("0x"))
    values = abi_decode([i["type"] for i in plain], data) if plain else ()
    out.update({i["name"]: v for i, v in zip(plain, values, strict=True)})
    return out


def time_travel(seconds: int) -> int:
    """Advance chain time (anvil: evm_increaseTime + evm_mine); returns the new time."""
    if seconds < 0:
        raise SafetyNetError("time only moves forward")
    if is_network():
        rpc("evm_increaseTime", [seconds])
        rpc("evm_mine", [])
    else:
        import boa

        boa.env.time_travel(seconds=seconds)
    return now()


LOCAL_CHAIN_IDS = (31337, 1337)


def memory_fork_on_local_chains() -> None:
    """Local dev chains (anvil: chain id 31337) start over from block 0 with the same chain id,
    so titanoboa's on-disk fork cache (~/.cache/titanoboa/fork, keyed by chain id and block)
    serves storage of an earlier chain: local simulations then revert ("cover: unknown
    product") though the node has the state. Keep forks of such chains in memory, including
    the re-forks titanoboa makes before each transaction."""
    import boa

    env = boa.env
    if not is_network() or getattr(env, "_safetynet_memory_fork", False):
        return
    if int(env._rpc.fetch("eth_chainId", []), 16) not in LOCAL_CHAIN_IDS:
        return

    def _reset_fork(block_identifier: str = "latest") -> None:
        env.fork_rpc(env._rpc, reset_traces=False, block_identifier=block_identifier,
                     cache_dir=None)  # fmt: skip

    env._reset_fork = _reset_fork
    env._safetynet_memory_fork = True
    env._reset_fork()
    pad_gas_estimates()


# Gas limit = estimate x 5/4 + 20k: the estimate is made on the pending block, but a
# transaction's gas can grow with the time it is mined at (the premium book and expiry
# walks cross day boundaries), so an exact estimate can run out of gas on chain.
GAS_PAD_NUM, GAS_PAD_DEN, GAS_PAD_ADD = 5, 4, 20_000


class _PaddedGasRPC:
    """Wraps titanoboa's RPC: eth_estimateGas answers come back with headroom."""

    def __init__(self, inner: object) -> None:
        self._inner = inner

    def fetch(self, method: str, params: object) -> object:
        try:
            result = self._inner.fetch(method, params)  # type: ignore[attr-defined]
        except Exception as exc:
            if method in ("eth_estimateGas", "eth_sendRawTransaction", "eth_sendTransaction"):
                self._refuse_without_gas_money(params, exc)
            raise
        if method == "eth_estimateGas":
            return hex(int(str(result), 16) * GAS_PAD_NUM // GAS_PAD_DEN + GAS_PAD_ADD)
        return result

    def _refuse_without_gas_money(self, params: object, exc: Exception) -> None:
        """A transaction from an account without ETH fails in gas estimation with a raw
        node error (anvil: -32003 "Out of gas"); say what it means."""
        try:
            sender = params[0]["from"]  # type: ignore[index]
            balance = int(str(self._inner.fetch("eth_getBalance", [sender, "latest"])), 16)  # type: ignore[attr-defined]
        except Exception:
            return
        if balance < 10**15:  # less than 0.001 ETH: not enough for a SafetyNet transaction
            raise SafetyNetError(
                f"account {sender} has {balance / 10**18:g} ETH: it needs ETH to pay for gas. "
                "Send it some (on a local chain, from a dev account), or sign with "
                "--account N"
            ) from exc

    def __getattr__(self, name: str) -> object:
        return getattr(self._inner, name)


def pad_gas_estimates() -> None:
    """Network mode: give every transaction's gas limit headroom over the estimate."""
    import boa

    env = boa.env
    if is_network() and not isinstance(env._rpc, _PaddedGasRPC):
        env._rpc = _PaddedGasRPC(env._rpc)


# ------------------------------------------------------------------------------ read-only
# Read commands (`products`, `pool`, `covers`, ...) need neither titanoboa's EVM nor a
# signer: plain eth_call over JSON-RPC answers them in a fraction of titanoboa's 0.7 s
# import. `use_reader(url)` makes now(), rpc(), block_number() and friends use that node;
# `RpcContract` calls the view functions of a shipped ABI with the same results titanoboa
# gives (ints, bools, bytes, checksummed addresses, structs with named fields).

_READER_URL: str | None = None

# The addresses of ANVIL_KEYS, so naming a dev account needs no elliptic-curve maths.
ANVIL_ADDRESSES: tuple[str, ...] = (
    "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
    "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65",
    "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc",
    "0x976EA74026E726554dB657fA54763abd0C3a0aa9",
    "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955",
    "0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f",
    "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720",
)


def keccak256(data: bytes) -> bytes:
    """keccak-256 (pycryptodome, which eth-hash already depends on: cheap to import)."""
    from Crypto.Hash import keccak

    return keccak.new(digest_bits=256, data=data).digest()


def checksum_address(raw: str | bytes) -> str:
    """EIP-55 mixed-case address."""
    hexaddr = raw.hex() if isinstance(raw, bytes) else raw.lower().removeprefix("0x")
    digest = keccak256(hexaddr.encode()).hex()
    return "0x" + "".join(
        c.upper() if int(digest[i], 16) >= 8 else c for i, c in enumerate(hexaddr)
    )


def use_reader(rpc_url: str) -> None:
    """Read-only connection: JSON-RPC calls to `rpc_url` without titanoboa."""
    global _READER_URL
    try:
        _reader_fetch(rpc_url, "eth_chainId", [])
    except SafetyNetError:
        raise
    except Exception as exc:
        raise SafetyNetError(
            f"cannot reach an Ethereum node at {rpc_url}: {exc}. "
            "Start one with `make up` or pass a reachable --rpc-url."
        ) from exc
    _READER_URL = rpc_url


def stop_reader() -> None:
    """Back to titanoboa for every chain access."""
    global _READER_URL
    _READER_URL = None


def reading_only() -> bool:
    """True while `use_reader` is in force."""
    return _READER_URL is not None


def _reader_fetch(url: str, method: str, params: list) -> Any:
    import urllib.request

    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
    request = urllib.request.Request(
        url, data=body.encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = json.loads(response.read())
    if "error" in answer:
        error = answer["error"]
        reason = revert_reason(json.dumps(error))
        if reason is not None:
            raise SafetyNetError(f"refused by the contract: {reason}")
        raise RuntimeError(error)
    return answer["result"]


def _abi_type(entry: dict[str, Any]) -> str:
    if entry["type"].startswith("tuple"):
        inner = ",".join(_abi_type(c) for c in entry["components"])
        return f"({inner}){entry['type'][5:]}"
    return str(entry["type"])


def _encode_static(kind: str, value: Any) -> bytes:
    if kind == "address":
        return bytes(12) + bytes.fromhex(str(value).lower().removeprefix("0x"))
    if kind == "bool":
        return int(bool(value)).to_bytes(32, "big")
    if kind.startswith("uint"):
        return int(value).to_bytes(32, "big")
    if kind.startswith("int"):
        return int(value).to_bytes(32, "big", signed=True)
    if kind.startswith("bytes") and kind != "bytes":
        raw = value if isinstance(value, bytes) else bytes.fromhex(str(value).removeprefix("0x"))
        return raw.ljust(32, b"\0")
    raise SafetyNetError(f"read-only calls take static arguments only, not {kind}")


def _is_dynamic(entry: dict[str, Any]) -> bool:
    kind = entry["type"]
    if kind in ("string", "bytes") or kind.endswith("[]"):
        return True
    if kind == "tuple":
        return any(_is_dynamic(c) for c in entry["components"])
    return False


def _decode(entry: dict[str, Any], data: bytes, head: int, base: int) -> Any:
    """Decode one ABI value whose head word is at data[head:head+32] (offsets from base)."""
    kind = entry["type"]
    word = data[head : head + 32]
    if kind == "tuple":
        start = base + int.from_bytes(word, "big") if _is_dynamic(entry) else head
        return _decode_tuple(entry["components"], data, start)
    if kind in ("string", "bytes"):
        start = base + int.from_bytes(word, "big")
        length = int.from_bytes(data[start : start + 32], "big")
        raw = data[start + 32 : start + 32 + length]
        return raw.decode() if kind == "string" else raw
    if kind.endswith("]"):
        raise SafetyNetError(f"read-only calls do not decode arrays ({kind})")
    if kind == "address":
        return checksum_address(word[12:])
    if kind == "bool":
        return word[-1] == 1
    if kind.startswith("uint"):
        return int.from_bytes(word, "big")
    if kind.startswith("int"):
        return int.from_bytes(word, "big", signed=True)
    return word[: int(kind[5:])]  # bytesN


def _head_size(entry: dict[str, Any]) -> int:
    if entry["type"] == "tuple" and not _is_dynamic(entry):
        return sum(_head_size(c) for c in entry["components"])
    return 32


def _decode_tuple(components: list[dict[str, Any]], data: bytes, start: int) -> Any:
    values, head = [], start
    for c in components:
        values.append(_decode(c, data, head, start))
        head += _head_size(c)
    names = [c.get("name") or f"field{i}" for i, c in enumerate(components)]
    return _struct_type(tuple(names))(*values)


_STRUCTS: dict[tuple[str, ...], Any] = {}


def _struct_type(names: tuple[str, ...]) -> Any:
    from collections import namedtuple

    if names not in _STRUCTS:
        _STRUCTS[names] = namedtuple("Struct", names, rename=True)  # noqa: PYI024
    return _STRUCTS[names]


class RpcContract:
    """A contract's view functions over eth_call, from its ABI (no titanoboa)."""

    def __init__(self, address: str, abi: list[dict[str, Any]]) -> None:
        self.address = checksum_address(address)
        self._functions = {e["name"]: e for e in abi if e.get("type") == "function"}

    def __repr__(self) -> str:
        return f"<RpcContract {self.address}>"

    def __getattr__(self, name: str) -> Callable[..., Any]:
        entry = self._functions.get(name) if not name.startswith("__") else None
        if entry is None:
            raise AttributeError(name)
        if entry.get("stateMutability") not in ("view", "pure"):
            raise SafetyNetError(f"{name} sends a transaction: a read-only connection cannot")

        def call(*args: Any) -> Any:
            return self._call(entry, args)

        return call

    def _call(self, entry: dict[str, Any], args: tuple[Any, ...]) -> Any:
        result = rpc("eth_call", [{"to": self.address, "data": self._calldata(entry, args)},
                                  "latest"])  # fmt: skip
        return self._decode_output(entry, str(result))

    def call_params(self, name: str, *args: Any, block: int | str = "latest") -> list[Any]:
        """eth_call params of view `name(*args)` at `block` (for batched JSON-RPC reads);
        `decode_result(name, result)` decodes what the node answers."""
        entry = self._functions[name]
        tag = hex(block) if isinstance(block, int) else block
        return [{"to": self.address, "data": self._calldata(entry, args)}, tag]

    def decode_result(self, name: str, result: str) -> Any:
        """Decode an eth_call answer to view `name` as a direct call would return it."""
        return self._decode_output(self._functions[name], result)

    @staticmethod
    def _calldata(entry: dict[str, Any], args: tuple[Any, ...]) -> str:
        signature = f"{entry['name']}({','.join(_abi_type(i) for i in entry['inputs'])})"
        data = keccak256(signature.encode())[:4] + b"".join(
            _encode_static(i["type"], a) for i, a in zip(entry["inputs"], args, strict=True)
        )
        return "0x" + data.hex()

    @staticmethod
    def _decode_output(entry: dict[str, Any], result: str) -> Any:
        raw = bytes.fromhex(result.removeprefix("0x"))
        outputs = entry["outputs"]
        if len(outputs) == 1:
            return _decode(outputs[0], raw, 0, 0)
        values, head = [], 0
        for out in outputs:
            values.append(_decode(out, raw, head, 0))
            head += _head_size(out)
        return tuple(values)


class RpcSession:
    """A JSON-RPC client on one kept-alive HTTP connection, with batches (many calls, one
    round trip): what the indexer reads logs, blocks and eth_calls through."""

    def __init__(self, url: str, timeout: float = 30.0) -> None:
        import requests

        self.url = url
        self.timeout = timeout
        self._http = requests.Session()
        self._id = 0

    def call(self, method: str, params: list[Any]) -> Any:
        """One call; a node error raises RpcError (with the node's code and message)."""
        return self.batch([(method, params)])[0]

    def batch(self, calls: list[tuple[str, list[Any]]], errors: bool = False) -> list[Any]:
        """Several calls in one request; results in the order of `calls`. A node error
        raises RpcError, or with errors=True takes that call's place in the results."""
        if not calls:
            return []
        first = self._id
        body = [
            {"jsonrpc": "2.0", "id": first + i, "method": m, "params": p}
            for i, (m, p) in enumerate(calls)
        ]
        self._id += len(calls)
        response = self._http.post(self.url, json=body if len(body) > 1 else body[0],
                                   timeout=self.timeout)  # fmt: skip
        response.raise_for_status()
        answers = response.json()
        if isinstance(answers, dict):
            answers = [answers]
        by_id = {a.get("id"): a for a in answers}
        out = []
        for i in range(len(calls)):
            answer = by_id.get(first + i)
            if answer is None:
                raise RpcError(-1, f"no answer to {calls[i][0]}")
            if "error" in answer:
                err = answer["error"]
                failure = RpcError(int(err.get("code", -1)), str(err.get("message", err)))
                if not errors:
                    raise failure
                out.append(failure)
                continue
            out.append(answer["result"])
        return out

    def close(self) -> None:
        self._http.close()


class RpcError(Exception):
    """An error answer of a JSON-RPC node (code and message as the node gave them)."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(f"{message} (JSON-RPC error {code})")
        self.code = code
        self.message = message
