"""The Learn page's stories: real incidents from the shipped history (data/incidents.csv),
each with the cover that would have paid or why none would.

The facts (date, loss, funds returned) and the verdict come from the data and the rule the
risk engine prices with (`risk.incidents.classify`); only the telling is written here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from safetynet.risk.incidents import Incident, classify, load_incidents


@dataclass(frozen=True)
class Story:
    title: str
    incident: Incident
    pays: bool
    verdict: str  # which cover pays, or why none
    telling: str


# (protocol name in incidents.csv, date, title, telling)
_STORIES: tuple[tuple[str, str, str, str], ...] = (
    (
        "WazirX: India",
        "2024-07-18",
        "WazirX: a custodian's own signers were tricked",
        "India's largest exchange kept customer coins in a multisig wallet. Attackers "
        "showed its signers a harmless-looking transaction and had them approve an upgrade "
        "that handed over the wallet. The exchange then froze withdrawals for months. "
        "Customers did nothing wrong: their custodian was hacked and halted withdrawals, "
        "exactly what custody cover is for. A holder files a claim with the exchange's "
        "announcement and an account statement; assessors vote; the pool pays.",
    ),
    (
        "Euler V1",
        "2023-03-13",
        "Euler: an exploit whose funds came back",
        "A missing check in Euler's donate function let an attacker use a flash loan to "
        "drain the lending protocol. Weeks later, after negotiation, the attacker returned "
        "the funds. It is a smart-contract exploit, so protocol cover pays: a holder who "
        "filed at once would have been paid after the three-day vote and the one-day "
        "cooldown, long before the money came back. Because it did come back, the risk "
        "model counts Euler's net loss as zero when it prices cover.",
    ),
    (
        "AnubisDAO",
        "2021-10-29",
        "AnubisDAO: a rug pull, excluded",
        "An anonymous team raised ether for a new token; a day later the raised funds left "
        "for an address the team controlled and never came back. Nothing was exploited: the "
        "people in charge took the money. Every SafetyNet wording excludes rug pulls, a "
        "claim giving 'rug pull' as its cause is refused by the contract at submission, and "
        "the risk engine's red flags (anonymous team, no audit, one key in control) keep "
        "such projects off the market in the first place.",
    ),
)


@lru_cache(maxsize=1)
def stories() -> tuple[Story, ...]:
    by_key = {(i.protocol, i.date.isoformat()): i for i in load_incidents()}
    out = []
    for name, day, title, telling in _STORIES:
        incident = by_key[(name, day)]
        peril, reason = classify(incident)
        if peril:
            verdict = f"{peril.capitalize()} cover would pay: {reason}."
        else:
            verdict = f"No cover pays: {reason}."
        out.append(Story(title, incident, peril is not None, verdict, telling))
    return tuple(out)
