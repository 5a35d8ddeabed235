"""What the parametric state machines share (tests/stateful/test_parametric_machine.py and
test_trigger_feeds_machine.py): one parametric product's covers bought, moved between
holders and paid out in batches against a small model, and the invariants on them.

A machine mixes `ParametricCovers` in before its bases, sets `self.pid` and `self.bps` (the
product's payout share) in its initialize rule after `start_covers()`, and says when the
model pauses sales (`sales_paused`) and when an incident happened (`incident_time`).
"""

from __future__ import annotations

from typing import Any

import boa
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule

from safetynet.deploy import Protocol
from tests.utils.constants import DAY, MAX_BPS, USDC
from tests.utils.deploy import deposit, fund

# Log-uniform cover amounts: 1 unit .. 1,000,000 USDC.
AMOUNTS = (
    st.integers(0, 12)
    .flatmap(lambda e: st.integers(2**e, 2 ** (e + 1)))
    .map(lambda x: x * USDC // 8)
)
HOLDER = st.integers(0, 2)


def covers_world(p: Protocol, auditor: str) -> dict[str, Any]:
    """{"p", "holders", "buyer", "auditor"}: 10^10 USDC of capital in p's pool, a buyer
    funded and approved for 10^10 USDC of premiums, three holders."""
    deposit(p, boa.env.generate_address("uw"), 10**10 * USDC)
    buyer = boa.env.generate_address("buyer")
    fund(p.asset, buyer, p.cover.address, 10**10 * USDC)
    holders = [boa.env.generate_address(f"holder{i}") for i in range(3)]
    return {"p": p, "holders": holders, "buyer": buyer, "auditor": auditor}


class ParametricCovers:
    """Rules and invariants on one parametric product's covers (see the module docstring)."""

    world: Any
    pid: int
    bps: int
    incidents: dict[int, Any]  # incident id -> what the machine models of it

    def start_covers(self) -> None:
        w = self.world
        self.p, self.holders, self.buyer = w["p"], w["holders"], w["buyer"]
        self.covers: dict[int, dict] = {}  # id -> amount, start, end, owner, paid
        self.paid_for: set[tuple[int, int]] = set()  # (incident, cover) paid
        self.received = {h: 0 for h in self.holders}
        self.start_balance = {h: self.p.asset.balanceOf(h) for h in self.holders}

    def sales_paused(self) -> bool:
        """Whether the product's trigger stops sales now, as the machine's model says."""
        raise NotImplementedError

    def incident_time(self, incident_id: int) -> int:
        """The incident's time: covers that started strictly before it and end at or after
        it are paid."""
        raise NotImplementedError

    @rule(amount=AMOUNTS, days=st.integers(7, 60), owner=HOLDER)
    def buy(self, amount, days, owner):
        holder = self.holders[owner]
        with boa.env.prank(self.buyer):
            if self.sales_paused():
                with boa.reverts("cover: trigger active: sales paused"):
                    self.p.cover.buy_cover(self.pid, amount, days * DAY, 2**255, holder)
                return
            cid = self.p.cover.buy_cover(self.pid, amount, days * DAY, 2**255, holder)
        c = self.p.cover.covers(cid)
        self.covers[cid] = {"amount": amount, "start": c.start, "end": c.end, "owner": holder,
                            "paid": 0}  # fmt: skip

    @rule(data=st.data(), to=HOLDER)
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

    @rule(data=st.data())
    def payout_batch(self, data):
        if not self.incidents or not self.covers:
            return
        incident_id = data.draw(st.sampled_from(sorted(self.incidents)))
        every = sorted(self.covers)
        ids = data.draw(
            st.one_of(st.just(every), st.lists(st.sampled_from([*every, 0, 10**6]), max_size=12))
        )
        time = self.incident_time(incident_id)
        expected = 0
        for cid in dict.fromkeys(ids):  # repeated ids pay once
            c = self.covers.get(cid)
            if c is None or (incident_id, cid) in self.paid_for:
                continue
            if not c["start"] < time <= c["end"]:
                continue
            due = min(c["amount"] * self.bps // MAX_BPS, c["amount"] - c["paid"])
            if due == 0:
                continue
            c["paid"] += due
            self.received[c["owner"]] += due
            self.paid_for.add((incident_id, cid))
            expected += due
        assert self.p.parametric.payout_many(ids, incident_id) == expected

    @invariant()
    def covers_paid_as_modelled_and_never_beyond_amount(self):
        for cid, c in self.covers.items():
            assert self.p.cover.covers(cid).paid == c["paid"] <= c["amount"]

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
