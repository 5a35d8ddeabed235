"""report_incident: the contract reads the rounds itself and accepts only a real window."""

import boa
import pytest

from tests.helpers import HOUR, event, now
from tests.unit.parametric.conftest import DEPEG, MIN_DURATION, PEG, THRESHOLD, push


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


def test_report_incident__overlapping_the_previous_incident__refused(
    protocol, feed, depeg_product, keeper
):
    first = push(feed, DEPEG, after=600)
    last = push(feed, DEPEG, after=HOUR)
    _report(protocol, depeg_product, [first, last], keeper)
    with boa.reverts("parametric: window starts before the previous incident ended"):
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
    from tests.conftest import add_product

    pid = add_product(protocol, auditor, name="No trigger", kind=1, waiting=0)
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
