"""Property: for random sequences of protocol actions on a real anvil node, indexed after
every transaction, the index equals what the chain says (covers, claims, positions, pool
figures) at every indexed block, on SQLite and PostgreSQL.

Actions are drawn blind (accounts, covers, claims, amounts as fractions of what exists):
the chain decides what succeeds, and a reverted transaction must change nothing in the
index either. CI runs a few examples (SAFETYNET_INDEXER_EXAMPLES, default 4); the slow
variant runs a campaign (make test-long).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safetynet.indexer.db import make_engine, upgrade
from safetynet.indexer.main import drop_all
from tests.utils.anvil_world import (
    ACTORS,
    DAY,
    HOUR,
    PARAMETRIC_PRODUCT,
    PROTOCOL_PRODUCT,
    SNET,
    USDC,
    AnvilWorld,
)
from tests.utils.databases import KINDS, fresh_database
from tests.utils.index_truth import indexer_for, mismatches
from tests.utils.scenarios import STORY_EVIDENCE as EVIDENCE

pytestmark = pytest.mark.integration

actor = st.integers(0, len(ACTORS) - 1)
fraction = st.integers(1, 10_000)  # basis points of what is available
action = st.one_of(
    st.tuples(st.just("deposit"), actor, st.integers(1, 10**6)),
    st.tuples(
        st.just("buy"),
        actor,
        st.sampled_from([PROTOCOL_PRODUCT, PARAMETRIC_PRODUCT]),
        st.integers(1, 50_000),
        st.integers(7, 90),
        actor,
    ),  # fmt: skip
    st.tuples(st.just("transfer_cover"), st.integers(1, 12), actor),
    st.tuples(st.just("request_withdrawal"), actor, fraction),
    st.tuples(st.just("cancel_withdrawal"), actor),
    st.tuples(st.just("redeem_shares"), actor),
    st.tuples(st.just("stake"), actor, st.integers(1, 40_000)),
    st.tuples(st.just("unstake"), actor, fraction),
    st.tuples(st.just("claim"), st.integers(1, 12), fraction),
    st.tuples(st.just("vote"), st.integers(1, 4), actor, st.booleans()),
    st.tuples(st.just("settle"), st.integers(1, 4)),
    st.tuples(st.just("rewards"), actor, st.integers(1, 4)),
    st.tuples(
        st.just("depeg_and_pay"),
    ),
    st.tuples(st.just("wait"), st.sampled_from([HOUR, DAY, 4 * DAY, 8 * DAY])),
)


def apply(w: AnvilWorld, step: tuple) -> None:
    """One action; a revert is fine (the index must then show nothing new)."""
    kind, *args = step
    count = int(w.view("cover", "cover_count"))
    if kind == "deposit":
        who, amount = ACTORS[args[0]], args[1] * USDC
        w.send(who, "pool", "deposit", amount, who, check=False)
    elif kind == "buy":
        who, product, amount, days, owner = args
        w.send(ACTORS[who], "cover", "buy_cover", product, amount * USDC, days * DAY, 2**255,
               ACTORS[owner], check=False)  # fmt: skip
    elif kind == "transfer_cover" and count:
        cid = (args[0] - 1) % count + 1
        owner = w.view("cover", "ownerOf", cid)
        w.send(owner, "cover", "transferFrom", owner, ACTORS[args[1]], cid, check=False)
    elif kind == "request_withdrawal":
        who = ACTORS[args[0]]
        shares = int(w.view("pool", "balanceOf", who)) * args[1] // 10_000
        w.send(who, "pool", "request_withdrawal", shares, check=False)
    elif kind == "cancel_withdrawal":
        w.send(ACTORS[args[0]], "pool", "cancel_withdrawal", check=False)
    elif kind == "redeem_shares":
        who = ACTORS[args[0]]
        shares = int(w.view("pool", "maxRedeem", who))
        w.send(who, "pool", "redeem", shares, who, who, check=False)
    elif kind == "stake":
        w.send(ACTORS[args[0]], "claims", "stake", args[1] * SNET, check=False)
    elif kind == "unstake":
        who = ACTORS[args[0]]
        staked = int(w.view("claims", "stakes", who)[0])
        w.send(who, "claims", "unstake", staked * args[1] // 10_000, check=False)
    elif kind == "claim" and count:
        cid = (args[0] - 1) % count + 1
        owner = w.view("cover", "ownerOf", cid)
        amount = int(w.view("cover", "covers", cid)[1]) * args[1] // 10_000
        w.send(owner, "claims", "submit_claim", cid, amount, w.now() - 1, 0, EVIDENCE,
               check=False)  # fmt: skip
    elif kind == "vote":
        w.send(ACTORS[args[1]], "claims", "vote", args[0], args[2], check=False)
    elif kind == "settle":
        w.send(ACTORS[0], "claims", "redeem", args[0], check=False)
    elif kind == "rewards":
        w.send(ACTORS[args[0]], "claims", "claim_rewards", [args[1]], check=False)
    elif kind == "depeg_and_pay":
        rounds = w.depeg()
        w.send(ACTORS[0], "parametric", "report_incident", PARAMETRIC_PRODUCT, rounds,
               check=False)  # fmt: skip
        incidents = int(w.view("parametric", "incident_count"))
        if incidents and count:
            w.send(ACTORS[0], "parametric", "payout_many", list(range(1, min(count, 100) + 1)),
                   incidents, check=False)  # fmt: skip
    elif kind == "wait":
        w.time_travel(args[0])


EXAMPLES = int(os.environ.get("SAFETYNET_INDEXER_EXAMPLES", "4"))


def _check(chain, world, db_url, steps) -> None:
    engine = make_engine(db_url)
    drop_all(engine)
    upgrade(engine)
    engine.dispose()
    base = world.snapshot()
    try:
        ix = indexer_for(db_url, chain)
        try:
            for step in steps:
                apply(world, step)
                ix.catch_up()
                assert mismatches(ix.engine, world) == [], step
        finally:
            ix.engine.dispose()
    finally:
        world.revert(base)


@pytest.mark.parametrize("kind", KINDS)
def test_index__random_actions__equals_the_chain_at_every_block(
    anvil_chain, anvil_world, kind, tmp_path
):
    chain, world = anvil_chain, anvil_world
    with fresh_database(kind, tmp_path) as db_url:

        @settings(max_examples=EXAMPLES, deadline=None, derandomize=False,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        @given(st.lists(action, min_size=1, max_size=12))
        def run(steps):
            _check(chain, world, db_url, steps)

        run()


@pytest.mark.slow
def test_index__random_actions_campaign__equals_the_chain(anvil_chain, anvil_world, tmp_path):
    chain, world = anvil_chain, anvil_world
    with fresh_database("sqlite", tmp_path) as db_url:

        @settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.lists(action, min_size=1, max_size=30))
        def run(steps):
            _check(chain, world, db_url, steps)

        run()
