"""report_incident_multi: an incident of a multi-feed product needs `required` feeds, each
proving the condition by its own window, over overlapping windows (SPEC 3.4)."""

import boa

from tests.utils.chain import now
from tests.utils.constants import COVER_AMOUNT, DAY, HOUR, MIN_DURATION, WAITING
from tests.utils.events import event, events
from tests.utils.feeds import move, window

A, B, C = 0, 1, 2


def _pay(protocol, cover_id, incident_id, keeper) -> int:
    with boa.env.prank(keeper):
        return protocol.parametric.payout(cover_id, incident_id)


# ------------------------------------------------------------------ two of three agree


def test_report_incident_multi__two_of_three_below__incident_at_the_later_crossing(
    protocol, feeds, multi_product, buy_multi, report_multi, keeper
):
    cover_id = buy_multi()
    a1 = move(feeds[A], "0.93", after=WAITING + 600)
    t_a = now()
    b1 = move(feeds[B], "0.94", after=600)
    t_b = now()
    a2 = move(feeds[A], "0.92", after=HOUR)
    b2 = move(feeds[B], "0.94")  # C stays at 1.00: one feed cannot block the incident

    incident_id = report_multi(window(A, [a1, a2]), window(B, [b1, b2]))

    proved = events(protocol.parametric, "IncidentFeedProved")
    assert [(str(e.feed), e.time, e.end, e.rounds) for e in proved] == [
        (feeds[A].address, t_a, t_b + HOUR, 2),
        (feeds[B].address, t_b, t_b + HOUR, 2),
    ]
    assert [e.threshold for e in proved] == [97_000_000, 97 * 10**16]
    assert [e.lowest_answer for e in proved] == [92_000_000, 94 * 10**16]
    log = event(protocol.parametric, "IncidentReported")
    assert (log.incident_id, log.product_id, str(log.feed)) == (
        incident_id, multi_product, feeds[B].address,
    )  # fmt: skip
    assert (log.time, log.end, log.first_round, log.last_round) == (t_b, t_b + HOUR, b1, b2)
    stored = protocol.parametric.incidents(incident_id)
    assert (stored.time, stored.end, stored.first_round) == (t_b, t_b + HOUR, b1)
    for feed, first in ((feeds[A], a1), (feeds[B], b1)):
        assert (
            protocol.parametric.feed_crossing_incident(multi_product, feed.address, first)
            == incident_id
        )
    assert protocol.parametric.crossing_incident(multi_product, a1) == incident_id
    assert _pay(protocol, cover_id, incident_id, keeper) == COVER_AMOUNT


def test_report_incident_multi__all_three_below__windows_in_any_order(
    protocol, feeds, multi_product, report_multi
):
    c1 = move(feeds[C], "0.90", after=600)
    a1 = move(feeds[A], "0.93", after=60)
    b1 = move(feeds[B], "0.94", after=60)
    t_b = now()
    ends = [move(f, p, after=HOUR if i == 0 else 0) for i, (f, p) in
            enumerate(zip(feeds, ("0.93", "0.94", "0.90"), strict=True))]  # fmt: skip

    incident_id = report_multi(
        window(C, [c1, ends[C]]), window(B, [b1, ends[B]]), window(A, [a1, ends[A]])
    )
    assert protocol.parametric.incidents(incident_id).time == t_b


def test_report_incident_multi__cover_started_between_the_crossings__paid(
    protocol, feeds, buy_multi, report_multi, keeper
):
    """The incident is when the second feed agreed: a cover that started after the first
    feed's crossing but before the second's was active at the incident."""
    cover_id = buy_multi()
    a1 = move(feeds[A], "0.93", after=WAITING - 300)
    start = protocol.cover.covers(cover_id).start
    assert now() < start
    b1 = move(feeds[B], "0.93", after=600)
    assert now() > start
    a2 = move(feeds[A], "0.93", after=HOUR)
    b2 = move(feeds[B], "0.93")
    incident_id = report_multi(window(A, [a1, a2]), window(B, [b1, b2]))
    assert _pay(protocol, cover_id, incident_id, keeper) == COVER_AMOUNT


