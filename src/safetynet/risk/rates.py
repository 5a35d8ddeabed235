"""Compare listed products' on-chain rates with the model's prices; plan the changes.

Pure planning: it takes what the chain says about each product (id, name, kind, rate, capacity,
paused) and returns one ``RateChange`` per product with the action and the reasons in words. The
SDK (``safetynet.sdk.governance``) turns the changes into ``set_product`` calls sent by the
admin, scheduled through the timelock, or printed as calldata.

Actions: ``set_rate`` (the model's rate differs from the chain's by more than the tolerance),
``pause`` (the model says the protocol is not insurable: sales stop, the rate is kept), ``keep``
(within tolerance) and ``skip`` (not priced by this model: parametric products, unknown names).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Protocol

from safetynet.errors import SafetyNetError
from safetynet.risk.facts import FactsDataset, load_facts
from safetynet.risk.pricing import Calibration, Quote, price

SUFFIXES = re.compile(r"\s+(custody|cover|protocol)$", re.IGNORECASE)


class ListedProduct(Protocol):
    """What the planner reads of a product (``safetynet.sdk.ProductInfo`` has these)."""

    product_id: int
    name: str
    kind: str
    annual_rate_bps: int
    capacity: int
    paused: bool


@dataclass(frozen=True)
class RateChange:
    product_id: int
    name: str
    kind: str
    protocol: str | None
    action: str  # set_rate | pause | keep | skip
    current_bps: int
    proposed_bps: int
    interval_bps: tuple[int, int] | None
    capacity: int
    paused: bool  # the paused flag to write
    reasons: list[str] = field(default_factory=list)

    @property
    def changes_chain(self) -> bool:
        return self.action in ("set_rate", "pause")

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["interval_bps"] = list(self.interval_bps) if self.interval_bps else None
        return out


def protocol_for_product(name: str, facts: FactsDataset) -> str | None:
    """The facts entry a product's on-chain name refers to ("Aave v3" -> aave-v3), or None."""
    candidates = [name, SUFFIXES.sub("", name.strip())]
    candidates += [re.sub(r"[^a-z0-9]+", "-", c.lower()).strip("-") for c in candidates]
    for c in candidates:
        try:
            return facts.get(c).name
        except SafetyNetError:
            continue
    return None


def plan_rates(
    products: list[ListedProduct],
    tolerance_bps: int = 5,
    facts: FactsDataset | None = None,
    calibration: Calibration | None = None,
) -> list[RateChange]:
    """One RateChange per listed product (see the module docstring for the actions)."""
    if tolerance_bps < 0:
        raise SafetyNetError("--tolerance-bps must be >= 0")
    facts = facts or load_facts()
    out = []
    for item in products:
        listed = _as_listed(item)
        if item.kind == "parametric":
            reason = "parametric: priced from its trigger feed, not from incidents"
            out.append(replace(listed, reasons=[reason]))
            continue
        slug = protocol_for_product(item.name, facts)
        if slug is None:
            reason = f"'{item.name}' is not in the facts dataset (data/protocols.yaml)"
            out.append(replace(listed, reasons=[reason]))
            continue
        out.append(_compare(listed, price(slug, facts, calibration), tolerance_bps))
    return out


def _as_listed(item: ListedProduct) -> RateChange:
    """The product as the chain lists it, skipped: what every other answer changes."""
    return RateChange(
        product_id=item.product_id, name=item.name, kind=item.kind, protocol=None,
        action="skip", current_bps=item.annual_rate_bps, proposed_bps=item.annual_rate_bps,
        interval_bps=None, capacity=item.capacity, paused=item.paused,
    )  # fmt: skip


def _compare(listed: RateChange, quote: Quote, tolerance_bps: int) -> RateChange:
    """set_rate / keep by the tolerance; pause when the model refuses the protocol."""
    if quote.kind != listed.kind:
        reason = f"listed as {listed.kind} cover but {quote.protocol} is priced as {quote.kind}"
        return replace(listed, protocol=quote.protocol, reasons=[reason])
    if not quote.insurable or quote.annual_rate_bps is None:
        action = "keep" if listed.paused else "pause"
        head = "already paused" if listed.paused else "pause sales"
        return replace(
            listed, protocol=quote.protocol, action=action, paused=True,
            reasons=[f"{head}: the model says not insurable", *quote.reasons[:1]],
        )  # fmt: skip
    model = quote.annual_rate_bps
    current = listed.current_bps
    diff = model - current
    lo, hi = quote.interval_bps or (model, model)
    where = (
        "inside" if lo <= current <= hi else "below" if diff > 0 else "above"
    ) + f" the model's interval {lo}-{hi} bps"
    head = (
        f"on-chain {current} bps vs model {model} bps ({diff:+d} bps, "
        f"{where}, as of {quote.breakdown['as_of']})"
    )
    action = "set_rate" if abs(diff) > tolerance_bps else "keep"
    if action == "keep":
        head += f": within the {tolerance_bps} bps tolerance, no change"
    return replace(
        listed, protocol=quote.protocol, action=action, interval_bps=(lo, hi),
        proposed_bps=model if action == "set_rate" else current, reasons=[head, *quote.reasons[:4]],
    )  # fmt: skip
