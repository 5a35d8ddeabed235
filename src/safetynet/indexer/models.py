"""The index's tables (SQLAlchemy 2 typed declarative models).

Three kinds of table:
- bookkeeping: `cursor` (how far the index goes), `blocks` (hashes of recent indexed blocks:
  the reorg window), `undo_log` (before-images of derived rows changed in that window),
  `leases` (which replica is active);
- the record: `events`, every SafetyNet log, decoded, keyed by its place in the chain;
- derived tables, projected from the events (and, for figures events do not carry, from
  eth_call at the event's block), in the same transaction as the events: products,
  attestations, triggers, covers, claims, votes, positions, pool_history, totals,
  incidents, payouts, feed_rounds.

Conventions: amounts are exact `U256` (see safetynet.indexer.types for why they are
zero-padded text), ints in Python; times are unix seconds (BigInteger); addresses and
hashes lowercase 0x-hex; `*_block` columns name the block of the event that last set a
row. Every derived row can be rebuilt from `events` + the chain, and a rebuilt index equals
a live one row for row (tests/integration/test_indexer.py compares them).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from safetynet.indexer.types import I256, U256, Address, Hash

# Claim status as Claims.claims(id).status says it (SPEC 3.3).
CLAIM_OPEN, CLAIM_ACCEPTED, CLAIM_REJECTED, CLAIM_PAID, CLAIM_FROZEN = 0, 1, 2, 3, 4


class Base(DeclarativeBase):
    """Declarative base of every index table."""


# ------------------------------------------------------------------------ bookkeeping


class Cursor(Base):
    """How far the index goes; one row (name 'main'). Written in every batch's transaction.

    chain_id / pool_address: the deployment this database indexes (the indexer refuses a
    database of another deployment). first_block: the deployment block, where indexing
    starts. block_number / block_hash / block_timestamp: the last block fully indexed (every
    table reflects the chain up to and including it; "indexed through" in the API).
    updated_at: wall-clock time of the last commit (unix seconds, float).
    """

    __tablename__ = "cursor"

    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    chain_id: Mapped[int] = mapped_column(BigInteger)
    pool_address: Mapped[str] = mapped_column(Address)
    first_block: Mapped[int] = mapped_column(BigInteger)
    block_number: Mapped[int] = mapped_column(BigInteger)
    block_hash: Mapped[str] = mapped_column(Hash)
    block_timestamp: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[float] = mapped_column(Float)


class Block(Base):
    """An indexed block's hash, kept while it is within the reorg window (the last
    `index_reorg_window` blocks below the cursor): every block holding an indexed event and
    the last block of every batch. When the chain's hash of a stored block differs, the
    index rolls back to the highest stored block whose hash still matches.

    number, hash, parent_hash, timestamp: as the node reported them.
    """

    __tablename__ = "blocks"

    number: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    hash: Mapped[str] = mapped_column(Hash)
    parent_hash: Mapped[str] = mapped_column(Hash)
    timestamp: Mapped[int] = mapped_column(BigInteger)


class UndoEntry(Base):
    """The state of one derived row before an event of `block_number` changed it (recorded
    only for blocks within the reorg window). Rolling back to block B replays the entries
    above B newest first: `before` (JSON of the row's columns) is written back, or the row
    is deleted when `before` is null (the event created it).

    id: order of recording; table_name, pk (JSON list of primary-key values): the row.
    """

    __tablename__ = "undo_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"),
                                    primary_key=True, autoincrement=True)  # fmt: skip
    block_number: Mapped[int] = mapped_column(BigInteger, index=True)
    table_name: Mapped[str] = mapped_column(String(32))
    pk: Mapped[str] = mapped_column(Text)
    before: Mapped[str | None] = mapped_column(Text, nullable=True)


class Lease(Base):
    """A lock held by one replica of a service (indexer, keeper) at a time.

    name: what is locked ('indexer', 'keeper'). holder: the holding replica's id
    (host:pid:random). expires_at: unix seconds; the holder renews it every heartbeat, and
    another replica may take the lease once it has passed. acquired_at: when the current
    holder took it.
    """

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[float] = mapped_column(Float)
    acquired_at: Mapped[float] = mapped_column(Float)


# ------------------------------------------------------------------------ the record


class Event(Base):
    """One SafetyNet log, decoded: the chain's record, from which everything else derives.

    block_number, log_index: its place in the chain (primary key). block_hash,
    block_timestamp, tx_hash, tx_index: its block and transaction. address: the emitting
    contract; contract: its role in the deployment ('pool', 'cover', 'claims',
    'parametric', 'timelock', or 'feed' for a trigger's price feed). name: the event
    (`CoverBought`, ...). args: JSON object of the decoded arguments by name: integers as
    decimal strings (JSON numbers lose precision past 2**53), addresses and bytes as
    lowercase 0x-hex, arrays as lists.
    """

    __tablename__ = "events"
    __table_args__ = (
        Index("ix_events_contract_name", "contract", "name"),
        Index("ix_events_tx_hash", "tx_hash"),
    )

    block_number: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    log_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    block_hash: Mapped[str] = mapped_column(Hash)
    block_timestamp: Mapped[int] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(Hash)
    tx_index: Mapped[int] = mapped_column(Integer)
    address: Mapped[str] = mapped_column(Address)
    contract: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(32))
    args: Mapped[str] = mapped_column(Text)


# ------------------------------------------------------------------------ derived


class Product(Base):
    """A product as Cover lists it (ProductAdded, ProductUpdated), with running counters.

    product_id, name, kind (0 PROTOCOL, 1 PARAMETRIC, 2 CUSTODY), annual_rate_bps, capacity,
    waiting_period, min_period, max_period (seconds), terms_hash, paused: as the last event
    set them. added_block / added_at: the ProductAdded block and its time; updated_block:
    the last event that changed the row. covers_sold: covers bought; cover_amount: their
    total amount ever sold; premiums: premiums paid for them; paid: payouts to its covers
    (assessed and parametric); claims_accepted / claims_rejected: settled claims by outcome
    (a paid claim counts as accepted).
    """

    __tablename__ = "products"

    product_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[int] = mapped_column(Integer)
    annual_rate_bps: Mapped[int] = mapped_column(U256)
    capacity: Mapped[int] = mapped_column(U256)
    waiting_period: Mapped[int] = mapped_column(BigInteger)
    min_period: Mapped[int] = mapped_column(BigInteger)
    max_period: Mapped[int] = mapped_column(BigInteger)
    terms_hash: Mapped[str] = mapped_column(Hash)
    paused: Mapped[bool] = mapped_column(Boolean)
    added_block: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[int] = mapped_column(BigInteger)
    updated_block: Mapped[int] = mapped_column(BigInteger)
    covers_sold: Mapped[int] = mapped_column(BigInteger)
    cover_amount: Mapped[int] = mapped_column(U256)
    premiums: Mapped[int] = mapped_column(U256)
    paid: Mapped[int] = mapped_column(U256)
    claims_accepted: Mapped[int] = mapped_column(BigInteger)
    claims_rejected: Mapped[int] = mapped_column(BigInteger)


class Attestation(Base):
    """A product's current auditor attestation (Attested, AttestationRevoked).

    auditor, report_hash, valid_until (unix seconds): the last Attested event. revoked:
    true after AttestationRevoked (by `revoked_by`), until the next Attested.
    attested_block / attested_at: block and time of the last Attested. Live means
    `not revoked and valid_until > now`.
    """

    __tablename__ = "attestations"

    product_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    auditor: Mapped[str] = mapped_column(Address)
    report_hash: Mapped[str] = mapped_column(Hash)
    valid_until: Mapped[int] = mapped_column(BigInteger)
    revoked: Mapped[bool] = mapped_column(Boolean)
    revoked_by: Mapped[str | None] = mapped_column(Address, nullable=True)
    attested_block: Mapped[int] = mapped_column(BigInteger)
    attested_at: Mapped[int] = mapped_column(BigInteger)


class Trigger(Base):
    """A parametric product's trigger (Parametric TriggerSet): the incident is "`feed`
    stays below `threshold` for at least `min_duration` seconds", and each affected cover is
    paid `payout_bps` of its amount. A zero feed means the trigger was cleared.
    set_block: block of the TriggerSet. The feed's rounds are indexed into `feed_rounds`
    from the block after set_block on.
    """

    __tablename__ = "triggers"

    product_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    feed: Mapped[str] = mapped_column(Address, index=True)
    threshold: Mapped[int] = mapped_column(I256)
    min_duration: Mapped[int] = mapped_column(BigInteger)
    payout_bps: Mapped[int] = mapped_column(BigInteger)
    set_block: Mapped[int] = mapped_column(BigInteger)


class Cover(Base):
    """One cover (an ERC-721 token of Cover): CoverBought, Transfer, CoverPaid/CoversPaid,
    PayoutHeld/PayoutWithdrawn, and the claims filed on it.

    owner: current owner (after transfers). product_id, amount, start, end (unix seconds:
    protected while start < t <= end), premium: as bought. paid: paid out on it so far
    (assessed and parametric); remaining: amount - paid, what can still be paid. held:
    payouts the asset refused to deliver, waiting for `withdraw_payout`. status:
    'open' (can still pay), 'claimed' (a claim on it is under assessment: open_claim_id),
    'exhausted' (paid == amount). Whether it is active at a time t is start < t <= end:
    time passes without events, so that is computed when read. claims: claims filed on it.
    bought_block / bought_at / bought_tx: the purchase; updated_block: last change.
    """

    __tablename__ = "covers"
    __table_args__ = (  # the API's lists (migration 0002_api)
        Index("ix_api_covers_owner_id", "owner", "cover_id"),
        Index("ix_api_covers_product_id", "product_id", "cover_id"),
    )

    cover_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    product_id: Mapped[int] = mapped_column(BigInteger, index=True)
    owner: Mapped[str] = mapped_column(Address, index=True)
    amount: Mapped[int] = mapped_column(U256)
    premium: Mapped[int] = mapped_column(U256)
    start: Mapped[int] = mapped_column(BigInteger)
    end: Mapped[int] = mapped_column(BigInteger, index=True)
    paid: Mapped[int] = mapped_column(U256)
    remaining: Mapped[int] = mapped_column(U256)
    held: Mapped[int] = mapped_column(U256)
    status: Mapped[str] = mapped_column(String(16))
    open_claim_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    claims: Mapped[int] = mapped_column(Integer)
    bought_block: Mapped[int] = mapped_column(BigInteger)
    bought_at: Mapped[int] = mapped_column(BigInteger)
    bought_tx: Mapped[str] = mapped_column(Hash)
    updated_block: Mapped[int] = mapped_column(BigInteger)


class Claim(Base):
    """An assessed claim (Claims): ClaimSubmitted, VoteCast, VotingExtended, ClaimFrozen,
    ClaimSettled, completed by `Claims.claims(id)` read at the block of its last event.

    cover_id, product_id, claimant (the cover's owner who filed it), amount, deposit,
    cause (0 EXPLOIT, 1 ORACLE_MANIPULATION, 2 ECONOMIC_ATTACK, 3 CUSTODIAN_HALT),
    incident_time, evidence (bytes32), submitted_at. Deadlines: voting_end (moves on a
    flipping late vote: extensions counts it), payout_at (redeem possible from then on).
    quorum: weight needed; accept_weight / reject_weight / voters / quorum_reached: the
    tally. status: the chain's status (0 OPEN, 1 ACCEPTED, 2 REJECTED, 3 PAID, 4 FROZEN);
    `stage(now)` adds time: voting, cooldown, due, frozen, paid, rejected.
    Settlement: payout (to `receiver`), deposit_refunded, deposit_to_reserve, reward (to
    voters), by_governance (resolve_frozen), settled_at / settled_block; frozen_by.
    submitted_block / updated_block: first and last event.
    """

    __tablename__ = "claims"
    __table_args__ = (  # the API's lists (migration 0002_api)
        Index("ix_api_claims_status_id", "status", "claim_id"),
        Index("ix_api_claims_product_id", "product_id", "claim_id"),
        Index("ix_api_claims_claimant_id", "claimant", "claim_id"),
    )

    claim_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    cover_id: Mapped[int] = mapped_column(BigInteger, index=True)
    product_id: Mapped[int] = mapped_column(BigInteger, index=True)
    claimant: Mapped[str] = mapped_column(Address, index=True)
    amount: Mapped[int] = mapped_column(U256)
    deposit: Mapped[int] = mapped_column(U256)
    cause: Mapped[int] = mapped_column(Integer)
    incident_time: Mapped[int] = mapped_column(BigInteger)
    evidence: Mapped[str] = mapped_column(Hash)
    submitted_at: Mapped[int] = mapped_column(BigInteger)
    voting_end: Mapped[int] = mapped_column(BigInteger)
    payout_at: Mapped[int] = mapped_column(BigInteger)
    extensions: Mapped[int] = mapped_column(Integer)
    quorum: Mapped[int] = mapped_column(U256)
    accept_weight: Mapped[int] = mapped_column(U256)
    reject_weight: Mapped[int] = mapped_column(U256)
    voters: Mapped[int] = mapped_column(Integer)
    quorum_reached: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[int] = mapped_column(Integer, index=True)
    receiver: Mapped[str | None] = mapped_column(Address, nullable=True)
    payout: Mapped[int] = mapped_column(U256)
    deposit_refunded: Mapped[int] = mapped_column(U256)
    deposit_to_reserve: Mapped[int] = mapped_column(U256)
    reward: Mapped[int] = mapped_column(U256)
    by_governance: Mapped[bool] = mapped_column(Boolean)
    frozen_by: Mapped[str | None] = mapped_column(Address, nullable=True)
    settled_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    settled_block: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    submitted_block: Mapped[int] = mapped_column(BigInteger)
    updated_block: Mapped[int] = mapped_column(BigInteger)

    def stage(self, now: int) -> str:
        """Where the claim stands at time `now`: 'voting' (votes accepted), 'cooldown'
        (voting over, payout_at not reached: the guardian may freeze), 'due' (anyone may
        redeem), 'frozen' (governance decides), 'paid', 'rejected' (settled)."""
        if self.status == CLAIM_FROZEN:
            return "frozen"
        if self.status == CLAIM_PAID or (self.status == CLAIM_ACCEPTED and self.settled_at):
            return "paid"
        if self.status == CLAIM_REJECTED:
            return "rejected"
        if now <= self.voting_end:
            return "voting"
        if now < self.payout_at:
            return "cooldown"
        return "due"


class Vote(Base):
    """One assessor's vote on a claim (VoteCast).

    accept, weight (the voter's eligible stake); block_number, log_index, tx_hash, cast_at:
    where and when. reward: what the voter earned when the claim settled
    (`Claims.pending_reward` read then; 0 before, or without quorum); reward_claimed: what
    the voter has taken with claim_rewards (RewardClaimed).
    """

    __tablename__ = "votes"

    claim_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    voter: Mapped[str] = mapped_column(Address, primary_key=True, index=True)
    accept: Mapped[bool] = mapped_column(Boolean)
    weight: Mapped[int] = mapped_column(U256)
    block_number: Mapped[int] = mapped_column(BigInteger)
    log_index: Mapped[int] = mapped_column(Integer)
    tx_hash: Mapped[str] = mapped_column(Hash)
    cast_at: Mapped[int] = mapped_column(BigInteger)
    reward: Mapped[int] = mapped_column(U256)
    reward_claimed: Mapped[int] = mapped_column(U256)


class Position(Base):
    """An account's stake in SafetyNet: as underwriter (pool shares) and as assessor
    (SNET staked in Claims). Figures read from the chain at the block of the account's
    last event (pool `balanceOf`, `withdrawal_request`; Claims `stakes`), so they are what
    the chain says then; cumulative figures from events.

    shares: pool shares held; requested_shares / ready_at / expires_at: the pending
    withdrawal request (zeros: none). deposited / withdrawn: assets put in (Deposit) and
    taken out (Withdraw) over time. stake: SNET staked; stake_locked_until: unstaking
    blocked until then. rewards_pending: assessment rewards earned and not yet claimed;
    rewards_claimed: taken so far. updated_block: block of the last read.
    """

    __tablename__ = "positions"

    account: Mapped[str] = mapped_column(Address, primary_key=True)
    shares: Mapped[int] = mapped_column(U256)
    requested_shares: Mapped[int] = mapped_column(U256)
    ready_at: Mapped[int] = mapped_column(BigInteger)
    expires_at: Mapped[int] = mapped_column(BigInteger)
    deposited: Mapped[int] = mapped_column(U256)
    withdrawn: Mapped[int] = mapped_column(U256)
    stake: Mapped[int] = mapped_column(U256)
    stake_locked_until: Mapped[int] = mapped_column(BigInteger)
    rewards_pending: Mapped[int] = mapped_column(U256)
    rewards_claimed: Mapped[int] = mapped_column(U256)
    updated_block: Mapped[int] = mapped_column(BigInteger)


class PoolSnapshot(Base):
    """The pool per hour of chain time: its figures at the last block of that hour holding
    a SafetyNet event (read with eth_call at that block), and cumulative totals then.

    hour: start of the hour (unix seconds, multiple of 3600). block_number / timestamp: the
    block read. total_assets (excludes unearned premium), total_supply (shares),
    share_price (assets per whole share, as `share_price()`), locked_capital,
    active_cover, open_claims, unearned_premium; utilization_bps = locked_capital * 10000 //
    total_assets (0 when empty). premiums / paid_assessed / paid_parametric: cumulative
    since deployment, through that block.
    """

    __tablename__ = "pool_history"

    hour: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    block_number: Mapped[int] = mapped_column(BigInteger)
    timestamp: Mapped[int] = mapped_column(BigInteger)
    total_assets: Mapped[int] = mapped_column(U256)
    total_supply: Mapped[int] = mapped_column(U256)
    share_price: Mapped[int] = mapped_column(U256)
    locked_capital: Mapped[int] = mapped_column(U256)
    active_cover: Mapped[int] = mapped_column(U256)
    open_claims: Mapped[int] = mapped_column(U256)
    unearned_premium: Mapped[int] = mapped_column(U256)
    utilization_bps: Mapped[int] = mapped_column(BigInteger)
    premiums: Mapped[int] = mapped_column(U256)
    paid_assessed: Mapped[int] = mapped_column(U256)
    paid_parametric: Mapped[int] = mapped_column(U256)


class Totals(Base):
    """Protocol-wide running totals (one row, name 'all'), for the public statistics.

    covers / cover_amount / premiums: covers sold, their amount, premiums paid (gross:
    the fees are in it). claims / claims_accepted / claims_rejected: claims filed and
    settled by outcome; paid_assessed / paid_parametric: payouts by kind; incidents:
    parametric incidents reported. deposits / withdrawals: assets into and out of the
    pool. Loss ratio = (paid_assessed + paid_parametric) / premiums.
    """

    __tablename__ = "totals"

    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    covers: Mapped[int] = mapped_column(BigInteger)
    cover_amount: Mapped[int] = mapped_column(U256)
    premiums: Mapped[int] = mapped_column(U256)
    claims: Mapped[int] = mapped_column(BigInteger)
    claims_accepted: Mapped[int] = mapped_column(BigInteger)
    claims_rejected: Mapped[int] = mapped_column(BigInteger)
    paid_assessed: Mapped[int] = mapped_column(U256)
    paid_parametric: Mapped[int] = mapped_column(U256)
    incidents: Mapped[int] = mapped_column(BigInteger)
    deposits: Mapped[int] = mapped_column(U256)
    withdrawals: Mapped[int] = mapped_column(U256)


class Incident(Base):
    """A parametric incident (IncidentReported) and its payouts so far (IncidentPaid).

    product_id, reporter, feed, time (first round's updatedAt: the incident's time), end
    (last round's), first_round, last_round, rounds, lowest_answer, payout_bps: as reported.
    reported_block / reported_at / tx_hash: the report. covers_paid / total_paid: covers
    paid for it and their total; first_payout_at / last_payout_at: times of the first and
    latest payout batch.
    """

    __tablename__ = "incidents"

    incident_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    product_id: Mapped[int] = mapped_column(BigInteger, index=True)
    reporter: Mapped[str] = mapped_column(Address)
    feed: Mapped[str] = mapped_column(Address)
    time: Mapped[int] = mapped_column(BigInteger)
    end: Mapped[int] = mapped_column(BigInteger)
    first_round: Mapped[int] = mapped_column(U256)
    last_round: Mapped[int] = mapped_column(U256)
    rounds: Mapped[int] = mapped_column(BigInteger)
    lowest_answer: Mapped[int] = mapped_column(I256)
    payout_bps: Mapped[int] = mapped_column(BigInteger)
    reported_block: Mapped[int] = mapped_column(BigInteger)
    reported_at: Mapped[int] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(Hash)
    covers_paid: Mapped[int] = mapped_column(BigInteger)
    total_paid: Mapped[int] = mapped_column(U256)
    first_payout_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    last_payout_at: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class Payout(Base):
    """One payout to one cover: 'assessed' (a claim redeemed: ClaimSettled with a payout)
    or 'parametric' (Cover's CoversPaid with Parametric's IncidentPaid).

    block_number, log_index (of the ClaimSettled / CoversPaid log), cover_id: the key.
    claim_id or incident_id: why it was paid. product_id, owner (who was paid: the cover's
    owner then), amount. held: the part the asset refused to deliver, kept for the cover
    (PayoutHeld). paid_at / tx_hash: when. incident_time: the loss event's time (the
    claim's incident_time, or the parametric incident's first round); delay_seconds =
    paid_at - incident_time: time from incident to payout.
    """

    __tablename__ = "payouts"
    __table_args__ = (  # median time to payout (migration 0002_api)
        Index("ix_api_payouts_kind_delay", "kind", "delay_seconds"),
    )

    block_number: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    log_index: Mapped[int] = mapped_column(Integer, primary_key=True)
    cover_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    claim_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    incident_id: Mapped[int | None] = mapped_column(BigInteger, nullable=True, index=True)
    product_id: Mapped[int] = mapped_column(BigInteger, index=True)
    owner: Mapped[str] = mapped_column(Address, index=True)
    amount: Mapped[int] = mapped_column(U256)
    held: Mapped[int] = mapped_column(U256)
    paid_at: Mapped[int] = mapped_column(BigInteger)
    tx_hash: Mapped[str] = mapped_column(Hash)
    incident_time: Mapped[int] = mapped_column(BigInteger)
    delay_seconds: Mapped[int] = mapped_column(BigInteger)


class FeedRound(Base):
    """A round of a trigger's price feed (AnswerUpdated, as Chainlink aggregators and
    MockAggregator log it), from the block after its TriggerSet on.

    feed, round_id: the key. answer: the feed's value (in its own decimals); updated_at:
    the round's timestamp; block_number / log_index / tx_hash: where it was logged.
    """

    __tablename__ = "feed_rounds"

    feed: Mapped[str] = mapped_column(Address, primary_key=True)
    round_id: Mapped[int] = mapped_column(U256, primary_key=True)
    answer: Mapped[int] = mapped_column(I256)
    updated_at: Mapped[int] = mapped_column(BigInteger, index=True)
    block_number: Mapped[int] = mapped_column(BigInteger)
    log_index: Mapped[int] = mapped_column(Integer)
    tx_hash: Mapped[str] = mapped_column(Hash)


# Tables whose rows the projection writes (each change undo-logged in the reorg window).
DERIVED_TABLES: tuple[type[Base], ...] = (
    Product, Attestation, Trigger, Cover, Claim, Vote, Position, PoolSnapshot, Totals,
    Incident, Payout, FeedRound,
)  # fmt: skip
