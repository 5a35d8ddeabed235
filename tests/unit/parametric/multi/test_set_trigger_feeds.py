"""set_trigger_feeds: governance makes an incident need `required` of several feeds."""

import boa
import pytest

from safetynet.artifacts import deployer
from tests.utils.constants import MIN_DURATION, THRESHOLD, USDC, WAITING, ZERO
from tests.utils.deploy import add_product
from tests.utils.events import event
from tests.utils.feeds import REQUIRED


@pytest.fixture
def bare_product(protocol, auditor, feeds) -> int:
    """A PARAMETRIC product with a single trigger on feed A."""
    pid = add_product(
        protocol, auditor, name="USDC depeg", kind=1, waiting=WAITING, capacity=10**6 * USDC
    )
    with boa.env.prank(protocol.admin):
        protocol.parametric.set_trigger(pid, feeds[0].address, THRESHOLD, MIN_DURATION, 10_000)
    return pid


def _set(protocol, pid, feeds, required, sender=None):
    with boa.env.prank(sender or protocol.admin):
        protocol.parametric.set_trigger_feeds(pid, [f.address for f in feeds], required)


def test_set_trigger_feeds__two_of_three__stored_and_logged(protocol, feeds, bare_product):
    _set(protocol, bare_product, feeds, 2)

    log = event(protocol.parametric, "TriggerFeedsSet")
    assert log.product_id == bare_product
    assert [str(f) for f in log.feeds] == [f.address for f in feeds]
    assert log.required == 2
    stored = protocol.parametric.trigger_feeds(bare_product)
    assert [str(f) for f in stored.feeds] == [f.address for f in feeds]
    assert stored.required == 2


def test_set_trigger_feeds__feeds_of_different_decimals__threshold_scaled_to_each(
    protocol, multi_product
):
    # 0.97 at 8 decimals (feed A, the trigger's) -> 18 decimals (B) and 6 decimals (C)
    assert [protocol.parametric.feed_threshold(multi_product, i) for i in range(3)] == [
        THRESHOLD,
        97 * 10**16,
        970_000,
    ]


def test_set_trigger_feeds__threshold_not_exact_in_fewer_decimals__rounded_up(
    protocol, feeds, multi_product
):
    """0.97000001 at 6 decimals: 0.970000 is below it (answer 970_000 < 970_001) and
    0.970001 is not, so "below" means the same price on every feed."""
    with boa.env.prank(protocol.admin):
        protocol.parametric.set_trigger(
            multi_product, feeds[0].address, THRESHOLD + 1, MIN_DURATION, 10_000
        )
    assert protocol.parametric.feed_threshold(multi_product, 2) == 970_001


def test_set_trigger_feeds__unknown_feed_index__refused(protocol, multi_product):
    with boa.reverts("parametric: unknown feed index"):
        protocol.parametric.feed_threshold(multi_product, 3)


def test_set_trigger_feeds__not_admin__refused(protocol, feeds, bare_product, attacker):
    with boa.reverts("access_control: account is missing role"):
        _set(protocol, bare_product, feeds, 2, sender=attacker)


def test_set_trigger_feeds__no_trigger_yet__refused(protocol, auditor, feeds):
    pid = add_product(protocol, auditor, name="no trigger", kind=1, waiting=WAITING)
    with boa.reverts("parametric: set the trigger first"):
        _set(protocol, pid, feeds, 2)


@pytest.mark.parametrize(
    ("count", "required", "reason"),
    [
        (1, 1, "parametric: at least 3 trigger feeds"),
        (2, 1, "parametric: at least 3 trigger feeds"),
        (2, 2, "parametric: at least 3 trigger feeds"),
        (3, 4, "parametric: required above the number of feeds"),
        (3, 3, "parametric: required must leave one feed spare"),
        (3, 1, "parametric: required must be a majority of the feeds"),
        (3, 0, "parametric: required must be a majority of the feeds"),
    ],
)
def test_set_trigger_feeds__bad_count_or_required__refused(
    protocol, feeds, bare_product, count, required, reason
):
    """SPEC 3.4: one broken or manipulated feed can neither trigger (required is a majority,
    so at least 2) nor block payouts (required below the count, so a stuck feed is spared):
    at least 3 feeds."""
    with boa.reverts(reason):
        _set(protocol, bare_product, feeds[:count], required)


