"""From events to derived rows: one handler per event, applied in chain order.

Events carry almost everything (SPEC 3.5: "every state change emits an event carrying what
an indexer needs"). What they do not carry is read with eth_call at the block of the last
event that touched it in the batch, so a row says what the chain said then, whatever the
batch boundaries (a live index and a rebuilt one read the same blocks):
- positions: pool `balanceOf` and `withdrawal_request`, Claims `stakes`, per account;
- claims: `Claims.claims(id)` (payout_at and the tally as the contract keeps them);
- pool_history: the pool's figures at the last block of each hour holding an event.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select

from safetynet.indexer.models import (
    Attestation,
    Claim,
    Cover,
    FeedRound,
    Incident,
    PoolSnapshot,
    Position,
    Product,
    Totals,
    Trigger,
    Vote,
)
from safetynet.indexer.store import Store
from safetynet.sdk.events import Deployment, Log, Read, StateUnavailable, read_many
from safetynet.units import HOUR

ZERO = "0x" + "00" * 20
MAX_BPS = 10_000
POOL_FIGURES = (
    "totalAssets", "totalSupply", "share_price", "locked_capital", "active_cover",
    "open_claims", "unearned_premium",
)  # fmt: skip


def event_args_json(args: dict[str, Any]) -> str:
    """An event's args as stored in `events.args`: ints as decimal strings."""

    def plain(v: Any) -> Any:
        if isinstance(v, bool) or v is None:
            return v
        if isinstance(v, int):
            return str(v)
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v

    return json.dumps({k: plain(v) for k, v in args.items()}, separators=(",", ":"))


def _new_position(account: str, block: int) -> dict[str, Any]:
    return {
        "account": account, "shares": 0, "requested_shares": 0, "ready_at": 0, "expires_at": 0,
        "deposited": 0, "withdrawn": 0, "stake": 0, "stake_locked_until": 0,
        "rewards_pending": 0, "rewards_claimed": 0, "updated_block": block,
    }  # fmt: skip


def _new_totals() -> dict[str, Any]:
    return {
        "name": "all", "covers": 0, "cover_amount": 0, "premiums": 0, "claims": 0,
        "claims_accepted": 0, "claims_rejected": 0, "paid_assessed": 0, "paid_parametric": 0,
        "incidents": 0, "deposits": 0, "withdrawals": 0,
    }  # fmt: skip


@dataclass
class _Tx:
    """What a transaction's earlier logs left for its later ones."""

    minted: dict[int, str] = field(default_factory=dict)  # cover id -> owner (ERC-721 mint)
    held: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    covers_paid: tuple[int, list[tuple[int, str, int]]] | None = None  # log index, rows


