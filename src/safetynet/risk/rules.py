"""Red-flag rules: each a weight and a sentence a non-expert understands.

A scan produces findings (rules that fired, with the detail that fired them). The score is the
sum of weights, capped at 100; the tier follows from it. Two groups make a protocol *not
insurable* whatever its score, because SafetyNet cover would not pay or would insure a loss that
already happened: ``rug_pull`` (rug pulls and scams are excluded from every cover wording) and
``status`` (defunct, or withdrawals already halted). The report lists every reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from safetynet.risk.facts import UNKNOWN, FactsDataset, ProtocolFacts

BLOCKING_GROUPS: frozenset[str] = frozenset({"rug_pull", "status"})
TIMELOCK_MIN_DAYS = 2.0
RECENT_YEARS = 3


@dataclass(frozen=True)
class Rule:
    """A red flag: ``weight`` points of risk, ``sentence`` for people, ``group`` for structure."""

    id: str
    group: str
    weight: int
    sentence: str

    @property
    def blocking(self) -> bool:
        return self.group in BLOCKING_GROUPS


_RULES = [
    # -- who controls the code (facts and on-chain)
    Rule(
        "admin_eoa_upgrade",
        "control",
        30,
        "The admin key is a single address that can upgrade the contract without delay: "
        "one stolen or malicious key can take every deposit.",
    ),
    Rule(
        "multisig_no_timelock",
        "control",
        12,
        "A small group of keys (a multisig) can change the contract code at once, with no "
        "waiting period that would let users withdraw first.",
    ),
    Rule(
        "short_timelock",
        "control",
        8,
        "Upgrades take effect after less than two days, too short for most users to notice "
        "and leave.",
    ),
    Rule(
        "control_unknown",
        "control",
        5,
        "We could not verify who can change the contracts or how fast.",
    ),
    Rule(
        "owner_eoa_privileged",
        "control",
        8,
        "A single address holds special powers over the contract (pausing, fees or upgrades).",
    ),
    Rule(
        "privileged_multisig",
        "control",
        5,
        "A small group of keys can mint, freeze or re-price the token; it is not a timelock.",
    ),
    Rule(
        "pausable",
        "control",
        3,
        "Someone can pause the contract, which freezes your funds while it lasts.",
    ),
    # -- code that can do dangerous things (on-chain)
    Rule(
        "selfdestruct",
        "code",
        15,
        "The code contains SELFDESTRUCT, which can send away the contract's ether or (on old "
        "rules) delete it.",
    ),
    Rule(
        "delegatecall",
        "code",
        8,
        "The contract can run code from another address with its own funds and storage "
        "(DELEGATECALL) outside a standard proxy pattern.",
    ),
    Rule(
        "callcode",
        "code",
        10,
        "The code uses CALLCODE, an obsolete and error-prone way to run foreign code.",
    ),
    # -- security practice and maturity (facts)
    Rule("no_audit", "security", 25, "No published security audit."),
    Rule("single_audit", "security", 10, "Only one published security audit."),
    Rule(
        "no_bug_bounty",
        "security",
        10,
        "No bug bounty, so people who find a bug have no reward for reporting it instead of "
        "exploiting it.",
    ),
    Rule(
        "small_bug_bounty",
        "security",
        4,
        "The bug bounty is small (under $250k) compared with what a bug could steal.",
    ),
    Rule("bug_bounty_unknown", "security", 2, "We could not check the size of the bug bounty."),
    Rule(
        "young_6m",
        "maturity",
        20,
        "Launched less than six months ago: its code has not yet survived much real money.",
    ),
    Rule("young_1y", "maturity", 10, "Launched less than a year ago."),
    Rule(
        "small_tvl",
        "maturity",
        8,
        "Little money is deposited (under $10m), so attackers have had little reason to try "
        "and the code is less battle-tested.",
    ),
    Rule(
        "anonymous_team", "maturity", 8, "The team is anonymous, so nobody can be held to account."
    ),
    # -- history (facts joined to incidents.csv)
    Rule(
        "recent_user_loss",
        "history",
        15,
        "Users lost money in a hack here within the last three years.",
    ),
    Rule("past_user_loss", "history", 5, "Users lost money in a hack here before."),
    Rule("past_depeg", "history", 5, "Its token has traded below $0.95 before."),
    # -- custodians
    Rule(
        "no_proof_of_reserves",
        "custody",
        15,
        "The custodian publishes no proof that it holds its customers' assets.",
    ),
    Rule(
        "attestation_only",
        "custody",
        5,
        "Reserves are shown by accountants' attestations, not a full audit or on-chain proof.",
    ),
    Rule(
        "not_regulated",
        "custody",
        5,
        "The custodian is not supervised by a major financial regulator.",
    ),
    Rule(
        "enforcement_action",
        "custody",
        8,
        "Regulators have fined or sued the custodian in recent years.",
    ),
    Rule(
        "past_withdrawal_halt",
        "custody",
        20,
        "This custodian has frozen customer withdrawals before.",
    ),
    Rule(
        "recent_custody_hack",
        "custody",
        5,
        "The custodian was hacked within the last three years (customers were made whole).",
    ),
    # -- rug-pull indicators: not insurable
    Rule(
        "rug_open_mint",
        "rug_pull",
        40,
        "Anyone can create new tokens out of thin air, which can drain every pool that holds "
        "this token.",
    ),
    Rule(
        "rug_owner_mint",
        "rug_pull",
        30,
        "A single address can create unlimited new tokens and dump them on holders.",
    ),
    Rule(
        "rug_blacklist",
        "rug_pull",
        30,
        "A single address can freeze any holder's tokens (a blacklist), so you may be unable "
        "to sell.",
    ),
    Rule(
        "rug_fee_setter",
        "rug_pull",
        30,
        "A single address can raise the transfer fee, up to taking everything you send.",
    ),
    Rule(
        "rug_burn_from", "rug_pull", 30, "A single address can destroy tokens in anyone's wallet."
    ),
    Rule(
        "rug_anon_unaudited_eoa",
        "rug_pull",
        40,
        "Anonymous team, no audit and one key in control of the funds: the classic setup of a "
        "rug pull.",
    ),
    # -- status: not insurable
    Rule(
        "defunct",
        "status",
        50,
        "The protocol has stopped operating; cover bought now would insure a loss that already "
        "happened.",
    ),
    Rule(
        "withdrawals_halted",
        "status",
        50,
        "Withdrawals are halted right now; cover bought now would insure a loss that already "
        "happened.",
    ),
]
RULES: dict[str, Rule] = {r.id: r for r in _RULES}


@dataclass(frozen=True)
class Finding:
    rule: Rule
    detail: str

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule.id,
            "group": self.rule.group,
            "weight": self.rule.weight,
            "reason": self.rule.sentence,
            "detail": self.detail,
            "blocks_cover": self.rule.blocking,
        }


def tier_for(score: int, insurable: bool) -> str:
    """A: <15, B: <30, C: <50, D: 50+; X when not insurable."""
    if not insurable:
        return "X"
    if score < 15:
        return "A"
    if score < 30:
        return "B"
    if score < 50:
        return "C"
    return "D"


# Red-flag multiplier on the category frequency: 0.4 at a clean score of 0, 1.0 at 40 (about
# what the average protocol in the incident base shows: young, few audits, fast admin keys),
# 2.5 at 80; capped at 4. A judgment calibrated on the ordering of known cases, not a fit.
MULTIPLIER_AT_ZERO = 0.4
MULTIPLIER_DOUBLING = 40.0 * math.log(2) / math.log(1.0 / MULTIPLIER_AT_ZERO)
MULTIPLIER_CAP = 4.0


def red_flag_multiplier(score: float) -> float:
    """Frequency multiplier for a red-flag score (monotone, 0.4 at 0, 1.0 at 40, cap 4)."""
    return min(MULTIPLIER_CAP, MULTIPLIER_AT_ZERO * 2.0 ** (score / MULTIPLIER_DOUBLING))


@dataclass
class RiskReport:
    """Score, tier, insurable or not, and the reasons, for a named protocol or an address."""

    subject: str
    source: str  # facts | onchain
    findings: list[Finding]
    details: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def score(self) -> int:
        return min(100, sum(f.rule.weight for f in self.findings))

    @property
    def insurable(self) -> bool:
        return not any(f.rule.blocking for f in self.findings)

    @property
    def tier(self) -> str:
        return tier_for(self.score, self.insurable)

    @property
    def multiplier(self) -> float:
        return red_flag_multiplier(self.score)

    def reasons(self) -> list[str]:
        out = []
        if not self.insurable:
            blocking = [f for f in self.findings if f.rule.blocking]
            why = "; ".join(f.rule.sentence for f in blocking)
            out.append(f"NOT INSURABLE: {why}")
        for f in sorted(self.findings, key=lambda f: -f.rule.weight):
            if not f.rule.blocking:
                out.append(f"{f.rule.sentence} ({f.detail}; +{f.rule.weight})")
        if not self.findings:
            out.append("No red flag found by the rules.")
        return out

    def to_json(self) -> dict[str, Any]:
        groups: dict[str, int] = {}
        for f in self.findings:
            groups[f.rule.group] = groups.get(f.rule.group, 0) + f.rule.weight
        return {
            "subject": self.subject,
            "source": self.source,
            "score": self.score,
            "tier": self.tier,
            "insurable": self.insurable,
            "red_flag_multiplier": round(self.multiplier, 4),
            "reasons": self.reasons(),
            "findings": [f.to_json() for f in self.findings],
            "score_by_group": groups,
            "notes": self.notes,
            "details": self.details,
        }


def _add(findings: list[Finding], rule_id: str, detail: str) -> None:
    """Record a finding once per rule (a second cause of the same flag joins the detail)."""
    for i, f in enumerate(findings):
        if f.rule.id == rule_id:
            findings[i] = Finding(f.rule, f"{f.detail}; {detail}")
            return
    findings.append(Finding(RULES[rule_id], detail))


def _audit_count(proto: ProtocolFacts) -> int | None:
    count = proto.audits.get("count", UNKNOWN)
    firms = [f for f in proto.audits.get("firms", []) if f and f != UNKNOWN]
    if count == UNKNOWN:
        return len(firms) if firms else None
    return max(int(count), len(firms))


def _control_findings(proto: ProtocolFacts, findings: list[Finding]) -> None:
    ctl = proto.control
    upgradeable = ctl.get("upgradeable", UNKNOWN)
    controller = ctl.get("controller", UNKNOWN)
    delay = ctl.get("timelock_days")
    if controller == "company":
        return  # a custodian's internal controls: judged by the custody rules
    if upgradeable is False and controller in ("none", "dao_timelock", "multisig_timelock"):
        return
    if controller == "eoa":
        _add(findings, "admin_eoa_upgrade", "controller: a single key")
        return
    if upgradeable == UNKNOWN or controller == UNKNOWN:
        _add(findings, "control_unknown", f"upgradeable: {upgradeable}, controller: {controller}")
    if controller == "multisig" and delay in (None, 0):
        if upgradeable is not False:
            _add(findings, "multisig_no_timelock", "multisig without timelock")
        else:
            _add(findings, "privileged_multisig", "immutable core, parameters by multisig")
        return
    if controller in ("dao_timelock", "multisig_timelock", "multisig"):
        if delay == UNKNOWN or delay is None:
            _add(findings, "control_unknown", "timelock delay not verified")
        elif float(delay) < TIMELOCK_MIN_DAYS and upgradeable is not False:
            _add(findings, "short_timelock", f"timelock {delay} day(s)")


def evaluate_facts(proto: ProtocolFacts, as_of: date) -> list[Finding]:
    """Findings for a named protocol from the curated facts (as of the dataset's date)."""
    findings: list[Finding] = []
    if proto.status == "defunct":
        _add(findings, "defunct", "status: defunct")
    if proto.status == "withdrawals_halted":
        _add(findings, "withdrawals_halted", "status: withdrawals halted")

    _control_findings(proto, findings)

    audits = _audit_count(proto)
    if proto.kind == "protocol":
        if audits == 0:
            _add(findings, "no_audit", "0 audits")
        elif audits == 1:
            _add(findings, "single_audit", f"auditor: {proto.audits.get('firms')}")
        elif audits is None:
            _add(findings, "no_audit", "no audit could be verified")
        bounty = proto.bug_bounty_usd
        if bounty == UNKNOWN:
            _add(findings, "bug_bounty_unknown", "maximum bounty not verified")
        elif float(bounty) <= 0:
            _add(findings, "no_bug_bounty", "no bounty")
        elif float(bounty) < 250_000:
            _add(findings, "small_bug_bounty", f"max ${float(bounty):,.0f}")
        tvl = proto.tvl_usd
        if tvl != UNKNOWN and 0 < float(tvl) < 1e7:
            _add(findings, "small_tvl", f"TVL ~${float(tvl):,.0f}")

    launched = proto.launch()
    if launched is not None:
        age = (as_of - launched).days
        if age < 182:
            _add(findings, "young_6m", f"launched {proto.launch_date}")
        elif age < 365:
            _add(findings, "young_1y", f"launched {proto.launch_date}")
    if proto.team_public is False:
        _add(findings, "anonymous_team", "team not public")

    fallback_tvl = float(proto.tvl_usd) if proto.tvl_usd != UNKNOWN else 0.0
    recent = [
        j
        for j in proto.incidents
        if j.peril is not None
        and j.loss_fraction(fallback_tvl) > 0
        and (as_of - j.incident.date).days < 365 * RECENT_YEARS
    ]
    older = [
        j
        for j in proto.incidents
        if j.peril is not None and j.loss_fraction(fallback_tvl) > 0 and j not in recent
    ]
    if recent and proto.kind == "protocol":
        listed = ", ".join(f"{j.incident.date} ${j.incident.net_loss_usd:,.0f}" for j in recent)
        _add(findings, "recent_user_loss", listed)
    elif older and proto.kind == "protocol":
        listed = ", ".join(f"{j.incident.date} ${j.incident.net_loss_usd:,.0f}" for j in older)
        _add(findings, "past_user_loss", listed)
    if any(h.get("kind") == "depeg" for h in proto.halts):
        _add(findings, "past_depeg", ", ".join(h["date"] for h in proto.halts))

    if proto.kind == "custody":
        por = proto.extra.get("proof_of_reserves", UNKNOWN)
        if por in (UNKNOWN, "none", None):
            _add(findings, "no_proof_of_reserves", f"proof of reserves: {por}")
        elif por == "attestation":
            _add(findings, "attestation_only", "attestations")
        if proto.extra.get("regulated") is False:
            _add(findings, "not_regulated", "no major licence recorded")
        if proto.extra.get("enforcement"):
            _add(findings, "enforcement_action", str(proto.extra["enforcement"]))
        if any(h.get("kind") == "withdrawal_halt" for h in proto.halts):
            halts = [h for h in proto.halts if h.get("kind") == "withdrawal_halt"]
            _add(findings, "past_withdrawal_halt", ", ".join(h["date"] for h in halts))
        hacks = [
            j
            for j in proto.incidents
            if j.peril == "custody"
            and j.incident.net_loss_usd >= 1e6
            and (as_of - j.incident.date).days < 365 * RECENT_YEARS
        ]
        if hacks and not any(f.rule.id == "withdrawals_halted" for f in findings):
            _add(findings, "recent_custody_hack", ", ".join(str(j.incident.date) for j in hacks))

    ctl = proto.control
    if (
        proto.team_public is False
        and (audits in (0, None))
        and ctl.get("controller") == "eoa"
        and proto.kind == "protocol"
    ):
        _add(findings, "rug_anon_unaudited_eoa", "anonymous + unaudited + single key")
    return findings


def scan_name(name: str, facts: FactsDataset, today: date | None = None) -> RiskReport:
    """Red-flag report for a named protocol from the packaged facts."""
    proto = facts.get(name)
    findings = evaluate_facts(proto, facts.as_of)
    notes = [f"facts as of {facts.as_of.isoformat()} (dataset version {facts.version})"]
    if today is not None and (today - facts.as_of).days > 365:
        notes.append(
            f"facts are {(today - facts.as_of).days} days old: re-check control, audits and "
            "TVL at the sources before relying on this score"
        )
    if proto.category == "bridge":
        notes.append(
            "bridges are hacked far more often than other protocols; pricing uses the bridge "
            "category's own frequency, so it is not counted again as a red flag"
        )
    return RiskReport(
        subject=proto.name, source="facts", findings=findings, details=proto.to_json(), notes=notes
    )