# ------------------------------------------------------------------ one feed alone


def test_report_incident_multi__one_feed_manipulated_below__cannot_trigger_alone(
    protocol, feeds, multi_product, buy_multi, report_multi
):
    a1 = move(feeds[A], "0.50", after=600)  # A alone is pushed down
    a2 = move(feeds[A], "0.50", after=2 * HOUR)
    b_now = feeds[B].latestRoundData()[0]
    move(feeds[B], "1.00", after=60)
    b_later = feeds[B].latestRoundData()[0]

    with boa.reverts("parametric: fewer windows than required feeds"):
        report_multi(window(A, [a1, a2]))
    with boa.reverts("parametric: round at or above threshold"):
        report_multi(window(A, [a1, a2]), window(B, [b_now, b_later]))
    assert not protocol.parametric.trigger_active(multi_product)
    assert buy_multi() > 0  # sales go on: one feed is not an incident


def test_report_incident_multi__one_feed_stuck_below__cannot_join_a_later_depeg(
    protocol, feeds, report_multi
):
    """C fell below, posted one more round, then stopped updating: its window ends before
    A's and B's crossing, so it cannot stand in for a feed that agrees now."""
    c1 = move(feeds[C], "0.90", after=600)
    c2 = move(feeds[C], "0.90", after=HOUR)  # C is stuck from here on
    a1 = move(feeds[A], "0.93", after=2 * HOUR)
    a2 = move(feeds[A], "0.93", after=HOUR)
    with boa.reverts("parametric: feed windows do not overlap"):
        report_multi(window(A, [a1, a2]), window(C, [c1, c2]))


def test_report_incident_multi__one_feed_stuck_at_peg__the_other_two_still_prove(
    protocol, feeds, report_multi
):
    boa.env.time_travel(seconds=DAY)  # C's last round is a day old and never moves
    a1 = move(feeds[A], "0.93")
    b1 = move(feeds[B], "0.93", after=60)
    a2 = move(feeds[A], "0.93", after=HOUR)
    b2 = move(feeds[B], "0.93")
    assert report_multi(window(A, [a1, a2]), window(B, [b1, b2])) > 0


# ------------------------------------------------------------------ decimals, heartbeats


def test_report_incident_multi__answer_exactly_at_a_feed_scaled_threshold__not_below(
    protocol, feeds, report_multi
):
    a1 = move(feeds[A], "0.93", after=600)
    b1 = move(feeds[B], "0.97", after=60)  # 0.97 at 18 decimals: at the threshold
    a2 = move(feeds[A], "0.93", after=HOUR)
    b2 = move(feeds[B], "0.97")
    with boa.reverts("parametric: round at or above threshold"):
        report_multi(window(A, [a1, a2]), window(B, [b1, b2]))
    c1 = move(feeds[C], "0.969999", after=60)  # one unit below at 6 decimals
    c2 = move(feeds[C], "0.969999", after=HOUR)
    a3 = move(feeds[A], "0.93")
    assert report_multi(window(A, [a1, a2, a3]), window(C, [c1, c2])) > 0


def test_report_incident_multi__fast_and_slow_heartbeats__fast_window_spans_the_slow_crossing(
    protocol, feeds, report_multi
):
    """A posts every 10 minutes, C hourly: A's window must reach a round after C's
    crossing, so it carries every A round from its own crossing to there."""
    a_rounds = [move(feeds[A], "0.93", after=600)]
    c1 = move(feeds[C], "0.95", after=300)
    t_c = now()
    for _ in range(6):
        a_rounds.append(move(feeds[A], "0.93", after=600))
    c2 = move(feeds[C], "0.95")
    assert now() - t_c == HOUR

    with boa.reverts("parametric: window shorter than min duration"):
        report_multi(window(A, a_rounds[:-1]), window(C, [c1, c2]))
    incident_id = report_multi(window(A, a_rounds), window(C, [c1, c2]))
    assert protocol.parametric.incidents(incident_id).time == t_c


