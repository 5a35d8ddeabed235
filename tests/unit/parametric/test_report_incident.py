"""report_incident: the contract reads the rounds itself and accepts only a real window."""

import boa
import pytest

from tests.utils.chain import now, push
from tests.utils.constants import DEPEG, HOUR, MIN_DURATION, PEG, THRESHOLD
from tests.utils.events import event


def _report(protocol, pid, rounds, sender):
    with boa.env.prank(sender):
        return protocol.parametric.report_incident(pid, rounds)


def test_report_incident__hour_below_threshold__incident_recorded(
    protocol, feed, depeg_product, keeper
):
    first = push(feed, DEPEG, after=600)
    t0 = now()
    middle = push(feed, DEPEG - 2_000_000, after=HOUR // 2)
    last = push(feed, DEPEG, after=HOUR // 2)

    incident_id = _report(protocol, depeg_product, [first, middle, last], keeper)

    log = event(protocol.parametric, "IncidentReported")
    assert (log.incident_id, log.product_id, log.reporter) == (incident_id, depeg_product, keeper)
    assert (log.time, log.end, log.rounds) == (t0, t0 + HOUR, 3)
    assert (log.first_round, log.last_round) == (first, last)
    assert log.lowest_answer == DEPEG - 2_000_000
    assert log.payout_bps == 10_000
    stored = protocol.parametric.incidents(incident_id)
    assert (stored.product_id, stored.time, stored.end) == (depeg_product, t0, t0 + HOUR)
    assert protocol.parametric.last_incident(depeg_product) == incident_id
    assert protocol.parametric.incident_count() == incident_id


def test_report_incident__window_shorter_than_min_duration__refused(
    protocol, feed, depeg_product, keeper
):
    first = push(feed, DEPEG, after=600)
    last = push(feed, DEPEG, after=MIN_DURATION - 1)
    with boa.reverts("parametric: window shorter than min duration"):
        _report(protocol, depeg_product, [first, last], keeper)


def test_report_incident__single_round__refused_as_too_short(protocol, feed, depeg_product, keeper):
    first = push(feed, DEPEG, after=600)
    boa.env.time_travel(seconds=2 * HOUR)
    with boa.reverts("parametric: window shorter than min duration"):
        _report(protocol, depeg_product, [first], keeper)


def test_report_incident__round_above_threshold_inside__refused(
    protocol, feed, depeg_product, keeper
):
    first = push(feed, DEPEG, after=600)
    recovered = push(feed, THRESHOLD, after=HOUR // 2)  # exactly at the threshold is not below
    last = push(feed, DEPEG, after=HOUR // 2)
    with boa.reverts("parametric: round at or above threshold"):
        _report(protocol, depeg_product, [first, recovered, last], keeper)


def test_report_incident__cherry_picked_rounds_skipping_a_recovery__refused(
    protocol, feed, depeg_product, keeper
):
    first = push(feed, DEPEG, after=600)
    push(feed, PEG, after=HOUR // 2)  # the feed recovered in between
    last = push(feed, DEPEG, after=HOUR // 2)
    with boa.reverts("parametric: rounds not consecutive"):
        _report(protocol, depeg_product, [first, last], keeper)


def test_report_incident__rounds_out_of_order__refused(protocol, feed, depeg_product, keeper):
    first = push(feed, DEPEG, after=600)
    second = push(feed, DEPEG, after=HOUR)
    with boa.reverts("parametric: rounds not consecutive"):
        _report(protocol, depeg_product, [first, second, first], keeper)


def test_report_incident__window_not_starting_at_the_crossing__refused(
    protocol, feed, depeg_product, keeper
):
    push(feed, DEPEG, after=600)  # the depeg began here
    late_start = push(feed, DEPEG, after=600)
    last = push(feed, DEPEG, after=HOUR)
    with boa.reverts("parametric: window must start where the feed fell below threshold"):
        _report(protocol, depeg_product, [late_start, last], keeper)


def test_report_incident__zero_timestamp_round__refused(protocol, feed, depeg_product, keeper):
    first = push(feed, DEPEG, after=600)
    boa.env.time_travel(seconds=HOUR)
    feed.set_answer_at(DEPEG, 0)  # an incomplete round
    incomplete = feed.latestRoundData()[0]
    with boa.reverts("parametric: round has zero timestamp"):
        _report(protocol, depeg_product, [first, incomplete], keeper)


def test_report_incident__round_stamped_in_the_future__refused(
    protocol, feed, depeg_product, keeper
):
    first = push(feed, DEPEG, after=600)
    feed.set_answer_at(DEPEG, now() + 2 * HOUR)
    future = feed.latestRoundData()[0]
    with boa.reverts("parametric: round stamped in the future"):
        _report(protocol, depeg_product, [first, future], keeper)


def test_report_incident__timestamps_going_backwards__refused(
    protocol, feed, depeg_product, keeper
):
    boa.env.time_travel(seconds=3 * HOUR)
    first = push(feed, DEPEG)
    feed.set_answer_at(DEPEG, now() - 2 * HOUR)  # a stale, back-dated round
    stale = feed.latestRoundData()[0]
    last = push(feed, DEPEG, after=HOUR)
    with boa.reverts("parametric: round timestamps decrease"):
        _report(protocol, depeg_product, [first, stale, last], keeper)


def test_report_incident__back_dated_first_round__refused(protocol, feed, depeg_product, keeper):
    """A first round stamped before the round preceding it cannot stretch the window."""
    boa.env.time_travel(seconds=5 * HOUR)
    push(feed, PEG)
    feed.set_answer_at(DEPEG, now() - 4 * HOUR)
    back_dated = feed.latestRoundData()[0]
    last = push(feed, DEPEG, after=60)
    with boa.reverts("parametric: round timestamps decrease"):
        _report(protocol, depeg_product, [back_dated, last], keeper)


def test_report_incident__stale_answer_carried_from_earlier_round__refused(
    protocol, depeg_product, keeper, admin
):
    stale_feed = boa.loads(STALE_FEED, DEPEG)
    with boa.env.prank(admin):
        protocol.parametric.set_trigger(depeg_product, stale_feed.address, THRESHOLD, HOUR, 10_000)
    boa.env.time_travel(seconds=2 * HOUR)
    with boa.reverts("parametric: stale round"):
        _report(protocol, depeg_product, [2, 3], keeper)


def test_report_incident__window_across_a_phase_boundary__accepted(
    protocol, feed, depeg_product, keeper
):
    first = push(feed, DEPEG, after=600)
    feed.new_phase()  # the feed's aggregator was swapped: round counting restarts
    last = push(feed, DEPEG, after=HOUR)
    assert first >> 64 == 1 and last == (2 << 64) | 1

    incident_id = _report(protocol, depeg_product, [first, last], keeper)

    log = event(protocol.parametric, "IncidentReported")
    assert (log.incident_id, log.first_round, log.last_round) == (incident_id, first, last)


def test_report_incident__phase_jump_skipping_rounds_of_the_old_phase__refused(
    protocol, feed, depeg_product, keeper
):
    first = push(feed, DEPEG, after=600)
    push(feed, PEG, after=600)  # recovered before the aggregator swap
    feed.new_phase()
    last = push(feed, DEPEG, after=HOUR)
    with boa.reverts("parametric: rounds not consecutive"):
        _report(protocol, depeg_product, [first, last], keeper)


def test_report_incident__phase_gap_of_two__refused(protocol, feed, depeg_product, keeper):
    first = push(feed, DEPEG, after=600)
    feed.new_phase()
    feed.new_phase()
    last = push(feed, DEPEG, after=HOUR)
    with boa.reverts("parametric: rounds not consecutive"):
        _report(protocol, depeg_product, [first, last], keeper)


def test_report_incident__same_window_twice__refused(protocol, feed, depeg_product, keeper):
    first = push(feed, DEPEG, after=600)
    last = push(feed, DEPEG, after=HOUR)
    _report(protocol, depeg_product, [first, last], keeper)
    with boa.reverts("parametric: incident already reported"):
        _report(protocol, depeg_product, [first, last], keeper)


def test_report_incident__new_dip_after_recovery__second_incident(
    protocol, feed, depeg_product, keeper
):
    first = push(feed, DEPEG, after=600)
    last = push(feed, DEPEG, after=HOUR)
    one = _report(protocol, depeg_product, [first, last], keeper)
    push(feed, PEG, after=600)
    again = push(feed, DEPEG, after=600)
    again_last = push(feed, DEPEG, after=HOUR)

    two = _report(protocol, depeg_product, [again, again_last], keeper)

    assert two == one + 1
    assert event(protocol.parametric, "IncidentReported").incident_id == two
    assert protocol.parametric.last_incident(depeg_product) == two


def test_report_incident__no_rounds__refused(protocol, depeg_product, keeper):
    with boa.reverts("parametric: no rounds"):
        _report(protocol, depeg_product, [], keeper)


def test_report_incident__product_without_trigger__refused(protocol, auditor, keeper):
    from tests.utils.deploy import add_product

    pid = add_product(protocol, auditor, name="No trigger", kind=1, waiting=3_600)
    with boa.reverts("parametric: no trigger for product"):
        _report(protocol, pid, [1, 2], keeper)


def test_report_incident__round_missing_from_the_feed__refused(
    protocol, feed, depeg_product, keeper
):
    first = push(feed, DEPEG, after=600)
    boa.env.time_travel(seconds=HOUR)
    with boa.reverts("feed: no data for round"):
        _report(protocol, depeg_product, [first, first + 1], keeper)


@pytest.mark.parametrize("rounds", [2, 64])
def test_report_incident__many_rounds__accepted_up_to_64(
    protocol, feed, depeg_product, keeper, rounds
):
    ids = [push(feed, DEPEG, after=600)]
    step = -(-MIN_DURATION // (rounds - 1))
    ids += [push(feed, DEPEG, after=step) for _ in range(rounds - 1)]
    incident_id = _report(protocol, depeg_product, ids, keeper)
    assert event(protocol.parametric, "IncidentReported").rounds == rounds
    assert protocol.parametric.incidents(incident_id).last_round == ids[-1]


# A feed whose rounds carry an answer from an earlier round (answeredInRound < roundId).
STALE_FEED = """
# pragma version ~=0.4.3
answer: int256

@deploy
def __init__(answer_: int256):
    self.answer = answer_

@external
@view
def latestRoundData() -> (uint80, int256, uint256, uint256, uint80):
    return 3, self.answer, block.timestamp, block.timestamp, 3

@external
@view
def getRoundData(round_id: uint80) -> (uint80, int256, uint256, uint256, uint80):
    stamp: uint256 = block.timestamp - 2 * 3600 + convert(round_id, uint256) * 3600 - 3 * 3600
    if round_id == 1:
        return 1, 100_000_000, stamp, stamp, 1
    return round_id, self.answer, stamp, stamp, round_id - 1
"""


# ------------------------------------------------------------- finding 3: phase changes


def _pay(protocol, cover_id, incident_id, sender):
    with boa.env.prank(sender):
        return protocol.parametric.payout(cover_id, incident_id)


def test_report_incident__depeg_continuing_across_a_phase_change__paid_once_per_cover(
    protocol, feed, depeg_product, buy_parametric, keeper, attacker
):
    """Audit finding 3: one depeg that outlives an aggregator upgrade is one incident.
    Before the fix the new phase's round 1 skipped the crossing check, so the running
    depeg was reported a second time from it and every cover was paid twice."""
    with boa.env.prank(protocol.admin):
        protocol.parametric.set_trigger(depeg_product, feed.address, THRESHOLD, HOUR, 5_000)
    cover_id = buy_parametric()
    boa.env.time_travel(seconds=2 * HOUR)  # past the waiting period
    crossing = push(feed, DEPEG, after=600)
    old_last = push(feed, DEPEG, after=HOUR)
    first = _report(protocol, depeg_product, [crossing, old_last], keeper)
    _pay(protocol, cover_id, first, keeper)
    feed.new_phase()  # the aggregator is upgraded mid-depeg
    new_first = push(feed, DEPEG, after=600)
    new_last = push(feed, DEPEG, after=HOUR)

    with boa.reverts("parametric: previous phase's last round required"):
        _report(protocol, depeg_product, [new_first, new_last], attacker)
    with (
        boa.env.prank(attacker),
        boa.reverts("parametric: window must start where the feed fell below threshold"),
    ):
        protocol.parametric.report_incident(depeg_product, [new_first, new_last], old_last)

    paid = protocol.cover.covers(cover_id).paid
    assert paid == protocol.cover.covers(cover_id).amount // 2
    assert protocol.parametric.incident_count() == first


def test_report_incident__crossing_at_a_new_phase_round_one__accepted_with_previous_round(
    protocol, feed, depeg_product, keeper
):
    push(feed, PEG, after=600)
    feed.new_phase()
    old_last = (1 << 64) | 2
    first = push(feed, DEPEG, after=600)
    last = push(feed, DEPEG, after=HOUR)
    assert first == (2 << 64) | 1

    with boa.env.prank(keeper):
        incident_id = protocol.parametric.report_incident(depeg_product, [first, last], old_last)

    log = event(protocol.parametric, "IncidentReported")
    assert (log.incident_id, log.first_round, log.last_round) == (incident_id, first, last)
    assert protocol.parametric.crossing_incident(depeg_product, first) == incident_id


def test_report_incident__previous_round_not_the_last_of_its_phase__refused(
    protocol, feed, depeg_product, keeper
):
    push(feed, PEG, after=600)
    push(feed, DEPEG, after=600)  # (1, 3): the old phase ended below the threshold
    feed.new_phase()
    first = push(feed, DEPEG, after=600)
    last = push(feed, DEPEG, after=HOUR)
    with boa.env.prank(keeper), boa.reverts("parametric: previous round is not its phase's last"):
        protocol.parametric.report_incident(depeg_product, [first, last], (1 << 64) | 2)


def test_report_incident__previous_round_from_another_phase__refused(
    protocol, feed, depeg_product, keeper
):
    push(feed, PEG, after=600)
    feed.new_phase()
    push(feed, PEG, after=600)
    feed.new_phase()
    first = push(feed, DEPEG, after=600)
    last = push(feed, DEPEG, after=HOUR)
    with (
        boa.env.prank(keeper),
        boa.reverts("parametric: previous round is not in the previous phase"),
    ):
        protocol.parametric.report_incident(depeg_product, [first, last], (1 << 64) | 2)


def test_report_incident__previous_round_for_a_mid_phase_window__refused(
    protocol, feed, depeg_product, keeper
):
    before = push(feed, PEG, after=600)
    first = push(feed, DEPEG, after=600)
    last = push(feed, DEPEG, after=HOUR)
    with (
        boa.env.prank(keeper),
        boa.reverts("parametric: previous round is not the round before the window"),
    ):
        protocol.parametric.report_incident(depeg_product, [first, last], before - 1)
    with boa.env.prank(keeper):
        incident_id = protocol.parametric.report_incident(depeg_product, [first, last], before)
    assert protocol.parametric.incidents(incident_id).first_round == first


def test_report_incident__same_crossing_reported_again_with_a_longer_window__refused(
    protocol, feed, depeg_product, keeper
):
    first = push(feed, DEPEG, after=600)
    last = push(feed, DEPEG, after=HOUR)
    _report(protocol, depeg_product, [first, last], keeper)
    later = push(feed, DEPEG, after=HOUR)
    with boa.reverts("parametric: incident already reported"):
        _report(protocol, depeg_product, [first, last, later], keeper)


def test_report_incident__later_depeg_reported_first__earlier_crossing_still_paid(
    protocol, feed, depeg_product, buy_parametric, keeper
):
    """Audit finding 3: a late keeper reporting the second of two depegs first used to make
    the first unreportable ("starts after the previous incident ended"), so a cover active
    only at the first depeg got nothing."""
    cover_id = buy_parametric(period=7 * 86_400)
    boa.env.time_travel(seconds=2 * HOUR)
    a_first = push(feed, DEPEG, after=600)
    a_last = push(feed, DEPEG, after=HOUR)
    push(feed, PEG, after=600)
    boa.env.time_travel(seconds=8 * 86_400)  # the cover has ended
    b_first = push(feed, DEPEG, after=600)
    b_last = push(feed, DEPEG, after=HOUR)

    later = _report(protocol, depeg_product, [b_first, b_last], keeper)
    earlier = _report(protocol, depeg_product, [a_first, a_last], keeper)

    assert earlier == later + 1
    assert protocol.parametric.last_incident(depeg_product) == earlier
    assert _pay(protocol, cover_id, earlier, keeper) == protocol.cover.covers(cover_id).amount
    with boa.reverts("parametric: cover not active at the incident"):
        _pay(protocol, cover_id, later, keeper)
