# pragma version ~=0.4.3
# pragma nonreentrancy on
"""
@title SafetyNet Parametric
@license AGPL-3.0-only
@notice Incidents proved by Chainlink-style data feeds, and automatic payouts:
        anyone reports a window of consecutive feed rounds below a product's
        threshold; every cover active at the incident's time is then paid
        (to its current owner) by anyone calling `payout`/`payout_many`.
@custom:security Trusts the feeds governance sets per product (their answers and
        timestamps ARE the proof), Cover (cover data, payout records, current
        owners) and CapitalPool (pays). Reads the rounds itself: a reporter only
        names round ids, and consecutive ids leave no room to cherry-pick. A
        window must start where the feed fell below the threshold (proved by the
        round before it, across an aggregator upgrade too), so nobody can report a
        later window of a running incident to exclude covers that ended meanwhile,
        and an incident is keyed by its crossing round: one depeg is one incident,
        whatever the order of reports. Each (incident, cover) pays once: a bitmap
        keyed by (incident, cover_id // 256) records it before any external call.
        An owner the asset refuses does not stop a batch: that cover's payout is
        held by Cover for its owner to collect (`withdraw_payout`).
@custom:kill The admin (timelock) disables a product's trigger with
        `set_trigger(product_id, empty(address), 0, 0, 0)`: no new incident can
        be reported and its cover sales stop (`trigger_active` is true). Incidents
        already proved stay payable: nothing can pause a proved payout.
"""

from ethereum.ercs import IERC20
from snekmate.auth import access_control
from .interfaces import IAggregatorV3
from .interfaces import ICapitalPool
from .interfaces import ICover
from .interfaces import IParametricTrigger
from .interfaces import IParametric
from .modules import incident_records

implements: IParametricTrigger
implements: IParametric

initializes: access_control

exports: (
    access_control.hasRole,
    access_control.getRoleAdmin,
    access_control.grantRole,
    access_control.revokeRole,
    access_control.renounceRole,
    access_control.DEFAULT_ADMIN_ROLE,
    access_control.supportsInterface,
)

MAX_BPS: constant(uint256) = 10_000
# @dev Product kind Cover uses for parametric products.
PARAMETRIC: constant(uint8) = 1
# @dev Chainlink round ids: (phase << 64) | aggregator round.
PHASE_OFFSET: constant(uint256) = 64
AGGREGATOR_ROUND_MASK: constant(uint256) = 2**64 - 1
# @dev Longest window a report may prove, and batch size of `payout_many`.
MAX_ROUNDS: constant(uint256) = 64
MAX_BATCH: constant(uint256) = 100
# @dev Bound on min_duration, so a trigger can always be proved within a cover's life.
MAX_MIN_DURATION: constant(uint256) = 30 * 86_400
# @dev Empty phases walked back to show a round 1 is the feed's very first round.
MAX_EMPTY_PHASES: constant(uint256) = 4


# @dev The cover registry, the pool that pays and its asset.
cover: public(immutable(address))
pool: public(immutable(address))
asset: public(immutable(address))


# @dev Trigger per product (feed == empty: none).
_triggers: HashMap[uint256, IParametric.Trigger]
# @dev Proved incidents, ids 1 to incident_count, packed (incident_records): the head
# (product, time, end, payout_bps) that payouts read, and the rounds that proved it.
_incident_heads: HashMap[uint256, uint256]
_incident_rounds: HashMap[uint256, uint256]
# @dev Number of incidents ever reported.
incident_count: public(uint256)
# @dev The product's most recently REPORTED incident (0: none yet). Reports may come in
# any order, so it is not necessarily the latest in feed time; `crossing_incident` is
# the per-depeg lookup.
last_incident: public(HashMap[uint256, uint256])
# @dev Incident per (product, feed, crossing round): one depeg, one incident.
_crossings: HashMap[uint256, HashMap[address, HashMap[uint80, uint256]]]
# @dev Paid flags: incident => cover_id // 256 => bit (cover_id % 256) set once paid.
# Consecutive cover ids share a word, so a batch pays for one fresh slot per 256 covers.
_paid_words: HashMap[uint256, HashMap[uint256, uint256]]


