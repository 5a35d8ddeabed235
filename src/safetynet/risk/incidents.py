"""Real loss events 2020-2024 (packaged incidents.csv) and the rule that says which are insured.

An *insured loss* is what a SafetyNet cover would have paid for, before any limit:
- PROTOCOL cover: a DeFi protocol (``target_kind == defi_protocol``) lost user funds to a
  smart-contract bug, an oracle manipulation, a flash-loan/economic attack, a key compromise or
  access-control failure, or a governance attack.
- CUSTODY cover: a custodian (``target_kind == cefi_custodian``) was hacked (including the
  custodian's own signers being tricked, the WazirX case) or halted withdrawals (insolvency).
- Excluded everywhere: rug pulls and scams (``is_rug_or_scam``), phishing of users, fake tokens,
  small token contracts, NFT games, individual wallets, and market depegs (those are PARAMETRIC
  products, priced from feeds, not from this list).
Net loss = gross loss - funds later returned (Euler and Poly Network count as ~0).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

COVERED_ATTACKS: frozenset[str] = frozenset(
    {
        "smart_contract_bug",
        "oracle_manipulation",
        "flash_loan",
        "access_control/key_compromise",
        "governance_attack",
    }
)
# A custodian whose own signers were tricked (WazirX) lost customer assets to a hack, not the
# customers to phishing; insolvency halts are the other custody peril.
CUSTODY_EXTRA_SUBTYPES: frozenset[str] = frozenset({"insolvency_or_withdrawal_halt"})
HALT_SUBTYPES = CUSTODY_EXTRA_SUBTYPES


@dataclass(frozen=True)
class Incident:
    """One row of incidents.csv, typed."""

    date: date
    protocol: str
    chain: str
    category: str
    attack_type: str
    attack_subtype: str
    target_kind: str
    is_rug_or_scam: bool
    loss_usd: float
    funds_returned_usd: float
    source: str

    @property
    def net_loss_usd(self) -> float:
        """Gross loss less later recoveries, never negative."""
        return max(0.0, self.loss_usd - self.funds_returned_usd)

    @property
    def peril(self) -> str | None:
        """``protocol``, ``custody`` or None (not an insured loss); see :func:`classify`."""
        return classify(self)[0]


def classify(inc: Incident) -> tuple[str | None, str]:
    """Return (peril, reason): which cover would pay for this incident, or why none would."""
    if inc.is_rug_or_scam:
        return None, "rug pull or scam: excluded from every cover"
    if inc.target_kind == "defi_protocol":
        if inc.attack_type in COVERED_ATTACKS:
            return "protocol", f"{inc.attack_type.replace('_', ' ')} of a DeFi protocol"
        if inc.attack_type == "phishing/frontend":
            return None, "phishing or front-end attack on users: excluded"
        if inc.attack_type == "depeg":
            return None, "depeg: a parametric peril, priced from feeds"
        return None, f"cause '{inc.attack_type}' is not a covered cause"
    if inc.target_kind == "cefi_custodian":
        if inc.attack_type in COVERED_ATTACKS or inc.attack_type == "phishing/frontend":
            return "custody", "custodian hacked (customer assets taken from the custodian)"
        if inc.attack_subtype in CUSTODY_EXTRA_SUBTYPES:
            return "custody", "custodian halted withdrawals (insolvency)"
        return None, f"custodian event '{inc.attack_subtype}' is not a covered cause"
    return None, f"victim kind '{inc.target_kind}' (token, NFT, wallet, L1) is not insurable"


def _float(text: str) -> float:
    return float(text) if text else 0.0


def parse_incidents(text: str) -> list[Incident]:
    """Parse incidents.csv text; rows without a loss figure are kept with loss 0."""
    rows = []
    for row in csv.DictReader(io.StringIO(text)):
        rows.append(
            Incident(
                date=date.fromisoformat(row["date"]),
                protocol=row["protocol"],
                chain=row["chain"],
                category=row["category"],
                attack_type=row["attack_type"],
                attack_subtype=row["attack_subtype"],
                target_kind=row["target_kind"],
                is_rug_or_scam=row["is_rug_or_scam"] == "True",
                loss_usd=_float(row["loss_usd"]),
                funds_returned_usd=_float(row["funds_returned_usd"]),
                source=row["source"],
            )
        )
    return rows


@lru_cache(maxsize=1)
def load_incidents() -> tuple[Incident, ...]:
    """All 1,738 incidents shipped with the package (importlib.resources, works when installed)."""
    text = resources.files("safetynet").joinpath("data", "incidents.csv").read_text("utf-8")
    return tuple(parse_incidents(text))


def insured(
    incidents: tuple[Incident, ...] | list[Incident],
    peril: str,
    min_net_loss_usd: float = 0.0,
    years: tuple[int, int] | None = None,
) -> list[Incident]:
    """Incidents a ``peril`` cover would pay for, with a net-loss floor and a year window."""
    out = []
    for inc in incidents:
        if inc.peril != peril or inc.net_loss_usd < min_net_loss_usd:
            continue
        if years is not None and not years[0] <= inc.date.year <= years[1]:
            continue
        out.append(inc)
    return out
