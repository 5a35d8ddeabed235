"""A book of covers (YAML or JSON): pool settings, common-shock settings and products.

Products name a protocol from the facts dataset; anything they leave out (rate, frequency,
severity) comes from the pricing model, so a book can be as short as ``{protocol, amount}``.
PARAMETRIC products carry their own trigger frequency and fixed payout (``payout_bps``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from safetynet.actuarial.severity import Severity
from safetynet.actuarial.simulation import DEFAULT_SHOCK_RATE, Product
from safetynet.errors import SafetyNetError
from safetynet.risk.facts import INCIDENT_CATEGORY, FactsDataset, load_facts
from safetynet.risk.pricing import Calibration, default_calibration, price

SAMPLE_BOOK = "sample_book.yaml"
MAX_BPS = 10_000


@dataclass(frozen=True)
class Pool:
    capital: float
    max_leverage_bps: int = 10_000
    treasury_fee_bps: int = 1_000
    assessment_fee_bps: int = 500
    start: date = date(2020, 1, 1)
    end: date = date(2024, 12, 31)

    @property
    def expense_ratio(self) -> float:
        return (self.treasury_fee_bps + self.assessment_fee_bps) / MAX_BPS


@dataclass(frozen=True)
class BookProduct:
    """A product plus what the backtest needs: its trigger and when it can start."""

    product: Product
    trigger_below: float | None = None  # parametric depeg / reserve-ratio trigger
    trigger_min_days: float = 0.0
    start: date | None = None


@dataclass(frozen=True)
class Book:
    name: str
    pool: Pool
    shock_rate: float
    items: tuple[BookProduct, ...]
    source: str
    meta: dict[str, Any] = field(default_factory=dict)
    # phi of the common yearly random effect (0 = Poisson years); from the pricing calibration
    # unless the book sets `year_effect: {dispersion: ...}`.
    dispersion: float = 0.0

    @property
    def products(self) -> list[Product]:
        return [i.product for i in self.items]


def _read(path: str | Path | None) -> tuple[dict[str, Any], str]:
    if path is None:
        res = resources.files("safetynet").joinpath("data", SAMPLE_BOOK)
        return yaml.safe_load(res.read_text("utf-8")), f"package:safetynet/data/{SAMPLE_BOOK}"
    p = Path(path)
    if not p.is_file():
        raise SafetyNetError(
            f"book file {p} not found; pass --book with a YAML/JSON book, or omit --book to use "
            "the packaged sample book"
        )
    text = p.read_text("utf-8")
    try:
        doc = json.loads(text) if p.suffix == ".json" else yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise SafetyNetError(f"book file {p} is not valid YAML/JSON: {exc}") from exc
    if not isinstance(doc, dict) or "products" not in doc:
        raise SafetyNetError(f"book file {p} must be a mapping with a `products:` list")
    return doc, str(p)


def _severity(raw: dict[str, Any]) -> Severity:
    if "fixed" in raw:
        return Severity(fixed=float(raw["fixed"]))
    keys = {"mu", "sigma", "threshold", "scale", "p_total"}
    unknown = set(raw) - keys
    if unknown:
        raise SafetyNetError(f"severity: unknown keys {sorted(unknown)}; use fixed or {keys}")
    return Severity(**{k: float(v) for k, v in raw.items()})


def load_book(
    path: str | Path | None = None,
    facts: FactsDataset | None = None,
    calibration: Calibration | None = None,
) -> Book:
    """Load a book; ``None`` loads the packaged sample book."""
    doc, source = _read(path)
    facts = facts or load_facts()
    cal = calibration or default_calibration()
    pool_raw = doc.get("pool", {})
    if "capital" not in pool_raw:
        raise SafetyNetError("book: `pool.capital` (USD the underwriters hold) is required")
    pool = Pool(
        capital=float(pool_raw["capital"]),
        max_leverage_bps=int(pool_raw.get("max_leverage_bps", 10_000)),
        treasury_fee_bps=int(pool_raw.get("treasury_fee_bps", 1_000)),
        assessment_fee_bps=int(pool_raw.get("assessment_fee_bps", 500)),
        start=date.fromisoformat(str(pool_raw.get("start", "2020-01-01"))),
        end=date.fromisoformat(str(pool_raw.get("end", "2024-12-31"))),
    )
    shock = doc.get("common_shock", {})
    shock_rate = float(shock.get("rate_per_year", DEFAULT_SHOCK_RATE))
    default_share = float(shock.get("default_share", 0.0))
    share_by_cat = {k: float(v) for k, v in (shock.get("share_by_category") or {}).items()}
    items = []
    for i, raw in enumerate(doc["products"]):
        items.append(_product(i, raw, facts, cal, default_share, share_by_cat))
    year_effect = doc.get("year_effect") or {}
    dispersion = float(year_effect.get("dispersion", cal.dispersion))
    if dispersion < 0:
        raise SafetyNetError("book: `year_effect.dispersion` must be >= 0 (0 = Poisson years)")
    names = [it.product.name for it in items]
    if len(set(names)) != len(names):
        raise SafetyNetError("book: product names must be unique")
    return Book(
        doc.get("name", source),
        pool,
        shock_rate,
        tuple(items),
        source,
        {"as_of": str(doc.get("as_of", ""))},
        dispersion,
    )


def _product(
    i: int,
    raw: dict[str, Any],
    facts: FactsDataset,
    cal: Calibration,
    default_share: float,
    share_by_cat: dict[str, float],
) -> BookProduct:
    where = f"book product #{i + 1} ({raw.get('name', raw.get('protocol', '?'))})"
    if "amount" not in raw or float(raw["amount"]) <= 0:
        raise SafetyNetError(f"{where}: `amount` (USD of cover) must be > 0")
    kind = raw.get("kind", "protocol")
    protocol = raw.get("protocol")
    proto = facts.get(protocol) if protocol else None
    category = raw.get("category") or (proto.incident_category if proto else "other")
    if kind == "parametric":
        if "frequency" not in raw or "payout_bps" not in raw or "rate_bps" not in raw:
            raise SafetyNetError(
                f"{where}: parametric products need frequency, payout_bps and rate_bps"
            )
        frequency = float(raw["frequency"])
        severity = Severity(fixed=float(raw["payout_bps"]) / MAX_BPS)
        rate = float(raw["rate_bps"])
        category = raw.get("category", "depeg")
    else:
        if proto is None and ("frequency" not in raw or "severity" not in raw):
            raise SafetyNetError(f"{where}: give a `protocol` or both frequency and severity")
        quote = price(proto.name, facts, cal) if proto is not None else None
        if quote is not None and not quote.insurable and "frequency" not in raw:
            why = "; ".join(quote.report.reasons()[:1])
            raise SafetyNetError(f"{where}: {why}. Remove it from the book.")
        frequency = float(raw.get("frequency", quote.frequency if quote else 0.0))
        severity = _severity(raw["severity"]) if "severity" in raw else quote.severity
        rate = float(raw.get("rate_bps", quote.annual_rate_bps if quote else 0))
        if proto is not None and kind == "protocol" and proto.kind == "custody":
            kind = "custody"
    share = float(raw.get("shock_share", share_by_cat.get(category, default_share)))
    product = Product(
        name=raw.get("name") or f"{protocol} {kind}",
        amount=float(raw["amount"]),
        rate_bps=rate,
        frequency=frequency,
        severity=severity,
        shock_share=share,
        category=category,
        protocol=proto.name if proto else None,
        kind=kind,
    )
    start = raw.get("start")
    return BookProduct(
        product=product,
        trigger_below=float(raw["trigger_below"]) if "trigger_below" in raw else None,
        trigger_min_days=float(raw.get("trigger_min_days", 0)),
        start=date.fromisoformat(str(start)) if start else None,
    )


__all__ = ["Book", "BookProduct", "Pool", "load_book", "INCIDENT_CATEGORY"]
