# pragma version ~=0.4.3
# pragma nonreentrancy on
"""
@title SafetyNet Parametric
@license AGPL-3.0-only
@notice Incidents proved by Chainlink-style data feeds, and automatic payouts:
        anyone reports a window of consecutive feed rounds below a product's
        threshold (or, for a product with several feeds, `required` such windows
        of distinct feeds that overlap in time); every cover active at the
        incident's time is then paid (to its current owner) by anyone calling
        `payout`/`payout_many`.
@custom:security Trusts the feeds governance sets per product (their answers and
        timestamps ARE the proof), Cover (cover data, payout records, current
        owners) and CapitalPool (pays). Reads the rounds itself: a reporter only
        names round ids, and consecutive ids leave no room to cherry-pick. A
        window must start where the feed fell below the threshold (proved by the
        round before it, across an aggregator upgrade too), so nobody can report a
        later window of a running incident to exclude covers that ended meanwhile,
        and an incident is keyed by its crossing round: one depeg is one incident,
        whatever the order of reports. With several feeds (`set_trigger_feeds`)
        one stuck or manipulated feed can neither prove nor block an incident:
        `required` is a majority below the number of feeds, so two reports of one
        depeg share a feed's crossing and the second is refused, and a stuck feed
        is spared. Each (incident, cover) pays once: a bitmap
        keyed by (incident, cover_id // 256) records it before any external call.
        An owner the asset refuses does not stop a batch: that cover's payout is
        held by Cover for its owner to collect (`withdraw_payout`).
@custom:kill The admin (timelock) disables a product's trigger with
        `set_trigger(product_id, empty(address), 0, 0, 0)` (which also removes
        its trigger feeds): no new incident can be reported and its cover sales
        stop (`trigger_active` is true). Incidents
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
# @dev Most feeds a product's trigger may need (set_trigger_feeds), at least two.
MAX_FEEDS: constant(uint256) = 5
MIN_FEEDS: constant(uint256) = 3
# @dev Feeds' decimals are bounded so a threshold can be scaled between any two of them.
MAX_FEED_DECIMALS: constant(uint256) = 36


# @dev The cover registry, the pool that pays and its asset.
cover: public(immutable(address))
pool: public(immutable(address))
asset: public(immutable(address))


# @dev One feed's proved window: first round's updatedAt (`time`), last's (`end`).
struct Proof:
    time: uint256
    end: uint256
    first_round: uint80
    last_round: uint80
    lowest: int256


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
# @dev Trigger feeds per product (empty: the product's single trigger feed proves
# incidents with report_incident): `required` of `feeds` must each prove the condition.
_trigger_feeds: HashMap[uint256, IParametric.TriggerFeeds]
# @dev Incident per (product, feed, crossing round): one depeg, one incident. A
# multi-feed incident records the crossing of every feed that proved it.
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


# @dev Governance set or removed (empty feeds, required 0) a product's trigger feeds;
# the trigger's threshold is in `set_trigger`'s feed's decimals and scaled to each feed's.
event TriggerFeedsSet:
    product_id: indexed(uint256)
    feeds: DynArray[address, MAX_FEEDS]
    required: uint256


# @dev One feed's window in a multi-feed report, logged before the IncidentReported it
# proves: `threshold` is the trigger's threshold in this feed's decimals.
event IncidentFeedProved:
    incident_id: indexed(uint256)
    product_id: indexed(uint256)
    feed: indexed(address)
    threshold: int256
    time: uint256
    end: uint256
    first_round: uint80
    last_round: uint80
    rounds: uint256
    lowest_answer: int256


# @dev An incident proved by `rounds` consecutive rounds from first_round to last_round.
# For a multi-feed incident: the feed whose crossing came last (it sets `time`), its
# rounds, and `end` the earliest end of the windows (IncidentFeedProved has each window).
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
           With trigger feeds (`set_trigger_feeds`) it is scaled to each feed's decimals.
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    assert (
        staticcall ICover(cover).product_kind(product_id) == PARAMETRIC
    ), "parametric: product is not parametric"
    if feed == empty(address):
        self._triggers[product_id] = empty(IParametric.Trigger)
        log TriggerSet(product_id=product_id, feed=feed, threshold=0, min_duration=0, payout_bps=0)
        if len(self._trigger_feeds[product_id].feeds) != 0:
            self._trigger_feeds[product_id] = empty(IParametric.TriggerFeeds)
            log TriggerFeedsSet(product_id=product_id, feeds=[], required=0)
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
    if len(self._trigger_feeds[product_id].feeds) != 0:
        # @dev The threshold is scaled from this feed's decimals to each trigger feed's.
        self._decimals(feed)
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


@external
def set_trigger_feeds(product_id: uint256, feeds: DynArray[address, MAX_FEEDS], required: uint256):
    """
    @notice Make the product's incident need `required` of `feeds` to prove the
            trigger's condition, each by its own window (`report_incident_multi`):
            one stuck or manipulated feed can neither prove nor block an incident.
            Admin only; the trigger (`set_trigger`) must be set first and keeps its
            threshold, min_duration and payout_bps. Empty `feeds` with `required` 0
            returns the product to its single trigger feed (`report_incident`).
    @dev `required` must be a majority of the feeds: any two reports of one depeg
         then share a feed, whose crossing is already recorded, so the depeg is
         paid once. It must also be below the number of feeds, so one stuck feed
         cannot block payouts; hence at least 3 feeds. The threshold is in the decimals of the trigger's feed and is
         scaled to each feed's decimals (`feed_threshold`).
    @param feeds 3 to 5 distinct Chainlink-style feeds with data, up to 36 decimals.
    @param required How many of them must prove the condition.
    """
    access_control._check_role(access_control.DEFAULT_ADMIN_ROLE, msg.sender)
    reference: address = self._triggers[product_id].feed
    assert reference != empty(address), "parametric: set the trigger first"
    count: uint256 = len(feeds)
    if count == 0:
        assert required == 0, "parametric: required must be 0 without feeds"
    else:
        assert count >= MIN_FEEDS, "parametric: at least 3 trigger feeds"
        assert required <= count, "parametric: required above the number of feeds"
        assert required < count, "parametric: required must leave one feed spare"
        assert 2 * required > count, "parametric: required must be a majority of the feeds"
        self._decimals(reference)
        for i: uint256 in range(MAX_FEEDS):
            if i >= count:
                break
            feed: address = feeds[i]
            assert feed.is_contract, "parametric: feed is not a contract"
            for j: uint256 in range(MAX_FEEDS):
                if j >= i:
                    break
                assert feeds[j] != feed, "parametric: feed listed twice"
            self._decimals(feed)
            assert self._latest(feed)[1] != 0, "parametric: feed has no data"
    self._trigger_feeds[product_id] = IParametric.TriggerFeeds(feeds=feeds, required=required)
    log TriggerFeedsSet(product_id=product_id, feeds=feeds, required=required)


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
    assert (
        len(self._trigger_feeds[product_id].feeds) == 0
    ), "parametric: product has trigger feeds: use report_incident_multi"
    proof: Proof = self._prove(
        product_id, trigger.feed, trigger.threshold, trigger.min_duration, round_ids, previous_round
    )
    incident_id: uint256 = self._record(product_id, trigger.payout_bps, proof)
    self._crossings[product_id][trigger.feed][round_ids[0]] = incident_id
    log IncidentReported(
        incident_id=incident_id,
        product_id=product_id,
        reporter=msg.sender,
        feed=trigger.feed,
        time=proof.time,
        end=proof.end,
        first_round=round_ids[0],
        last_round=proof.last_round,
        rounds=len(round_ids),
        lowest_answer=proof.lowest,
        payout_bps=trigger.payout_bps,
    )
    return incident_id


@external
def report_incident_multi(
    product_id: uint256, windows: DynArray[IParametric.FeedWindow, MAX_FEEDS]
) -> uint256:
    """
    @notice Prove an incident of a product with trigger feeds. Anyone.
    @dev Each window is checked as `report_incident` checks one, against its own
         feed and the threshold scaled to that feed's decimals: consecutive
         rounds (across phases), all below, complete, non-decreasing, spanning
         min_duration, starting at the feed's crossing, a crossing not reported
         before. At least `required` windows of distinct feeds, and they overlap:
         the latest crossing is no later than the earliest window end, so at
         that moment every one of these feeds was below its threshold. The
         incident's time is that latest crossing; its end the earliest window end.
    @param windows One window per feed (`feed_index` into `trigger_feeds`), any order.
    @return The incident id.
    """
    trigger: IParametric.Trigger = self._triggers[product_id]
    assert trigger.feed != empty(address), "parametric: no trigger for product"
    config: IParametric.TriggerFeeds = self._trigger_feeds[product_id]
    assert len(config.feeds) != 0, "parametric: product has no trigger feeds"
    assert len(windows) >= config.required, "parametric: fewer windows than required feeds"
    incident_id: uint256 = self.incident_count + 1
    seen: uint256 = 0
    latest: Proof = empty(Proof)
    latest_feed: address = empty(address)
    latest_rounds: uint256 = 0
    end: uint256 = max_value(uint256)
    for w: IParametric.FeedWindow in windows:
        assert w.feed_index < len(config.feeds), "parametric: unknown feed index"
        bit: uint256 = 1 << w.feed_index
        assert seen & bit == 0, "parametric: feed listed twice"
        seen |= bit
        feed: address = config.feeds[w.feed_index]
        threshold: int256 = self._scaled(trigger.threshold, trigger.feed, feed)
        proof: Proof = self._prove(
            product_id, feed, threshold, trigger.min_duration, w.round_ids, w.previous_round
        )
        self._crossings[product_id][feed][w.round_ids[0]] = incident_id
        end = min(end, proof.end)
        if proof.time >= latest.time:
            latest = proof
            latest_feed = feed
            latest_rounds = len(w.round_ids)
        log IncidentFeedProved(
            incident_id=incident_id,
            product_id=product_id,
            feed=feed,
            threshold=threshold,
            time=proof.time,
            end=proof.end,
            first_round=w.round_ids[0],
            last_round=proof.last_round,
            rounds=len(w.round_ids),
            lowest_answer=proof.lowest,
        )
    assert latest.time <= end, "parametric: feed windows do not overlap"
    latest.end = end
    assert self._record(product_id, trigger.payout_bps, latest) == incident_id
    log IncidentReported(
        incident_id=incident_id,
        product_id=product_id,
        reporter=msg.sender,
        feed=latest_feed,
        time=latest.time,
        end=end,
        first_round=latest.first_round,
        last_round=latest.last_round,
        rounds=latest_rounds,
        lowest_answer=latest.lowest,
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
            round (with trigger feeds: when `required` of them are, each below its
            scaled threshold), or the product has no trigger: no cover is sold then.
    """
    trigger: IParametric.Trigger = self._triggers[product_id]
    if trigger.feed == empty(address):
        return True
    config: IParametric.TriggerFeeds = self._trigger_feeds[product_id]
    if len(config.feeds) == 0:
        return self._latest(trigger.feed)[0] < trigger.threshold
    # @dev Stop as soon as the count is decided (at peg, after n - required + 1 feeds).
    below: uint256 = 0
    above: uint256 = 0
    for feed: address in config.feeds:
        if self._latest(feed)[0] < self._scaled(trigger.threshold, trigger.feed, feed):
            below += 1
            if below >= config.required:
                return True
        else:
            above += 1
            if above > len(config.feeds) - config.required:
                return False
    return False


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
def trigger_feeds(product_id: uint256) -> IParametric.TriggerFeeds:
    """
    @notice The feeds of which `required` must prove an incident (empty: the
            product's single trigger feed proves it, with `report_incident`).
    """
    return self._trigger_feeds[product_id]


