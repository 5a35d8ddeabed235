"""Parametric cover under random feed histories, purchases, NFT transfers, reports and
payout batches, against a small Python model.

Invariants (SPEC §3.6, 2): nothing is paid without a proved incident; a cover is paid at
most once per incident, never beyond its amount, always to whoever holds it at payout
time; every unit that leaves the pool reaches an owner (Parametric keeps nothing).
"""

from __future__ import annotations

import boa
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from safetynet.deploy import deployer
from safetynet.sdk import parametric as par
from tests.conftest import DAY, USDC, add_product, fund
from tests.fresh import deploy_world
from tests.helpers import HOUR, now

PEG, DEPEG, THRESHOLD = 100_000_000, 93_000_000, 97_000_000
ANSWERS = st.sampled_from([PEG, DEPEG, THRESHOLD, THRESHOLD - 1])
GAPS = st.one_of(st.just(0), st.integers(1, 2 * HOUR), st.integers(2 * HOUR, 10 * DAY))
# Log-uniform cover amounts: 1 unit .. 1,000,000 USDC.
AMOUNTS = (
    st.integers(0, 12)
    .flatmap(lambda e: st.integers(2**e, 2 ** (e + 1)))
    .map(lambda x: x * USDC // 8)
)
ACTOR = st.integers(0, 2)


class ParametricMachine(RuleBasedStateMachine):
    world: dict = {}

    @initialize(payout_bps=st.sampled_from([10_000, 5_000, 3_333]))
    def start(self, payout_bps):
        w = self.world
        self.p, self.holders, self.buyer = w["p"], w["holders"], w["buyer"]
        self.feed = deployer("MockAggregator").deploy(8, "USDC / USD", PEG)
        self.pid = add_product(
            self.p, w["auditor"], name="USDC depeg", kind=1, waiting=0, rate_bps=200,
            capacity=10**9 * USDC,
        )  # fmt: skip
        with boa.env.prank(self.p.admin):
            self.p.parametric.set_trigger(self.pid, self.feed.address, THRESHOLD, HOUR, payout_bps)
        self.bps = payout_bps
        self.covers: dict[int, dict] = {}  # id -> amount, start, end, owner, paid
        self.incidents: dict[int, int] = {}  # id -> time
        self.paid_for: set[tuple[int, int]] = set()
        self.received = {h: 0 for h in self.holders}
        self.start_balance = {h: self.p.asset.balanceOf(h) for h in self.holders}

    # -- rules ---------------------------------------------------------------------------
    @rule(answer=ANSWERS, gap=GAPS)
    def move_feed(self, answer, gap):
        boa.env.time_travel(seconds=gap)
        self.feed.set_answer(answer)

    @rule(hours=st.integers(1, 30), report=st.booleans(), recover=st.booleans())
    def depeg(self, hours, report, recover):
        """A dip that lasts `hours` (so the feed proves it), maybe reported at once, then
        maybe a recovery."""
        self.feed.set_answer(DEPEG)
        boa.env.time_travel(seconds=hours * HOUR)
        self.feed.set_answer(DEPEG - 1)
        if report:
            self.report()
        if recover:
            boa.env.time_travel(seconds=60)
            self.feed.set_answer(PEG)

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

    @rule()
    def report(self):
        window = par.provable_window(self.p, self.pid)
        if window is None:
            return
        incident_id = self.p.parametric.report_incident(self.pid, window)
        self.incidents[incident_id] = self.p.parametric.incidents(incident_id).time

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
            if not c["start"] <= time <= c["end"]:
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


def test_parametric_machine(admin, treasury, auditor, guardian):
    with boa.env.anchor():
        p = deploy_world(admin, treasury, auditor, guardian)
        underwriter, buyer = boa.env.generate_address("uw"), boa.env.generate_address("buyer")
        fund(p.asset, underwriter, p.pool.address, 10**10 * USDC)
        with boa.env.prank(underwriter):
            p.pool.deposit(10**10 * USDC, underwriter)
        fund(p.asset, buyer, p.cover.address, 10**10 * USDC)
        holders = [boa.env.generate_address(f"holder{i}") for i in range(3)]
        ParametricMachine.world = {"p": p, "holders": holders, "buyer": buyer, "auditor": auditor}
        run_state_machine_as_test(
            ParametricMachine,
            settings=settings(settings(), max_examples=min(settings().max_examples, 25)),
        )
    assert now() > 0