# ------------------------------------------------------------------ phase changes


def test_report_incident_multi__phase_change_on_one_feed_mid_depeg__window_across_it(
    protocol, feeds, report_multi
):
    a1 = move(feeds[A], "0.93", after=600)
    b1 = move(feeds[B], "0.93", after=60)
    feeds[B].new_phase()  # B's aggregator is upgraded mid-depeg: rounds restart at 1
    b2 = move(feeds[B], "0.93", after=HOUR)
    a2 = move(feeds[A], "0.93")
    assert b2 >> 64 == (b1 >> 64) + 1
    assert report_multi(window(A, [a1, a2]), window(B, [b1, b2])) > 0


def test_report_incident_multi__crossing_at_a_new_phase_round_one__previous_round_checked(
    protocol, feeds, report_multi
):
    last_of_old = feeds[B].latestRoundData()[0]  # B at 1.00
    feeds[B].new_phase()
    a1 = move(feeds[A], "0.93", after=600)
    b1 = move(feeds[B], "0.93", after=60)  # (2, 1): the crossing is at the new phase
    a2 = move(feeds[A], "0.93", after=HOUR)
    b2 = move(feeds[B], "0.93")
    with boa.reverts("parametric: previous phase's last round required"):
        report_multi(window(A, [a1, a2]), window(B, [b1, b2]))
    assert report_multi(window(A, [a1, a2]), window(B, [b1, b2], last_of_old)) > 0


def test_report_incident_multi__depeg_continuing_across_a_phase_change__not_reported_twice(
    protocol, feeds, report_multi
):
    a1 = move(feeds[A], "0.93", after=600)
    b1 = move(feeds[B], "0.93", after=60)
    a2 = move(feeds[A], "0.93", after=HOUR)
    b2 = move(feeds[B], "0.93")
    report_multi(window(A, [a1, a2]), window(B, [b1, b2]))
    last_of_old = feeds[B].latestRoundData()[0]
    feeds[B].new_phase()  # still at 0.93: the new phase's round 1 is no crossing
    n1 = move(feeds[B], "0.93", after=600)
    c1 = move(feeds[C], "0.93")  # C joins late: a fresh crossing
    n2 = move(feeds[B], "0.93", after=HOUR)
    c2 = move(feeds[C], "0.93")
    with boa.reverts("parametric: window must start where the feed fell below threshold"):
        report_multi(window(C, [c1, c2]), window(B, [n1, n2], last_of_old))


# ------------------------------------------------------------------ overlap and ordering


def test_report_incident_multi__windows_do_not_overlap__refused(protocol, feeds, report_multi):
    a1 = move(feeds[A], "0.93", after=600)
    a2 = move(feeds[A], "0.93", after=HOUR)
    move(feeds[A], "1.00", after=60)  # A recovered before B fell
    b1 = move(feeds[B], "0.93", after=60)
    b2 = move(feeds[B], "0.93", after=HOUR)
    with boa.reverts("parametric: feed windows do not overlap"):
        report_multi(window(A, [a1, a2]), window(B, [b1, b2]))


def test_report_incident_multi__same_depeg_reported_with_other_feeds__refused(
    protocol, feeds, multi_product, report_multi
):
    """Two of three is a majority: any two reports of one depeg share a feed whose crossing
    the first recorded. One depeg, one incident, whatever the order and the subset."""
    firsts = [move(f, "0.93", after=60) for f in feeds]
    lasts = [move(f, "0.93", after=HOUR if i == 0 else 0) for i, f in enumerate(feeds)]
    w = [window(i, [firsts[i], lasts[i]]) for i in (A, B, C)]

    incident_id = report_multi(w[B], w[C])
    for pair in ((w[A], w[B]), (w[A], w[C]), (w[C], w[B]), (w[A], w[B], w[C])):
        with boa.reverts("parametric: incident already reported"):
            report_multi(*pair)
    assert protocol.parametric.incident_count() == incident_id


