"""Multi-feed parametric cover under random histories of three feeds (8, 18 and 6 decimals),
one moved alone (stuck, manipulated) or all together, aggregator upgrades on any one of
them, purchases, NFT transfers, reports the keeper's way and reports of any windows of any
feeds in any order, governance re-setting `required` (only 2 of 3 allowed), and payout
batches, against a Python model of the feeds and the rules of SPEC §3.4.

Every report is predicted by the model (accepted or refused) and must come out that way.
Invariants (SPEC §3.4, §3.6 2): every incident is backed by `required` feeds each below its
threshold by its own window, the windows overlapping; no feed's crossing is part of two
incidents (one depeg, one incident, whatever the subset or order); a cover is paid once
per incident, only if it started strictly before the incident's time (the latest of the
proven crossings), never beyond its amount, to whoever holds it; Parametric keeps nothing.
"""

from __future__ import annotations

from decimal import Decimal

import boa
import pytest
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from safetynet.artifacts import deployer
from safetynet.errors import SafetyNetError
from safetynet.sdk import parametric as par
from safetynet.sdk import trigger_feeds as tfeeds
from tests.utils.campaign import CAMPAIGN_STEPS, CountingSteps, run_campaign
from tests.utils.constants import DAY, HOUR, USDC
from tests.utils.deploy import add_product, deploy_world
from tests.utils.machines import DeployedMachine
from tests.utils.parametric_covers import ParametricCovers, covers_world

DECIMALS = (8, 18, 6)
PRICE_THRESHOLD = Decimal("0.97")
PRICES = st.sampled_from(["1.00", "0.93", "0.97", "0.969999", "0.50"])
GAPS = st.one_of(st.just(0), st.integers(1, 2 * HOUR), st.integers(2 * HOUR, 3 * DAY))
FEED = st.integers(0, 2)


def _answer(price: str, decimals: int) -> int:
    return int(Decimal(price).scaleb(decimals))