@external
@view
def feed_threshold(product_id: uint256, feed_index: uint256) -> int256:
    """
    @notice The trigger's threshold in the decimals of trigger feed `feed_index`:
            a feed proves the condition by answers strictly below it.
    @dev Scaled up exactly, or down rounding up, so that "below" means the same
         price on every feed: answer < this <=> answer / 10**feed_decimals <
         threshold / 10**trigger_feed_decimals.
    """
    config: IParametric.TriggerFeeds = self._trigger_feeds[product_id]
    assert feed_index < len(config.feeds), "parametric: unknown feed index"
    trigger: IParametric.Trigger = self._triggers[product_id]
    return self._scaled(trigger.threshold, trigger.feed, config.feeds[feed_index])


@external
@view
def feed_crossing_incident(product_id: uint256, feed: address, first_round: uint80) -> uint256:
    """
    @notice The incident that recorded `feed`'s crossing at `first_round` for the
            product (0: none), whether it was reported by one feed or several.
    """
    return self._crossings[product_id][feed][first_round]


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
def _record(product_id: uint256, payout_bps: uint256, proof: Proof) -> uint256:
    """
    @dev Store a proved incident (head and rounds, two slots) as the next id.
    """
    incident_id: uint256 = self.incident_count + 1
    self.incident_count = incident_id
    self.last_incident[product_id] = incident_id
    incident: incident_records.Incident = incident_records.Incident(
        product_id=product_id,
        time=proof.time,
        end=proof.end,
        payout_bps=payout_bps,
        first_round=proof.first_round,
        last_round=proof.last_round,
    )
    self._incident_heads[incident_id] = incident_records.pack_head(incident)
    self._incident_rounds[incident_id] = incident_records.pack_rounds(incident)
    return incident_id


