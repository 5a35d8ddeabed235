"""Products: listing (governance), attestation (auditors), reading them back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from safetynet import chain
from safetynet.errors import SafetyNetError
from safetynet.sdk.record import Record
from safetynet.sdk.transactions import acting_as, transact
from safetynet.units import DAY

if TYPE_CHECKING:
    from safetynet.deploy import Protocol

KINDS = {"protocol": 0, "parametric": 1, "custody": 2}
KIND_NAMES = {v: k for k, v in KINDS.items()}
# SDK defaults for a new product (SPEC §3.2).
DEFAULT_MIN_PERIOD = 7 * DAY
DEFAULT_MAX_PERIOD = 365 * DAY
DEFAULT_WAITING = {0: DAY, 1: DAY, 2: DAY}
# Every product's wording excludes these (SPEC §3.2); the terms hash commits to it.
EXCLUSIONS = "rug pulls, fake tokens, scams and phishing are excluded"


@dataclass(frozen=True)
class ProductInfo(Record):
    """A product as listed on Cover, with its attestation."""

    product_id: int
    name: str
    kind: str
    annual_rate_bps: int
    capacity: int
    active: int
    waiting_period: int
    min_period: int
    max_period: int
    paused: bool
    terms_hash: str
    attested: bool
    auditor: str
    valid_until: int
    code_changed: bool = False  # sales stopped: covered code changed since the attestation
    code: str = ""  # covered code: as audited | not bound | differs | changed: sales stopped


def terms_hash(name: str, wording: str = "") -> bytes:
    """keccak256 of a product's cover wording, which always carries the exclusions."""
    from eth_utils import keccak

    return keccak(text=f"SafetyNet cover wording for {name}. {wording} {EXCLUSIONS}.")


def add_product(
    p: Protocol,
    name: str,
    kind: int | str,
    annual_rate_bps: int,
    capacity: int,
    *,
    waiting_period: int | None = None,
    min_period: int = DEFAULT_MIN_PERIOD,
    max_period: int = DEFAULT_MAX_PERIOD,
    wording: str = "",
    sender: str | None = None,
) -> int:
    """List a product (governance). Defaults per SPEC: 7-365 days, 1 day waiting for every kind."""
    kind_id = KINDS.get(kind, -1) if isinstance(kind, str) else int(kind)
    if kind_id not in KIND_NAMES:
        raise SafetyNetError(f"unknown product kind {kind!r}: use {', '.join(KINDS)}")
    waiting = DEFAULT_WAITING[kind_id] if waiting_period is None else waiting_period
    with acting_as(sender or p.admin):
        return transact(
            p.cover.add_product,
            name,
            kind_id,
            annual_rate_bps,
            capacity,
            waiting,
            min_period,
            max_period,
            terms_hash(name, wording),
        )


def attest(
    p: Protocol, product_id: int, report: str | bytes, valid_for: int, sender: str | None = None
) -> None:
    """Attest a product (auditor): `report` is hashed; live for `valid_for` seconds from now."""
    from eth_utils import keccak

    report_hash = keccak(report if isinstance(report, bytes) else report.encode())
    with acting_as(sender):
        transact(p.cover.attest, product_id, report_hash, chain.now() + valid_for)


def product(p: Protocol, product_id: int) -> ProductInfo:
    """One product by id."""
    from safetynet.sdk.code import code_state

    raw = transact(p.cover.products, product_id)
    att = p.cover.attestations(product_id)
    state = code_state(p, product_id)
    return ProductInfo.from_struct(
        raw,
        product_id=product_id,
        kind=KIND_NAMES.get(raw.kind, str(raw.kind)),
        terms_hash="0x" + bytes(raw.terms_hash).hex(),
        attested=p.cover.is_attested(product_id),
        auditor=str(att.auditor),
        valid_until=att.valid_until,
        code_changed=state.changed,
        code=state.label,
    )


def products(p: Protocol) -> list[ProductInfo]:
    """Every listed product."""
    return [product(p, i) for i in range(p.cover.product_count())]


def trigger_active(p: Protocol, product_id: int) -> bool:
    """True while a parametric product's feed is below its threshold (its sales paused);
    False for products without a trigger or a deployment without Parametric."""
    if p.parametric is None:
        return False
    return bool(p.parametric.trigger_active(product_id))
