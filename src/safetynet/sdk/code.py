"""Covered code: binding a product's attestation to the contracts that were audited.

The contract side is CodeGuard (`set_covered_code`, `check_code`, `code_matches`,
`covered_code`) and Cover (`code_changed`, and `attest`, which lifts a stop). This module
sends and reads those, and helps an auditor turn a list of addresses into the code set to
record: proxies are resolved (a beacon proxy's beacon is added, since the implementation
comes from it), and a proxy that hides its implementation is reported, because on chain
only its own code hash can be checked (the keeper watches its EIP-1967 slot off-chain).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from safetynet.errors import SafetyNetError
from safetynet.proxies import BEACON_SLOT, IMPLEMENTATION_SLOT
from safetynet.sdk.record import Record
from safetynet.sdk.transactions import acting_as, transact

if TYPE_CHECKING:
    from safetynet.deploy import Protocol

MAX_COVERED = 8
ZERO = "0x" + "00" * 20




@dataclass(frozen=True)
class CodeRecord(Record):
    """One covered contract as CodeGuard recorded it (implementation zero: not a proxy, or
    a proxy that does not answer `implementation()` / `beacon()`)."""

    target: str
    code_hash: str
    implementation: str
    implementation_hash: str


@dataclass(frozen=True)
class CodeSet:
    """What `resolve_code_set` found: the addresses to record and notes for the auditor."""

    contracts: list[str]
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class CodeState(Record, shown=("label",)):
    """A product's covered code now: `recorded` contracts, whether they still `match` the
    chain, and whether Cover stopped its sales for a change (`changed`, until re-attested)."""

    product_id: int
    recorded: int
    matches: bool
    changed: bool

    @property
    def label(self) -> str:
        if self.changed:
            return "changed: sales stopped"
        if not self.recorded:
            return "not bound"
        return "as audited" if self.matches else "differs: check_code will stop sales"


def _guard(p: Protocol) -> Any:
    if p.code_guard is None:
        raise SafetyNetError(
            "this deployment has no CodeGuard: redeploy with this version to bind attestations "
            "to code"
        )
    return p.code_guard


def covered_code(p: Protocol, product_id: int) -> list[CodeRecord]:
    """The code recorded for a product (empty when none, or without a CodeGuard)."""
    if p.code_guard is None:
        return []
    return [
        CodeRecord(
            target=str(r.target),
            code_hash="0x" + bytes(r.code_hash).hex(),
            implementation=str(r.implementation),
            implementation_hash="0x" + bytes(r.implementation_hash).hex(),
        )
        for r in p.code_guard.covered_code(product_id)
    ]


def code_state(p: Protocol, product_id: int) -> CodeState:
    """Recorded contracts, whether they match the chain now, whether sales were stopped."""
    changed = bool(p.cover.code_changed(product_id))
    if getattr(p, "code_guard", None) is None:
        return CodeState(product_id, 0, True, changed)
    recorded = int(p.code_guard.covered_count(product_id))
    matches = bool(p.code_guard.code_matches(product_id)) if recorded else True
    return CodeState(product_id, recorded, matches, changed)


def set_covered_code(
    p: Protocol, product_id: int, contracts: list[str], sender: str | None = None
) -> list[CodeRecord]:
    """Record the code a product's attestation covers (an auditor or governance)."""
    if len(contracts) > MAX_COVERED:
        raise SafetyNetError(
            f"{len(contracts)} contracts given: a product's attestation covers at most "
            f"{MAX_COVERED}; list the core ones (pool, router, oracle adapter...)"
        )
    with acting_as(sender):
        transact(_guard(p).set_covered_code, product_id, contracts)
    return covered_code(p, product_id)


def check_code(p: Protocol, product_id: int, sender: str | None = None) -> bool:
    """Send CodeGuard.check_code: True when the code is as recorded; on a difference the
    product's sales stop (once: when they are already stopped nothing is sent)."""
    guard = _guard(p)
    if guard.code_matches(product_id):
        return True
    if p.cover.code_changed(product_id):
        return False
    with acting_as(sender):
        return bool(transact(guard.check_code, product_id))


