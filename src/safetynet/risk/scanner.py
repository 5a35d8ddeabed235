"""On-chain red-flag checks of a contract address, through titanoboa (in-process EVM or RPC).

What is read, without sending any transaction:
- proxy patterns: EIP-1967 implementation/admin/beacon slots, EIP-1822 (UUPS) ``PROXIABLE`` slot,
  EIP-1167 minimal clones (not upgradeable) and EIP-7702 delegated accounts;
- who controls it: the EIP-1967 admin slot, else ``admin()`` / ``owner()``; the controller is an
  EOA (no code), a TimelockController (``get_minimum_delay()`` snekmate, ``getMinDelay()``
  OpenZeppelin, ``delay()`` Compound), a Safe multisig (``getThreshold()``) or another contract;
- the runtime bytecode of the contract (and of its implementation): SELFDESTRUCT, DELEGATECALL
  and CALLCODE opcodes (PUSH data skipped, trailing metadata ignored) and the 4-byte selectors of
  privileged functions (mint, burn-from, blacklist, set-fee, pause, upgrade);
- one dry run: ``mint(probe, 1)`` from a random address, simulated and rolled back, to tell an
  open mint from an owner-only one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import boa
from eth_utils import keccak, to_checksum_address

from safetynet.errors import SafetyNetError
from safetynet.proxies import ADMIN_SLOT, BEACON_SLOT, EIP1822_SLOT, IMPLEMENTATION_SLOT
from safetynet.risk.rules import RULES, TIMELOCK_MIN_DAYS, Finding, RiskReport

EIP1167_PREFIX = bytes.fromhex("363d3d373d3d3d363d73")
EIP1167_SUFFIX = bytes.fromhex("5af43d82803e903d91602b57fd5bf3")
EIP7702_PREFIX = bytes.fromhex("ef0100")

OP_SELFDESTRUCT, OP_DELEGATECALL, OP_CALLCODE = 0xFF, 0xF4, 0xF2
PUSH1, PUSH32 = 0x60, 0x7F

# Privileged functions by family: the signatures seen in the wild (Solidity and Vyper spellings).
PRIVILEGED: dict[str, tuple[str, ...]] = {
    "mint": (
        "mint(address,uint256)",
        "mint(uint256)",
        "mintTo(address,uint256)",
        "mint(address,uint256,bytes)",
        "issue(uint256)",
    ),
    "burn_from": (
        "burnFrom(address,uint256)",
        "burn(address,uint256)",
        "burn_from(address,uint256)",
        "destroyBlackFunds(address)",
    ),
    "blacklist": (
        "blacklist(address)",
        "addBlackList(address)",
        "addToBlacklist(address)",
        "setBlacklist(address,bool)",
        "set_blacklisted(address,bool)",
        "freeze(address)",
        "blacklistAddress(address)",
        "setBlacklisted(address,bool)",
    ),
    "set_fee": (
        "setFee(uint256)",
        "setFees(uint256,uint256)",
        "setTaxFee(uint256)",
        "setTax(uint256)",
        "set_fee(uint256)",
        "setTransferFee(uint256)",
        "setSellFee(uint256)",
        "updateFees(uint256,uint256)",
        "setParams(uint256,uint256)",
    ),
    "pause": ("pause()", "unpause()", "setPaused(bool)", "set_paused(bool)"),
    "upgrade": (
        "upgradeTo(address)",
        "upgradeToAndCall(address,bytes)",
        "upgrade_to(address)",
        "changeAdmin(address)",
        "setImplementation(address)",
        "upgrade(address,address)",
    ),
}


def selector(signature: str) -> bytes:
    return keccak(text=signature)[:4]


SELECTORS: dict[bytes, tuple[str, str]] = {
    selector(sig): (family, sig) for family, sigs in PRIVILEGED.items() for sig in sigs
}


@dataclass
class Controller:
    address: str | None
    kind: str  # none | eoa | timelock | multisig | contract
    delay_seconds: int | None = None
    threshold: int | None = None
    owners: int | None = None

    @property
    def delay_days(self) -> float | None:
        return None if self.delay_seconds is None else self.delay_seconds / 86_400


@dataclass
class OnchainFacts:
    address: str
    code_size: int
    proxy: str | None = None  # eip1967 | eip1967-beacon | eip1822 | eip1167 | eip7702
    implementation: str | None = None
    admin: Controller | None = None
    owner: Controller | None = None
    opcodes: dict[str, int] = field(default_factory=dict)
    privileged: dict[str, list[str]] = field(default_factory=dict)
    open_mint: bool = False

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for key in ("admin", "owner"):
            if getattr(self, key) is not None:
                out[key]["delay_days"] = getattr(self, key).delay_days
        return out


HALTING = frozenset({0x00, 0x56, 0xF3, 0xFD, 0xFE, 0xFF})  # STOP JUMP RETURN REVERT INVALID SD
OP_JUMPDEST = 0x5B


def _pushed_values(code: bytes) -> set[int]:
    """Every PUSH1-PUSH3 operand in the code: the possible jump targets (compilers push a
    jump's destination as a constant)."""
    found: set[int] = set()
    i = 0
    while i < len(code):
        op = code[i]
        if PUSH1 <= op <= PUSH32:
            width = op - PUSH1 + 1
            if width <= 3:
                found.add(int.from_bytes(code[i + 1 : i + 1 + width], "big"))
            i += width + 1
            continue
        i += 1
    return found


def scan_opcodes(code: bytes) -> dict[str, int]:
    """Count SELFDESTRUCT/DELEGATECALL/CALLCODE in the code part only: PUSH data, metadata and
    unreachable bytes are skipped. Bytes after a halting instruction are not code until a
    JUMPDEST that some PUSH names as a target: that is how Vyper 0.4's data section (jump
    tables) and appended immutables (strings, hashes: any byte values) are told from code,
    since its deployed bytecode carries no metadata saying where code ends."""
    code = strip_metadata(code)
    targets = _pushed_values(code)
    counts = {"SELFDESTRUCT": 0, "DELEGATECALL": 0, "CALLCODE": 0}
    names = {
        OP_SELFDESTRUCT: "SELFDESTRUCT",
        OP_DELEGATECALL: "DELEGATECALL",
        OP_CALLCODE: "CALLCODE",
    }
    i, live = 0, True
    while i < len(code):
        op = code[i]
        if op == OP_JUMPDEST and i in targets:
            live = True
        if not live:
            i += 1
            continue
        if PUSH1 <= op <= PUSH32:
            i += op - PUSH1 + 2
            continue
        if op in names:
            counts[names[op]] += 1
        if op in HALTING:
            live = False
        i += 1
    return counts


def strip_metadata(code: bytes) -> bytes:
    """Drop trailing CBOR metadata and its 2-byte length (Solidity; Vyper before 0.4). Vyper
    0.4 keeps its metadata in the initcode only: its deployed code ends with the data
    section and the immutables, which `scan_opcodes` skips as unreachable bytes."""
    if len(code) < 4:
        return code
    length = int.from_bytes(code[-2:], "big")
    start = len(code) - 2 - length
    if 0 < length < 200 and start > 0 and code[start] in (0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0x84, 0x85):
        return code[:start]
    return code


def scan_selectors(code: bytes) -> dict[str, list[str]]:
    """Privileged functions whose selector appears in the code (PUSH4 operand or jump table)."""
    found: dict[str, list[str]] = {}
    for sel, (family, sig) in SELECTORS.items():
        if sel in code:
            found.setdefault(family, []).append(sig)
    return found


def _call(address: str, signature: str, args: bytes = b"", sender: str | None = None):
    """Simulated call; returns output bytes or None when it reverts or fails."""
    data = selector(signature) + args
    try:
        comp = boa.env.execute_code(
            to_address=address,
            data=data,
            simulate=True,
            is_modifying=sender is not None,
            sender=sender,
        )
    except Exception:  # noqa: BLE001 - any failure of a probe means "no such view"
        return None
    if getattr(comp, "is_error", False):
        return None
    return bytes(comp.output or b"")


def _as_address(word: bytes | int | None) -> str | None:
    if word is None:
        return None
    if isinstance(word, bytes):
        if len(word) < 32:
            return None
        word = int.from_bytes(word[:32], "big")
    if word == 0 or word >> 160:
        return None
    return to_checksum_address(word.to_bytes(20, "big"))


def _as_uint(word: bytes | None) -> int | None:
    if word is None or len(word) < 32:
        return None
    return int.from_bytes(word[:32], "big")


def _code(address: str) -> bytes:
    return bytes(boa.env.get_code(address))


def classify_controller(address: str | None) -> Controller:
    """EOA, timelock (with its delay), Safe multisig (threshold) or other contract."""
    if address is None:
        return Controller(None, "none")
    code = _code(address)
    if not code or code.startswith(EIP7702_PREFIX):
        return Controller(address, "eoa")
    for sig in ("get_minimum_delay()", "getMinDelay()", "delay()", "MINIMUM_DELAY()"):
        delay = _as_uint(_call(address, sig))
        if delay is not None:
            return Controller(address, "timelock", delay_seconds=delay)
    threshold = _as_uint(_call(address, "getThreshold()"))
    if threshold is not None:
        owners = _call(address, "getOwners()")
        n = _as_uint(owners[32:64]) if owners and len(owners) >= 64 else None
        return Controller(address, "multisig", threshold=threshold, owners=n)
    return Controller(address, "contract")


def read_onchain(address: str) -> OnchainFacts:
    """Everything the on-chain rules need about ``address`` in the current boa environment."""
    try:
        address = to_checksum_address(address)
    except ValueError as exc:
        raise SafetyNetError(f"'{address}' is not an address or a known protocol name") from exc
    code = _code(address)
    if not code:
        raise SafetyNetError(
            f"no contract code at {address} on this chain; check the address and the --rpc-url "
            "(an externally owned account has nothing to scan)"
        )
    facts = OnchainFacts(address=address, code_size=len(code))
    logic = code
    env = boa.env
    impl = _as_address(env.get_storage(address, IMPLEMENTATION_SLOT))
    beacon = _as_address(env.get_storage(address, BEACON_SLOT))
    uups = _as_address(env.get_storage(address, EIP1822_SLOT))
    if code.startswith(EIP7702_PREFIX):
        facts.proxy = "eip7702"
        facts.implementation = _as_address(int.from_bytes(code[3:23], "big"))
    elif code.startswith(EIP1167_PREFIX) and code[30:].startswith(EIP1167_SUFFIX):
        facts.proxy = "eip1167"
        facts.implementation = _as_address(int.from_bytes(code[10:30], "big"))
    elif impl is not None:
        facts.proxy, facts.implementation = "eip1967", impl
    elif beacon is not None:
        facts.proxy = "eip1967-beacon"
        facts.implementation = _as_address(_call(beacon, "implementation()"))
        facts.admin = classify_controller(_as_address(_call(beacon, "owner()")))
    elif uups is not None:
        facts.proxy, facts.implementation = "eip1822", uups
    if facts.implementation is not None:
        logic = _code(facts.implementation) or code
    if facts.proxy in ("eip1967", "eip1822") and facts.admin is None:
        admin = _as_address(env.get_storage(address, ADMIN_SLOT))
        admin = admin or _as_address(_call(address, "admin()"))
        facts.admin = classify_controller(admin) if admin else None
    facts.owner = classify_controller(_as_address(_call(address, "owner()")))
    if facts.owner.kind == "none":
        facts.owner = None
    facts.opcodes = scan_opcodes(logic)
    if facts.implementation is not None and facts.proxy not in ("eip1167",):
        own = scan_opcodes(code)
        facts.opcodes["SELFDESTRUCT"] += own["SELFDESTRUCT"]
        facts.opcodes["CALLCODE"] += own["CALLCODE"]
    facts.privileged = scan_selectors(logic)
    if "mint" in facts.privileged:
        probe = to_checksum_address(keccak(text="safetynet.scanner.probe")[:20])
        sender = to_checksum_address(keccak(text="safetynet.scanner.stranger")[:20])
        args = bytes(12) + bytes.fromhex(probe[2:]) + (1).to_bytes(32, "big")
        facts.open_mint = _call(address, "mint(address,uint256)", args, sender=sender) is not None
    return facts


def _add(findings: list[Finding], rule_id: str, detail: str) -> None:
    findings.append(Finding(RULES[rule_id], detail))


def evaluate_onchain(facts: OnchainFacts) -> list[Finding]:
    """Apply the rules to what was read on-chain."""
    findings: list[Finding] = []
    upgradeable = facts.proxy in ("eip1967", "eip1967-beacon", "eip1822", "eip7702")
    if upgradeable:
        ctl = facts.admin or facts.owner
        if ctl is None or ctl.kind == "none":
            _add(findings, "control_unknown", f"{facts.proxy} proxy, admin not found")
        elif ctl.kind == "eoa":
            _add(
                findings, "admin_eoa_upgrade", f"{facts.proxy} proxy admin {ctl.address} is an EOA"
            )
        elif ctl.kind == "timelock":
            if (ctl.delay_days or 0) < TIMELOCK_MIN_DAYS:
                _add(findings, "short_timelock", f"timelock delay {ctl.delay_days:.2f} days")
        elif ctl.kind == "multisig":
            _add(
                findings,
                "multisig_no_timelock",
                f"Safe {ctl.threshold} of {ctl.owners} can upgrade at once",
            )
        else:
            _add(findings, "control_unknown", f"admin {ctl.address} is an unrecognised contract")
    owner = facts.owner
    owner_eoa = owner is not None and owner.kind == "eoa"
    owner_fast = owner is not None and (
        owner.kind in ("multisig", "contract")
        or (owner.kind == "timelock" and (owner.delay_days or 0) < TIMELOCK_MIN_DAYS)
    )
    powers = facts.privileged
    if facts.open_mint:
        _add(findings, "rug_open_mint", "mint(address,uint256) succeeded from a random address")
    rug = {
        "mint": "rug_owner_mint",
        "blacklist": "rug_blacklist",
        "set_fee": "rug_fee_setter",
        "burn_from": "rug_burn_from",
    }
    for family, rule_id in rug.items():
        if family not in powers or (family == "mint" and facts.open_mint):
            continue
        sigs = ", ".join(powers[family])
        if owner_eoa or (owner is None and not upgradeable):
            holder = f"owner {owner.address} is an EOA" if owner else "no owner() to check"
            _add(findings, rule_id, f"{sigs}; {holder}")
        elif owner_fast:
            _add(findings, "privileged_multisig", f"{sigs} held by a {owner.kind}")
    if owner_eoa and not upgradeable and ({"pause", "upgrade"} & set(powers)):
        _add(findings, "owner_eoa_privileged", f"owner {owner.address} is an EOA")
    if "pause" in powers:
        _add(findings, "pausable", ", ".join(powers["pause"]))
    if facts.opcodes.get("SELFDESTRUCT"):
        _add(findings, "selfdestruct", f"{facts.opcodes['SELFDESTRUCT']} occurrence(s)")
    if facts.opcodes.get("CALLCODE"):
        _add(findings, "callcode", f"{facts.opcodes['CALLCODE']} occurrence(s)")
    if facts.opcodes.get("DELEGATECALL") and facts.proxy is None:
        _add(findings, "delegatecall", f"{facts.opcodes['DELEGATECALL']} occurrence(s)")
    seen: set[str] = set()
    unique = []
    for f in findings:
        if f.rule.id not in seen:
            seen.add(f.rule.id)
            unique.append(f)
    return unique


def scan_address(address: str) -> RiskReport:
    """Red-flag report for a contract address in the current boa environment."""
    facts = read_onchain(address)
    notes = [
        "on-chain scan: reads code and storage only; it cannot see off-chain key custody, "
        "audits or intent",
        "a regulated issuer's blacklist and mint (USDC, USDT) look like rug-pull powers here; "
        "scan the issuer by name for the custody view",
    ]
    return RiskReport(
        subject=facts.address,
        source="onchain",
        findings=evaluate_onchain(facts),
        details=facts.to_json(),
        notes=notes,
    )
