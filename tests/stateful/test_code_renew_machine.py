"""The pool+cover machine with the new actions mixed in: renewals, upgrades of a covered
proxy, check_code, re-recording and re-attestation (SPEC §3.2), under the same SPEC §3.6
invariants (balance, linear earning, active cover, capital lock, share price) plus:

- a product's sales are stopped (Cover.code_changed, no live attestation) exactly when the
  model says: check_code found a difference and no attestation came after it;
- CodeGuard.code_matches tells whether the proxy runs the recorded implementation;
- a sale on a stopped product is refused with "cover: covered code changed since attestation";
- a renewal starts exactly at the old cover's end, keeps its product and amount, costs the
  quote of the moment, and is refused after the end or inside the waiting period before it.

Proved to catch bugs by breaking a copy of Cover on purpose (never committed): `attest` no
longer clearing the flag (caught: code_changed stays set after re-attestation), a renewal
starting one second after the old end (caught by the start == old end check).
"""

from __future__ import annotations

import boa
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, precondition, rule, run_state_machine_as_test

from safetynet.artifacts import deployer
from tests.stateful.test_pool_cover_machine import BPS, PoolCoverMachine, world  # noqa: F401
from tests.utils.campaign import CAMPAIGN_STEPS, run_campaign
from tests.utils.chain import now
from tests.utils.constants import DAY
from tests.utils.pricing import net_premium

CHANGED = "cover: covered code changed since attestation"
# How far ahead Cover tracks expiries (MAX_WAITING + MAX_PERIOD): a renewal ends within it.
HORIZON = 760 * DAY
REPORT = b"\x0d" * 32
FAR = 50 * 365 * DAY


class CodeRenewMachine(PoolCoverMachine):
    """Product 0's attestation covers a proxy that its owner may upgrade at any step."""

    def _code(self):
        if not hasattr(self, "stopped"):
            w = self.world
            self.guard, self.proxy, self.owner = w["p"].code_guard, w["proxy"], w["proxy_owner"]
            self.auditor = w["auditor"]
            self.stopped = {pid: False for pid in self.products}
            self.differs = {pid: False for pid in self.products}
            self.version = 1
        return self.guard

    # ------------------------------------------------------------ purchases
    @rule(
        which=st.integers(min_value=0, max_value=1),
        bps=BPS,
        days=st.integers(7, 365),
        extra=st.integers(0, DAY - 1),
    )
    def buy_cover(self, which, bps, days, extra):
        self._code()
        pid = self.products[which]
        if self.stopped[pid]:
            with boa.env.prank(self.buyer), boa.reverts(CHANGED):
                self.cover.buy_cover(pid, 1, 7 * DAY, 2**255, self.buyer)
            return
        super().buy_cover(which, bps, days, extra)

    @precondition(lambda self: self.pool.cover_count() > 0)
    @rule(which=st.integers(min_value=0, max_value=2**16), days=st.integers(7, 365))
    def renew_cover(self, which, days):
        self._code()
        cover_id = which % self.pool.cover_count() + 1
        old = self.cover.covers(cover_id)
        pid = old.product_id
        period = days * DAY
        waiting = self.cover.products(pid).waiting_period
        t = now()
        with boa.env.prank(self.buyer):
            if t > old.end:
                with boa.reverts("cover: cover ended: buy a new cover"):
                    self.cover.renew_cover(cover_id, period, 2**255)
                return
            if self.stopped[pid]:
                with boa.reverts(CHANGED):
                    self.cover.renew_cover(cover_id, period, 2**255)
                return
            if t + waiting > old.end:
                with boa.reverts("cover: renewal due a waiting period before the end"):
                    self.cover.renew_cover(cover_id, period, 2**255)
                return
            if old.end + period > t + HORIZON:
                with boa.reverts("cover: renewal ends over 760 days ahead"):
                    self.cover.renew_cover(cover_id, period, 2**255)
                return
            capacity = self.cover.products(pid).capacity
            active = self.cover.active_cover_of(pid)
            free = self.pool.totalAssets() - self.pool.locked_capital()
            if old.amount > min(capacity - active, free):
                with boa.reverts():  # product capacity or pool leverage
                    self.cover.renew_cover(cover_id, period, 2**255)
                return
            premium = self.cover.quote(pid, old.amount, period)
            assets_before = self.pool.totalAssets()
            new_id = self.cover.renew_cover(cover_id, period, premium)
        new = self.cover.covers(new_id)
        assert (new.product_id, new.amount, new.owner) == (pid, old.amount, self.buyer)
        assert (new.start, new.end, new.premium) == (old.end, old.end + period, premium)
        net = net_premium(premium, self.pool.treasury_fee_bps(), self.pool.assessment_fee_bps())
        self.covers.append((old.amount, net, t, -(-new.end // DAY) * DAY, pid))
        self.base += net
        self.fees += premium - net
        assert self.pool.totalAssets() == assets_before

    # ------------------------------------------------------------ covered code
    @rule()
    def upgrade_proxy(self):
        self._code()
        self.version += 1
        logic = deployer("MockLogic").deploy(self.version)
        with boa.env.prank(self.owner):
            self.proxy.upgradeTo(logic.address)
        self.differs[self.products[0]] = True

    @rule(which=st.integers(min_value=0, max_value=1))
    def check_code(self, which):
        guard = self._code()
        pid = self.products[which]
        assert guard.check_code(pid) is (not self.differs[pid])
        if self.differs[pid]:
            self.stopped[pid] = True

    @rule(re_record=st.booleans())
    def attest(self, re_record):
        """The auditor attests product 0 again, having re-recorded its code or not."""
        guard = self._code()
        pid = self.products[0]
        with boa.env.prank(self.auditor):
            if re_record:
                guard.set_covered_code(pid, [self.proxy.address])
                self.differs[pid] = False
            self.cover.attest(pid, REPORT, now() + FAR)
        self.stopped[pid] = False

    # ------------------------------------------------------------ invariants
    @invariant()
    def sales_stop_exactly_when_covered_code_changed(self):
        guard = self._code()
        for pid in self.products:
            assert bool(self.cover.code_changed(pid)) is self.stopped[pid]
            assert bool(self.cover.is_attested(pid)) is (not self.stopped[pid])
            assert bool(guard.code_matches(pid)) is (not self.differs[pid])


@pytest.fixture
def code_world(world, auditor):  # noqa: F811 - the pool+cover world, extended
    p = world["p"]
    owner = boa.env.generate_address("protocol_owner")
    with boa.env.prank(owner):
        proxy = deployer("MockProxy").deploy(deployer("MockLogic").deploy(1).address)
    with boa.env.prank(auditor):
        p.code_guard.set_covered_code(world["products"][0], [proxy.address])
    return world | {"proxy": proxy, "proxy_owner": owner, "auditor": auditor}


def test_code_renew_machine(code_world):
    run_state_machine_as_test(CodeRenewMachine.factory(code_world), settings=settings())


@pytest.mark.slow
def test_code_renew_machine__long_campaign__invariants_hold(code_world):
    machine = CodeRenewMachine.factory(code_world)
    assert run_campaign(machine, CAMPAIGN_STEPS, settings()) >= CAMPAIGN_STEPS
