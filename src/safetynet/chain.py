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


def _to_stderr(*args: object, **kwargs: object) -> None:
    print(*args, file=sys.stderr)


def use_network(rpc_url: str, private_key: str | None = None, account: int | None = None) -> str:
    """Point titanoboa at a JSON-RPC node and make one key the sender; returns its address."""
    import boa
    import boa.network as boa_network

    # titanoboa prints transaction progress on stdout; keep stdout for results (e.g. --json).
    boa_network.print = _to_stderr  # type: ignore[attr-defined]
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


def is_network() -> bool:
    """True when titanoboa talks to a JSON-RPC node rather than its in-process EVM."""
    import boa

    return hasattr(boa.env, "_rpc")


def rpc(method: str, params: list) -> object:
    """A raw JSON-RPC call to the connected node (network mode only)."""
    if not is_network():
        raise SafetyNetError(f"{method} needs a JSON-RPC node (--rpc-url)")
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
    import boa

    return int(boa.env.evm.patch.chain_id)


def eth_balance(address: str) -> int:
    """An account's ETH balance in wei."""
    import boa

    return int(boa.env.get_balance(address))


def sync_to_head() -> None:
    """Network mode: titanoboa simulates every call on a local fork pinned at the block of
    our last transaction, and a call that reverts there (a round that did not exist yet)
    raises even though the node has it. Re-fork at the head before reading new state."""
    import boa

    if is_network() and hasattr(boa.env, "_reset_fork"):
        boa.env._reset_fork()


def event_abi(contract: str, name: str) -> dict[str, Any]:
    """An event's ABI entry from the shipped ABIs (so decoding follows the contract)."""
    from safetynet.abi import abi_dir

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
