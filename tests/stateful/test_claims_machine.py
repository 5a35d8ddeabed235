"""Claims as a state machine: stake / submit / vote / time / redeem / freeze / rewards / withdraw.

A small Python model tracks what must be true (SPEC 3.6):
1. no asset appears or vanishes: every unit minted sits with a known holder, and Claims
   holds exactly its liabilities (open deposits + uncollected rewards) and its reserve;
2. no payout without an accepted claim (or a governance accept), never beyond a cover's
   amount, never twice: each cover's `paid` equals the model's sum of paid claims, and the
   pool's assets fall by exactly those payouts;
3. after any withdrawal, totalAssets() >= locked_capital().
Stake weight is never overstated: a vote's weight is at most what the voter had staked
strictly before the claim's submission, per the model's stake history.

Attacker actions (the audit's findings): cover holders stake dust and vote on their own
claims; the underwriter exits during votes (net-of-open-claims pricing); claims land on
active and on expired covers. Further invariants:
4. the reward reserve never pays a no-quorum claim, and a rejection pays its voters at
   most its forfeited deposit (filing and voting on one's own claim never profits);
5. no underwriter loses more on a paid claim than its share at filing: the underwriter
   who stays loses at most sum(amount x its shares / supply at filing) over paid claims;
6. locked_capital() never counts a cover twice: it is active cover plus the model's
   claim locks (nothing for a claim on an active cover at 1x, the whole amount on an
   expired cover); each claim's quorum is max(floor, 10% of the stake at submission).
Proved to catch bugs by breaking the contracts on purpose (never committed): rewards
booked without quorum (caught by 4), exits priced at the full figure (caught by 5), a
claim on an active cover locking its amount (caught by 6).
"""

from __future__ import annotations

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

from safetynet.deploy import GUARDIAN_ROLE, deploy_protocol
from tests.utils.campaign import CAMPAIGN_STEPS, CountingSteps, run_campaign
from tests.utils.constants import DAY, FROZEN, OPEN, PAID, REJECTED, SNET, USDC
from tests.utils.deploy import add_product, fund
from tests.utils.machines import DeployedMachine
from tests.utils.strategies import BPS, log_uniform

QUORUM = 8_000 * SNET
EXCLUDED = {
    10: "claims: excluded cause: rug pull",
    11: "claims: excluded cause: scam",
    12: "claims: excluded cause: phishing",
    13: "claims: excluded cause: fake token",
}