def test_report_incident_multi__two_depegs_reported_latest_first__both_paid(
    protocol, feeds, buy_multi, report_multi, keeper
):
    short_cover = buy_multi(period=7 * DAY)
    boa.env.time_travel(seconds=WAITING)
    first = [move(f, "0.93", after=60) for f in feeds[:2]]
    first_end = [move(f, "0.93", after=HOUR if i == 0 else 0) for i, f in enumerate(feeds[:2])]
    for f in feeds[:2]:
        move(f, "1.00", after=60)
    boa.env.time_travel(seconds=7 * DAY)  # the short cover has ended
    second = [move(f, "0.93", after=60) for f in feeds[:2]]
    second_end = [move(f, "0.93", after=HOUR if i == 0 else 0) for i, f in enumerate(feeds[:2])]

    late = report_multi(*(window(i, [second[i], second_end[i]]) for i in (A, B)))
    early = report_multi(*(window(i, [first[i], first_end[i]]) for i in (A, B)))
    assert early > late
    assert _pay(protocol, short_cover, early, keeper) == COVER_AMOUNT


# ------------------------------------------------------------------ bad input


def test_report_incident_multi__same_feed_twice__refused(protocol, feeds, report_multi):
    a1 = move(feeds[A], "0.93", after=600)
    a2 = move(feeds[A], "0.93", after=HOUR)
    with boa.reverts("parametric: feed listed twice"):
        report_multi(window(A, [a1, a2]), window(A, [a1, a2]))


def test_report_incident_multi__unknown_feed_index__refused(protocol, feeds, report_multi):
    a1 = move(feeds[A], "0.93", after=600)
    a2 = move(feeds[A], "0.93", after=HOUR)
    with boa.reverts("parametric: unknown feed index"):
        report_multi(window(A, [a1, a2]), window(3, [a1, a2]))


def test_report_incident_multi__a_window_too_short__refused(protocol, feeds, report_multi):
    a1 = move(feeds[A], "0.93", after=600)
    b1 = move(feeds[B], "0.93", after=60)
    b2 = move(feeds[B], "0.93", after=MIN_DURATION - 1)
    a2 = move(feeds[A], "0.93", after=HOUR)
    with boa.reverts("parametric: window shorter than min duration"):
        report_multi(window(A, [a1, a2]), window(B, [b1, b2]))


def test_report_incident__product_with_trigger_feeds__refused(
    protocol, feeds, multi_product, keeper
):
    a1 = move(feeds[A], "0.93", after=600)
    a2 = move(feeds[A], "0.93", after=HOUR)
    with (
        boa.env.prank(keeper),
        boa.reverts("parametric: product has trigger feeds: use report_incident_multi"),
    ):
        protocol.parametric.report_incident(multi_product, [a1, a2])


def test_report_incident_multi__single_feed_product__refused(protocol, feed, depeg_product, keeper):
    with boa.env.prank(keeper), boa.reverts("parametric: product has no trigger feeds"):
        protocol.parametric.report_incident_multi(depeg_product, [(0, [1], 0)])


def test_trigger_active__one_feed_below__false__two_below__true_and_sales_refused(
    protocol, feeds, multi_product, buy_multi
):
    move(feeds[A], "0.93", after=60)
    assert not protocol.parametric.trigger_active(multi_product)
    move(feeds[C], "0.96", after=60)
    assert protocol.parametric.trigger_active(multi_product)
    with boa.reverts("cover: trigger active: sales paused"):
        buy_multi()
