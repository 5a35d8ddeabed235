"""Pool and Cover under random sequences of calls, against a small Python model.

Rules: deposit, mint, request/cancel withdrawal, withdraw, redeem, share transfers, cover
purchases on two products, donations, fee sweeps, time travel, and a mock payer (a test
account the admin wired in as `claims`) paying losses and locking/releasing open claims.
Amounts are drawn log-uniformly and as basis-point fractions of what is available.
Invariants (SPEC §3.6):

1. pool balance == totalAssets + unearned premium + fees owed, each matching the model;
2. (3) after any withdrawal totalAssets >= locked_capital (and always, until a loss);
3. (4) the share price only rises by earned premium (within rounding of the exact linear
   schedule) and only falls by payouts;
4. a pending withdrawal request never exceeds the owner's balance.

Proved to catch bugs by breaking a copy of the contracts on purpose (never committed):
withdraw() rounding burned shares down (caught: withdraw burns fewer shares than
previewWithdraw), transfers no longer shrinking requests (caught by the transfer rule),
per-cover earning rates rounded down (caught by the linear-earning invariant: one unit
stayed unearned after every cover had expired).
"""

from __future__ import annotations

from fractions import Fraction

import boa
import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.utils.campaign import CAMPAIGN_STEPS, CountingSteps, run_campaign
from tests.utils.chain import now
from tests.utils.constants import DAY, MAX_SHARE_SUPPLY, USDC
from tests.utils.deploy import add_product, deposit, fund
from tests.utils.machines import DeployedMachine
from tests.utils.pricing import exact_premium, net_premium
from tests.utils.strategies import BPS, decades

AMOUNTS = decades(14)  # log-uniform: a decade 10**0 .. 10**14, then a value inside it
SECONDS = decades(6, cap=60 * DAY)
ACTOR = st.integers(min_value=0, max_value=2)


def _unpack_lock(code: int) -> int:
    """The lock a packing.pack_lock code stands for: 48-bit mantissa, 8-bit exponent."""
    return (code & (2**48 - 1)) << (code >> 48)