@internal
@view
def _prove(
    product_id: uint256,
    feed: address,
    threshold: int256,
    min_duration: uint256,
    round_ids: DynArray[uint80, MAX_ROUNDS],
    previous_round: uint80,
) -> Proof:
    """
    @dev One feed's window, read from the feed: consecutive rounds (across a phase
         boundary too), all below `threshold`, complete, non-decreasing in time,
         spanning `min_duration`, starting where the feed fell below the threshold
         (the round before the first is complete, at or above it and not later),
         and a crossing not reported before for this product and feed.
    """
    count: uint256 = len(round_ids)
    assert count > 0, "parametric: no rounds"

    first: uint256 = convert(round_ids[0], uint256)
    first_answer: int256 = 0
    time: uint256 = 0
    first_answer, time = self._read_round(feed, round_ids[0])
    assert first_answer < threshold, "parametric: round at or above threshold"
    # @dev The window starts at the crossing: the round before it was at or above the
    # threshold and not later than the first round. The crossing names the depeg.
    before: uint256 = self._round_before(feed, first, convert(previous_round, uint256))
    if before != 0:
        before_answer: int256 = 0
        before_time: uint256 = 0
        before_answer, before_time = self._read_round(feed, convert(before, uint80))
        assert (
            before_answer >= threshold
        ), "parametric: window must start where the feed fell below threshold"
        assert before_time <= time, "parametric: round timestamps decrease"
    assert (
        self._crossings[product_id][feed][round_ids[0]] == 0
    ), "parametric: incident already reported"

    lowest: int256 = first_answer
    prev_round: uint256 = first
    prev_time: uint256 = time
    for i: uint256 in range(1, MAX_ROUNDS):
        if i >= count:
            break
        rid: uint256 = convert(round_ids[i], uint256)
        assert self._follows(feed, prev_round, rid), "parametric: rounds not consecutive"
        answer: int256 = 0
        updated: uint256 = 0
        answer, updated = self._read_round(feed, round_ids[i])
        assert answer < threshold, "parametric: round at or above threshold"
        assert updated >= prev_time, "parametric: round timestamps decrease"
        lowest = min(lowest, answer)
        prev_round = rid
        prev_time = updated
    assert prev_time - time >= min_duration, "parametric: window shorter than min duration"
    return Proof(
        time=time,
        end=prev_time,
        first_round=round_ids[0],
        last_round=convert(prev_round, uint80),
        lowest=lowest,
    )


