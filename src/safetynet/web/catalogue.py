"""What the markets and product pages show of a product: the chain's figures (through the
SDK), the risk engine's report for the protocol it covers, and a parametric trigger.

Nothing here decides what the contract decides: rates, capacity, attestation and quotes are
read from Cover; the risk tier and red flags come from `safetynet.risk`, the same engine
that priced the sample products.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from safetynet import sdk
from safetynet.chain import RpcContract
from safetynet.errors import SafetyNetError
from safetynet.sdk.deployment import shipped_abi
from safetynet.sdk.products import ProductInfo
from safetynet.sdk.quotes import QuoteBreakdown

MAX_BPS = 10_000
ZERO_ADDRESS = "0x" + "00" * 20
TIERS = ("A", "B", "C", "D", "X")
TIER_WORDS = {
    "A": "low risk",
    "B": "moderate risk",
    "C": "elevated risk",
    "D": "high risk",
    "X": "not insurable",
}
KIND_WORDS = {
    "protocol": "Smart-contract cover",
    "custody": "Custody cover",
    "parametric": "Parametric cover",
}


@dataclass(frozen=True)
class Risk:
    """The risk engine's view of the protocol a product covers."""

    protocol: str
    tier: str
    score: int
    insurable: bool
    flags: tuple[str, ...]  # one sentence each, heaviest first
    notes: tuple[str, ...]

    @property
    def tier_words(self) -> str:
        return TIER_WORDS.get(self.tier, self.tier)


@dataclass(frozen=True)
class Trigger:
    """A parametric product's incident: the feed stays below `threshold` for `min_duration`."""

    feed: str
    threshold: Decimal
    min_duration: int
    payout_bps: int
    active: bool  # below the threshold now: sales paused


@dataclass(frozen=True)
class MarketProduct:
    info: ProductInfo
    risk: Risk | None
    trigger: Trigger | None

    @property
    def capacity_left(self) -> int:
        return max(self.info.capacity - self.info.active, 0)

    @property
    def utilization_bps(self) -> int:
        return self.info.active * MAX_BPS // self.info.capacity if self.info.capacity else 0

    @property
    def tier(self) -> str:
        return self.risk.tier if self.risk else "—"

    @property
    def on_sale(self) -> bool:
        return (
            self.info.attested
            and not self.info.paused
            and not (self.trigger is not None and self.trigger.active)
        )

    def why_not_on_sale(self) -> str:
        if not self.info.attested:
            return "no live auditor attestation"
        if self.info.paused:
            return "paused by governance"
        if self.trigger is not None and self.trigger.active:
            return "its feed is below the threshold right now: sales resume once it recovers"
        return ""


@lru_cache(maxsize=64)
def risk_for(name: str, kind: str) -> Risk | None:
    """The risk report for the protocol a product's name refers to (None: parametric, or a
    name the facts dataset does not know)."""
    if kind == "parametric":
        return None
    from safetynet.risk.facts import load_facts
    from safetynet.risk.rates import protocol_for_product
    from safetynet.risk.rules import scan_name

    facts = load_facts()
    slug = protocol_for_product(name, facts)
    if slug is None:
        return None
    report = scan_name(slug, facts)
    findings = sorted(report.findings, key=lambda f: -f.rule.weight)
    return Risk(
        protocol=slug,
        tier=report.tier,
        score=report.score,
        insurable=report.insurable,
        flags=tuple(f.rule.sentence for f in findings),
        notes=tuple(report.notes),
    )


def _plain(value: Decimal) -> Decimal:
    """0.97000000 -> 0.97, 1.00000000 -> 1.00 (at least two decimals, like a price)."""
    return max(
        value.normalize(), value.quantize(Decimal("0.01")), key=lambda d: -d.as_tuple().exponent
    )


def trigger_of(p: Any, product_id: int) -> Trigger | None:
    if p.parametric is None:
        return None
    t = p.parametric.triggers(product_id)
    if str(t.feed).lower() == ZERO_ADDRESS:
        return None
    decimals = int(RpcContract(str(t.feed), shipped_abi("MockAggregator")).decimals())
    return Trigger(
        feed=str(t.feed),
        threshold=_plain(Decimal(int(t.threshold)).scaleb(-decimals)),
        min_duration=int(t.min_duration),
        payout_bps=int(t.payout_bps),
        active=bool(p.parametric.trigger_active(product_id)),
    )


def market_product(p: Any, product_id: int) -> MarketProduct:
    info = sdk.product(p, product_id)
    return MarketProduct(info, risk_for(info.name, info.kind), trigger_of(p, product_id))


def market(p: Any) -> list[MarketProduct]:
    return [market_product(p, i) for i in range(int(p.cover.product_count()))]


def find_product(p: Any, product_id: int) -> MarketProduct:
    if not 0 <= product_id < int(p.cover.product_count()):
        raise LookupError(f"there is no product {product_id}")
    return market_product(p, product_id)


def filter_market(
    items: list[MarketProduct], kind: str | None, tier: str | None
) -> list[MarketProduct]:
    return [m for m in items if (not kind or m.info.kind == kind) and (not tier or m.tier == tier)]


def quote(p: Any, product: MarketProduct, amount: int, period: int) -> QuoteBreakdown:
    """Cover's premium for the purchase now, with its breakdown (the SDK's quote_breakdown:
    base rate, surge once utilization after the purchase passes 80%, fees)."""
    return sdk.quote_breakdown(p, product.info.product_id, amount, period)


def quote_error(exc: SafetyNetError) -> str:
    """A contract refusal in words for the calculator."""
    return str(exc).removeprefix("refused by the contract: ")