class TriggerFeedsMachine(ParametricCovers, CountingSteps, DeployedMachine):

    @initialize(payout_bps=st.sampled_from([10_000, 5_000]))
    def start(self, payout_bps):
        required = 2  # of three feeds: the only majority that spares a stuck feed
        self.start_covers()
        w = self.world
        self.feeds = [deployer("MockAggregator").deploy(d, "USDC / USD", 10**d) for d in DECIMALS]
        self.pid = add_product(
            self.p, w["auditor"], name="USDC depeg", kind=1, waiting=HOUR, rate_bps=200,
            capacity=10**9 * USDC,
        )  # fmt: skip
        with boa.env.prank(self.p.admin):
            self.p.parametric.set_trigger(
                self.pid, self.feeds[0].address, _answer("0.97", 8), HOUR, payout_bps
            )
            self.p.parametric.set_trigger_feeds(
                self.pid, [f.address for f in self.feeds], required
            )
        self.bps, self.required = payout_bps, required
        self.thresholds = [_answer("0.97", d) for d in DECIMALS]
        # Each feed's history as the model knows it: (round id, answer, updated at).
        self.rounds: list[list[tuple[int, int, int]]] = []
        for f in self.feeds:
            r = f.latestRoundData()
            self.rounds.append([(r[0], r[1], r[3])])
        self.incidents: dict[int, dict] = {}  # id -> time, feeds {index: (first, last)}
        self.crossings: dict[tuple[int, int], int] = {}  # (feed, first round) -> incident

    def sales_paused(self) -> bool:
        latest = [rs[-1][1] for rs in self.rounds]
        below = sum(a < t for a, t in zip(latest, self.thresholds, strict=True))
        assert self.p.parametric.trigger_active(self.pid) == (below >= self.required)
        return below >= self.required

    def incident_time(self, incident_id: int) -> int:
        return self.incidents[incident_id]["time"]

    # -- feeds ---------------------------------------------------------------------------
    def _push(self, i: int, price: str) -> None:
        f = self.feeds[i]
        f.set_answer(_answer(price, DECIMALS[i]))
        r = f.latestRoundData()
        self.rounds[i].append((r[0], r[1], r[3]))

    @rule(i=FEED, price=PRICES, gap=GAPS)
    def move_one_feed(self, i, price, gap):
        """One feed alone moves (the others are silent: stuck, or just slow)."""
        boa.env.time_travel(seconds=gap)
        self._push(i, price)

    @rule(price=PRICES, gap=GAPS)
    def move_every_feed(self, price, gap):
        boa.env.time_travel(seconds=gap)
        for i in range(len(self.feeds)):
            self._push(i, price)

    @rule(i=FEED, price=PRICES, gap=st.integers(0, 2 * HOUR))
    def upgrade_aggregator(self, i, price, gap):
        """Feed i's aggregator is swapped (phase + 1, rounds restart at 1), mid-depeg too."""
        self.feeds[i].new_phase()
        boa.env.time_travel(seconds=gap)
        self._push(i, price)

    @rule(
        which=st.sets(FEED, min_size=1), hours=st.integers(1, 6), stagger=st.integers(0, 3600),
        upgrade=st.sampled_from([None, 0, 1, 2]), recover=st.booleans(),
        report=st.sampled_from(["no", "keeper", "these feeds"]),
    )  # fmt: skip
    def depeg(self, which, hours, stagger, upgrade, report, recover):
        """Some feeds fall one after the other (`stagger` apart) and stay down `hours`,
        maybe with an aggregator upgrade on one of them; maybe reported (the keeper's way,
        or with exactly these feeds' latest runs), maybe recovering."""
        for i in sorted(which):
            self._push(i, "0.93")
            boa.env.time_travel(seconds=stagger)
        boa.env.time_travel(seconds=hours * HOUR)
        if upgrade is not None and upgrade in which:
            self.feeds[upgrade].new_phase()
        for i in sorted(which):
            self._push(i, "0.92")
        if report == "keeper":
            self.report()
        elif report == "these feeds":
            self._try([(i, *self._latest_run(i)) for i in sorted(which)])
        if recover:
            boa.env.time_travel(seconds=60)
            for i in sorted(which):
                self._push(i, "1.00")

    # -- governance ----------------------------------------------------------------------
    @rule(required=st.sampled_from([1, 2, 3]))
    def set_required(self, required):
        """Governance re-sets the feeds; with three, only 2 is a majority that spares one."""
        refusal = {
            1: "parametric: required must be a majority of the feeds",
            3: "parametric: required must leave one feed spare",
        }.get(required)
        with boa.env.prank(self.p.admin):
            if refusal:
                with boa.reverts(refusal):
                    self.p.parametric.set_trigger_feeds(
                        self.pid, [f.address for f in self.feeds], required
                    )
                return
            self.p.parametric.set_trigger_feeds(
                self.pid, [f.address for f in self.feeds], required
            )
        self.required = required

    # -- reports -------------------------------------------------------------------------
    def _refusal(self, windows: list[tuple[int, int, int]]) -> str | None:
        """The model's verdict on windows given as (feed, start index, end index) into the
        feeds' histories: None (accepted) or the contract's first refusal reason."""
        if len(windows) < self.required:
            return "parametric: fewer windows than required feeds"
        spans = []
        for i, a, b in windows:
            rs, thr = self.rounds[i], self.thresholds[i]
            if any(rs[k][1] >= thr for k in range(a, b + 1)):
                return "parametric: round at or above threshold"
            if rs[a - 1][1] < thr:
                return "parametric: window must start where the feed fell below threshold"
            if (i, rs[a][0]) in self.crossings:
                return "parametric: incident already reported"
            if rs[b][2] - rs[a][2] < HOUR:
                return "parametric: window shorter than min duration"
            spans.append((rs[a][2], rs[b][2]))
        if max(s for s, _ in spans) > min(e for _, e in spans):
            return "parametric: feed windows do not overlap"
        return None

    def _accept(self, incident_id: int, windows: list[tuple[int, int, int]]) -> None:
        info = self.p.parametric.incidents(incident_id)
        time = max(self.rounds[i][a][2] for i, a, _ in windows)
        assert info.time == time
        feeds = {}
        for i, a, b in windows:
            first = self.rounds[i][a][0]
            assert (i, first) not in self.crossings
            self.crossings[(i, first)] = incident_id
            feeds[i] = (a, b)
        self.incidents[incident_id] = {"time": time, "feeds": feeds, "required": self.required}

    def _index(self, i: int, rid: int) -> int:
        return [r[0] for r in self.rounds[i]].index(rid)

    @rule()
    def report(self):
        """The keeper's way: the SDK's earliest combination, which the model must accept."""
        windows = tfeeds.provable_windows(self.p, self.pid)
        if windows is None:
            return
        spans = [(w.feed_index, self._index(w.feed_index, w.round_ids[0]),
                  self._index(w.feed_index, w.round_ids[-1])) for w in windows]  # fmt: skip
        assert self._refusal(spans) is None, spans
        event("report: keeper's way")
        self._accept(tfeeds.report_incident_multi(self.p, self.pid, windows), spans)

    def _latest_run(self, i: int) -> tuple[int, int]:
        """Start and end index of feed i's latest run below its threshold (at most 64)."""
        rs, thr = self.rounds[i], self.thresholds[i]
        b = len(rs) - 1
        a = b
        while a > 1 and rs[a - 1][1] < thr:
            a -= 1
        return a, min(b, a + par.MAX_ROUNDS - 1)

    def _try(self, windows: list[tuple[int, int, int]]) -> None:
        """Report `windows` (feed, start index, end index): the model predicts the outcome."""
        args = [tfeeds.FeedWindow(i, [r[0] for r in self.rounds[i][a : b + 1]])
                for i, a, b in windows]  # fmt: skip
        reason = self._refusal(windows)
        event(f"report: {reason or 'accepted'}")
        if reason is None:
            self._accept(tfeeds.report_incident_multi(self.p, self.pid, args), windows)
            return
        with pytest.raises(SafetyNetError, match=f"refused by the contract: {reason}$"):
            tfeeds.report_incident_multi(self.p, self.pid, args)

    @rule(data=st.data())
    def report_any(self, data):
        """A reporter picks any feeds, any below-threshold start (a crossing or not) and any
        end, in any order: exactly what the model accepts becomes an incident."""
        size = data.draw(st.sampled_from([1, 2, 2, 3, 3]))
        feeds = data.draw(st.permutations(range(3)))[:size]
        windows = []
        for i in feeds:
            below = [k for k in range(1, len(self.rounds[i]))
                     if self.rounds[i][k][1] < self.thresholds[i]]  # fmt: skip
            if not below:
                return
            crossings = [k for k in below if self.rounds[i][k - 1][1] >= self.thresholds[i]]
            a = data.draw(st.sampled_from(crossings or below) | st.sampled_from(below))
            run_end = a
            while (run_end + 1 < len(self.rounds[i]) and run_end - a < par.MAX_ROUNDS - 1
                   and self.rounds[i][run_end + 1][1] < self.thresholds[i]):  # fmt: skip
                run_end += 1
            windows.append((i, a, data.draw(st.just(run_end) | st.integers(a, run_end))))
        self._try(windows)

    # -- invariants ----------------------------------------------------------------------
    @invariant()
    def every_incident_backed_by_required_feeds_below_together(self):
        for incident in self.incidents.values():
            assert len(incident["feeds"]) >= incident["required"] >= 2
            for i, (a, b) in incident["feeds"].items():
                rs = self.rounds[i]
                assert rs[a][2] <= incident["time"] <= rs[b][2]
                assert all(rs[k][1] < self.thresholds[i] for k in range(a, b + 1))

    @invariant()
    def a_feed_crossing_is_in_one_incident_at_most(self):
        for (i, first), incident_id in self.crossings.items():
            assert i in self.incidents[incident_id]["feeds"]
            assert self.p.parametric.feed_crossing_incident(
                self.pid, self.feeds[i].address, first
            ) == incident_id


@pytest.fixture
def feeds_world(admin, treasury, auditor, guardian) -> dict:
    """A deployment of its own (the machine's products and feeds start from nothing),
    rolled back with the test."""
    return covers_world(deploy_world(admin, treasury, auditor, guardian), auditor)


def test_trigger_feeds_machine(feeds_world):
    run_state_machine_as_test(
        TriggerFeedsMachine.factory(feeds_world),
        settings=settings(settings(), max_examples=min(settings().max_examples, 25)),
    )


@pytest.mark.slow
def test_trigger_feeds_machine__long_campaign__invariants_hold(feeds_world):
    machine = TriggerFeedsMachine.factory(feeds_world)
    assert run_campaign(machine, CAMPAIGN_STEPS, settings()) >= CAMPAIGN_STEPS
