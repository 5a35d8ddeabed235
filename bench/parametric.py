"""Parametric gas benchmark (SPEC 5): report_incident with 2, 24 and 64 rounds, payout_many,
and multi-feed triggers: report_incident_multi with 2 of 3 feeds and with 3, 4 and 5 windows of
a 3-of-5 product (what each extra feed costs), buy_cover on a 2-of-3 product.

``run()`` returns JSON-able figures; `make bench` prints them. Every figure is receipt-style
gas of one call as a fresh transaction (bench/gas.py), in a steady state: a funded pool, a
warm product whose trigger already proved an incident, 100 covers with consecutive ids, each
held by its own buyer (who paid the premium in the pool asset, so holds some of it).
"""

from __future__ import annotations

import json
import time
from typing import Any

import boa

try:
    from bench.gas import measure, pin_clock
except ImportError:  # run as a script from bench/
    from gas import measure, pin_clock  # type: ignore[no-redef]

BUDGETS = {"payout_many_per_cover": 40_000}
DAY = 86_400
HOUR = 3_600
USDC = 10**6
PEG = 100_000_000
DEPEG = 93_000_000
THRESHOLD = 97_000_000
BATCH = 100
ROUNDS = (2, 24, 64)


class _World:
    """One deployment with a USDC-depeg product, capital and 100 holders."""

    def __init__(self) -> None:
        from safetynet.artifacts import deployer
        from safetynet.deploy import deploy_protocol

        pin_clock()
        self.admin = boa.env.generate_address("admin")
        boa.env.eoa = self.admin
        self.p = p = deploy_protocol(admin=self.admin)
        self.keeper = boa.env.generate_address("keeper")
        underwriter = boa.env.generate_address("underwriter")
        self.feed = deployer("MockAggregator").deploy(8, "USDC / USD", PEG)
        with boa.env.prank(self.admin):
            p.cover.grantRole(p.cover.AUDITOR_ROLE(), self.admin)
            self.product = p.cover.add_product(
                "USDC depeg", 1, 200, 10**15, HOUR, 7 * DAY, 365 * DAY, b"\x01" * 32
            )
            p.cover.attest(self.product, b"\x02" * 32, boa.env.evm.patch.timestamp + 400 * DAY)
            p.parametric.set_trigger(self.product, self.feed.address, THRESHOLD, HOUR, 10_000)
        p.asset.mint(underwriter, 10**14)
        with boa.env.prank(underwriter):
            p.asset.approve(p.pool.address, 2**256 - 1)
            p.pool.deposit(10**14, underwriter)
        # A first incident, so the product's incident state is warm.
        self.report(2)

    def buy_covers(self, n: int) -> list[int]:
        ids = []
        for i in range(n):
            holder = boa.env.generate_address(f"holder{i}")
            self.p.asset.mint(holder, 1_000 * USDC)
            with boa.env.prank(holder):
                self.p.asset.approve(self.p.cover.address, 2**256 - 1)
                ids.append(
                    self.p.cover.buy_cover(self.product, 1_000 * USDC, 30 * DAY, 2**255, holder)
                )
        return ids

    def window(self, rounds: int) -> list[int]:
        """The feed recovers, then stays below the threshold for an hour over `rounds` rounds."""
        boa.env.time_travel(seconds=600)
        self.feed.set_answer(PEG)
        step = -(-HOUR // (rounds - 1))
        ids = []
        for i in range(rounds):
            boa.env.time_travel(seconds=600 if i == 0 else step)
            self.feed.set_answer(DEPEG)
            ids.append(self.feed.latestRoundData()[0])
        return ids

    def report(self, rounds: int) -> tuple[int, int]:
        ids = self.window(rounds)
        with boa.env.prank(self.keeper):
            return measure(
                self.p.parametric, lambda: self.p.parametric.report_incident(self.product, ids)
            )


class _MultiFeeds:
    """A product of `w` whose trigger needs `required` of `n` feeds (8 decimals but one of 18)."""

    def __init__(self, w: _World, n: int, required: int) -> None:
        from safetynet.artifacts import deployer

        self.w = w
        p = w.p
        self.feeds = [
            deployer("MockAggregator").deploy(18 if i == 1 else 8, f"USDC / USD {i}", PEG)
            for i in range(n)
        ]
        self.feeds[1].set_answer(PEG * 10**10)
        with boa.env.prank(w.admin):
            self.product = p.cover.add_product(
                f"USDC depeg {required} of {n}", 1, 200, 10**15, HOUR, 7 * DAY, 365 * DAY,
                b"\x01" * 32,
            )  # fmt: skip
            p.cover.attest(self.product, b"\x02" * 32, boa.env.evm.patch.timestamp + 400 * DAY)
            p.parametric.set_trigger(self.product, self.feeds[0].address, THRESHOLD, HOUR, 10_000)
            p.parametric.set_trigger_feeds(self.product, [f.address for f in self.feeds], required)

    def report(self, windows: int) -> int:
        """Every feed recovers, then falls for an hour in 2 rounds; `windows` of them reported."""
        boa.env.time_travel(seconds=600)
        for f in self.feeds:
            f.set_answer(PEG * 10 ** (int(f.decimals()) - 8))
        boa.env.time_travel(seconds=600)
        rounds: list[list[int]] = [[] for _ in self.feeds]
        for step in (0, HOUR):
            boa.env.time_travel(seconds=step)
            for i, f in enumerate(self.feeds):
                f.set_answer(DEPEG * 10 ** (int(f.decimals()) - 8))
                rounds[i].append(f.latestRoundData()[0])
        args = [(i, rounds[i], 0) for i in range(windows)]
        pid = self.product
        with boa.env.prank(self.w.keeper):
            gas, _ = measure(
                self.w.p.parametric,
                lambda: self.w.p.parametric.report_incident_multi(pid, args),
            )
        return gas


def _multi_feed_figures(w: _World) -> dict[str, int]:
    out: dict[str, int] = {}
    two_of_three = _MultiFeeds(w, 3, 2)
    two_of_three.report(2)  # warm: the product's first incident
    out["report_incident_multi_2_of_3"] = two_of_three.report(2)
    three_of_five = _MultiFeeds(w, 5, 3)
    three_of_five.report(3)
    for windows in (3, 4, 5):
        out[f"report_incident_multi_{windows}_windows"] = three_of_five.report(windows)
    out["report_incident_multi_per_extra_feed"] = (
        out["report_incident_multi_5_windows"] - out["report_incident_multi_3_windows"]
    ) // 2
    # buy_cover on a 2-of-3 product: trigger_active reads every feed.
    boa.env.time_travel(seconds=600)
    for f in two_of_three.feeds:
        f.set_answer(PEG * 10 ** (int(f.decimals()) - 8))
    p = w.p
    for i, name in enumerate(("multi_warm", "multi_buyer")):
        holder = boa.env.generate_address(name)
        p.asset.mint(holder, 1_000 * USDC)
        with boa.env.prank(holder):
            p.asset.approve(p.cover.address, 2**256 - 1)
            gas, _ = measure(
                p.cover,
                lambda h=holder: p.cover.buy_cover(
                    two_of_three.product, 1_000 * USDC, 30 * DAY, 2**255, h
                ),
            )
        if i == 1:
            out["buy_cover_new_buyer_2_of_3_feeds"] = gas
    return out


def run() -> dict[str, Any]:
    started = time.perf_counter()
    w = _World()
    out: dict[str, Any] = {}
    for rounds in ROUNDS:
        out[f"report_incident_{rounds}_rounds"], _ = w.report(rounds)

    # Covers bought after those incidents, then one more incident they are all hit by.
    boa.env.time_travel(seconds=600)
    w.feed.set_answer(PEG)
    ids = w.buy_covers(BATCH)
    boa.env.time_travel(seconds=HOUR)  # the product's waiting period
    gas_report, incident_id = w.report(2)
    with boa.env.prank(w.keeper):
        gas, total = measure(w.p.parametric, lambda: w.p.parametric.payout_many(ids, incident_id))
    assert total == BATCH * 1_000 * USDC, "payout_many did not pay every cover"
    assert all(w.p.cover.covers(c).paid == 1_000 * USDC for c in ids)
    out["payout_many_100_covers"] = gas
    out["payout_many_per_cover"] = gas // BATCH

    # One more cover, paid alone (what a holder's own `payout` call costs).
    boa.env.time_travel(seconds=600)
    w.feed.set_answer(PEG)
    (single,) = w.buy_covers(1)
    boa.env.time_travel(seconds=HOUR)
    _, incident_id = w.report(2)
    with boa.env.prank(w.keeper):
        out["payout_single"], _ = measure(
            w.p.parametric, lambda: w.p.parametric.payout(single, incident_id)
        )

    out.update(_multi_feed_figures(w))

    out["budgets"] = dict(BUDGETS)
    out["over_budget"] = [k for k, b in BUDGETS.items() if out[k] > b]
    out["seconds"] = round(time.perf_counter() - started, 1)
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
