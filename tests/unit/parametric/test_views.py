"""incidents / is_paid / payable_covers: what the keeper and dashboards read."""

import boa

from tests.utils.chain import push
from tests.utils.constants import PEG


def test_incidents__unknown_id__refused(protocol):
    with boa.reverts("parametric: unknown incident"):
        protocol.parametric.incidents(0)


def test_is_paid__before_and_after_payout(protocol, buy_parametric, incident, keeper):
    cover_id = buy_parametric()
    incident_id = incident()
    assert not protocol.parametric.is_paid(incident_id, cover_id)
    with boa.env.prank(keeper):
        protocol.parametric.payout(cover_id, incident_id)
    assert protocol.parametric.is_paid(incident_id, cover_id)
    assert not protocol.parametric.is_paid(incident_id, cover_id + 1)


def test_payable_covers__matches_what_payout_many_pays(
    protocol, feed, buy_parametric, incident, keeper
):
    ids = [buy_parametric() for _ in range(3)]
    incident_id = incident()
    push(feed, PEG, after=60)
    late = buy_parametric()
    batch = [*ids, late]
    payable = protocol.parametric.payable_covers(incident_id, batch)
    assert payable == ids
    with boa.env.prank(keeper):
        protocol.parametric.payout_many(batch, incident_id)
    assert protocol.parametric.payable_covers(incident_id, batch) == []
