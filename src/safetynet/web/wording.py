"""Cover wording in plain language: what each kind of cover pays for, what every cover
excludes and why, and what a claimant will need (the proof-of-loss checklist).

The on-chain `terms_hash` commits to a product's wording (`sdk.terms_hash`); these are the
words people read. The causes are the ones Claims accepts and refuses (SPEC 3.3).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exclusion:
    cause_id: int  # Claims' cause code; refused at submission
    name: str
    what: str
    why: str


EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion(
        10,
        "Rug pulls",
        "The people running a project take the deposits or abandon it.",
        "That is a decision, not an accident: insiders could buy cover on their own rug "
        "and be paid from the pool. The risk engine refuses to list projects that show the "
        "signs of one instead.",
    ),
    Exclusion(
        11,
        "Scams",
        "An offer that was never real: a fake yield, a Ponzi, an exit scam.",
        "No code failed and nothing the auditors reviewed went wrong, so there is nothing "
        "an assessor could check against the covered protocol.",
    ),
    Exclusion(
        12,
        "Phishing",
        "You were tricked into signing a transaction or giving away a key.",
        "The protocol worked as designed; a signature that was tricked cannot be told from "
        "one that was meant, so covering it would invite false claims against every "
        "underwriter. (A custodian whose own signers were tricked is a hack of the "
        "custodian, and custody cover pays for that.)",
    ),
    Exclusion(
        13,
        "Fake tokens",
        "A token that imitates the real one, bought on a copycat pool or site.",
        "It was never the covered protocol's asset, so its loss is not a loss of the "
        "covered protocol.",
    ),
)

COVERED: dict[str, tuple[str, ...]] = {
    "protocol": (
        "A bug in the protocol's smart contracts is exploited and takes your deposit "
        "(cause: exploit).",
        "Its price oracle is manipulated and the protocol pays out at false prices "
        "(cause: oracle manipulation).",
        "An economic attack drains it: a flash loan, a governance attack (cause: economic attack).",
    ),
    "custody": (
        "The custodian halts withdrawals for 7 days or more (cause: custodian halt).",
        "The custodian is hacked and customer assets are taken from it, as WazirX was in "
        "July 2024 (cause: custodian halt or exploit).",
    ),
    "parametric": (
        "A data feed proves the incident: no claim, no vote. When the feed stays below its "
        "threshold for the stated time, anyone may report it on chain, the contract checks "
        "the feed's rounds itself, and every cover that had started before the incident is "
        "paid its share automatically (the keeper pushes the payouts).",
    ),
}

CHECKLIST: dict[str, tuple[str, ...]] = {
    "protocol": (
        "The cover NFT's number, held by the address that files the claim.",
        "When the incident happened (it must fall inside your cover's window) and what it "
        "was: a public post-mortem or the attacker's transaction hashes.",
        "Proof that your funds were in the protocol before the incident: your deposit "
        "transaction or your position at a block before it.",
        "Proof of the loss: your position or balance before and after, with block numbers.",
        "One evidence file with all of the above: its keccak-256 hash goes on chain with "
        "the claim, so assessors can check the file they are sent is the one you filed.",
        "A deposit of 1% of the amount claimed (at least 1 whole unit), paid back when the "
        "claim is accepted.",
    ),
    "custody": (
        "The cover NFT's number, held by the address that files the claim.",
        "The custodian's announcement of the halt or the hack, with its date (inside your "
        "cover's window; a halt counts once it has lasted 7 days).",
        "Proof of your balance at the custodian before the incident: a statement or an "
        "export of your account.",
        "Proof that you could not withdraw, or what was lost: refused withdrawal requests, "
        "the custodian's statement of losses.",
        "One evidence file with all of the above; its keccak-256 hash goes on chain.",
        "A deposit of 1% of the amount claimed (at least 1 whole unit), paid back when the "
        "claim is accepted.",
    ),
    "parametric": (
        "Nothing to file: hold the cover NFT. The payout goes to whoever holds it when the "
        "incident is reported, without any action from you.",
    ),
}
