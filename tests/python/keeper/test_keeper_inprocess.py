"""The keeper's pass logic on the in-process EVM (the same code `safetynet keeper` runs)."""

import json

import boa

from safetynet.keeper import Keeper
from tests.utils.chain import push
from tests.utils.constants import COVER_AMOUNT, DAY, DEPEG, PEG, WAITING


def _keeper(protocol, tmp_path, lines):
    return Keeper(protocol, tmp_path, log=lambda action, **f: lines.append({"action": action, **f}))


def test_keeper__feed_below_for_an_hour__reports_and_pays_every_holder(
    protocol, feed, depeg_product, buy_parametric, policyholder, tmp_path, keeper
):
    holder = boa.env.generate_address("second_holder")
    ids = [buy_parametric(), buy_parametric(owner=holder)]
    lines = []
    k = _keeper(protocol, tmp_path, lines)
    with boa.env.prank(keeper):
        k.run_once()  # feed at peg: nothing to do
        assert protocol.parametric.incident_count() == 0
        push(feed, DEPEG, after=WAITING + 600)
        k.run_once()  # below, but not for an hour yet
        assert protocol.parametric.incident_count() == 0
        push(feed, DEPEG, after=1_800)
        push(feed, DEPEG, after=1_800)
        before = protocol.asset.balanceOf(policyholder)
        summary = k.run_once()

    assert summary["reported"] == 1 and summary["paid_covers"] == 2
    assert protocol.parametric.incident_count() == 1
    assert protocol.asset.balanceOf(policyholder) - before == COVER_AMOUNT
    assert protocol.asset.balanceOf(holder) == COVER_AMOUNT
    assert [protocol.cover.covers(c).paid for c in ids] == [COVER_AMOUNT, COVER_AMOUNT]
    actions = [line["action"] for line in lines]
    assert actions.count("incident_reported") == 1 and "payout_batch" in actions
    incident = protocol.parametric.incidents(1)
    assert incident.end - incident.time == 3_600  # the earliest window: crossing + 1 hour


def test_keeper__restarted__does_not_repeat_or_skip(
    protocol, feed, depeg_product, buy_parametric, tmp_path, keeper
):
    first = buy_parametric()
    with boa.env.prank(keeper):
        push(feed, DEPEG, after=WAITING + 600)
        push(feed, DEPEG, after=3_600)
        _keeper(protocol, tmp_path, []).run_once()
        assert protocol.cover.covers(first).paid == COVER_AMOUNT
        push(feed, PEG, after=600)
        later = buy_parametric()

        lines = []
        restarted = _keeper(protocol, tmp_path, lines)
        summary = restarted.run_once()

    assert summary == {"covers_indexed": 1, "reported": 0, "paid_covers": 0, "claims_settled": 0}
    assert protocol.cover.covers(later).paid == 0  # bought after the incident
    assert protocol.parametric.incident_count() == 1
    assert lines[0]["action"] == "state_loaded"
    saved = json.loads((tmp_path / "keeper.json").read_text())
    assert saved["incidents"]["1"]["handled"] == [first]


def test_keeper__state_lost_after_paying__pays_nothing_twice(
    protocol, feed, depeg_product, buy_parametric, policyholder, tmp_path, keeper
):
    buy_parametric()
    with boa.env.prank(keeper):
        push(feed, DEPEG, after=WAITING + 600)
        push(feed, DEPEG, after=3_600)
        _keeper(protocol, tmp_path, []).run_once()
        (tmp_path / "keeper.json").unlink()  # as if killed before saving
        balance = protocol.asset.balanceOf(policyholder)
        lines = []
        _keeper(protocol, tmp_path, lines).run_once()
    assert protocol.asset.balanceOf(policyholder) == balance
    assert protocol.parametric.incident_count() == 1
    assert "payout_batch" not in [line["action"] for line in lines]


def test_keeper__dip_shorter_than_min_duration__nothing_reported(
    protocol, feed, depeg_product, buy_parametric, tmp_path, keeper
):
    buy_parametric()
    k = _keeper(protocol, tmp_path, [])
    with boa.env.prank(keeper):
        push(feed, DEPEG, after=600)
        push(feed, DEPEG, after=1_800)
        push(feed, PEG, after=1_800)  # recovered after 30 minutes below
        push(feed, PEG, after=DAY)
        k.run_once()
    assert protocol.parametric.incident_count() == 0


def test_keeper__accepted_claim_past_cooldown__redeemed_for_the_holder(
    protocol, buy, policyholder, assessor, tmp_path, keeper
):
    from eth_utils import keccak

    from tests.utils.constants import USDC
    from tests.utils.deploy import fund

    snet = 10**18
    voters = [assessor, boa.env.generate_address("assessor2"), boa.env.generate_address("a3")]
    for who, amount in zip(voters, (6_000, 5_000, 4_000), strict=True):
        with boa.env.prank(protocol.admin):
            protocol.token.transfer(who, amount * snet)
        with boa.env.prank(who):
            protocol.token.approve(protocol.claims.address, 2**256 - 1)
            protocol.claims.stake(amount * snet)
    cover_id = buy()
    fund(protocol.asset, policyholder, protocol.claims.address, 1_000 * USDC)
    boa.env.time_travel(seconds=DAY + 3_600)
    with boa.env.prank(policyholder):
        claim_id = protocol.claims.submit_claim(
            cover_id, 5_000 * USDC, boa.env.evm.patch.timestamp - 1, 0, keccak(text="report")
        )
    for who in voters:
        with boa.env.prank(who):
            protocol.claims.vote(claim_id, True)
    lines = []
    k = _keeper(protocol, tmp_path, lines)
    with boa.env.prank(keeper):
        assert k.run_once()["claims_settled"] == 0  # voting still open: nothing to settle
        c = protocol.claims.claims(claim_id)
        boa.env.time_travel(
            seconds=c.voting_end + protocol.claims.payout_cooldown() - boa.env.evm.patch.timestamp
        )
        before = protocol.asset.balanceOf(policyholder)
        assert k.run_once()["claims_settled"] == 1, lines
        assert k.run_once()["claims_settled"] == 0  # settled once, never again

    assert protocol.cover.covers(cover_id).paid == 5_000 * USDC
    assert protocol.asset.balanceOf(policyholder) - before >= 5_000 * USDC
    assert [line["claim"] for line in lines if line["action"] == "claim_settled"] == [claim_id]


