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
from tests.utils.deploy import add_product
from tests.utils.machines import DeployedMachine
from tests.utils.parametric_covers import ParametricCovers, covers_world

ANSWERS = st.sampled_from([PEG, DEPEG, THRESHOLD, THRESHOLD - 1])
GAPS = st.one_of(st.just(0), st.integers(1, 2 * HOUR), st.integers(2 * HOUR, 10 * DAY))


class ParametricMachine(ParametricCovers, CountingSteps, DeployedMachine):
    @initialize(payout_bps=st.sampled_from([10_000, 5_000, 3_333]))
    def start(self, payout_bps):
        self.start_covers()
        w = self.world
        self.feed = deployer("MockAggregator").deploy(8, "USDC / USD", PEG)
        self.pid = add_product(
            self.p, w["auditor"], name="USDC depeg", kind=1, waiting=HOUR, rate_bps=200,
            capacity=10**9 * USDC,
        )  # fmt: skip
        with boa.env.prank(self.p.admin):
            self.p.parametric.set_trigger(self.pid, self.feed.address, THRESHOLD, HOUR, payout_bps)
        self.bps = payout_bps
        self.incidents: dict[int, int] = {}  # id -> time
        self.crossings: dict[int, int] = {}  # crossing (first) round -> incident id
        # The feed's history as the model knows it: (round id, answer, updated at).
        first = self.feed.latestRoundData()
        self.rounds: list[tuple[int, int, int]] = [(first[0], first[1], first[3])]

    def sales_paused(self) -> bool:
        return self.p.parametric.trigger_active(self.pid)

    def incident_time(self, incident_id: int) -> int:
        return self.incidents[incident_id]

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

    # -- invariants ----------------------------------------------------------------------
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


@pytest.fixture
def world(protocol, auditor) -> dict:
    """The session deployment, 10^10 USDC of capital, a funded buyer, three holders."""
    return covers_world(protocol, auditor)


def test_parametric_machine(world):
    run_state_machine_as_test(
        ParametricMachine.factory(world),
        settings=settings(settings(), max_examples=min(settings().max_examples, 25)),
    )


@pytest.mark.slow
def test_parametric_machine__long_campaign__invariants_hold(world):
    steps = run_campaign(ParametricMachine.factory(world), CAMPAIGN_STEPS, settings())
    assert steps >= CAMPAIGN_STEPS
