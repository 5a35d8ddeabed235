"""Curated protocol facts (packaged protocols.yaml): what the red-flag rules read for a name."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from safetynet.errors import SafetyNetError
from safetynet.risk.incidents import Incident, classify, load_incidents

UNKNOWN = "unknown"

# Facts category -> incidents.csv category used for frequency and severity.
INCIDENT_CATEGORY: dict[str, str] = {
    "lending": "lending",
    "dex": "dex",
    "stablecoin": "stablecoin",
    "liquid_staking": "yield",
    "yield": "yield",
    "derivatives": "derivatives",
    "bridge": "bridge",
    "cex": "cex",
    "stablecoin_issuer": "cex",
}

TVL_BANDS: tuple[tuple[float, str], ...] = (
    (1e7, "<10m"),
    (1e8, "10m-100m"),
    (1e9, "100m-1b"),
    (1e10, "1b-10b"),
    (float("inf"), "10b+"),
)


def tvl_band(tvl_usd: float | str) -> str:
    """The band a TVL figure falls in (``unknown`` stays unknown)."""
    if tvl_usd == UNKNOWN:
        return UNKNOWN
    for upper, band in TVL_BANDS:
        if float(tvl_usd) < upper:
            return band
    return TVL_BANDS[-1][1]


@dataclass(frozen=True)
class JoinedIncident:
    """A row of incidents.csv attached to a protocol, with what its users actually lost."""

    incident: Incident
    holder_loss_fraction: float | None
    tvl_at_incident_usd: float | None
    note: str

    @property
    def peril(self) -> str | None:
        return self.incident.peril

    def loss_fraction(self, fallback_tvl_usd: float) -> float:
        """Share of a depositor's funds lost: the post-mortem figure, else net loss / TVL."""
        if self.holder_loss_fraction is not None:
            return float(self.holder_loss_fraction)
        tvl = self.tvl_at_incident_usd or fallback_tvl_usd
        if not tvl or tvl <= 0:
            return 1.0
        return min(1.0, self.incident.net_loss_usd / tvl)

    def to_json(self) -> dict[str, Any]:
        peril, reason = classify(self.incident)
        return {
            "date": self.incident.date.isoformat(),
            "protocol_in_dataset": self.incident.protocol,
            "attack_type": self.incident.attack_type,
            "loss_usd": self.incident.loss_usd,
            "funds_returned_usd": self.incident.funds_returned_usd,
            "net_loss_usd": self.incident.net_loss_usd,
            "insured_peril": peril,
            "classification": reason,
            "holder_loss_fraction": self.holder_loss_fraction,
            "note": self.note,
            "source": self.incident.source,
        }


@dataclass(frozen=True)
class ProtocolFacts:
    """One protocol or custodian and its facts, as of the dataset's date."""

    name: str
    display_name: str
    kind: str  # protocol | custody
    category: str
    launch_date: str
    audits: dict[str, Any]
    control: dict[str, Any]
    bug_bounty_usd: float | str
    tvl_usd: float | str
    team_public: bool | str
    status: str
    sources: dict[str, str]
    incidents: tuple[JoinedIncident, ...]
    halts: tuple[dict[str, Any], ...]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def incident_category(self) -> str:
        return INCIDENT_CATEGORY[self.category]

    @property
    def tvl_band(self) -> str:
        return tvl_band(self.tvl_usd)

    def launch(self) -> date | None:
        """Launch date (a month or a year alone count from their first day)."""
        text = str(self.launch_date)
        if text == UNKNOWN:
            return None
        parts = text.split("-") + ["01", "01"]
        return date(int(parts[0]), int(parts[1]), int(parts[2]))

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "display_name": self.display_name,
            "kind": self.kind,
            "category": self.category,
            "status": self.status,
            "launch_date": self.launch_date,
            "audits": self.audits,
            "control": self.control,
            "bug_bounty_usd": self.bug_bounty_usd,
            "tvl_usd": self.tvl_usd,
            "tvl_band": self.tvl_band,
            "team_public": self.team_public,
            **{k: v for k, v in self.extra.items()},
            "incidents": [j.to_json() for j in self.incidents],
            "halts": list(self.halts),
            "sources": self.sources,
        }


@dataclass(frozen=True)
class FactsDataset:
    version: int
    as_of: date
    protocols: dict[str, ProtocolFacts]

    def get(self, name: str) -> ProtocolFacts:
        key = name.strip().lower()
        if key in self.protocols:
            return self.protocols[key]
        for proto in self.protocols.values():
            if proto.display_name.lower() == key:
                return proto
        known = ", ".join(sorted(self.protocols))
        raise SafetyNetError(
            f"unknown protocol '{name}'. Known names: {known}. "
            "Scan a contract address instead, or add the protocol to data/protocols.yaml."
        )


_EXTRA_KEYS = ("proof_of_reserves", "regulated", "insurance_fund_usd", "enforcement", "chains")


def _join(entries: list[dict[str, Any]], incidents: tuple[Incident, ...], name: str):
    by_key: dict[tuple[str, str], list[Incident]] = {}
    for inc in incidents:
        by_key.setdefault((inc.protocol, inc.date.isoformat()), []).append(inc)
    joined = []
    for entry in entries:
        matches = by_key.get((entry["protocol"], str(entry["date"])), [])
        if not matches:
            raise SafetyNetError(
                f"protocols.yaml: {name}: no incidents.csv row '{entry['protocol']}' on "
                f"{entry['date']}; fix the join (names and dates must match the CSV exactly)"
            )
        for inc in matches:
            joined.append(
                JoinedIncident(
                    incident=inc,
                    holder_loss_fraction=entry.get("holder_loss_fraction"),
                    tvl_at_incident_usd=entry.get("tvl_at_incident_usd"),
                    note=entry.get("note", ""),
                )
            )
    return tuple(joined)


def parse_facts(doc: dict[str, Any], incidents: tuple[Incident, ...]) -> FactsDataset:
    protocols: dict[str, ProtocolFacts] = {}
    for raw in doc["protocols"]:
        name = raw["name"]
        protocols[name] = ProtocolFacts(
            name=name,
            display_name=raw.get("display_name", name),
            kind=raw["kind"],
            category=raw["category"],
            launch_date=str(raw.get("launch_date", UNKNOWN)),
            audits=raw.get("audits") or {"count": UNKNOWN, "firms": []},
            control=raw.get("control") or {"upgradeable": UNKNOWN, "controller": UNKNOWN},
            bug_bounty_usd=raw.get("bug_bounty_usd", UNKNOWN),
            tvl_usd=raw.get("tvl_usd", UNKNOWN),
            team_public=raw.get("team_public", UNKNOWN),
            status=raw.get("status", "active"),
            sources=raw.get("sources", {}),
            incidents=_join(raw.get("incidents") or [], incidents, name),
            halts=tuple(raw.get("halts") or ()),
            extra={k: raw[k] for k in _EXTRA_KEYS if k in raw},
        )
    return FactsDataset(
        version=int(doc["version"]), as_of=date.fromisoformat(doc["as_of"]), protocols=protocols
    )


@lru_cache(maxsize=1)
def load_facts() -> FactsDataset:
    """The packaged facts dataset, joined to the packaged incidents."""
    text = resources.files("safetynet").joinpath("data", "protocols.yaml").read_text("utf-8")
    return parse_facts(yaml.safe_load(text), load_incidents())