class PoolCoverMachine(CountingSteps, DeployedMachine):
    """The deployment comes from the `world` fixture; titanoboa rolls it back per example."""

    @initialize()
    def start(self):
        w = self.world
        self.p, self.pool, self.cover, self.asset = w["p"], w["p"].pool, w["p"].cover, w["p"].asset
        self.actors, self.buyer, self.payer = w["actors"], w["buyer"], w["payer"]
        self.products = w["products"]
        # Model.
        self.base = self.pool.base_assets()
        self.fees = self.pool.fees_owed()
        self.covers: list[tuple[int, int, int, int, int]] = []  # amount, net, t0, boundary, pid
        self.open_claims: list[int] = []
        self.lost = False  # a payout or open claim may leave the lock uncovered
        self.paid_since_check = False
        self.last_price = self._price()

    # ------------------------------------------------------------ helpers
    def _price(self) -> Fraction:
        return Fraction(self.pool.totalAssets() + 1, self.pool.totalSupply() + 1_000)

    def _live(self) -> list[tuple[int, int, int, int, int]]:
        t = now()
        return [c for c in self.covers if c[3] > t]

    def _after_withdrawal(self):
        assert self.pool.totalAssets() >= self.pool.locked_capital()

    # ------------------------------------------------------------ underwriters
    @rule(who=ACTOR, assets=AMOUNTS)
    def deposit(self, who, assets):
        actor = self.actors[who]
        fund(self.asset, actor, self.pool.address, assets)
        expected = self.pool.previewDeposit(assets)
        with boa.env.prank(actor):
            if expected == 0:
                with boa.reverts("pool: deposit too small for one share"):
                    self.pool.deposit(assets, actor)
                return
            if self._past_share_cap(expected):
                with boa.reverts("pool: share supply at its limit after losses"):
                    self.pool.deposit(assets, actor)
                return
            assert self.pool.deposit(assets, actor) == expected
        self.base += assets

    @rule(who=ACTOR, shares=AMOUNTS)
    def mint(self, who, shares):
        actor = self.actors[who]
        assets = self.pool.previewMint(shares)
        fund(self.asset, actor, self.pool.address, assets)
        with boa.env.prank(actor):
            if self._past_share_cap(shares):
                with boa.reverts("pool: share supply at its limit after losses"):
                    self.pool.mint(shares, actor)
                return
            assert self.pool.mint(shares, actor) == assets
        self.base += assets

    def _past_share_cap(self, shares: int) -> bool:
        """A withdrawal request holds up to 2**176 - 1 shares; the pool mints no more."""
        return self.pool.totalSupply() + shares > MAX_SHARE_SUPPLY

    @rule(who=ACTOR, bps=BPS)
    def request_withdrawal(self, who, bps):
        actor = self.actors[who]
        shares = self.pool.balanceOf(actor) * bps // 10_000
        with boa.env.prank(actor):
            if shares == 0:
                with boa.reverts("pool: zero shares"):
                    self.pool.request_withdrawal(0)
                return
            self.pool.request_withdrawal(shares)
        assert self.pool.withdrawal_request(actor)[0] == shares

    @rule(who=ACTOR)
    def cancel_withdrawal(self, who):
        actor = self.actors[who]
        with boa.env.prank(actor):
            if self.pool.withdrawal_request(actor) == (0, 0, 0):
                with boa.reverts("pool: no withdrawal request"):
                    self.pool.cancel_withdrawal()
                return
            self.pool.cancel_withdrawal()

    def _pick(self, who: int) -> str:
        """Prefer an actor inside a withdrawal window (random sequences rarely line up)."""
        ready = [a for a in self.actors if self.pool.maxRedeem(a) > 0]
        return ready[who % len(ready)] if ready else self.actors[who]

    @rule(who=ACTOR, bps=BPS, beyond=st.booleans())
    def redeem(self, who, bps, beyond):
        actor = self._pick(who)
        max_shares = self.pool.maxRedeem(actor)
        if beyond:
            # Ask for more than maxRedeem allows: must be refused, changing nothing.
            shares = max_shares + max(self.pool.previewWithdraw(2), 1) * bps
            with boa.env.prank(actor), boa.reverts():
                self.pool.redeem(shares, actor, actor)
            return
        shares = max_shares * bps // 10_000
        if shares == 0 or self.pool.previewRedeem(shares) == 0:
            return
        expected = self.pool.previewRedeem(shares)
        with boa.env.prank(actor):
            assert self.pool.redeem(shares, actor, actor) == expected
        self.base -= expected
        self._after_withdrawal()

    @rule(who=ACTOR, bps=BPS)
    def withdraw(self, who, bps):
        actor = self._pick(who)
        assets = self.pool.maxWithdraw(actor) * bps // 10_000
        if assets == 0:
            return
        shares = self.pool.previewWithdraw(assets)
        with boa.env.prank(actor):
            assert self.pool.withdraw(assets, actor, actor) == shares
        self.base -= assets
        self._after_withdrawal()

    @rule(sender=ACTOR, receiver=ACTOR, bps=BPS)
    def transfer(self, sender, receiver, bps):
        src, dst = self.actors[sender], self.actors[receiver]
        shares = self.pool.balanceOf(src) * bps // 10_000
        requested = self.pool.withdrawal_request(src)[0]
        with boa.env.prank(src):
            self.pool.transfer(dst, shares)
        if src != dst:
            assert self.pool.withdrawal_request(src)[0] == min(requested, self.pool.balanceOf(src))

    # ------------------------------------------------------------ cover
    @rule(
        which=st.integers(min_value=0, max_value=1),
        bps=BPS,
        days=st.integers(7, 365),
        extra=st.integers(0, DAY - 1),
    )
    def buy_cover(self, which, bps, days, extra):
        pid = self.products[which]
        capacity = self.cover.products(pid).capacity
        active = self.cover.active_cover_of(pid)
        free = self.pool.totalAssets() - self.pool.locked_capital()
        available = max(0, min(capacity - active, free))
        amount = available * bps // 10_000
        period = min(days * DAY + extra, 365 * DAY)
        if amount == 0:
            return
        premium = self.cover.quote(pid, amount, period)
        exact = exact_premium(
            amount, self.cover.products(pid).annual_rate_bps, period, active, capacity
        )
        assert exact <= premium < exact + 1
        t0 = now()
        assets_before = self.pool.totalAssets()
        with boa.env.prank(self.buyer):
            cid = self.cover.buy_cover(pid, amount, period, premium, self.buyer)
        c = self.cover.covers(cid)
        net = net_premium(premium, self.pool.treasury_fee_bps(), self.pool.assessment_fee_bps())
        self.covers.append((amount, net, t0, -(-c.end // DAY) * DAY, pid))
        self.base += net
        self.fees += premium - net
        # No jump on purchase (SPEC §3.1).
        assert self.pool.totalAssets() == assets_before

    # ------------------------------------------------------------ losses, fees, time
    @rule(bps=BPS)
    def pay(self, bps):
        amount = self.pool.totalAssets() * bps // 10_000
        if amount == 0:
            return
        with boa.env.prank(self.payer):
            self.pool.pay(self.buyer, amount)
        self.base -= amount
        self.lost = True
        self.paid_since_check = True

    @rule(bps=BPS, lock_bps=st.sampled_from([0, 0, 3_333, 10_000]))
    def lock_claim(self, bps, lock_bps):
        """Claims puts a claim under assessment: its amount joins open claims (exit
        pricing), and the part its cover's lock does not hold joins the capital lock
        (nothing on an active cover at 1x, all of it on an expired cover)."""
        amount = self.pool.totalAssets() * bps // 10_000
        lock = amount * lock_bps // 10_000
        with boa.env.prank(self.payer):
            # a cover still active for 400 days whose own lock holds all but `lock`
            code = self.pool.lock_claim(amount, amount - lock, now() + 400 * DAY)
        # The pool keeps a claim's lock as a float code rounded up (packing.pack_lock):
        # exact below 2**48, above it at most 2**-47 more (a deposit can make it that big).
        held = _unpack_lock(code)
        assert lock <= held <= lock + (lock >> 47) + 1
        assert code == lock or lock >= 2**48
        self.open_claims.append((amount, code))
        self.lost = True  # the lock may now exceed capital, by design

    @precondition(lambda self: len(self.open_claims) > 0)
    @rule(which=st.integers(min_value=0, max_value=2**16))
    def release_claim(self, which):
        amount, code = self.open_claims.pop(which % len(self.open_claims))
        with boa.env.prank(self.payer):
            self.pool.release_claim(amount, code)

    @rule(amount=AMOUNTS)
    def donate(self, amount):
        self.asset.mint(self.pool.address, amount)
        self.fees += amount

    @rule()
    def sweep_fees(self):
        self.pool.sweep_fees()
        self.fees = 0

    @rule(seconds=SECONDS)
    def time_travel(self, seconds):
        boa.env.time_travel(seconds=seconds)

    @rule(who=ACTOR, bps=st.integers(min_value=0, max_value=9_999))
    def wait_for_cooldown(self, who, bps):
        """Jump into a pending request's window (most sequences would never get there)."""
        pending = [a for a in self.actors if self.pool.withdrawal_request(a)[1] > now()]
        if not pending:
            return
        _, ready_at, expires_at = self.pool.withdrawal_request(pending[who % len(pending)])
        boa.env.time_travel(seconds=ready_at + (expires_at - ready_at) * bps // 10_000 - now())

    @precondition(lambda self: len(self.covers) > 0)
    @rule()
    def travel_past_all_cover(self):
        boundary = max(c[3] for c in self.covers)
        if boundary > now():
            boa.env.time_travel(seconds=boundary - now())

    # ------------------------------------------------------------ invariants
    @invariant()
    def balance_is_assets_plus_unearned_plus_fees(self):
        balance = self.asset.balanceOf(self.pool)
        assets, unearned, fees = (
            self.pool.totalAssets(),
            self.pool.unearned_premium(),
            self.pool.fees_owed(),
        )
        assert balance == assets + unearned + fees
        assert self.pool.base_assets() == self.base == assets + unearned
        assert fees == self.fees

    @invariant()
    def premium_is_earned_linearly(self):
        t = now()
        live = self._live()
        exact = sum(Fraction(net * (b - t), b - t0) for _, net, t0, b, _ in live)
        unearned = self.pool.unearned_premium()
        # Unearned rounds up; per-cover rates round up (earn a hair early).
        assert exact - len(live) - 1 <= unearned <= exact + 1
        if not live:
            assert unearned == 0

    @invariant()
    def active_cover_matches_live_covers(self):
        live = self._live()
        assert self.pool.active_cover() == sum(c[0] for c in live)
        for pid in self.products:
            assert self.cover.active_cover_of(pid) == sum(c[0] for c in live if c[4] == pid)

    @invariant()
    def locked_capital_is_cover_over_leverage_plus_claims_lock(self):
        live = sum(c[0] for c in self._live())
        assert self.pool.open_claims() == sum(a for a, _ in self.open_claims)
        claims_lock = sum(_unpack_lock(code) for _, code in self.open_claims)
        assert self.pool.claims_locked() == claims_lock
        assert (
            self.pool.locked_capital()
            == live * 10_000 // self.pool.max_leverage_bps() + claims_lock
        )

    @invariant()
    def exits_are_priced_net_of_open_claims(self):
        open_amount = sum(a for a, _ in self.open_claims)
        supply = self.pool.totalSupply() + 1_000
        net = max(self.pool.totalAssets() - open_amount, 0) + 1
        assert self.pool.previewRedeem(10**9) == 10**9 * net // supply
        assert self.pool.previewDeposit(10**6) == self.pool.convertToShares(10**6)

    @invariant()
    def capital_covers_the_lock_until_a_loss(self):
        if not self.lost:
            assert self.pool.totalAssets() >= self.pool.locked_capital()

    @invariant()
    def share_price_moves_only_by_premium_and_losses(self):
        price = self._price()
        if self.paid_since_check:
            assert price <= self.last_price
        else:
            assert price >= self.last_price
        self.last_price = price
        self.paid_since_check = False

    @invariant()
    def request_never_exceeds_balance(self):
        for actor in self.actors:
            assert self.pool.withdrawal_request(actor)[0] <= self.pool.balanceOf(actor)


@pytest.fixture
def world(protocol, auditor, underwriter, keeper, attacker, policyholder, payer):
    p = protocol
    products = [
        add_product(
            p,
            auditor,
            name="Aave v3",
            rate_bps=250,
            capacity=5_000_000 * USDC,
            attest_for=50 * 365 * DAY,
        ),
        add_product(
            p,
            auditor,
            name="Ethena",
            rate_bps=1_500,
            capacity=300_000 * USDC,
            waiting=0,
            attest_for=50 * 365 * DAY,
        ),
    ]
    shares = deposit(p, underwriter, 1_000_000 * USDC)
    with boa.env.prank(underwriter):
        p.pool.request_withdrawal(shares // 2)
    fund(p.asset, policyholder, p.cover.address, 10**30)
    return {
        "p": p,
        "actors": [underwriter, keeper, attacker],
        "buyer": policyholder,
        "payer": payer,
        "products": products,
    }


def test_pool_cover_machine(world):
    run_state_machine_as_test(PoolCoverMachine.factory(world), settings=settings())


@pytest.mark.slow
def test_pool_cover_machine__long_campaign__invariants_hold(world):
    machine = PoolCoverMachine.factory(world)
    assert run_campaign(machine, CAMPAIGN_STEPS, settings()) >= CAMPAIGN_STEPS
