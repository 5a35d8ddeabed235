"""Parametric cover: triggers, feed rounds, incidents and payouts (SPEC 3.4).

Everything reads the chain through the Protocol's handles; nothing here re-implements what
the contract decides. `find_window` only *proposes* round ids (the keeper's search); the
contract re-reads every round and is the judge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from safetynet import chain
from safetynet.errors import SafetyNetError
from safetynet.sdk.record import Record
from safetynet.sdk.transactions import acting_as, transact

if TYPE_CHECKING:
    from safetynet.deploy import Protocol

PARAMETRIC_KIND = 1
PHASE_OFFSET = 64
AGGREGATOR_MASK = 2**64 - 1
MAX_ROUNDS = 64
MAX_BATCH = 100
MAX_PROVED = 4  # proved runs a keep-mode WindowTracker remembers per feed
ZERO = "0x" + "00" * 20


# ------------------------------------------------------------------------------ rounds


def round_id(phase: int, aggregator_round: int) -> int:
    """Chainlink round id: (phase << 64) | aggregator round."""
    return (phase << PHASE_OFFSET) | aggregator_round


def split_round(rid: int) -> tuple[int, int]:
    """(phase, aggregator round) of a Chainlink round id."""
    return rid >> PHASE_OFFSET, rid & AGGREGATOR_MASK


@dataclass(frozen=True)
class Round:
    """One feed round as the contract reads it."""

    round_id: int
    answer: int
    updated_at: int
    answered_in_round: int

    @property
    def complete(self) -> bool:
        return self.updated_at != 0 and self.answered_in_round >= self.round_id


def feed_contract(address: str) -> Any:
    """Attach to a Chainlink-style feed (through the shipped ABI: no compilation)."""
    try:
        from safetynet.artifacts import abi_factory

        return abi_factory("MockAggregator").at(address)
    except SafetyNetError:
        from safetynet.artifacts import deployer

        return deployer("MockAggregator").at(address)


def read_round(feed: Any, rid: int) -> Round | None:
    """A round of `feed`, or None when the feed has no such round (reverts or reads zero)."""
    try:
        got, answer, _, updated, answered = feed.getRoundData(rid)
    except Exception as exc:  # noqa: BLE001 - a missing round reverts; transport errors do not
        if _is_transport_error(exc):
            raise
        return None
    if updated == 0 and answer == 0:
        return None
    return Round(int(got), int(answer), int(updated), int(answered))


def latest_round(feed: Any) -> Round:
    rid, answer, _, updated, answered = feed.latestRoundData()
    return Round(int(rid), int(answer), int(updated), int(answered))


def next_round(feed: Any, rid: int, latest_id: int) -> Round | None:
    """The round after `rid`: the next aggregator round of its phase, else the first round
    of a later phase (up to the latest round's phase); None when `rid` is the latest."""
    if rid >= latest_id:
        return None
    phase, agg = split_round(rid)
    found = read_round(feed, round_id(phase, agg + 1))
    if found is not None:
        return found
    last_phase = split_round(latest_id)[0]
    for later in range(phase + 1, last_phase + 1):
        found = read_round(feed, round_id(later, 1))
        if found is not None:
            return found
    return None


def last_round_of_phase(feed: Any, phase: int) -> int | None:
    """The last round id of `phase` (None when the phase has no round): an exponential probe
    then a binary search, O(log n) reads."""
    if read_round(feed, round_id(phase, 1)) is None:
        return None
    lo, hi = 1, 2
    while hi <= AGGREGATOR_MASK and read_round(feed, round_id(phase, hi)) is not None:
        lo, hi = hi, hi * 2
    hi = min(hi, AGGREGATOR_MASK + 1)
    while hi - lo > 1:  # round lo exists, round hi does not
        mid = (lo + hi) // 2
        if read_round(feed, round_id(phase, mid)) is not None:
            lo = mid
        else:
            hi = mid
    return round_id(phase, lo)


def previous_round_of(feed: Any, first_round: int) -> int:
    """What `report_incident` needs as `previous_round` for a window starting at
    `first_round`: the previous phase's last round when the window starts at a phase's
    round 1 (the contract then checks the crossing across the aggregator upgrade), else 0."""
    phase, agg = split_round(first_round)
    if agg != 1 or phase == 0:
        return 0
    return last_round_of_phase(feed, phase - 1) or 0


@dataclass
class WindowTracker:
    """The contract's window rules as a stream: feed it a feed's rounds in feed order (as
    `next_round` walks them, across phases) and it returns a window's round ids the moment a
    run of below-threshold rounds that started at a crossing spans `min_duration`.

    The rules (`report_incident`, SPEC 3.4): the window starts at a crossing, the first round
    below `threshold` right after a complete round at or above it and stamped no later than
    it (the feed's very first round needs none: start with `crossing=True`); every round is
    complete (non-zero updatedAt, answered in its own round) and below the threshold, stamps
    never decrease, rounds are consecutive (an empty phase in between breaks the run, the
    contract cannot follow it), at most MAX_ROUNDS rounds; it ends at the first round
    `min_duration` after its start. One crossing, one window: after a window the run ends
    until the feed goes back above the threshold. Whether the window's rounds are stamped
    in the past yet, and whether its crossing is already an incident, only the chain knows:
    the caller asks it (`report_incident` refuses both).

    With `keep=True` (one feed of a multi-feed trigger, `sdk.trigger_feeds`) a run is not
    cut at min_duration: it grows up to MAX_ROUNDS rounds, since another feed may cross
    later and this feed's window must then reach past that crossing; `feed` returns the
    whole run each time it spans min_duration, and a proved run that ends (the feed
    recovers, a gap, a decreasing stamp) is kept in `proved` (the last MAX_PROVED).

    The state is plain data (`as_dict` / `from_dict`) so the keeper persists it between passes.
    """

    threshold: int
    min_duration: int
    crossing: bool = False  # the last round fed may start a window with the next one
    crossing_at: int = 0  # that round's updatedAt (the first round may not be stamped earlier)
    last_round: int | None = None  # the last round id fed
    run: list[Round] = field(default_factory=list)  # the window so far, from its crossing
    keep: bool = False  # keep runs past min_duration, and proved runs once they end
    proved: list[list[Round]] = field(default_factory=list)  # ended runs that spanned it

    def feed(self, r: Round) -> list[Round] | None:
        """Advance by one round; the window's rounds when it just reached min_duration."""
        last, self.last_round = self.last_round, r.round_id
        if last is not None and not _adjacent(last, r.round_id):
            self._reset(crossing=False)  # a gap the contract cannot follow
        if not r.complete:
            self._reset(crossing=False)
            return None
        if r.answer >= self.threshold:
            self._reset(crossing=True, at=r.updated_at)
            return None
        if self.run:
            if r.updated_at < self.run[-1].updated_at:
                self._keep_run()
                self.run = []  # stamps decrease: this crossing can never be proved
            elif not (self.keep and len(self.run) == MAX_ROUNDS and self._spans(self.run)):
                self.run.append(r)  # (a kept run stops growing at what a report can carry)
        elif self.crossing and self.crossing_at <= r.updated_at:
            self.run = [r]
        self.crossing = False
        if len(self.run) > MAX_ROUNDS:
            self.run = []  # longer than a report can carry without spanning min_duration
        if not self.run or not self._spans(self.run):
            return None
        if self.keep:
            return list(self.run)
        window, self.run = self.run, []
        return window

    def runs(self) -> list[list[Round]]:
        """Keep mode: the proved runs and the current one, oldest first."""
        return [*self.proved, *([list(self.run)] if self.run else [])]

    def _spans(self, run: list[Round]) -> bool:
        return run[-1].updated_at - run[0].updated_at >= self.min_duration

    def _keep_run(self) -> None:
        if self.keep and self.run and self._spans(self.run):
            self.proved = [*self.proved, list(self.run)][-MAX_PROVED:]

    def _reset(self, *, crossing: bool, at: int = 0) -> None:
        self._keep_run()
        self.run, self.crossing, self.crossing_at = [], crossing, at

    def as_dict(self) -> dict[str, Any]:
        data = {"crossing": self.crossing, "crossing_at": self.crossing_at,
                "last_round": self.last_round, "run": _rounds_data(self.run)}  # fmt: skip
        if self.keep:
            data["keep"] = True
            data["proved"] = [_rounds_data(run) for run in self.proved]
        return data

    @classmethod
    def from_dict(cls, threshold: int, min_duration: int, data: dict[str, Any]) -> WindowTracker:
        return cls(
            threshold, min_duration, bool(data.get("crossing", False)),
            int(data.get("crossing_at", 0)), data.get("last_round"),
            [Round(*x) for x in data.get("run", [])], bool(data.get("keep", False)),
            [[Round(*x) for x in run] for run in data.get("proved", [])],
        )  # fmt: skip


def _rounds_data(rounds: list[Round]) -> list[list[int]]:
    return [[x.round_id, x.answer, x.updated_at, x.answered_in_round] for x in rounds]


def _adjacent(prev: int, rid: int) -> bool:
    """`rid` can follow `prev` in a window: the next aggregator round of the same phase, or
    round 1 of the next phase (which the walk reaches only once `prev`'s phase has ended)."""
    prev_phase, prev_agg = split_round(prev)
    phase, agg = split_round(rid)
    if phase == prev_phase:
        return agg == prev_agg + 1
    return phase == prev_phase + 1 and agg == 1


def find_window(
    rounds: Sequence[Round],
    threshold: int,
    min_duration: int,
    *,
    preceded_by_crossing: bool,
    after: int = 0,
    reported: Callable[[int], bool] | None = None,
) -> list[int] | None:
    """The earliest window the contract would accept in `rounds` (consecutive feed rounds,
    oldest first, possibly across phases as `next_round` walks them), as `WindowTracker`
    finds it: `preceded_by_crossing` says whether the round before the first of `rounds`
    was complete and at or above `threshold` (True too when `rounds` starts at the feed's
    very first round). Across an aggregator upgrade the round before a phase's round 1 is
    the previous phase's last, which the contract checks through `previous_round_of`.
    Windows whose crossing is stamped at or before `after`, or for which
    `reported(first_round)` is true (one depeg, one incident), are skipped.
    Returns its round ids, or None.
    """
    tracker = WindowTracker(threshold, min_duration, crossing=preceded_by_crossing)
    for r in rounds:
        window = tracker.feed(r)
        if window is None:
            continue
        if window[0].updated_at <= after:
            continue
        if reported is not None and reported(window[0].round_id):
            continue
        return [x.round_id for x in window]
    return None


# ------------------------------------------------------------------------------ triggers


@dataclass(frozen=True)
class TriggerInfo(Record, shown=("threshold_price",)):
    product_id: int
    feed: str
    threshold: int
    min_duration: int
    payout_bps: int
    decimals: int

    @property
    def threshold_price(self) -> Decimal:
        return Decimal(self.threshold).scaleb(-self.decimals)


def set_trigger(
    p: Protocol,
    product_id: int,
    feed: str,
    threshold: int,
    min_duration: int,
    payout_bps: int,
    sender: str | None = None,
) -> None:
    """Define a parametric product's incident (governance)."""
    with acting_as(sender or p.admin):
        transact(p.parametric.set_trigger, product_id, feed, threshold, min_duration, payout_bps)


def trigger(p: Protocol, product_id: int) -> TriggerInfo | None:
    """A product's trigger, or None when it has none."""
    t = p.parametric.triggers(product_id)
    if str(t.feed) == ZERO:
        return None
    decimals = int(feed_contract(str(t.feed)).decimals())
    return TriggerInfo(
        product_id, str(t.feed), int(t.threshold), int(t.min_duration), int(t.payout_bps), decimals
    )


def parametric_products(p: Protocol) -> list[int]:
    """Ids of the PARAMETRIC products that have a trigger."""
    out = []
    for pid in range(int(p.cover.product_count())):
        if int(p.cover.product_kind(pid)) == PARAMETRIC_KIND and trigger(p, pid) is not None:
            out.append(pid)
    return out


def price_to_answer(price: str | Decimal | float, decimals: int) -> int:
    """A human price ("0.93") in a feed's integer answer."""
    value = Decimal(str(price))
    scaled = value.scaleb(decimals)
    if scaled != scaled.to_integral_value():
        raise SafetyNetError(f"price {price} has more than {decimals} decimals")
    return int(scaled)


def set_feed_price(p: Protocol, product_id: int, price: str | Decimal) -> Round:
    """Push a round with `price` to a product's mock feed (local chains only)."""
    t = trigger(p, product_id)
    if t is None:
        raise SafetyNetError(f"product {product_id} has no parametric trigger (no feed to move)")
    feed = feed_contract(t.feed)
    transact(feed.set_answer, price_to_answer(price, t.decimals))
    return latest_round(feed)


def repost_if_silent(p: Protocol, product_id: int, max_silence: int) -> Round | None:
    """Local mock feeds only: post the latest answer again when the feed has been silent
    for `max_silence` seconds of chain time, as Chainlink's heartbeat does on real feeds.
    Returns the new round, or None when the feed spoke recently (or there is no trigger)."""
    t = trigger(p, product_id)
    if t is None:
        return None
    feed = feed_contract(t.feed)
    latest = latest_round(feed)
    if chain.now() - latest.updated_at < max_silence:
        return None
    transact(feed.set_answer, latest.answer)
    sync_to_head()
    return latest_round(feed)


# ------------------------------------------------------------------------------ incidents


@dataclass(frozen=True)
class IncidentInfo(Record):
    incident_id: int
    product_id: int
    time: int
    end: int
    payout_bps: int
    first_round: int
    last_round: int


def incident(p: Protocol, incident_id: int) -> IncidentInfo:
    raw = transact(p.parametric.incidents, incident_id)
    return IncidentInfo(
        incident_id, int(raw.product_id), int(raw.time), int(raw.end), int(raw.payout_bps),
        int(raw.first_round), int(raw.last_round),
    )  # fmt: skip


def incidents(p: Protocol, since: int = 0) -> list[IncidentInfo]:
    """Incidents with ids above `since`, oldest first."""
    return [incident(p, i) for i in range(since + 1, int(p.parametric.incident_count()) + 1)]


def last_incident_end(p: Protocol, product_id: int) -> int:
    """When the product's most recently reported incident ended (0: none yet). Reports may
    come in any order, so this is not a bound on new reports; see `crossing_reported`."""
    last = int(p.parametric.last_incident(product_id))
    return incident(p, last).end if last else 0


def crossing_reported(p: Protocol, product_id: int, first_round: int) -> bool:
    """True when the depeg that crossed the threshold at `first_round` (of the product's
    current feed) is already an incident: the contract refuses to report it again."""
    return int(p.parametric.crossing_incident(product_id, first_round)) != 0


def report_incident(
    p: Protocol,
    product_id: int,
    round_ids: Sequence[int],
    sender: str | None = None,
    previous_round: int | None = None,
) -> int:
    """Report an incident proved by consecutive rounds; returns its id. `previous_round`
    None: found on the feed when the window starts at a phase's round 1 (see
    `previous_round_of`)."""
    if not 0 < len(round_ids) <= MAX_ROUNDS:
        raise SafetyNetError(f"a window has 1 to {MAX_ROUNDS} rounds, got {len(round_ids)}")
    if previous_round is None:
        t = trigger(p, product_id)
        feed = feed_contract(t.feed) if t is not None else None
        previous_round = previous_round_of(feed, round_ids[0]) if feed is not None else 0
    args: list[Any] = [product_id, list(round_ids)]
    if previous_round:
        args.append(previous_round)
    with acting_as(sender):
        return int(transact(p.parametric.report_incident, *args))


def provable_window(
    p: Protocol, product_id: int, lookback: int = 2 * MAX_ROUNDS
) -> list[int] | None:
    """The earliest window of the product's feed the contract would accept now, searching
    the last `lookback` rounds (what `incident report` without round ids uses)."""
    t = trigger(p, product_id)
    if t is None:
        raise SafetyNetError(f"product {product_id} has no parametric trigger")
    feed = feed_contract(t.feed)
    latest = latest_round(feed)
    phase, agg = split_round(latest.round_id)
    first_agg = max(1, agg - lookback)
    rounds = [r for a in range(first_agg, agg + 1) if (r := read_round(feed, round_id(phase, a)))]
    if first_agg > 1:
        before_id = round_id(phase, first_agg - 1)
    else:  # the phase's round 1: its predecessor is the previous phase's last round
        before_id = previous_round_of(feed, round_id(phase, 1))
    if before_id:
        before = read_round(feed, before_id)
        crossing = before is not None and before.complete and before.answer >= t.threshold
    else:
        crossing = True  # the feed's very first round
    return find_window(
        rounds, t.threshold, t.min_duration, preceded_by_crossing=crossing,
        reported=lambda rid: crossing_reported(p, product_id, rid),
    )  # fmt: skip


# ------------------------------------------------------------------------------ payouts


def payable(p: Protocol, incident_id: int, cover_ids: Iterable[int]) -> list[int]:
    """The covers `payout_many` would pay now (the contract's own eligibility)."""
    ids = list(cover_ids)
    out: list[int] = []
    for i in range(0, len(ids), MAX_BATCH):
        out += [int(c) for c in p.parametric.payable_covers(incident_id, ids[i : i + MAX_BATCH])]
    return out


def payout_many(
    p: Protocol, incident_id: int, cover_ids: Sequence[int], sender: str | None = None
) -> int:
    """Pay up to 100 covers for an incident (ineligible ones are skipped); returns the total."""
    if len(cover_ids) > MAX_BATCH:
        raise SafetyNetError(f"a batch has at most {MAX_BATCH} covers")
    with acting_as(sender):
        return int(transact(p.parametric.payout_many, list(cover_ids), incident_id))


def payout(p: Protocol, cover_id: int, incident_id: int, sender: str | None = None) -> int:
    """Pay one cover for an incident; returns the amount."""
    with acting_as(sender):
        return int(transact(p.parametric.payout, cover_id, incident_id))


def is_paid(p: Protocol, incident_id: int, cover_id: int) -> bool:
    return bool(p.parametric.is_paid(incident_id, cover_id))


# ------------------------------------------------------------------------------ cover discovery


@dataclass(frozen=True)
class CoverSale:
    """A cover as its CoverBought event tells it (start/end never change)."""

    cover_id: int
    product_id: int
    start: int
    end: int
    block: int


# Log decoding is chain plumbing (safetynet.chain); these names stay for callers.
_event_abi = chain.event_abi
_decode_log = chain.decode_log


def cover_sales(p: Protocol, from_block: int, to_block: int, chunk: int = 5_000) -> list[CoverSale]:
    """CoverBought events of Cover in [from_block, to_block] (JSON-RPC node)."""
    event = _event_abi("Cover", "CoverBought")
    signature = f"{event['name']}({','.join(i['type'] for i in event['inputs'])})"
    from eth_utils import keccak

    topic = "0x" + keccak(text=signature).hex().removeprefix("0x")
    out: list[CoverSale] = []
    start = from_block
    while start <= to_block:
        end = min(to_block, start + chunk - 1)
        logs = chain.rpc(
            "eth_getLogs",
            [{"address": str(p.cover.address), "topics": [topic], "fromBlock": hex(start),
              "toBlock": hex(end)}],
        )  # fmt: skip
        for log in logs or []:
            fields = _decode_log(event, log)
            out.append(
                CoverSale(
                    cover_id=int(fields["cover_id"]),
                    product_id=int(fields["product_id"]),
                    start=int(fields["start"]),
                    end=int(fields["end"]),
                    block=int(log["blockNumber"], 16),
                )
            )
        start = end + 1
    return out


def cover_sales_from_state(p: Protocol, after_id: int = 0) -> list[CoverSale]:
    """The same facts read from Cover's storage (in-process EVM, which keeps no log index)."""
    out = []
    for cid in range(after_id + 1, int(p.cover.cover_count()) + 1):
        c = p.cover.covers(cid)
        out.append(CoverSale(cid, int(c.product_id), int(c.start), int(c.end), 0))
    return out


# Kept here for callers of the SDK; the logic lives with the chain connection.
LOCAL_CHAIN_IDS = chain.LOCAL_CHAIN_IDS
memory_fork_on_local_chains = chain.memory_fork_on_local_chains


# Chain plumbing, kept here under its old names for callers of the SDK.
sync_to_head = chain.sync_to_head
block_number = chain.block_number
is_transport_error = chain.is_transport_error
_is_transport_error = chain.is_transport_error
