"""sdk.parametric against the contracts: the window search `incident report` uses, prices,
and the reasons the SDK passes on."""

import boa
import pytest

from safetynet.errors import SafetyNetError
from safetynet.sdk import parametric as par
from tests.utils.chain import push
from tests.utils.constants import DEPEG, PEG


def test_provable_window__hour_below__finds_the_crossing_window(protocol, feed, depeg_product):
    push(feed, PEG, after=600)
    first = push(feed, DEPEG, after=600)
    push(feed, DEPEG, after=1_800)
    third = push(feed, DEPEG, after=1_800)
    push(feed, DEPEG, after=1_800)  # later rounds do not move the window's start
    window = par.provable_window(protocol, depeg_product)
    assert window is not None and window[0] == first and window[-1] == third
    incident_id = par.report_incident(protocol, depeg_product, window)
    assert par.incident(protocol, incident_id).time == feed.getRoundData(first)[3]
    assert par.provable_window(protocol, depeg_product) is None  # that dip is reported


def test_provable_window__dip_too_short__none(protocol, feed, depeg_product):
    push(feed, DEPEG, after=600)
    push(feed, PEG, after=1_800)
    assert par.provable_window(protocol, depeg_product) is None


def test_report_incident__refused__reason_passed_on(protocol, feed, depeg_product):
    first = push(feed, DEPEG, after=600)
    second = push(feed, DEPEG, after=60)
    with pytest.raises(SafetyNetError, match="parametric: window shorter than min duration"):
        par.report_incident(protocol, depeg_product, [first, second])


def test_set_feed_price__mock_feed__new_round_below_threshold(protocol, depeg_product):
    r = par.set_feed_price(protocol, depeg_product, "0.93")
    assert r.answer == DEPEG and r.updated_at == boa.env.evm.patch.timestamp
    assert protocol.parametric.trigger_active(depeg_product)


def test_price_to_answer__too_many_decimals__refused():
    assert par.price_to_answer("0.97", 8) == 97_000_000
    with pytest.raises(SafetyNetError, match="more than 8 decimals"):
        par.price_to_answer("0.123456789", 8)


def test_next_round__across_phases__follows_the_feed(feed):
    first = push(feed, DEPEG, after=60)
    feed.new_phase()
    feed.new_phase()  # an empty phase in between
    last = push(feed, DEPEG, after=60)
    found = par.next_round(feed, first, last)
    assert found is not None and found.round_id == last == par.round_id(3, 1)
    assert par.next_round(feed, last, last) is None


def test_provable_window__depeg_from_a_new_phase_round_one__reported_with_previous_round(
    protocol, feed, depeg_product
):
    old_last = push(feed, PEG, after=600)
    feed.new_phase()
    first = push(feed, DEPEG, after=600)
    push(feed, DEPEG, after=3_600)
    window = par.provable_window(protocol, depeg_product)
    assert window is not None and window[0] == first == par.round_id(2, 1)
    assert par.previous_round_of(feed, first) == old_last
    incident_id = par.report_incident(protocol, depeg_product, window)
    assert par.incident(protocol, incident_id).first_round == first
    assert par.crossing_reported(protocol, depeg_product, first)
    assert par.provable_window(protocol, depeg_product) is None


def test_provable_window__depeg_continuing_into_a_new_phase__not_proposed_again(
    protocol, feed, depeg_product
):
    first = push(feed, DEPEG, after=600)
    push(feed, DEPEG, after=3_600)
    par.report_incident(protocol, depeg_product, par.provable_window(protocol, depeg_product))
    feed.new_phase()
    push(feed, DEPEG, after=600)
    push(feed, DEPEG, after=3_600)
    assert par.provable_window(protocol, depeg_product) is None
    assert par.crossing_reported(protocol, depeg_product, first)


def test_last_round_of_phase__many_rounds__found_by_search(feed):
    for _ in range(37):
        feed.set_answer(PEG)
    assert par.last_round_of_phase(feed, 1) == par.round_id(1, 38)
    assert par.last_round_of_phase(feed, 2) is None


def test_repost_if_silent__feed_silent_long_enough__same_answer_in_a_new_round(
    protocol, feed, depeg_product
):
    last = push(feed, DEPEG, after=60)
    boa.env.time_travel(seconds=600)
    r = par.repost_if_silent(protocol, depeg_product, 600)
    assert r is not None and r.round_id == last + 1 and r.answer == DEPEG
    assert r.updated_at == boa.env.evm.patch.timestamp


def test_repost_if_silent__feed_spoke_recently__nothing_posted(protocol, feed, depeg_product):
    last = push(feed, DEPEG, after=60)
    boa.env.time_travel(seconds=599)
    assert par.repost_if_silent(protocol, depeg_product, 600) is None
    assert feed.latestRoundData()[0] == last