# @dev Governance set, changed or removed (feed == empty) a product's trigger.
event TriggerSet:
    product_id: indexed(uint256)
    feed: indexed(address)
    threshold: int256
    min_duration: uint256
    payout_bps: uint256


# @dev An incident proved by `rounds` consecutive rounds from first_round to last_round.
event IncidentReported:
    incident_id: indexed(uint256)
    product_id: indexed(uint256)
    reporter: indexed(address)
    feed: address
    time: uint256
    end: uint256
    first_round: uint80
    last_round: uint80
    rounds: uint256
    lowest_answer: int256
    payout_bps: uint256


# @dev Covers paid for one incident, `total` in all; Cover's CoversPaid event of the
# same transaction has each cover's owner (at payout time) and amount.
event IncidentPaid:
    incident_id: indexed(uint256)
    product_id: indexed(uint256)
    cover_ids: DynArray[uint256, MAX_BATCH]
    total: uint256


@deploy
def __init__(cover_: address, pool_: address):
    """
    @param cover_ The Cover contract (products, covers, payout records).
    @param pool_ The CapitalPool that pays.
    """
    access_control.__init__()
    assert cover_ != empty(address), "parametric: zero cover"
    assert pool_ != empty(address), "parametric: zero pool"
    cover = cover_
    pool = pool_
    asset = staticcall ICapitalPool(pool_).asset()


# ---------------------------------------------------------------- governance


