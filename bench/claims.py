"""Claims gas benchmark (SPEC 5): submit_claim, vote, redeem, stake, unstake, and scaling.

``run()`` returns JSON-able figures; `make bench` prints them. Every figure is receipt-style
gas of one call as a fresh transaction (bench/gas.py), in a steady state: a funded pool, a
warm product, other claims already open (the pool's open-claims figure and Claims' asset
balance are not zero), stakes older than the longest voting window.

Scaling: the gas of the same `vote` with 10 claims and 10 stakers in the system, then with
10,000 of each in the same chain: the covers, claims and stakes are made by real calls,
two of each kind, and the rest written as the exact storage those calls leave when repeated
(bench/populate.py; tests/python/bench/test_bench_populate.py proves it slot for slot).
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import boa
from eth_utils import keccak

from bench.gas import measure, pin_clock
from bench.populate import extrapolate
from safetynet.units import DAY

BUDGETS = {
    "submit_claim": 150_000,
    "vote_first": 70_000,
    "vote_later": 70_000,
    "redeem_accepted": 110_000,
}
RATIO_BUDGET = 1.05
USDC = 10**6
SNET = 10**18
MAX_UINT = 2**256 - 1
SMALL = 10
LARGE = int(os.environ.get("CLAIMS_BENCH_LARGE", "10000"))


class _World:
    """One deployment with a product, capital, covers and assessors, grown by real calls."""

    def __init__(self) -> None:
        from safetynet.deploy import deploy_protocol

        pin_clock()
        self.admin = boa.env.generate_address("admin")
        boa.env.eoa = self.admin
        # quorum_bps 0: a flat 1 SNET quorum, so growing the stakers by extrapolation
        # keeps Claims' storage linear (the ledger head holds the quorum's code).
        self.p = deploy_protocol(admin=self.admin, params={"quorum": 1 * SNET, "quorum_bps": 0})
        p = self.p
        self.auditor = boa.env.generate_address("auditor")
        self.underwriter = boa.env.generate_address("underwriter")
        self.policyholder = boa.env.generate_address("policyholder")
        with boa.env.prank(self.admin):
            p.cover.grantRole(p.cover.AUDITOR_ROLE(), self.auditor)
            self.product = p.cover.add_product(
                "Aave v3", 0, 250, 10**15, DAY, 7 * DAY, 365 * DAY, b"\x01" * 32
            )
        with boa.env.prank(self.auditor):
            p.cover.attest(self.product, b"\x02" * 32, _now() + 3 * 365 * DAY)
        p.asset.mint(self.underwriter, 10**14)
        with boa.env.prank(self.underwriter):
            p.asset.approve(p.pool.address, MAX_UINT)
            p.pool.deposit(10**14, self.underwriter)
        p.asset.mint(self.policyholder, 10**14)
        with boa.env.prank(self.policyholder):
            p.asset.approve(p.cover.address, MAX_UINT)
            p.asset.approve(p.claims.address, MAX_UINT)
        self.stakers: list[str] = []
        self.claims: list[int] = []

    def add_stakers(self, n: int, amount: int = 1_000 * SNET) -> None:
        p = self.p
        for _ in range(n):
            staker = boa.env.generate_address()
            with boa.env.prank(self.admin):
                p.token.transfer(staker, amount)
            with boa.env.prank(staker):
                p.token.approve(p.claims.address, MAX_UINT)
                p.claims.stake(amount)
            self.stakers.append(staker)

    def buy(self, amount: int = 1_000 * USDC) -> int:
        with boa.env.prank(self.policyholder):
            return self.p.cover.buy_cover(
                self.product, amount, 180 * DAY, MAX_UINT, self.policyholder
            )

    def add_claims(self, n: int, voters: int = 1) -> None:
        """n open claims, each on its own cover, each with a few votes already."""
        p = self.p
        covers = [self.buy() for _ in range(n)]
        boa.env.time_travel(seconds=DAY + 1)  # past the waiting period
        incident = _now() - 1
        with boa.env.prank(self.policyholder):
            ids = [p.claims.submit_claim(c, 500 * USDC, incident, 0, b"\x07" * 32) for c in covers]
        boa.env.time_travel(seconds=1)
        for i, claim_id in enumerate(ids):
            for k in range(voters):
                with boa.env.prank(self.stakers[(i + k) % len(self.stakers)]):
                    p.claims.vote(claim_id, True)
        self.claims.extend(ids)

    def age_stakes(self) -> None:
        """Move past the longest voting window so every stake is base stake."""
        boa.env.time_travel(seconds=self.p.claims.max_window() + 1)


def _grow(w: _World, stakers: int, claims: int) -> None:
    """Add stakers and open claims: two real calls of each kind, the rest extrapolated
    from their exact storage effects (bench/populate.py, proved equal to real calls by
    tests/python/bench/test_bench_populate.py)."""
    p = w.p
    amount = 1_000 * SNET
    addrs = [_staker_address(i) for i in range(stakers)]

    def stake(i: int) -> None:
        with boa.env.prank(w.admin):
            p.token.transfer(addrs[i], amount)
        with boa.env.prank(addrs[i]):
            p.token.approve(p.claims.address, MAX_UINT)
            p.claims.stake(amount)

    extrapolate(stake, stakers, keys=[bytes.fromhex(a[2:]).rjust(32, b"\0") for a in addrs])
    w.age_stakes()
    first = p.cover.cover_count() + 1
    # one real operation first at this block time, so the ones extrapolated find the
    # premium book and the product's expiry walk already caught up (as every later one does)
    w.buy()
    extrapolate(lambda i: w.buy(), claims - 1)
    boa.env.time_travel(seconds=DAY + 1)
    incident = _now() - 1

    def submit(i: int) -> None:
        with boa.env.prank(w.policyholder):
            p.claims.submit_claim(first + i, 500 * USDC, incident, 0, b"\x07" * 32)

    submit(0)
    extrapolate(lambda i: submit(i + 1), claims - 1)
    # spot checks through the contracts' own views
    last = p.claims.claims(p.claims.claim_count())
    assert last.cover_id == first + claims - 1 and last.amount == 500 * USDC, last
    assert p.claims.open_claim_of(first + claims - 1)[1] == w.policyholder
    assert p.cover.ownerOf(first + claims - 1) == w.policyholder
    if stakers:
        assert p.claims.stakes(addrs[-1]).amount == amount
        assert p.token.balanceOf(p.claims.address) == p.claims.total_staked()


def _staker_address(i: int) -> str:
    return "0x" + keccak(b"bench staker %d" % i)[12:].hex()


def _now() -> int:
    return boa.env.evm.patch.timestamp


def _measure_vote(w: _World) -> tuple[int, int]:
    """A fresh claim, voted first by one staker then by another: (first, later) gas."""
    p = w.p
    cover_id = w.buy()
    boa.env.time_travel(seconds=DAY + 1)
    with boa.env.prank(w.policyholder):
        claim_id = p.claims.submit_claim(cover_id, 500 * USDC, _now() - 1, 0, b"\x07" * 32)
    boa.env.time_travel(seconds=60)
    with boa.env.prank(w.stakers[0]):
        first, _ = measure(p.claims, lambda: p.claims.vote(claim_id, True))
    with boa.env.prank(w.stakers[1]):
        later, _ = measure(p.claims, lambda: p.claims.vote(claim_id, True))
    return first, later


def measure_claims() -> dict[str, int]:
    """Every single-call figure (quick: the snapshot test runs it)."""
    out: dict[str, int] = {}
    with boa.swap_env(boa.Env()):
        w = _World()
        p = w.p
        w.add_stakers(SMALL)
        w.age_stakes()
        w.add_claims(SMALL)
        # stake: a new staker, then a top-up by an existing one
        newcomer = boa.env.generate_address("newcomer")
        with boa.env.prank(w.admin):
            p.token.transfer(newcomer, 2_000 * SNET)
        with boa.env.prank(newcomer):
            p.token.approve(p.claims.address, MAX_UINT)
            out["stake_new"], _ = measure(p.claims, lambda: p.claims.stake(1_000 * SNET))
            boa.env.time_travel(seconds=3_600)
            out["stake_topup"], _ = measure(p.claims, lambda: p.claims.stake(1_000 * SNET))

        # submit_claim: the first claim on a cover, with other claims open
        cover_id = w.buy(20_000 * USDC)
        other_cover = w.buy(20_000 * USDC)
        boa.env.time_travel(seconds=DAY + 1)
        incident = _now() - 1
        with boa.env.prank(w.policyholder):
            out["submit_claim"], claim_id = measure(
                p.claims,
                lambda: p.claims.submit_claim(cover_id, 5_000 * USDC, incident, 0, b"\x07" * 32),
            )
            other = p.claims.submit_claim(other_cover, 5_000 * USDC, incident, 0, b"\x07" * 32)
        boa.env.time_travel(seconds=60)
        with boa.env.prank(w.stakers[0]):
            out["vote_first"], _ = measure(p.claims, lambda: p.claims.vote(claim_id, True))
        with boa.env.prank(w.stakers[1]):
            out["vote_later"], _ = measure(p.claims, lambda: p.claims.vote(claim_id, True))
        for staker in w.stakers[:5]:
            with boa.env.prank(staker):
                if staker not in w.stakers[:2]:
                    p.claims.vote(claim_id, True)
                p.claims.vote(other, True)
        # redeem (accepted): payout to the owner and deposit back. Steady state: the pool
        # was touched earlier that day (any sale or deposit brings its premium book up to
        # date); then the same on a pool idle for 5 days (its book walks 5 expiry days).
        boa.env.time_travel(seconds=p.claims.voting_period() + p.claims.payout_cooldown())
        p.pool.sweep_fees()  # fund the reward reserve as Cover's premiums do
        p.claims.sync_reserve()
        p.pool.checkpoint()
        out["redeem_accepted"], _ = measure(p.claims, lambda: p.claims.redeem(claim_id))
        status = p.claims.claims(claim_id).status
        assert status == 3, f"bench claim not paid (status {status})"
        boa.env.time_travel(seconds=5 * DAY)
        out["redeem_accepted_idle_pool"], _ = measure(p.claims, lambda: p.claims.redeem(other))
        # rewards: one voter collects one claim
        with boa.env.prank(w.stakers[0]):
            out["claim_rewards_one"], _ = measure(
                p.claims, lambda: p.claims.claim_rewards([claim_id])
            )
        # unstake after the vote lock
        boa.env.time_travel(seconds=p.claims.stake_lock() + 3 * DAY)
        with boa.env.prank(w.stakers[0]):
            out["unstake"], _ = measure(p.claims, lambda: p.claims.unstake(100 * SNET))
    return out


def run() -> dict[str, Any]:
    started = time.perf_counter()
    out: dict[str, Any] = dict(measure_claims())

    # scaling: vote with 10 vs 10,000 open claims and stakers, one chain grown in place
    # (fresh environments: measuring commits state, which anchors cannot roll back)
    populate_started = time.perf_counter()
    with boa.swap_env(boa.Env()):
        w = _World()
        w.add_stakers(SMALL)
        w.age_stakes()
        w.add_claims(SMALL)
        small_first, small_later = _measure_vote(w)
        _grow(w, LARGE - len(w.stakers), LARGE - w.p.claims.claim_count())
        large_first, large_later = _measure_vote(w)
        out["scaling"] = {
            "claims": w.p.claims.claim_count(),
            "stakers": w.p.claims.total_staked() // (1_000 * SNET),
            "vote_first_small": small_first,
            "vote_first_large": large_first,
            "vote_later_small": small_later,
            "vote_later_large": large_later,
            "populate_seconds": round(time.perf_counter() - populate_started, 1),
        }
    out["vote_ratio_10000_vs_10"] = round(
        max(large_first / small_first, large_later / small_later), 4
    )
    out["budgets"] = dict(BUDGETS, vote_ratio_10000_vs_10=RATIO_BUDGET)
    over = [k for k, b in BUDGETS.items() if out[k] > b]
    if out["vote_ratio_10000_vs_10"] > RATIO_BUDGET:
        over.append("vote_ratio_10000_vs_10")
    out["over_budget"] = over
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