class Projector:
    """Applies one batch of logs to a Store (see the module docstring)."""

    def __init__(self, store: Store, deployment: Deployment, timestamps: dict[int, int]):
        self.store = store
        self.deployment = deployment
        self.ts = timestamps
        self.touched_accounts: dict[str, int] = {}
        self.touched_claims: dict[int, int] = {}
        self.hours: dict[int, tuple[int, int, dict[str, Any]]] = {}
        self._tx: dict[str, _Tx] = {}
        self._handlers: dict[tuple[str, str], Callable[[Log], None]] = {
            ("pool", "Transfer"): self._pool_transfer,
            ("pool", "Deposit"): self._deposit,
            ("pool", "Withdraw"): self._withdraw,
            ("pool", "WithdrawalRequested"): self._touch_owner,
            ("pool", "WithdrawalCancelled"): self._touch_owner,
            ("cover", "Transfer"): self._cover_transfer,
            ("cover", "ProductAdded"): self._product_added,
            ("cover", "ProductUpdated"): self._product_updated,
            ("cover", "Attested"): self._attested,
            ("cover", "AttestationRevoked"): self._attestation_revoked,
            ("cover", "CoverBought"): self._cover_bought,
            ("cover", "CoverPaid"): self._cover_paid,
            ("cover", "CoversPaid"): self._covers_paid,
            ("cover", "PayoutHeld"): self._payout_held,
            ("cover", "PayoutWithdrawn"): self._payout_withdrawn,
            ("claims", "Staked"): self._staked,
            ("claims", "Unstaked"): self._staked,
            ("claims", "ClaimSubmitted"): self._claim_submitted,
            ("claims", "VoteCast"): self._vote_cast,
            ("claims", "VotingExtended"): self._voting_extended,
            ("claims", "ClaimFrozen"): self._claim_frozen,
            ("claims", "ClaimSettled"): self._claim_settled,
            ("claims", "RewardClaimed"): self._reward_claimed,
            ("parametric", "TriggerSet"): self._trigger_set,
            ("parametric", "IncidentReported"): self._incident_reported,
            ("parametric", "IncidentPaid"): self._incident_paid,
            ("feed", "AnswerUpdated"): self._answer_updated,
        }

    # ------------------------------------------------------------------ driving

    def apply(self, logs: list[Log]) -> None:
        """Project `logs` (chain order) into the store."""
        self._prefetch(logs)
        for log in logs:
            handler = self._handlers.get((log.contract, log.name))
            if handler is not None:
                handler(log)
            if log.contract != "feed":
                ts = self.ts[log.block_number]
                self.hours[ts // HOUR * HOUR] = (log.block_number, ts, self._totals())

    def finish(self, rpc: Any) -> None:
        """Make the batch's eth_call reads and write what they say."""
        reads: list[Read] = []
        pool = self.deployment.contract("pool")
        claims = (
            self.deployment.contract("claims") if "claims" in self.deployment.addresses else None
        )
        accounts = list(self.touched_accounts.items())
        for account, block in accounts:
            reads.append(Read(pool, "balanceOf", (account,), block))
            reads.append(Read(pool, "withdrawal_request", (account,), block))
            if claims is not None:
                reads.append(Read(claims, "stakes", (account,), block))
        claim_ids = list(self.touched_claims.items()) if claims is not None else []
        for claim_id, block in claim_ids:
            reads.append(Read(claims, "claims", (claim_id,), block))  # type: ignore[arg-type]
        hours = sorted(self.hours.items())
        for _, (block, _, _) in hours:
            reads.extend(Read(pool, name, (), block) for name in POOL_FIGURES)
        answers = read_many(rpc, reads)
        # A node without the state of those blocks: positions and claims are read at the
        # head instead (current figures); an hour of pool history without them is skipped.
        retry = [i for i, a in enumerate(answers[: len(answers) - 7 * len(hours)])
                 if isinstance(a, StateUnavailable)]  # fmt: skip
        if retry:
            again = read_many(rpc, [replace(reads[i], block="latest") for i in retry])
            for i, a in zip(retry, again, strict=True):
                answers[i] = a
        results = iter(answers)
        for account, block in accounts:
            pos = self._position(account, block)
            pos["shares"] = next(results)
            pos["requested_shares"], pos["ready_at"], pos["expires_at"] = next(results)
            if claims is not None:
                stake = next(results)
                pos["stake"], pos["stake_locked_until"] = stake.amount, stake.locked_until
            pos["updated_block"] = block
            self.store.put(Position, pos, block)
        for claim_id, block in claim_ids:
            data = next(results)
            row = self.store.get(Claim, claim_id)
            assert row is not None
            row.update(voting_end=data.voting_end, payout_at=data.payout_at,
                       extensions=data.extensions, quorum=data.quorum,
                       accept_weight=data.accept_weight, reject_weight=data.reject_weight,
                       quorum_reached=data.quorum_reached, status=data.status)  # fmt: skip
            self.store.put(Claim, row, block)
        for hour, (block, ts, totals) in hours:
            figures = dict(zip(POOL_FIGURES, (next(results) for _ in POOL_FIGURES), strict=True))
            if any(isinstance(v, StateUnavailable) for v in figures.values()):
                continue
            assets = figures["totalAssets"]
            self.store.put(PoolSnapshot, {
                "hour": hour, "block_number": block, "timestamp": ts,
                "total_assets": assets, "total_supply": figures["totalSupply"],
                "share_price": figures["share_price"],
                "locked_capital": figures["locked_capital"],
                "active_cover": figures["active_cover"], "open_claims": figures["open_claims"],
                "unearned_premium": figures["unearned_premium"],
                "utilization_bps": figures["locked_capital"] * MAX_BPS // assets if assets else 0,
                "premiums": totals["premiums"], "paid_assessed": totals["paid_assessed"],
                "paid_parametric": totals["paid_parametric"],
            }, block)  # fmt: skip

    def _prefetch(self, logs: list[Log]) -> None:
        covers, claims = set(), set()
        for log in logs:
            a = log.args
            if "cover_id" in a:
                covers.add((a["cover_id"],))
            if log.contract == "cover" and log.name == "Transfer":
                covers.add((a["token_id"],))
            if "claim_id" in a:
                claims.add((a["claim_id"],))
        self.store.prefetch(Cover, list(covers))
        self.store.prefetch(Claim, list(claims))

    # ------------------------------------------------------------------ helpers

    def _txn(self, log: Log) -> _Tx:
        tx = self._tx.get(log.tx_hash)
        if tx is None:
            self._tx.clear()  # logs come in chain order: earlier transactions are done
            tx = self._tx[log.tx_hash] = _Tx()
        return tx

    def _touch(self, account: str, block: int) -> None:
        if account != ZERO:
            self.touched_accounts[account] = block

    def _position(self, account: str, block: int) -> dict[str, Any]:
        return self.store.get(Position, account) or _new_position(account, block)

    def _totals(self) -> dict[str, Any]:
        return self.store.get(Totals, "all") or _new_totals()

    def _add_totals(self, block: int, **deltas: int) -> None:
        totals = self._totals()
        for k, v in deltas.items():
            totals[k] += v
        self.store.put(Totals, totals, block)

    def _add_product(self, product_id: int, block: int, **deltas: int) -> None:
        product = self.store.get(Product, product_id)
        if product is None:  # a cover of a product listed before the first indexed block
            return
        for k, v in deltas.items():
            product[k] += v
        self.store.put(Product, product, block)

    def _voters(self, claim_id: int) -> list[tuple[str, int]]:
        """(voter, weight) of a claim: committed rows and this batch's."""
        voters = {
            v: None
            for (v,) in self.store.conn.execute(
                select(Vote.voter).where(Vote.claim_id == claim_id)
            ).all()
        }
        voters.update(dict.fromkeys(self._batch_voters.get(claim_id, ())))
        out = []
        for voter in voters:
            row = self.store.get(Vote, claim_id, voter)
            if row is not None:
                out.append((voter, row["weight"]))
        return out

    @property
    def _batch_voters(self) -> dict[int, list[str]]:
        if not hasattr(self, "_bv"):
            self._bv: dict[int, list[str]] = defaultdict(list)
        return self._bv

    # ------------------------------------------------------------------ pool

    def _pool_transfer(self, log: Log) -> None:
        self._touch(log.args["sender"], log.block_number)
        self._touch(log.args["receiver"], log.block_number)

    def _deposit(self, log: Log) -> None:
        a, b = log.args, log.block_number
        pos = self._position(a["owner"], b)
        pos["deposited"] += a["assets"]
        self.store.put(Position, pos, b)
        self._touch(a["owner"], b)
        self._add_totals(b, deposits=a["assets"])

    def _withdraw(self, log: Log) -> None:
        a, b = log.args, log.block_number
        pos = self._position(a["owner"], b)
        pos["withdrawn"] += a["assets"]
        self.store.put(Position, pos, b)
        self._touch(a["owner"], b)
        self._add_totals(b, withdrawals=a["assets"])

    def _touch_owner(self, log: Log) -> None:
        self._touch(log.args["owner"], log.block_number)

    # ------------------------------------------------------------------ cover

    def _product_added(self, log: Log) -> None:
        a, b = log.args, log.block_number
        self.store.put(Product, {
            "product_id": a["product_id"], "name": a["name"], "kind": a["kind"],
            "annual_rate_bps": a["annual_rate_bps"], "capacity": a["capacity"],
            "waiting_period": a["waiting_period"], "min_period": a["min_period"],
            "max_period": a["max_period"], "terms_hash": a["terms_hash"], "paused": False,
            "added_block": b, "added_at": self.ts[b], "updated_block": b, "covers_sold": 0,
            "cover_amount": 0, "premiums": 0, "paid": 0, "claims_accepted": 0,
            "claims_rejected": 0,
        }, b)  # fmt: skip

    def _product_updated(self, log: Log) -> None:
        a, b = log.args, log.block_number
        product = self.store.get(Product, a["product_id"])
        if product is None:
            return
        product.update(annual_rate_bps=a["annual_rate_bps"], capacity=a["capacity"],
                       paused=a["paused"], updated_block=b)  # fmt: skip
        self.store.put(Product, product, b)

    def _attested(self, log: Log) -> None:
        a, b = log.args, log.block_number
        self.store.put(Attestation, {
            "product_id": a["product_id"], "auditor": a["auditor"],
            "report_hash": a["report_hash"], "valid_until": a["valid_until"],
            "revoked": False, "revoked_by": None, "attested_block": b, "attested_at": self.ts[b],
        }, b)  # fmt: skip

    def _attestation_revoked(self, log: Log) -> None:
        a, b = log.args, log.block_number
        row = self.store.get(Attestation, a["product_id"])
        if row is None:
            return
        row.update(revoked=True, revoked_by=a["by"])
        self.store.put(Attestation, row, b)

    def _cover_transfer(self, log: Log) -> None:
        a, b = log.args, log.block_number
        if a["sender"] == ZERO:
            self._txn(log).minted[a["token_id"]] = a["receiver"]
            return
        cover = self.store.get(Cover, a["token_id"])
        if cover is None:
            return
        cover.update(owner=a["receiver"], updated_block=b)
        self.store.put(Cover, cover, b)

    def _cover_bought(self, log: Log) -> None:
        a, b = log.args, log.block_number
        owner = self._txn(log).minted.get(a["cover_id"], ZERO)
        self.store.put(Cover, {
            "cover_id": a["cover_id"], "product_id": a["product_id"], "owner": owner,
            "amount": a["amount"], "premium": a["premium"], "start": a["start"],
            "end": a["end"], "paid": 0, "remaining": a["amount"], "held": 0, "status": "open",
            "open_claim_id": None, "claims": 0, "bought_block": b, "bought_at": self.ts[b],
            "bought_tx": log.tx_hash, "updated_block": b,
        }, b)  # fmt: skip
        self._add_product(a["product_id"], b, covers_sold=1, cover_amount=a["amount"],
                          premiums=a["premium"])  # fmt: skip
        self._add_totals(b, covers=1, cover_amount=a["amount"], premiums=a["premium"])

    def _set_paid(self, cover: dict[str, Any], paid: int, block: int) -> None:
        cover["paid"] = paid
        cover["remaining"] = cover["amount"] - paid
        if cover["remaining"] == 0:
            cover["status"] = "exhausted"
        cover["updated_block"] = block
        self.store.put(Cover, cover, block)

    def _cover_paid(self, log: Log) -> None:
        a, b = log.args, log.block_number
        cover = self.store.get(Cover, a["cover_id"])
        if cover is not None:
            self._set_paid(cover, a["total_paid"], b)

    def _covers_paid(self, log: Log) -> None:
        a, b = log.args, log.block_number
        rows = []
        for cover_id, owner, amount in zip(a["cover_ids"], a["owners"], a["amounts"], strict=True):
            if amount == 0:
                continue
            rows.append((cover_id, owner, amount))
            cover = self.store.get(Cover, cover_id)
            if cover is not None:
                self._set_paid(cover, cover["paid"] + amount, b)
        self._txn(log).covers_paid = (log.log_index, rows)

    def _payout_held(self, log: Log) -> None:
        a, b = log.args, log.block_number
        self._txn(log).held[a["cover_id"]] += a["amount"]
        cover = self.store.get(Cover, a["cover_id"])
        if cover is not None:
            cover.update(held=a["held"], updated_block=b)
            self.store.put(Cover, cover, b)

    def _payout_withdrawn(self, log: Log) -> None:
        a, b = log.args, log.block_number
        cover = self.store.get(Cover, a["cover_id"])
        if cover is not None:
            cover.update(held=cover["held"] - a["amount"], updated_block=b)
            self.store.put(Cover, cover, b)

    # ------------------------------------------------------------------ claims

    def _staked(self, log: Log) -> None:
        self._touch(log.args["staker"], log.block_number)

    def _claim_submitted(self, log: Log) -> None:
        a, b = log.args, log.block_number
        cover = self.store.get(Cover, a["cover_id"])
        product_id = cover["product_id"] if cover is not None else 0
        self.store.put(Claim, {
            "claim_id": a["claim_id"], "cover_id": a["cover_id"], "product_id": product_id,
            "claimant": a["claimant"], "amount": a["amount"], "deposit": a["deposit"],
            "cause": a["cause"], "incident_time": a["incident_time"], "evidence": a["evidence"],
            "submitted_at": a["submitted_at"], "voting_end": a["voting_end"],
            "payout_at": a["voting_end"], "extensions": 0, "quorum": a["quorum"],
            "accept_weight": 0, "reject_weight": 0, "voters": 0, "quorum_reached": False,
            "status": 0, "receiver": None, "payout": 0, "deposit_refunded": 0,
            "deposit_to_reserve": 0, "reward": 0, "by_governance": False, "frozen_by": None,
            "settled_at": None, "settled_block": None, "submitted_block": b, "updated_block": b,
        }, b)  # fmt: skip
        self.touched_claims[a["claim_id"]] = b
        if cover is not None:
            cover.update(status="claimed", open_claim_id=a["claim_id"],
                         claims=cover["claims"] + 1, updated_block=b)  # fmt: skip
            self.store.put(Cover, cover, b)
        self._add_totals(b, claims=1)

    def _claim(self, log: Log) -> dict[str, Any] | None:
        claim = self.store.get(Claim, log.args["claim_id"])
        if claim is not None:
            claim["updated_block"] = log.block_number
            self.touched_claims[log.args["claim_id"]] = log.block_number
        return claim

    def _vote_cast(self, log: Log) -> None:
        a, b = log.args, log.block_number
        self.store.put(Vote, {
            "claim_id": a["claim_id"], "voter": a["voter"], "accept": a["accept"],
            "weight": a["weight"], "block_number": b, "log_index": log.log_index,
            "tx_hash": log.tx_hash, "cast_at": self.ts[b], "reward": 0, "reward_claimed": 0,
        }, b)  # fmt: skip
        self._batch_voters[a["claim_id"]].append(a["voter"])
        self._touch(a["voter"], b)
        claim = self._claim(log)
        if claim is not None:
            claim.update(accept_weight=a["accept_weight"], reject_weight=a["reject_weight"],
                         quorum_reached=a["quorum_reached"], voting_end=a["voting_end"],
                         voters=claim["voters"] + 1)  # fmt: skip
            self.store.put(Claim, claim, b)

    def _voting_extended(self, log: Log) -> None:
        a, b = log.args, log.block_number
        claim = self._claim(log)
        if claim is not None:
            claim.update(voting_end=a["voting_end"], extensions=a["extensions"])
            self.store.put(Claim, claim, b)
        for voter, _ in self._voters(a["claim_id"]):
            self._touch(voter, b)

    def _claim_frozen(self, log: Log) -> None:
        claim = self._claim(log)
        if claim is not None:
            claim.update(status=4, frozen_by=log.args["guardian"])
            self.store.put(Claim, claim, log.block_number)

    def _claim_settled(self, log: Log) -> None:
        a, b = log.args, log.block_number
        claim = self._claim(log)
        if claim is None:
            return
        claim.update(status=a["status"], quorum_reached=a["quorum_reached"],
                     receiver=a["receiver"] if a["receiver"] != ZERO else None,
                     payout=a["payout"], deposit_refunded=a["deposit_refunded"],
                     deposit_to_reserve=a["deposit_to_reserve"], reward=a["reward"],
                     by_governance=a["by_governance"], settled_at=self.ts[b],
                     settled_block=b)  # fmt: skip
        self.store.put(Claim, claim, b)
        accepted = a["payout"] > 0
        cover = self.store.get(Cover, a["cover_id"])
        if cover is not None:
            cover.update(open_claim_id=None, updated_block=b,
                         status="exhausted" if cover["remaining"] == 0 else "open")  # fmt: skip
            self.store.put(Cover, cover, b)
        product_id = claim["product_id"]
        if accepted:
            held = min(self._txn(log).held.get(a["cover_id"], 0), a["payout"])
            self._payout(log, a["cover_id"], product_id, a["receiver"], a["payout"], held,
                         "assessed", claim["incident_time"], claim_id=a["claim_id"])  # fmt: skip
            self._add_product(product_id, b, paid=a["payout"], claims_accepted=1)
            self._add_totals(b, paid_assessed=a["payout"], claims_accepted=1)
        else:
            self._add_product(product_id, b, claims_rejected=1)
            self._add_totals(b, claims_rejected=1)
        voters = self._voters(a["claim_id"])
        total_weight = sum(w for _, w in voters)
        for voter, weight in voters:
            self._touch(voter, b)
            if a["reward"] == 0 or total_weight == 0:
                continue
            share = a["reward"] * weight // total_weight
            vote = self.store.get(Vote, a["claim_id"], voter)
            assert vote is not None
            vote["reward"] = share
            self.store.put(Vote, vote, b)
            pos = self._position(voter, b)
            pos["rewards_pending"] += share
            self.store.put(Position, pos, b)

    def _reward_claimed(self, log: Log) -> None:
        a, b = log.args, log.block_number
        vote = self.store.get(Vote, a["claim_id"], a["assessor"])
        if vote is not None:
            vote["reward_claimed"] = a["amount"]
            self.store.put(Vote, vote, b)
        pos = self._position(a["assessor"], b)
        pos["rewards_pending"] = max(0, pos["rewards_pending"] - a["amount"])
        pos["rewards_claimed"] += a["amount"]
        self.store.put(Position, pos, b)
        self._touch(a["assessor"], b)

    def _payout(self, log: Log, cover_id: int, product_id: int, owner: str, amount: int,
                held: int, kind: str, incident_time: int, *, log_index: int | None = None,
                claim_id: int | None = None, incident_id: int | None = None) -> None:  # fmt: skip
        from safetynet.indexer.models import Payout

        b = log.block_number
        paid_at = self.ts[b]
        self.store.put(Payout, {
            "block_number": b, "log_index": log.log_index if log_index is None else log_index,
            "cover_id": cover_id, "kind": kind, "claim_id": claim_id,
            "incident_id": incident_id, "product_id": product_id, "owner": owner,
            "amount": amount, "held": held, "paid_at": paid_at, "tx_hash": log.tx_hash,
            "incident_time": incident_time, "delay_seconds": paid_at - incident_time,
        }, b)  # fmt: skip

    # ------------------------------------------------------------------ parametric

    def _trigger_set(self, log: Log) -> None:
        a, b = log.args, log.block_number
        self.store.put(Trigger, {
            "product_id": a["product_id"], "feed": a["feed"], "threshold": a["threshold"],
            "min_duration": a["min_duration"], "payout_bps": a["payout_bps"], "set_block": b,
        }, b)  # fmt: skip

    def _incident_reported(self, log: Log) -> None:
        a, b = log.args, log.block_number
        self.store.put(Incident, {
            "incident_id": a["incident_id"], "product_id": a["product_id"],
            "reporter": a["reporter"], "feed": a["feed"], "time": a["time"], "end": a["end"],
            "first_round": a["first_round"], "last_round": a["last_round"],
            "rounds": a["rounds"], "lowest_answer": a["lowest_answer"],
            "payout_bps": a["payout_bps"], "reported_block": b, "reported_at": self.ts[b],
            "tx_hash": log.tx_hash, "covers_paid": 0, "total_paid": 0,
            "first_payout_at": None, "last_payout_at": None,
        }, b)  # fmt: skip
        self._add_totals(b, incidents=1)

    def _incident_paid(self, log: Log) -> None:
        a, b = log.args, log.block_number
        tx = self._txn(log)
        incident = self.store.get(Incident, a["incident_id"])
        if incident is None or tx.covers_paid is None:
            return
        log_index, rows = tx.covers_paid
        for cover_id, owner, amount in rows:
            held = min(tx.held.get(cover_id, 0), amount)
            self._payout(log, cover_id, a["product_id"], owner, amount, held, "parametric",
                         incident["time"], log_index=log_index,
                         incident_id=a["incident_id"])  # fmt: skip
        now = self.ts[b]
        incident.update(covers_paid=incident["covers_paid"] + len(rows),
                        total_paid=incident["total_paid"] + a["total"],
                        first_payout_at=incident["first_payout_at"] or now,
                        last_payout_at=now)  # fmt: skip
        self.store.put(Incident, incident, b)
        self._add_product(a["product_id"], b, paid=a["total"])
        self._add_totals(b, paid_parametric=a["total"])
        tx.covers_paid = None

    # ------------------------------------------------------------------ feeds

    def _answer_updated(self, log: Log) -> None:
        a, b = log.args, log.block_number
        self.store.put(FeedRound, {
            "feed": log.address, "round_id": a["round_id"], "answer": a["current"],
            "updated_at": a["updated_at"], "block_number": b, "log_index": log.log_index,
            "tx_hash": log.tx_hash,
        }, b)  # fmt: skip