def test_set_trigger_feeds__four_feeds_two_required__refused_not_a_majority(
    protocol, feeds, bare_product
):
    """2 of 4 would let two disjoint pairs report one depeg twice."""
    fourth = deployer("MockAggregator").deploy(8, "USDC / USD D", 10**8)
    with boa.reverts("parametric: required must be a majority of the feeds"):
        _set(protocol, bare_product, [*feeds, fourth], 2)
    _set(protocol, bare_product, [*feeds, fourth], 3)
    assert protocol.parametric.trigger_feeds(bare_product).required == 3


def test_set_trigger_feeds__feed_listed_twice__refused(protocol, feeds, bare_product):
    with boa.reverts("parametric: feed listed twice"):
        _set(protocol, bare_product, [feeds[0], feeds[1], feeds[0]], 2)


def test_set_trigger_feeds__feed_not_a_contract__refused(protocol, feeds, bare_product):
    with boa.env.prank(protocol.admin), boa.reverts("parametric: feed is not a contract"):
        protocol.parametric.set_trigger_feeds(
            bare_product, [feeds[0].address, feeds[1].address, boa.env.generate_address("eoa")], 2
        )


def test_set_trigger_feeds__feed_without_data__refused(protocol, feeds, bare_product):
    empty_feed = deployer("MockAggregator").deploy(8, "empty", 0)
    empty_feed.set_answer_at(0, 0)
    with boa.reverts("parametric: feed has no data"):
        _set(protocol, bare_product, [feeds[0], feeds[1], empty_feed], 2)


def test_set_trigger_feeds__feed_decimals_above_36__refused(protocol, feeds, bare_product):
    odd = deployer("MockAggregator").deploy(37, "odd", 10**37)
    with boa.reverts("parametric: feed decimals above 36"):
        _set(protocol, bare_product, [feeds[0], feeds[1], odd], 2)


def test_set_trigger_feeds__empty__back_to_the_single_feed(protocol, multi_product):
    with boa.env.prank(protocol.admin):
        protocol.parametric.set_trigger_feeds(multi_product, [], 0)
    log = event(protocol.parametric, "TriggerFeedsSet")
    assert (list(log.feeds), log.required) == ([], 0)
    assert list(protocol.parametric.trigger_feeds(multi_product).feeds) == []


def test_set_trigger_feeds__empty_with_required__refused(protocol, multi_product):
    with boa.env.prank(protocol.admin), boa.reverts("parametric: required must be 0 without feeds"):
        protocol.parametric.set_trigger_feeds(multi_product, [], REQUIRED)


def test_set_trigger__trigger_removed__trigger_feeds_removed_too(protocol, multi_product):
    with boa.env.prank(protocol.admin):
        protocol.parametric.set_trigger(multi_product, ZERO, 0, 0, 0)
    log = event(protocol.parametric, "TriggerFeedsSet")
    assert (log.product_id, list(log.feeds), log.required) == (multi_product, [], 0)
    assert protocol.parametric.trigger_feeds(multi_product).required == 0


def test_set_trigger__new_feed_above_36_decimals_with_trigger_feeds__refused(
    protocol, multi_product
):
    odd = deployer("MockAggregator").deploy(37, "odd", 10**37)
    with boa.env.prank(protocol.admin), boa.reverts("parametric: feed decimals above 36"):
        protocol.parametric.set_trigger(multi_product, odd.address, 10**37, MIN_DURATION, 10_000)
