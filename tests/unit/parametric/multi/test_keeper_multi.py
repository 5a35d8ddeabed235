"""The keeper on a 2-of-3 product: it proves the incident as soon as two feeds agree, never on
one feed alone, once per depeg, and pays every holder (the same code `safetynet keeper` runs)."""

import json

import boa

from safetynet.keeper import Keeper
from tests.utils.constants import COVER_AMOUNT, HOUR, WAITING
from tests.utils.feeds import move

A, B, C = 0, 1, 2


def _keeper(protocol, tmp_path, lines, **kw):
    log = lambda action, **f: lines.append({"action": action, **f})  # noqa: E731
    return Keeper(protocol, tmp_path, log=log, **kw)


def test_keeper__two_of_three_feeds_agree__reported_as_soon_as_provable_and_paid(
    protocol, feeds, multi_product, buy_multi, policyholder, tmp_path, keeper
):
    cover_id = buy_multi()
    lines = []
    k = _keeper(protocol, tmp_path, lines)
    with boa.env.prank(keeper):
        k.run_once()
        move(feeds[A], "0.93", after=WAITING + 600)
        move(feeds[A], "0.93", after=HOUR)  # A alone proves its hour: not an incident
        assert k.run_once()["reported"] == 0
        move(feeds[B], "0.94", after=600)
        k.run_once()  # B crossed, its hour is not over yet
        assert protocol.parametric.incident_count() == 0
        move(feeds[B], "0.94", after=HOUR - 1)
        assert k.run_once()["reported"] == 0  # one second short
        move(feeds[A], "0.93", after=1)
        move(feeds[B], "0.94")
        before = protocol.asset.balanceOf(policyholder)
        summary = k.run_once()  # the first pass where two feeds prove it

    assert summary["reported"] == 1 and summary["paid_covers"] == 1
    assert protocol.asset.balanceOf(policyholder) - before == COVER_AMOUNT
    assert protocol.cover.covers(cover_id).paid == COVER_AMOUNT
    found = [x for x in lines if x["action"] == "windows_found"]
    assert [x["feeds"] for x in found] == [[A, B]]
    reported = [x for x in lines if x["action"] == "incident_reported"]
    assert reported[0]["feeds"] == [A, B]
    assert protocol.parametric.incidents(1).time == protocol.parametric.incidents(1).end - HOUR


def test_keeper__one_feed_manipulated_down__nothing_reported(
    protocol, feeds, multi_product, tmp_path, keeper
):
    k = _keeper(protocol, tmp_path, [])
    with boa.env.prank(keeper):
        for _ in range(4):
            move(feeds[C], "0.10", after=HOUR)
            assert k.run_once()["reported"] == 0
    assert protocol.parametric.incident_count() == 0


def test_keeper__depeg_continues_and_third_feed_joins__reported_once(
    protocol, feeds, multi_product, tmp_path, keeper
):
    lines = []
    k = _keeper(protocol, tmp_path, lines)
    with boa.env.prank(keeper):
        k.run_once()
        move(feeds[A], "0.93", after=600)
        move(feeds[B], "0.93", after=60)
        move(feeds[A], "0.93", after=HOUR)
        move(feeds[B], "0.93")
        assert k.run_once()["reported"] == 1
        move(feeds[C], "0.93", after=600)  # the third feed agrees late: same depeg
        move(feeds[C], "0.93", after=HOUR)
        move(feeds[A], "0.93")
        move(feeds[B], "0.93")
        assert k.run_once()["reported"] == 0
        restarted = _keeper(protocol, tmp_path, lines)  # and after a restart
        assert restarted.run_once()["reported"] == 0
    assert protocol.parametric.incident_count() == 1
    saved = json.loads((tmp_path / "keeper.json").read_text())
    assert {f"{multi_product}/{i}" for i in range(3)} <= set(saved["feeds"])


def test_keeper__mock_heartbeat__reposts_every_trigger_feed(
    protocol, feeds, multi_product, tmp_path, keeper
):
    lines = []
    k = _keeper(protocol, tmp_path, lines, mock_heartbeat=600)
    boa.env.time_travel(seconds=700)
    before = [f.latestRoundData()[0] for f in feeds]
    with boa.env.prank(keeper):
        k.run_once()
    assert [f.latestRoundData()[0] for f in feeds] == [r + 1 for r in before]
