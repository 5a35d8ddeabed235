"""Parametric cover under random feed histories, purchases, NFT transfers, reports and
payout batches, against a small Python model.

The feed's aggregator is upgraded at random (a phase change, even in the middle of a
depeg), and windows are reported in any order: the earliest provable one (the keeper's
way), or any crossing's window, with or without the previous phase's last round.

Invariants (SPEC §3.4, §3.6 2): nothing is paid without a proved incident; a depeg is one
incident, so a cover is paid once per depeg (never twice across a phase change); a cover
is paid at most once per incident, only if it started strictly before the incident's
first round, never beyond its amount, always to whoever holds it at payout time; every
unit that leaves the pool reaches an owner (Parametric keeps nothing).
"""

from __future__ import annotations

import boa
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from safetynet.artifacts import deployer
from safetynet.sdk import parametric as par
from tests.utils.campaign import CAMPAIGN_STEPS, CountingSteps, run_campaign
from tests.utils.constants import DAY, DEPEG, HOUR, PEG, THRESHOLD, USDC
from tests.utils.deploy import add_product, deposit, fund
from tests.utils.machines import DeployedMachine

ANSWERS = st.sampled_from([PEG, DEPEG, THRESHOLD, THRESHOLD - 1])
GAPS = st.one_of(st.just(0), st.integers(1, 2 * HOUR), st.integers(2 * HOUR, 10 * DAY))
# Log-uniform cover amounts: 1 unit .. 1,000,000 USDC.
AMOUNTS = (
    st.integers(0, 12)
    .flatmap(lambda e: st.integers(2**e, 2 ** (e + 1)))
    .map(lambda x: x * USDC // 8)
)

ACTOR = st.integers(0, 2)


class ParametricMachine(CountingSteps, DeployedMachine):
    @initialize(payout_bps=st.sampled_from([10_000, 5_000, 3_333]))
    def start(self, payout_bps):
        w = self.world
        self.p, self.holders, self.buyer = w["p"], w["holders"], w["buyer"]
        self.feed = deployer("MockAggregator").deploy(8, "USDC / USD", PEG)
        self.pid = add_product(
            self.p, w["auditor"], name="USDC depeg", kind=1, waiting=HOUR, rate_bps=200,
            capacity=10**9 * USDC,
        )  # fmt: skip
        with boa.env.prank(self.p.admin):
            self.p.parametric.set_trigger(self.pid, self.feed.address, THRESHOLD, HOUR, payout_bps)
        self.bps = payout_bps
        self.covers: dict[int, dict] = {}  # id -> amount, start, end, owner, paid
        self.incidents: dict[int, int] = {}  # id -> time
        self.crossings: dict[int, int] = {}  # crossing (first) round -> incident id
        # The feed's history as the model knows it: (round id, answer, updated at).
        first = self.feed.latestRoundData()
        self.rounds: list[tuple[int, int, int]] = [(first[0], first[1], first[3])]
        self.paid_for: set[tuple[int, int]] = set()
        self.received = {h: 0 for h in self.holders}
        self.start_balance = {h: self.p.asset.balanceOf(h) for h in self.holders}

    # -- rules ---------------------------------------------------------------------------
    def _push(self, answer: int) -> None:
        self.feed.set_answer(answer)
        r = self.feed.latestRoundData()
        self.rounds.append((r[0], r[1], r[3]))

    @rule(answer=ANSWERS, gap=GAPS)
    def move_feed(self, answer, gap):
        boa.env.time_travel(seconds=gap)
        self._push(answer)

    @rule(answer=ANSWERS, gap=st.integers(0, 2 * HOUR))
    def upgrade_aggregator(self, answer, gap):
        """Chainlink swaps the aggregator: the phase id increments and rounds restart at 1,
        whatever the feed is doing (mid-depeg included)."""
        self.feed.new_phase()
        boa.env.time_travel(seconds=gap)
        self._push(answer)

    @rule(
        hours=st.integers(1, 30), report=st.booleans(), recover=st.booleans(),
        upgrade=st.booleans(),
    )  # fmt: skip
    def depeg(self, hours, report, recover, upgrade):
        """A dip that lasts `hours` (so the feed proves it), maybe with an aggregator upgrade
        in the middle, maybe reported at once, then maybe a recovery."""
        self._push(DEPEG)
        boa.env.time_travel(seconds=hours * HOUR)
        if upgrade:
            self.feed.new_phase()
        self._push(DEPEG - 1)
        if report:
            self.report()
        if recover:
            boa.env.time_travel(seconds=60)
            self._push(PEG)

    @rule(amount=AMOUNTS, days=st.integers(7, 60), owner=ACTOR)
    def buy(self, amount, days, owner):
        holder = self.holders[owner]
        with boa.env.prank(self.buyer):
            if self.p.parametric.trigger_active(self.pid):
                with boa.reverts("cover: trigger active: sales paused"):
                    self.p.cover.buy_cover(self.pid, amount, days * DAY, 2**255, holder)
                return
            cid = self.p.cover.buy_cover(self.pid, amount, days * DAY, 2**255, holder)
        c = self.p.cover.covers(cid)
        self.covers[cid] = {"amount": amount, "start": c.start, "end": c.end, "owner": holder,
                            "paid": 0}  # fmt: skip

    @rule(data=st.data(), to=ACTOR)
    def transfer(self, data, to):
        if not self.covers:
            return
        cid = data.draw(st.sampled_from(sorted(self.covers)))
        owner, receiver = self.covers[cid]["owner"], self.holders[to]
        if owner == receiver:
            return
        with boa.env.prank(owner):
            self.p.cover.transferFrom(owner, receiver, cid)
        self.covers[cid]["owner"] = receiver

    def _record(self, incident_id: int, first_round: int) -> None:
        assert first_round not in self.crossings
        self.crossings[first_round] = incident_id
        self.incidents[incident_id] = self.p.parametric.incidents(incident_id).time

    @rule()
    def report(self):
        """The keeper's way: the earliest provable window of the feed's latest phase."""
        window = par.provable_window(self.p, self.pid)
        if window is None:
            return
        incident_id = par.report_incident(self.p, self.pid, window)
        self._record(incident_id, window[0])

    def _windows(self) -> list[tuple[list[int], bool]]:
        """(window, starts at a crossing) for every below-threshold round that starts a
        long enough run of below-threshold rounds, over the whole history (any phase):
        crossings and later starts inside a running depeg (which must be refused)."""
        rounds = [par.Round(rid, a, t, rid) for rid, a, t in self.rounds]
        out = []
        for i in range(1, len(rounds)):
            if rounds[i].answer < THRESHOLD:
                w = par.find_window(rounds[i:], THRESHOLD, HOUR, preceded_by_crossing=True)
                if w is not None and w[0] == rounds[i].round_id:
                    out.append((w, rounds[i - 1].answer >= THRESHOLD))
        return out

    @rule(data=st.data(), with_previous=st.booleans())
    def report_any(self, data, with_previous):
        """A reporter picks any window, in any order, and may omit the previous phase's last
        round: only a crossing not yet reported becomes an incident."""
        windows = self._windows()
        if not windows:
            return
        window, crossing = data.draw(st.sampled_from(windows))
        previous = par.previous_round_of(self.feed, window[0]) if with_previous else 0
        needs_previous = par.split_round(window[0])[1] == 1
        if needs_previous and not with_previous:
            reason = "parametric: previous phase's last round required"
        elif not crossing:
            reason = "parametric: window must start where the feed fell below threshold"
        elif window[0] in self.crossings:
            reason = "parametric: incident already reported"
        else:
            self._record(self.p.parametric.report_incident(self.pid, window, previous), window[0])
            return
        with boa.reverts(reason):
            self.p.parametric.report_incident(self.pid, window, previous)

    @rule(data=st.data())
    def payout_batch(self, data):
        if not self.incidents or not self.covers:
            return
        incident_id = data.draw(st.sampled_from(sorted(self.incidents)))
        every = sorted(self.covers)
        ids = data.draw(
            st.one_of(st.just(every), st.lists(st.sampled_from([*every, 0, 10**6]), max_size=12))
        )
        time = self.incidents[incident_id]
        expected = 0
        for cid in dict.fromkeys(ids):  # repeated ids pay once
            c = self.covers.get(cid)
            if c is None or (incident_id, cid) in self.paid_for:
                continue
            if not c["start"] < time <= c["end"]:
                continue
            due = min(c["amount"] * self.bps // 10_000, c["amount"] - c["paid"])
            if due == 0:
                continue
            c["paid"] += due
            self.received[c["owner"]] += due
            self.paid_for.add((incident_id, cid))
            expected += due
        assert self.p.parametric.payout_many(ids, incident_id) == expected

    # -- invariants ----------------------------------------------------------------------
    @invariant()
    def covers_paid_as_modelled_and_never_beyond_amount(self):
        for cid, c in self.covers.items():
            paid = self.p.cover.covers(cid).paid
            assert paid == c["paid"] <= c["amount"]

    def _depeg_of(self, first_round: int) -> int:
        """The model's depeg a round belongs to: the crossing that started its run of
        below-threshold rounds, walking back across phase changes."""
        ids = [r[0] for r in self.rounds]
        i = ids.index(first_round)
        while i > 0 and self.rounds[i - 1][1] < THRESHOLD:
            i -= 1
        return self.rounds[i][0]

    @invariant()
    def a_depeg_is_paid_once_per_cover(self):
        depegs = {}
        for first_round, incident_id in self.crossings.items():
            depeg = self._depeg_of(first_round)
            assert depeg not in depegs, (
                f"incidents {depegs.get(depeg)} and {incident_id}: one depeg"
            )
            depegs[depeg] = incident_id
        for cid in self.covers:
            paid = [
                self._depeg_of(f) for f, i in self.crossings.items() if (i, cid) in self.paid_for
            ]
            assert len(paid) == len(set(paid))

    @invariant()
    def paid_flags_match(self):
        for incident_id in self.incidents:
            for cid in self.covers:
                flagged = self.p.parametric.is_paid(incident_id, cid)
                assert flagged == ((incident_id, cid) in self.paid_for)

    @invariant()
    def money_reaches_owners_and_nothing_stays(self):
        assert self.p.asset.balanceOf(self.p.parametric.address) == 0
        for h in self.holders:
            assert self.p.asset.balanceOf(h) == self.start_balance[h] + self.received[h]


@pytest.fixture
def world(protocol, auditor) -> dict:
    """The session deployment, 10^10 USDC of capital, a funded buyer, three holders."""
    deposit(protocol, boa.env.generate_address("uw"), 10**10 * USDC)
    buyer = boa.env.generate_address("buyer")
    fund(protocol.asset, buyer, protocol.cover.address, 10**10 * USDC)
    holders = [boa.env.generate_address(f"holder{i}") for i in range(3)]
    return {"p": protocol, "holders": holders, "buyer": buyer, "auditor": auditor}


def test_parametric_machine(world):
    run_state_machine_as_test(
        ParametricMachine.factory(world),
        settings=settings(settings(), max_examples=min(settings().max_examples, 25)),
    )


@pytest.mark.slow
def test_parametric_machine__long_campaign__invariants_hold(world):
    steps = run_campaign(ParametricMachine.factory(world), CAMPAIGN_STEPS, settings())
    assert steps >= CAMPAIGN_STEPS