@external
def set_trigger(
    product_id: uint256,
    feed: address,
    threshold: int256,
    min_duration: uint256,
    payout_bps: uint256,
):
    """
    @notice Define a PARAMETRIC product's incident: `feed`'s answer stays below
            `threshold` for at least `min_duration` seconds; each affected cover
            pays `amount * payout_bps / 10000`. Admin only. `feed` = empty
            removes the trigger (no new incidents; sales stop).
    @param feed A Chainlink-style AggregatorV3 (price, proof of reserve, TVL).
    @param threshold In the feed's own decimals (0.97 USD at 8 decimals = 97_000_000).
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    assert (
        staticcall ICover(cover).product_kind(product_id) == PARAMETRIC
    ), "parametric: product is not parametric"
    if feed == empty(address):
        self._triggers[product_id] = empty(IParametric.Trigger)
        log TriggerSet(product_id=product_id, feed=feed, threshold=0, min_duration=0, payout_bps=0)
        return
    assert feed.is_contract, "parametric: feed is not a contract"
    assert min_duration > 0, "parametric: zero min duration"
    assert min_duration <= MAX_MIN_DURATION, "parametric: min duration above 30 days"
    assert payout_bps > 0 and payout_bps <= MAX_BPS, "parametric: payout bps must be in (0, 10000]"
    # @dev A feed that cannot answer now could never prove an incident.
    rid: uint80 = 0
    answer: int256 = 0
    started: uint256 = 0
    updated: uint256 = 0
    answered: uint80 = 0
    rid, answer, started, updated, answered = staticcall IAggregatorV3(feed).latestRoundData()
    assert updated != 0, "parametric: feed has no data"
    self._triggers[product_id] = IParametric.Trigger(
        feed=feed, threshold=threshold, min_duration=min_duration, payout_bps=payout_bps
    )
    log TriggerSet(
        product_id=product_id,
        feed=feed,
        threshold=threshold,
        min_duration=min_duration,
        payout_bps=payout_bps,
    )


# ---------------------------------------------------------------- incidents


@external
def report_incident(
    product_id: uint256, round_ids: DynArray[uint80, MAX_ROUNDS], previous_round: uint80 = 0
) -> uint256:
    """
    @notice Prove an incident with consecutive rounds of the product's feed. Anyone.
    @dev The contract reads every round itself. Accepted only when the rounds
         are consecutive (across a phase boundary too), all below the threshold,
         complete (non-zero updatedAt, not in the future, answered in their own
         round), non-decreasing in time, span at least min_duration, and start
         where the feed fell below the threshold: the round before the first is
         complete and at or above it. Within a phase that round is read by
         itself; when the window starts at a phase's round 1 the reporter names
         it (`previous_round`, the previous phase's last round). Only the feed's
         very first round has none. The first round is the crossing, and each
         crossing is reported once: one continuous depeg is one incident, and
         separate depegs may be reported in any order.
    @param round_ids The window, oldest first.
    @param previous_round The round before the window when the window starts at a
           phase's round 1 (0 otherwise; if given mid-phase it must be first - 1).
    @return The incident id.
    """
    trigger: IParametric.Trigger = self._triggers[product_id]
    assert trigger.feed != empty(address), "parametric: no trigger for product"
    count: uint256 = len(round_ids)
    assert count > 0, "parametric: no rounds"

    first: uint256 = convert(round_ids[0], uint256)
    first_answer: int256 = 0
    time: uint256 = 0
    first_answer, time = self._read_round(trigger.feed, round_ids[0])
    assert first_answer < trigger.threshold, "parametric: round at or above threshold"
    # @dev The window starts at the crossing: the round before it was at or above the
    # threshold and not later than the first round. The crossing names the depeg.
    before: uint256 = self._round_before(trigger.feed, first, convert(previous_round, uint256))
    if before != 0:
        before_answer: int256 = 0
        before_time: uint256 = 0
        before_answer, before_time = self._read_round(trigger.feed, convert(before, uint80))
        assert (
            before_answer >= trigger.threshold
        ), "parametric: window must start where the feed fell below threshold"
        assert before_time <= time, "parametric: round timestamps decrease"
    assert (
        self._crossings[product_id][trigger.feed][round_ids[0]] == 0
    ), "parametric: incident already reported"

    lowest: int256 = first_answer
    prev_round: uint256 = first
    prev_time: uint256 = time
    for i: uint256 in range(1, MAX_ROUNDS):
        if i >= count:
            break
        rid: uint256 = convert(round_ids[i], uint256)
        assert self._follows(trigger.feed, prev_round, rid), "parametric: rounds not consecutive"
        answer: int256 = 0
        updated: uint256 = 0
        answer, updated = self._read_round(trigger.feed, round_ids[i])
        assert answer < trigger.threshold, "parametric: round at or above threshold"
        assert updated >= prev_time, "parametric: round timestamps decrease"
        lowest = min(lowest, answer)
        prev_round = rid
        prev_time = updated
    assert prev_time - time >= trigger.min_duration, "parametric: window shorter than min duration"

    incident_id: uint256 = self.incident_count + 1
    self.incident_count = incident_id
    self.last_incident[product_id] = incident_id
    self._crossings[product_id][trigger.feed][round_ids[0]] = incident_id
    incident: incident_records.Incident = incident_records.Incident(
        product_id=product_id,
        time=time,
        end=prev_time,
        payout_bps=trigger.payout_bps,
        first_round=round_ids[0],
        last_round=convert(prev_round, uint80),
    )
    self._incident_heads[incident_id] = incident_records.pack_head(incident)
    self._incident_rounds[incident_id] = incident_records.pack_rounds(incident)
    log IncidentReported(
        incident_id=incident_id,
        product_id=product_id,
        reporter=msg.sender,
        feed=trigger.feed,
        time=time,
        end=prev_time,
        first_round=round_ids[0],
        last_round=convert(prev_round, uint80),
        rounds=count,
        lowest_answer=lowest,
        payout_bps=trigger.payout_bps,
    )
    return incident_id


# ---------------------------------------------------------------- payouts


@external
def payout(cover_id: uint256, incident_id: uint256) -> uint256:
    """
    @notice Pay one cover for one incident, to the cover's current owner. Anyone.
    @return The amount paid.
    """
    incident: incident_records.Incident = self._incident(incident_id)
    assert not self._is_paid(
        incident_id, cover_id
    ), "parametric: cover already paid for this incident"
    total: uint256 = self._pay([cover_id], incident_id, incident)
    if total == 0:
        self._refuse(cover_id, incident)
    return total


@external
def payout_many(cover_ids: DynArray[uint256, MAX_BATCH], incident_id: uint256) -> uint256:
    """
    @notice Pay every eligible cover in `cover_ids` for one incident, each to its
            current owner; skips (does not revert on) unknown, foreign, inactive,
            already paid or fully paid covers, and repeated ids. Anyone.
    @return The total amount paid.
    """
    return self._pay(cover_ids, incident_id, self._incident(incident_id))


# ---------------------------------------------------------------- views


@external
@view
def trigger_active(product_id: uint256) -> bool:
    """
    @notice True when the product's feed is below its threshold at the latest
            round, or the product has no trigger: no cover is sold then.
    """
    feed: address = self._triggers[product_id].feed
    if feed == empty(address):
        return True
    rid: uint80 = 0
    answer: int256 = 0
    started: uint256 = 0
    updated: uint256 = 0
    answered: uint80 = 0
    rid, answer, started, updated, answered = staticcall IAggregatorV3(feed).latestRoundData()
    return answer < self._triggers[product_id].threshold


@external
@view
def triggers(product_id: uint256) -> IParametric.Trigger:
    """
    @notice A product's trigger (feed == empty: none).
    """
    return self._triggers[product_id]


@external
@view
def incidents(incident_id: uint256) -> incident_records.Incident:
    """
    @notice A proved incident: product, time (first round's updatedAt), end (last
            round's), payout_bps, and the first and last round ids that proved it.
    """
    self._check_incident(incident_id)
    return incident_records.unpack(
        self._incident_heads[incident_id], self._incident_rounds[incident_id]
    )


@external
@view
def crossing_incident(product_id: uint256, first_round: uint80) -> uint256:
    """
    @notice The incident reported for the depeg that crossed the threshold at
            `first_round` of the product's current feed (0: not reported yet).
    """
    return self._crossings[product_id][self._triggers[product_id].feed][first_round]


@external
@view
def is_paid(incident_id: uint256, cover_id: uint256) -> bool:
    """
    @notice True once `cover_id` was paid for `incident_id`.
    """
    return self._is_paid(incident_id, cover_id)


@external
@view
def payable_covers(
    incident_id: uint256, cover_ids: DynArray[uint256, MAX_BATCH]
) -> DynArray[uint256, MAX_BATCH]:
    """
    @notice The covers of `cover_ids` that `payout_many` would pay now (known,
            right product, started strictly before the incident's time and not
            ended before it, not yet paid for it, not fully paid), each once, in order.
    """
    incident: incident_records.Incident = self._incident(incident_id)
    known: uint256 = staticcall ICover(cover).cover_count()
    out: DynArray[uint256, MAX_BATCH] = []
    for cover_id: uint256 in cover_ids:
        if (
            cover_id == 0
            or cover_id > known
            or self._is_paid(incident_id, cover_id)
            or cover_id in out
        ):
            continue
        data: ICover.CoverData = staticcall ICover(cover).covers(cover_id)
        if (
            data.product_id != incident.product_id
            or data.start >= incident.time
            or data.end < incident.time
        ):
            continue
        if min(data.amount * incident.payout_bps // MAX_BPS, data.amount - data.paid) != 0:
            out.append(cover_id)
    return out


# ---------------------------------------------------------------- internals


@internal
def _pay(
    cover_ids: DynArray[uint256, MAX_BATCH],
    incident_id: uint256,
    incident: incident_records.Incident,
) -> uint256:
    """
    @dev Three steps, checks and effects before interactions:
         1. mark every cover not yet paid for the incident in the paid bitmap (one
            word per 256 consecutive ids, written once per word);
         2. Cover records, in one call, each marked cover's payout: payout_bps of
            its amount, capped by what is left of it (claims may have paid part),
            for covers of the incident's product active at its time; (empty, 0)
            for any other, whose mark is cleared again so `is_paid` tells the truth;
         3. the pool pays the batch total here (one loss, borne by all shares at
            once), which goes straight on to the owners: nothing stays behind.
            An owner the asset refuses (blacklisted, or a `false` return) does
            not stop the batch: that amount goes to Cover, held for the cover
            (`Cover.withdraw_payout`). Should the pool be refused paying this
            contract, it sent the total to Cover and every amount is held there.
    """
    todo: DynArray[uint256, MAX_BATCH] = []
    word_index: uint256 = max_value(uint256)
    word: uint256 = 0
    for cover_id: uint256 in cover_ids:
        index: uint256 = cover_id >> 8
        if index != word_index:
            if word_index != max_value(uint256):
                self._paid_words[incident_id][word_index] = word
            word_index = index
            word = self._paid_words[incident_id][index]
        bit: uint256 = 1 << (cover_id & 255)
        if word & bit == 0:
            word |= bit
            todo.append(cover_id)
    if word_index != max_value(uint256):
        self._paid_words[incident_id][word_index] = word
    if len(todo) == 0:
        return 0

    owners: DynArray[address, MAX_BATCH] = []
    amounts: DynArray[uint256, MAX_BATCH] = []
    owners, amounts = extcall ICover(cover).record_parametric_payouts(
        todo, incident.product_id, incident.time, incident.payout_bps
    )
    total: uint256 = 0
    paid_ids: DynArray[uint256, MAX_BATCH] = []
    for i: uint256 in range(len(todo), bound=MAX_BATCH):
        if amounts[i] == 0:
            self._paid_words[incident_id][todo[i] >> 8] &= ~(1 << (todo[i] & 255))
        else:
            paid_ids.append(todo[i])
            total += amounts[i]
    if total == 0:
        return 0

    received: bool = extcall ICapitalPool(pool).pay(self, total)
    for i: uint256 in range(len(todo), bound=MAX_BATCH):
        if amounts[i] == 0:
            continue
        if not received:
            extcall ICover(cover).hold_payout(todo[i], amounts[i])
        elif not self._try_transfer(owners[i], amounts[i]):
            assert extcall IERC20(asset).transfer(
                cover, amounts[i], default_return_value=True
            ), "parametric: transfer failed"
            extcall ICover(cover).hold_payout(todo[i], amounts[i])
    log IncidentPaid(
        incident_id=incident_id, product_id=incident.product_id, cover_ids=paid_ids, total=total
    )
    return total


@internal
@view
def _refuse(cover_id: uint256, incident: incident_records.Incident):
    """
    @dev Why `payout` cannot pay a cover, as a revert reason.
    """
    assert (
        cover_id != 0 and cover_id <= staticcall ICover(cover).cover_count()
    ), "parametric: unknown cover"
    data: ICover.CoverData = staticcall ICover(cover).covers(cover_id)
    assert data.product_id == incident.product_id, "parametric: cover is for another product"
    assert (
        data.start < incident.time and data.end >= incident.time
    ), "parametric: cover not active at the incident"
    raise "parametric: nothing left to pay on this cover"


@internal
def _try_transfer(receiver: address, amount: uint256) -> bool:
    """
    @dev An asset transfer that reports a refusal instead of reverting: a revert
         (a blacklisted receiver) and a `false` return both read as False; no
         return data (USDT-style) reads as success.
    """
    ok: bool = False
    response: Bytes[32] = b""
    ok, response = raw_call(
        asset,
        abi_encode(receiver, amount, method_id=method_id("transfer(address,uint256)")),
        max_outsize=32,
        revert_on_failure=False,
    )
    return ok and (len(response) == 0 or convert(response, uint256) == 1)


@internal
@view
def _round_before(feed: address, first: uint256, previous: uint256) -> uint256:
    """
    @dev The round whose answer shows where the window crossed the threshold, or 0
         when `first` is the feed's very first round. Mid-phase it is first - 1.
         At a phase's round 1 the reporter names it: it must be in the previous
         phase and be that phase's last round (the feed has no round after it).
         With none named, round 1 is accepted only when no earlier phase holds a
         round (walked back at most MAX_EMPTY_PHASES phases), else an aggregator
         upgrade would let a running depeg be reported again from the new phase.
    """
    phase: uint256 = first >> PHASE_OFFSET
    if first & AGGREGATOR_ROUND_MASK != 1:
        assert (
            previous == 0 or previous == first - 1
        ), "parametric: previous round is not the round before the window"
        return first - 1
    if previous == 0:
        assert phase <= MAX_EMPTY_PHASES, "parametric: previous phase's last round required"
        for i: uint256 in range(MAX_EMPTY_PHASES):
            if i >= phase:
                break
            # @dev i < phase, so phase - 1 - i does not underflow.
            earlier: uint256 = unsafe_sub(unsafe_sub(phase, 1), i)
            assert not self._round_exists(
                feed, (earlier << PHASE_OFFSET) | 1
            ), "parametric: previous phase's last round required"
        return 0
    assert (
        phase != 0 and previous >> PHASE_OFFSET == phase - 1
    ), "parametric: previous round is not in the previous phase"
    assert (
        previous & AGGREGATOR_ROUND_MASK != 0
    ), "parametric: previous round is not its phase's last"
    if previous & AGGREGATOR_ROUND_MASK != AGGREGATOR_ROUND_MASK:
        assert not self._round_exists(
            feed, previous + 1
        ), "parametric: previous round is not its phase's last"
    return previous


@internal
@view
def _is_paid(incident_id: uint256, cover_id: uint256) -> bool:
    return (self._paid_words[incident_id][cover_id >> 8] >> (cover_id & 255)) & 1 == 1


@internal
@view
def _incident(incident_id: uint256) -> incident_records.Incident:
    """
    @dev What payouts need (product, time, payout_bps): the head slot only.
    """
    self._check_incident(incident_id)
    return incident_records.unpack(self._incident_heads[incident_id], 0)


@internal
@view
def _check_incident(incident_id: uint256):
    assert incident_id != 0 and incident_id <= self.incident_count, "parametric: unknown incident"


@internal
@view
def _read_round(feed: address, round_id: uint80) -> (int256, uint256):
    """
    @dev One round as proof: it must be the round asked for, complete (non-zero
         updatedAt), not stamped in the future, and answered in its own round
         (answeredInRound < roundId marks a stale carried-over answer).
    """
    rid: uint80 = 0
    answer: int256 = 0
    started: uint256 = 0
    updated: uint256 = 0
    answered: uint80 = 0
    rid, answer, started, updated, answered = staticcall IAggregatorV3(feed).getRoundData(round_id)
    assert rid == round_id, "parametric: feed returned another round"
    assert updated != 0, "parametric: round has zero timestamp"
    assert updated <= block.timestamp, "parametric: round stamped in the future"
    assert answered >= rid, "parametric: stale round"
    return answer, updated


@internal
@view
def _follows(feed: address, prev: uint256, rid: uint256) -> bool:
    """
    @dev Chainlink round ids are (phase << 64) | aggregator round. Within a phase
         the next round is the next aggregator round; the first round of the next
         phase follows only the last round of the previous phase, which is so
         when the feed has no round right after it.
    """
    prev_phase: uint256 = prev >> PHASE_OFFSET
    prev_round: uint256 = prev & AGGREGATOR_ROUND_MASK
    if rid >> PHASE_OFFSET == prev_phase:
        return rid & AGGREGATOR_ROUND_MASK == prev_round + 1
    if rid >> PHASE_OFFSET != prev_phase + 1 or rid & AGGREGATOR_ROUND_MASK != 1:
        return False
    if prev_round == AGGREGATOR_ROUND_MASK:
        return True
    return not self._round_exists(feed, prev + 1)


@internal
@view
def _round_exists(feed: address, round_id: uint256) -> bool:
    """
    @dev A missing round either reverts (current aggregators) or reads as zero
         (older ones); both mean "no such round".
    """
    ok: bool = False
    response: Bytes[160] = b""
    ok, response = raw_call(
        feed,
        abi_encode(convert(round_id, uint80), method_id=method_id("getRoundData(uint80)")),
        max_outsize=160,
        is_static_call=True,
        revert_on_failure=False,
    )
    if not ok or len(response) < 160:
        return False
    return extract32(response, 96, output_type=uint256) != 0
