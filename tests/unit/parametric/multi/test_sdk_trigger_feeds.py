"""sdk.trigger_feeds: the feeds' thresholds from the contract, windows per feed through the
WindowTracker, the earliest combination the contract accepts, and the mock feeds' moves."""

from decimal import Decimal

import boa
import pytest

from safetynet.errors import SafetyNetError
from safetynet.sdk import parametric as par
from safetynet.sdk import trigger_feeds as tf
from tests.utils.constants import HOUR, THRESHOLD
from tests.utils.feeds import move

A, B, C = 0, 1, 2


def _r(rid: int, t: int, answer: int = 1) -> par.Round:
    return par.Round(rid, answer, t, rid)


def test_trigger_feeds__two_of_three__each_feed_with_its_scaled_threshold(
    protocol, feeds, multi_product
):
    info = tf.trigger_feeds(protocol, multi_product)
    assert info.required == 2
    assert [(f.feed, f.decimals, f.threshold) for f in info.feeds] == [
        (feeds[0].address, 8, THRESHOLD),
        (feeds[1].address, 18, 97 * 10**16),
        (feeds[2].address, 6, 970_000),
    ]
    assert {f.threshold_price for f in info.feeds} == {Decimal("0.97")}


def test_trigger_feeds__single_feed_product__none(protocol, depeg_product):
    assert tf.trigger_feeds(protocol, depeg_product) is None


def test_set_trigger_feeds__through_the_sdk__stored(protocol, feeds, depeg_product, feed):
    chosen = [feed.address, feeds[1].address, feeds[2].address]
    tf.set_trigger_feeds(protocol, depeg_product, chosen, 2)
    assert [f.feed for f in tf.trigger_feeds(protocol, depeg_product).feeds] == chosen


def test_multi_window__second_feed_crosses_later__first_window_reaches_past_it():
    a = [_r(1, 0), _r(2, 1_000), _r(3, 3_600), _r(4, 5_000)]
    b = [_r(11, 2_000), _r(12, 5_600)]
    windows = tf.multi_window([[a], [b], []], 2, HOUR)
    assert [(w.feed_index, w.round_ids) for w in windows] == [(A, [1, 2, 3]), (B, [11, 12])]


def test_multi_window__three_crossings__the_earliest_pair_wins():
    a = [_r(1, 0), _r(2, 8_000)]
    b = [_r(11, 100), _r(12, 8_000)]
    c = [_r(21, 5_000), _r(22, 8_600)]
    windows = tf.multi_window([[a], [b], [c]], 2, HOUR)
    assert [w.feed_index for w in windows] == [A, B]


def test_multi_window__first_feed_recovered_before_the_second_crossed__none():
    a = [_r(1, 0), _r(2, 3_600)]  # A's run ended at 3,600 (it recovered)
    b = [_r(11, 4_000), _r(12, 7_600)]
    assert tf.multi_window([[a], [b], []], 2, HOUR) is None


def test_multi_window__crossing_reported__skipped():
    a = [_r(1, 0), _r(2, 3_600)]
    b = [_r(11, 100), _r(12, 3_700)]
    c = [_r(21, 200), _r(22, 3_800)]
    windows = tf.multi_window([[a], [b], [c]], 2, HOUR, reported=lambda i, rid: i == A)
    assert [w.feed_index for w in windows] == [B, C]


def test_provable_windows__two_feeds_below_an_hour__reported_and_then_none(
    protocol, feeds, multi_product
):
    for _ in range(7):  # A every 10 minutes
        move(feeds[A], "0.93", after=600)
    move(feeds[C], "0.95", after=1)
    move(feeds[C], "0.95", after=HOUR)
    move(feeds[A], "0.93")
    windows = tf.provable_windows(protocol, multi_product)
    assert [w.feed_index for w in windows] == [A, C]
    assert len(windows[0].round_ids) >= 7

    incident_id = tf.report_incident_multi(protocol, multi_product, windows)
    assert protocol.parametric.incidents(incident_id).product_id == multi_product
    assert tf.provable_windows(protocol, multi_product) is None


def test_provable_windows__one_feed_below__none(protocol, feeds, multi_product):
    move(feeds[B], "0.50", after=600)
    move(feeds[B], "0.50", after=2 * HOUR)
    assert tf.provable_windows(protocol, multi_product) is None


def test_provable_windows__phase_change_at_a_crossing__previous_round_found(
    protocol, feeds, multi_product
):
    feeds[B].new_phase()
    move(feeds[A], "0.93", after=600)
    move(feeds[B], "0.93", after=60)  # (2, 1): crossing at a new phase's round 1
    move(feeds[A], "0.93", after=HOUR)
    move(feeds[B], "0.93")
    windows = tf.provable_windows(protocol, multi_product)
    assert windows is not None and windows[1].round_ids[0] == (2 << 64) | 1
    assert tf.report_incident_multi(protocol, multi_product, windows) > 0


def test_set_feed_prices__all_feeds__each_in_its_decimals(protocol, feeds, multi_product):
    moved = tf.set_feed_prices(protocol, multi_product, "0.93")
    assert [r.answer for _, r in moved] == [93_000_000, 93 * 10**16, 930_000]
    assert protocol.parametric.trigger_active(multi_product)


def test_set_feed_prices__one_feed__only_that_feed_moves(protocol, feeds, multi_product):
    moved = tf.set_feed_prices(protocol, multi_product, "0.93", feed_index=1)
    assert [(f.index, r.answer) for f, r in moved] == [(1, 93 * 10**16)]
    assert feeds[0].latestRoundData()[1] == 10**8
    assert not protocol.parametric.trigger_active(multi_product)


def test_set_feed_prices__feed_index_out_of_range__clear_error(protocol, multi_product):
    with pytest.raises(SafetyNetError, match="feed index 3 out of range"):
        tf.set_feed_prices(protocol, multi_product, "0.93", feed_index=3)


def test_set_feed_prices__single_feed_product__its_one_feed(protocol, feed, depeg_product):
    moved = tf.set_feed_prices(protocol, depeg_product, "0.93")
    assert [(f.feed, r.answer) for f, r in moved] == [(feed.address, 93_000_000)]


def test_report_incident_multi__single_feed_product__clear_error(protocol, depeg_product):
    with pytest.raises(SafetyNetError, match="single trigger feed"):
        tf.report_incident_multi(protocol, depeg_product, [(0, [1])])


def test_repost_silent_feeds__every_silent_feed_reposted(protocol, feeds, multi_product):
    boa.env.time_travel(seconds=700)
    move(feeds[B], "0.99")
    posted = tf.repost_silent_feeds(protocol, multi_product, 600)
    assert len(posted) == 2  # A and C were silent, B just spoke