def test_keeper__depeg_starting_at_a_new_phase_round_one__reported_with_previous_round(
    protocol, feed, depeg_product, buy_parametric, tmp_path, keeper
):
    """After an aggregator upgrade the depeg's first round is the new phase's round 1: the
    keeper proves the crossing with the previous phase's last round."""
    cover_id = buy_parametric()
    lines = []
    k = _keeper(protocol, tmp_path, lines)
    with boa.env.prank(keeper):
        push(feed, PEG, after=WAITING)
        k.run_once()
        feed.new_phase()
        first = push(feed, DEPEG, after=600)
        push(feed, DEPEG, after=3_600)
        k.run_once()

    assert protocol.parametric.incident_count() == 1
    assert protocol.parametric.incidents(1).first_round == first == (2 << 64) | 1
    assert protocol.cover.covers(cover_id).paid == COVER_AMOUNT
    assert "report_refused" not in [line["action"] for line in lines]


def test_keeper__depeg_running_across_a_phase_change__reported_once(
    protocol, feed, depeg_product, buy_parametric, tmp_path, keeper
):
    buy_parametric()
    lines = []
    k = _keeper(protocol, tmp_path, lines)
    with boa.env.prank(keeper):
        push(feed, DEPEG, after=WAITING + 600)
        push(feed, DEPEG, after=3_600)
        k.run_once()
        feed.new_phase()
        push(feed, DEPEG, after=600)
        push(feed, DEPEG, after=3_600)
        summary = k.run_once()

    assert summary["reported"] == 0
    assert protocol.parametric.incident_count() == 1
    actions = [line["action"] for line in lines]
    assert actions.count("incident_reported") == 1 and "report_refused" not in actions


def test_keeper__crossing_reported_by_someone_else__not_reported_again(
    protocol, feed, depeg_product, buy_parametric, tmp_path, keeper, attacker
):
    cover_id = buy_parametric()
    lines = []
    k = _keeper(protocol, tmp_path, lines)
    with boa.env.prank(keeper):
        k.run_once()
    first = push(feed, DEPEG, after=WAITING + 600)
    last = push(feed, DEPEG, after=3_600)
    with boa.env.prank(attacker):
        protocol.parametric.report_incident(depeg_product, [first, last])
    with boa.env.prank(keeper):
        summary = k.run_once()

    assert summary["reported"] == 0 and summary["paid_covers"] == 1
    assert protocol.cover.covers(cover_id).paid == COVER_AMOUNT
    actions = [line["action"] for line in lines]
    assert "already_reported" in actions and "report_refused" not in actions


class FakeClock:
    """The keeper's wall clock, moved by hand (its backoff between report attempts)."""

    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def test_keeper__round_stamped_ahead_of_chain_time__refused_then_reported_and_paid_once(
    protocol, feed, depeg_product, buy_parametric, policyholder, tmp_path, keeper
):
    """The feed's clock runs ahead of the chain's: the window's last round is "stamped in
    the future", so report_incident refuses it. The keeper keeps the window, retries with
    backoff (logging the refusal once), and reports it when chain time catches up."""
    cover_id = buy_parametric()
    lines = []
    clock = FakeClock()
    k = Keeper(protocol, tmp_path, report_backoff=30, clock=clock,
               log=lambda action, **f: lines.append({"action": action, **f}))  # fmt: skip
    with boa.env.prank(keeper):
        k.run_once()
        first = push(feed, DEPEG, after=WAITING + 600)
        ahead = boa.env.evm.patch.timestamp + 3_600 + 120
        feed.set_answer_at(DEPEG, ahead)  # an hour after the crossing, but not yet on chain

        assert k.run_once()["reported"] == 0
        k.run_once()  # backing off: not tried again yet
        clock.now += 31
        assert k.run_once()["reported"] == 0  # tried again: still ahead of the chain
        assert protocol.parametric.incident_count() == 0

        boa.env.time_travel(seconds=ahead - boa.env.evm.patch.timestamp)
        clock.now += 61
        before = protocol.asset.balanceOf(policyholder)
        summary = k.run_once()
        assert k.run_once() == {"covers_indexed": 0, "reported": 0, "paid_covers": 0,
                                "claims_settled": 0}  # fmt: skip

    assert summary["reported"] == 1 and summary["paid_covers"] == 1
    assert protocol.parametric.incident_count() == 1
    assert protocol.parametric.incidents(1).first_round == first
    assert protocol.cover.covers(cover_id).paid == COVER_AMOUNT
    assert protocol.asset.balanceOf(policyholder) - before == COVER_AMOUNT
    refused = [line for line in lines if line["action"] == "report_refused"]
    assert len(refused) == 1  # once per reason, not once per try
    assert refused[0]["error"].endswith("parametric: round stamped in the future")
    reported = [line for line in lines if line["action"] == "incident_reported"]
    assert len(reported) == 1 and reported[0]["attempts"] == 3
    assert [line["action"] for line in lines].count("payout_batch") == 1