def _storage_address(address: str, slot: int) -> str | None:
    import boa
    from eth_utils import to_checksum_address

    word = boa.env.get_storage(address, slot)
    if isinstance(word, bytes):
        word = int.from_bytes(word, "big")
    if not word or word >> 160:
        return None
    return to_checksum_address(int(word).to_bytes(20, "big"))


def _answers(address: str, signature: str) -> str | None:
    """The address a no-argument getter returns, or None when it does not answer."""
    import boa
    from eth_utils import keccak, to_checksum_address

    try:
        out = boa.env.execute_code(
            to_address=address, data=keccak(text=signature)[:4], simulate=True
        ).output
    except Exception:  # noqa: BLE001 - a getter that fails is a getter that does not answer
        return None
    if len(out) != 32 or int.from_bytes(out, "big") >> 160:
        return None
    return to_checksum_address(out[12:])


def resolve_code_set(addresses: list[str]) -> CodeSet:
    """The code set to record for `addresses`: each must hold code; an EIP-1967 beacon proxy
    that does not answer `beacon()` brings its beacon (whose `implementation()` CodeGuard
    reads); a proxy whose implementation is only in its EIP-1967 slot is noted."""
    import boa
    from eth_utils import is_address, to_checksum_address

    contracts: list[str] = []
    notes: list[str] = []

    def add(address: str) -> None:
        if address.lower() not in (c.lower() for c in contracts):
            contracts.append(address)

    for raw in addresses:
        if not is_address(raw):
            raise SafetyNetError(f"{raw!r} is not an address (0x followed by 40 hex digits)")
        address = to_checksum_address(raw)
        if not boa.env.get_code(address):
            raise SafetyNetError(f"no contract code at {address}: check the address and chain")
        add(address)
        beacon = _storage_address(address, BEACON_SLOT)
        if beacon is not None and _answers(address, "beacon()") is None:
            add(beacon)
            notes.append(f"{address} is a beacon proxy: its beacon {beacon} is covered too")
        implementation = _storage_address(address, IMPLEMENTATION_SLOT)
        if implementation is not None and _answers(address, "implementation()") is None:
            notes.append(
                f"{address} is an EIP-1967 proxy that hides its implementation ({implementation})"
                ": on chain only its own code is checked; the keeper watches its slot and "
                "reports a change for the guardian to pause the product"
            )
    if len(contracts) > MAX_COVERED:
        raise SafetyNetError(
            f"the code set has {len(contracts)} contracts (beacons included): at most {MAX_COVERED}"
        )
    return CodeSet(contracts, notes)


def hidden_implementations(p: Protocol, product_id: int) -> dict[str, str]:
    """Covered proxies whose implementation CodeGuard cannot read on chain: target ->
    the implementation in its EIP-1967 slot now (what the keeper watches off-chain)."""
    found = {}
    for record in covered_code(p, product_id):
        if record.implementation != ZERO:
            continue
        implementation = _storage_address(record.target, IMPLEMENTATION_SLOT)
        if implementation is not None:
            found[record.target] = implementation
    return found


def bound_products(p: Protocol) -> list[int]:
    """Ids of the products with a recorded code set (what the keeper checks each pass)."""
    if getattr(p, "code_guard", None) is None:
        return []
    count = int(p.cover.product_count())
    return [i for i in range(count) if int(p.code_guard.covered_count(i))]


def products_covering(p: Protocol, address: str) -> list[dict[str, Any]]:
    """Products whose recorded code set holds `address` (as a covered contract or as a
    proxy's implementation), each with its code state: what `risk scan` shows."""
    wanted = address.lower()
    found = []
    for product_id in range(int(p.cover.product_count())):
        records = covered_code(p, product_id)
        if any(wanted in (r.target.lower(), r.implementation.lower()) for r in records):
            state = code_state(p, product_id)
            found.append(
                {"product_id": product_id, "code": state.label}
                | {"name": p.cover.products(product_id).name}
            )
    return found