@pytest.fixture(scope="module")
def world() -> dict:
    """Deployed once: protocol, product, capital, covers, actors (each example rolls back)."""
    admin = boa.env.generate_address("machine_admin")
    auditor = boa.env.generate_address("machine_auditor")
    guardian = boa.env.generate_address("machine_guardian")
    underwriter = boa.env.generate_address("machine_underwriter")
    holders = [boa.env.generate_address(f"machine_holder{i}") for i in range(2)]
    stayer = boa.env.generate_address("machine_staying_underwriter")
    assessors = [boa.env.generate_address(f"machine_assessor{i}") for i in range(3)]
    p = deploy_protocol(admin=admin, params={"quorum": QUORUM, "treasury": admin})
    with boa.env.prank(admin):
        p.cover.grantRole(p.cover.AUDITOR_ROLE(), auditor)
        p.claims.grantRole(GUARDIAN_ROLE, guardian)
    pid = add_product(p, auditor, attest_for=3 * 365 * DAY)
    fund(p.asset, underwriter, p.pool.address, 2_000_000 * USDC)
    with boa.env.prank(underwriter):
        shares = p.pool.deposit(2_000_000 * USDC, underwriter)
        p.pool.request_withdrawal(shares // 2)
    fund(p.asset, stayer, p.pool.address, 2_000_000 * USDC)
    with boa.env.prank(stayer):
        p.pool.deposit(2_000_000 * USDC, stayer)
    covers = []
    for i, holder in enumerate(holders):
        fund(p.asset, holder, p.cover.address, 1_000_000 * USDC)
        with boa.env.prank(holder):
            p.asset.approve(p.claims.address, 2**256 - 1)
            for amount in (20_000 * USDC, 150_000 * USDC * (i + 1)):
                covers.append(p.cover.buy_cover(pid, amount, 120 * DAY, 2**255, holder))
        with boa.env.prank(admin):  # SNET for dust stakes on their own claims
            p.token.transfer(holder, 1_000 * SNET)
        with boa.env.prank(holder):
            p.token.approve(p.claims.address, 2**256 - 1)
    for a in assessors:
        with boa.env.prank(admin):
            p.token.transfer(a, 100_000 * SNET)
        with boa.env.prank(a):
            p.token.approve(p.claims.address, 2**256 - 1)
    p.pool.sweep_fees()  # the reward reserve holds the assessment fees from the start
    p.claims.sync_reserve()
    boa.env.time_travel(seconds=DAY + 3_600)
    return dict(
        p=p, admin=admin, guardian=guardian, underwriter=underwriter, holders=holders,
        assessors=assessors, covers=covers, stayer=stayer,
    )  # fmt: skip


bps = BPS


class ClaimsMachine(CountingSteps, DeployedMachine):
    @initialize()
    def setup(self):
        w = self.world
        self.w, self.p = w, w["p"]
        self.claims, self.asset, self.pool, self.cover = (
            self.p.claims, self.p.asset, self.p.pool, self.p.cover,
        )  # fmt: skip
        self.holders = [self.p.admin, self.p.treasury, w["underwriter"], *w["holders"],
                        *w["assessors"], w["stayer"], self.pool.address,
                        self.claims.address]  # fmt: skip
        self.minted = sum(self.asset.balanceOf(h) for h in set(self.holders))
        self.voters = [*w["assessors"], *w["holders"]]  # holders vote on their own claims
        self.stake_log: dict[str, list[tuple[int, int]]] = {a: [] for a in self.voters}
        self.total_staked = self.claims.total_staked()
        stayer = w["stayer"]
        self.stayer_start = self.pool.convertToAssets(self.pool.balanceOf(stayer))
        self.stayer_bound = 0  # sum over paid claims of the stayer's share at filing
        self.model: dict[int, dict] = {}  # claim id -> model claim
        self.paid_by_cover: dict[int, int] = {c: 0 for c in w["covers"]}
        self.owed_rewards = 0
        self.total_paid_out = 0
        self.assets_before = self.pool.totalAssets()

    def now(self) -> int:
        return boa.env.evm.patch.timestamp

    # ------------------------------------------------------------------ rules
    @rule(who=st.integers(0, 2), amount=log_uniform(1 * SNET, 60_000 * SNET))
    def stake(self, who, amount):
        a = self.w["assessors"][who]
        amount = min(amount, self.p.token.balanceOf(a))
        if amount == 0:
            return
        with boa.env.prank(a):
            self.claims.stake(amount)
        self.stake_log[a].append((self.now(), amount))
        self.total_staked += amount

    @rule(who=st.integers(0, 1), units=st.integers(1, 1_000))
    def holder_stakes_dust(self, who, units):
        """The attacker's move: a cover holder stakes dust to vote on its own claims."""
        h = self.w["holders"][who]
        with boa.env.prank(h):
            self.claims.stake(units * 10**9)
        self.stake_log[h].append((self.now(), units * 10**9))
        self.total_staked += units * 10**9

    @rule(who=st.integers(0, 2), frac=bps)
    def unstake(self, who, frac):
        a = self.w["assessors"][who]
        s = self.claims.stakes(a)
        amount = s.amount * frac // 10_000
        if amount == 0:
            return
        with boa.env.prank(a):
            if self.now() < s.locked_until:
                with boa.reverts("claims: stake locked after voting"):
                    self.claims.unstake(amount)
                return
            self.claims.unstake(amount)
        self.total_staked -= amount
        # the newest stake leaves first (it never counts for more than older stake)
        log, left = self.stake_log[a], amount
        while left:
            t, x = log.pop()
            if x > left:
                log.append((t, x - left))
                left = 0
            else:
                left -= x

    @rule(idx=st.integers(0, 3), frac=bps, cause=st.sampled_from([0, 1, 2, 3, 10, 11, 12, 13]))
    def submit(self, idx, frac, cause):
        cid = self.w["covers"][idx]
        c = self.cover.covers(cid)
        owner = c.owner
        amount = max(1, (c.amount - c.paid) * frac // 10_000)
        incident = max(c.start, min(self.now() - 1, c.end))
        open_id = self.claims.open_claim_of(cid)[0]
        with boa.env.prank(owner):
            if cause in EXCLUDED:
                with boa.reverts(EXCLUDED[cause]):
                    self.claims.submit_claim(cid, amount, incident, cause, b"\x01" * 32)
                return
            if cause == 3:
                with boa.reverts("claims: custodian halt needs custody cover"):
                    self.claims.submit_claim(cid, amount, incident, cause, b"\x01" * 32)
                return
            if open_id:
                with boa.reverts("claims: cover has an open claim"):
                    self.claims.submit_claim(cid, amount, incident, cause, b"\x01" * 32)
                return
            if self.now() > c.end + self.claims.claim_grace() or c.paid == c.amount:
                return
            claim_id = self.claims.submit_claim(cid, amount, incident, cause, b"\x01" * 32)
        filed = self.claims.claims(claim_id)
        rule_quorum = max(QUORUM, -(-self.total_staked * 1_000 // 10_000))
        assert rule_quorum <= filed.quorum <= rule_quorum + rule_quorum // 10**5 + 10**9
        assert self.claims.total_staked() == self.total_staked
        expired = self.now() >= -(-c.end // DAY) * DAY
        stayer = self.w["stayer"]
        self.model[claim_id] = dict(
            cover=cid, amount=amount, claimant=owner, submitted=self.now(),
            deposit=filed.deposit, accept=0, reject=0, quorum=filed.quorum,
            voters={}, status=OPEN, lock=amount if expired else 0,
            stayer_share=amount * self.pool.balanceOf(stayer) // self.pool.totalSupply(),
        )  # fmt: skip

    @precondition(lambda self: self.model)
    @rule(who=st.integers(0, 4), pick=st.integers(0, 10**6), accept=st.booleans())
    def vote(self, who, pick, accept):
        """Assessors 0-2 vote; 3-4 are the cover holders, voting with dust on claims."""
        claim_id = sorted(self.model)[pick % len(self.model)]
        m, a = self.model[claim_id], self.voters[who]
        state = self.claims.claims(claim_id)
        weight = self.claims.vote_weight(claim_id, a)
        eligible = sum(x for t, x in self.stake_log[a] if t < m["submitted"])
        assert weight <= eligible, "stake staked at or after submission counted"
        with boa.env.prank(a):
            if m["status"] == FROZEN:
                with boa.reverts("claims: claim frozen"):
                    self.claims.vote(claim_id, accept)
            elif m["status"] != OPEN:
                with boa.reverts("claims: claim already settled"):
                    self.claims.vote(claim_id, accept)
            elif self.now() >= state.voting_end:
                with boa.reverts("claims: voting closed"):
                    self.claims.vote(claim_id, accept)
            elif a in m["voters"]:
                with boa.reverts("claims: already voted"):
                    self.claims.vote(claim_id, accept)
            elif weight == 0:
                with boa.reverts("claims: no stake from before the claim"):
                    self.claims.vote(claim_id, accept)
            else:
                self.claims.vote(claim_id, accept)
                m["voters"][a] = weight
                m["accept" if accept else "reject"] += weight
                after = self.claims.claims(claim_id)
                assert (after.accept_weight, after.reject_weight) == (m["accept"], m["reject"])
                assert after.extensions <= 2

    @rule(seconds=log_uniform(60, 12 * DAY))
    def time_passes(self, seconds):
        boa.env.time_travel(seconds=seconds)

    @precondition(lambda self: self.model)
    @rule(pick=st.integers(0, 10**6))
    def redeem(self, pick):
        claim_id = sorted(self.model)[pick % len(self.model)]
        m = self.model[claim_id]
        state = self.claims.claims(claim_id)
        if m["status"] != OPEN:
            reason = (
                "claims: claim frozen" if m["status"] == FROZEN else "claims: claim already settled"
            )
            with boa.reverts(reason):
                self.claims.redeem(claim_id)
            return
        if self.now() < state.voting_end + self.claims.payout_cooldown():
            with boa.reverts():
                self.claims.redeem(claim_id)
            return
        quorum = m["accept"] + m["reject"] >= m["quorum"]
        accepted = quorum and m["accept"] > m["reject"]
        owner = self.cover.ownerOf(m["cover"])
        before = self.asset.balanceOf(owner)
        claimant_before = self.asset.balanceOf(m["claimant"])
        self.claims.redeem(claim_id)
        self._settled(claim_id, accepted, refund=accepted or not quorum)
        got = self.asset.balanceOf(owner) - before
        if owner == m["claimant"]:
            assert got == (m["amount"] if accepted else 0) + (m["deposit"] if m["refund"] else 0)
        else:
            assert got == (m["amount"] if accepted else 0)
            refund = m["deposit"] if m["refund"] else 0
            assert self.asset.balanceOf(m["claimant"]) - claimant_before == refund

    @precondition(lambda self: self.model)
    @rule(pick=st.integers(0, 10**6))
    def freeze(self, pick):
        claim_id = sorted(self.model)[pick % len(self.model)]
        m, state = self.model[claim_id], self.claims.claims(claim_id)
        end, cooldown = state.voting_end, self.claims.payout_cooldown()
        if m["status"] == OPEN and end <= self.now() < end + cooldown:
            with boa.env.prank(self.w["guardian"]):
                self.claims.freeze(claim_id)
            m["status"] = FROZEN

    @precondition(lambda self: any(m["status"] == FROZEN for m in self.model.values()))
    @rule(accept=st.booleans())
    def resolve(self, accept):
        claim_id = next(i for i, m in sorted(self.model.items()) if m["status"] == FROZEN)
        with boa.env.prank(self.p.admin):
            self.claims.resolve_frozen(claim_id, accept)
        self._settled(claim_id, accept, refund=accept)

    @rule(idx=st.integers(0, 3), to=st.integers(0, 1))
    def transfer_cover(self, idx, to):
        cid = self.w["covers"][idx]
        owner, new = self.cover.ownerOf(cid), self.w["holders"][to]
        if owner != new:
            with boa.env.prank(owner):
                self.cover.transferFrom(owner, new, cid)

    @precondition(lambda self: self.model)
    @rule(who=st.integers(0, 4))
    def collect_rewards(self, who):
        a = self.voters[who]
        settled = (PAID, REJECTED)
        ids = [i for i, m in self.model.items()
               if m["status"] in settled and a in m["voters"] and not m.get(a)]  # fmt: skip
        if not ids:
            return
        expected = sum(self.claims.pending_reward(i, a) for i in ids)
        before = self.asset.balanceOf(a)
        with boa.env.prank(a):
            assert self.claims.claim_rewards(ids) == expected
        assert self.asset.balanceOf(a) - before == expected
        for i in ids:
            self.model[i][a] = True
        self.owed_rewards -= expected

    @rule()
    def fees_to_reserve(self):
        self.pool.sweep_fees()
        self.claims.sync_reserve()

    @rule(frac=bps)
    def underwriter_withdraws(self, frac):
        u = self.w["underwriter"]
        most = self.pool.maxWithdraw(u)
        amount = most * frac // 10_000
        if amount == 0:
            return
        with boa.env.prank(u):
            self.pool.withdraw(amount, u, u)
        # invariant 3, checked where it is promised: right after a withdrawal
        assert self.pool.totalAssets() >= self.pool.locked_capital()

    @rule(frac=bps)
    def underwriter_requests(self, frac):
        """Ask again, so exits during votes happen (the window is only 3 days)."""
        u = self.w["underwriter"]
        shares = self.pool.balanceOf(u) * frac // 10_000
        if shares:
            with boa.env.prank(u):
                self.pool.request_withdrawal(shares)

    @rule()
    def wait_for_window(self):
        _, ready_at, expires_at = self.pool.withdrawal_request(self.w["underwriter"])
        if self.now() < ready_at:
            boa.env.time_travel(seconds=ready_at - self.now())

    def _settled(self, claim_id, accepted, refund):
        m = self.model[claim_id]
        assert m["status"] in (OPEN, FROZEN), "claim settled twice"
        m["status"], m["refund"] = (PAID if accepted else REJECTED), refund
        if accepted:
            self.paid_by_cover[m["cover"]] += m["amount"]
            self.total_paid_out += m["amount"]
            self.stayer_bound += m["stayer_share"] + 1
        c = self.claims.claims(claim_id)
        assert c.status == m["status"]
        # invariant 4: no reward without quorum; a rejection pays at most its deposit
        if not c.quorum_reached:
            assert c.reward == 0
        elif not accepted:
            assert c.reward <= m["deposit"]
        if m["voters"]:
            self.owed_rewards += sum(
                c.reward * w // (m["accept"] + m["reject"]) for w in m["voters"].values()
            )
            self.dust = (
                getattr(self, "dust", 0)
                + c.reward
                - sum(c.reward * w // (m["accept"] + m["reject"]) for w in m["voters"].values())
            )

    # ------------------------------------------------------------------ invariants
    @invariant()
    def nothing_appears_or_vanishes(self):
        if not hasattr(self, "p"):
            return
        assert sum(self.asset.balanceOf(h) for h in set(self.holders)) == self.minted
        open_deposits = sum(
            m["deposit"] for m in self.model.values() if m["status"] in (OPEN, FROZEN)
        )
        dust = getattr(self, "dust", 0)
        assert self.claims.liabilities() == open_deposits + self.owed_rewards + dust
        held = self.asset.balanceOf(self.claims.address)
        assert held >= self.claims.liabilities() + self.claims.reward_reserve()

    @invariant()
    def payouts_only_for_accepted_claims(self):
        if not hasattr(self, "p"):
            return
        for cid, paid in self.paid_by_cover.items():
            c = self.cover.covers(cid)
            assert c.paid == paid <= c.amount
        open_amounts = sum(
            m["amount"] for m in self.model.values() if m["status"] in (OPEN, FROZEN)
        )
        assert self.pool.open_claims() == open_amounts

    @invariant()
    def locked_capital_never_counts_a_cover_twice(self):
        if not hasattr(self, "p"):
            return
        locks = sum(m["lock"] for m in self.model.values() if m["status"] in (OPEN, FROZEN))
        assert self.pool.claims_locked() == locks
        assert self.pool.locked_capital() == self.pool.active_cover() + locks

    @invariant()
    def staying_underwriter_loses_at_most_its_share_at_filing(self):
        if not hasattr(self, "p"):
            return
        stayer = self.w["stayer"]
        now_worth = self.pool.convertToAssets(self.pool.balanceOf(stayer))
        assert now_worth >= self.stayer_start - self.stayer_bound


def test_claims_machine__any_sequence__invariants_hold(world):
    run_state_machine_as_test(ClaimsMachine.factory(world), settings=settings())  # the profile


@pytest.mark.slow
def test_claims_machine__long_campaign__invariants_hold(world):
    machine = ClaimsMachine.factory(world)
    assert run_campaign(machine, CAMPAIGN_STEPS, settings()) >= CAMPAIGN_STEPS