@internal
@view
def _scaled(threshold: int256, reference: address, feed: address) -> int256:
    """
    @dev The threshold, in `reference`'s decimals, in `feed`'s decimals. Scaling up
         is exact; scaling down rounds up, which keeps "below" exact for integer
         answers: a * m < T <=> a < ceil(T / m). Signed division truncates toward
         zero, which is already the ceiling for a negative threshold.
    """
    if feed == reference:
        return threshold
    from_decimals: uint256 = self._decimals(reference)
    to_decimals: uint256 = self._decimals(feed)
    if to_decimals >= from_decimals:
        return threshold * convert(10**(to_decimals - from_decimals), int256)
    scale: int256 = convert(10**(from_decimals - to_decimals), int256)
    scaled: int256 = threshold // scale
    if threshold > 0 and scaled * scale != threshold:
        scaled += 1
    return scaled


@internal
@view
def _decimals(feed: address) -> uint256:
    decimals: uint256 = convert(staticcall IAggregatorV3(feed).decimals(), uint256)
    assert decimals <= MAX_FEED_DECIMALS, "parametric: feed decimals above 36"
    return decimals


@internal
@view
def _latest(feed: address) -> (int256, uint256):
    """
    @dev The feed's latest answer and its updatedAt.
    """
    rid: uint80 = 0
    answer: int256 = 0
    started: uint256 = 0
    updated: uint256 = 0
    answered: uint80 = 0
    rid, answer, started, updated, answered = staticcall IAggregatorV3(feed).latestRoundData()
    return answer, updated


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
