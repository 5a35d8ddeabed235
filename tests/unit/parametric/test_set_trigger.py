"""set_trigger: governance defines (or removes) a parametric product's incident."""

import boa

from safetynet.artifacts import deployer
from tests.utils.constants import HOUR, THRESHOLD, ZERO
from tests.utils.deploy import add_product
from tests.utils.events import event


def test_set_trigger__admin__stored_and_logged(protocol, auditor, feed, admin):
    pid = add_product(protocol, auditor, name="New depeg", kind=1, waiting=3_600)
    with boa.env.prank(admin):
        protocol.parametric.set_trigger(pid, feed.address, THRESHOLD, 2 * HOUR, 5_000)
    log = event(protocol.parametric, "TriggerSet")
    assert (log.product_id, log.feed, log.threshold) == (pid, feed.address, THRESHOLD)
    assert (log.min_duration, log.payout_bps) == (2 * HOUR, 5_000)
    stored = protocol.parametric.triggers(pid)
    assert (stored.feed, stored.threshold, stored.min_duration, stored.payout_bps) == (
        feed.address, THRESHOLD, 2 * HOUR, 5_000,
    )  # fmt: skip


def test_set_trigger__not_admin__refused(protocol, depeg_product, feed, attacker):
    with boa.env.prank(attacker), boa.reverts("access_control: account is missing role"):
        protocol.parametric.set_trigger(depeg_product, feed.address, 1, HOUR, 10_000)


def test_set_trigger__protocol_product__refused(protocol, product, feed, admin):
    with boa.env.prank(admin), boa.reverts("parametric: product is not parametric"):
        protocol.parametric.set_trigger(product, feed.address, THRESHOLD, HOUR, 10_000)


def test_set_trigger__unknown_product__refused(protocol, feed, admin):
    with boa.env.prank(admin), boa.reverts("cover: unknown product"):
        protocol.parametric.set_trigger(10_000, feed.address, THRESHOLD, HOUR, 10_000)


def test_set_trigger__bad_parameters__refused(protocol, depeg_product, feed, admin):
    with boa.env.prank(admin):
        with boa.reverts("parametric: zero min duration"):
            protocol.parametric.set_trigger(depeg_product, feed.address, THRESHOLD, 0, 10_000)
        with boa.reverts("parametric: min duration above 30 days"):
            protocol.parametric.set_trigger(depeg_product, feed.address, THRESHOLD, 31 * 86_400, 1)
        with boa.reverts("parametric: payout bps must be in (0, 10000]"):
            protocol.parametric.set_trigger(depeg_product, feed.address, THRESHOLD, HOUR, 0)
        with boa.reverts("parametric: payout bps must be in (0, 10000]"):
            protocol.parametric.set_trigger(depeg_product, feed.address, THRESHOLD, HOUR, 10_001)
        with boa.reverts("parametric: feed is not a contract"):
            protocol.parametric.set_trigger(depeg_product, admin, THRESHOLD, HOUR, 10_000)


def test_set_trigger__feed_without_data__refused(protocol, depeg_product, admin):
    silent = deployer("MockAggregator").deploy(8, "silent", 0)
    silent.set_answer_at(0, 0)
    with boa.env.prank(admin), boa.reverts("parametric: feed has no data"):
        protocol.parametric.set_trigger(depeg_product, silent.address, THRESHOLD, HOUR, 10_000)


def test_set_trigger__empty_feed__removes_trigger_and_stops_sales(protocol, depeg_product, admin):
    with boa.env.prank(admin):
        protocol.parametric.set_trigger(depeg_product, ZERO, 0, 0, 0)
    log = event(protocol.parametric, "TriggerSet")
    assert (log.product_id, log.feed) == (depeg_product, ZERO)
    assert protocol.parametric.triggers(depeg_product).feed == ZERO
    assert protocol.parametric.trigger_active(depeg_product)
    with boa.reverts("parametric: no trigger for product"):
        protocol.parametric.report_incident(depeg_product, [1, 2])
