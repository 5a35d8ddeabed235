"""trigger_active: Cover stops selling a parametric product while its feed is below threshold."""

import boa

from tests.utils.chain import push
from tests.utils.constants import DAY, DEPEG, PEG, THRESHOLD


def test_trigger_active__feed_at_peg__false_and_cover_sold(protocol, depeg_product, buy_parametric):
    assert not protocol.parametric.trigger_active(depeg_product)
    assert buy_parametric() > 0


def test_trigger_active__feed_below_threshold__true_and_sales_refused(
    protocol, feed, depeg_product, buy_parametric
):
    push(feed, DEPEG, after=60)
    assert protocol.parametric.trigger_active(depeg_product)
    with boa.reverts("cover: trigger active: sales paused"):
        buy_parametric()


def test_trigger_active__exactly_at_threshold__false(protocol, feed, depeg_product):
    push(feed, THRESHOLD, after=60)
    assert not protocol.parametric.trigger_active(depeg_product)
    push(feed, THRESHOLD - 1, after=60)
    assert protocol.parametric.trigger_active(depeg_product)


def test_trigger_active__feed_recovers__sales_reopen(protocol, feed, depeg_product, buy_parametric):
    push(feed, DEPEG, after=60)
    push(feed, PEG, after=2 * DAY)
    assert not protocol.parametric.trigger_active(depeg_product)
    assert buy_parametric() > 0


def test_trigger_active__product_without_trigger__true(protocol, auditor):
    from tests.utils.deploy import add_product

    pid = add_product(protocol, auditor, name="Untriggered", kind=1, waiting=3_600)
    assert protocol.parametric.trigger_active(pid)
