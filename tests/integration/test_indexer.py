"""The indexer against a real anvil node, on SQLite and PostgreSQL: its tables equal what the
chain says; a rebuilt index equals a live one; reorgs roll back and re-index; kill -9 at any
point loses nothing and duplicates nothing; a standby replica takes over within 10 s."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from safetynet.chain import RpcSession
from safetynet.indexer.db import make_engine, upgrade
from safetynet.indexer.lease import DbLease
from safetynet.indexer.main import drop_all
from safetynet.indexer.models import Cover, Cursor, Lease, Totals
from safetynet.indexer.service import Indexer, IndexerConfig, dump_tables
from safetynet.node import free_port, start_anvil
from safetynet.sdk.events import Deployment
from tests.integration import require_anvil
from tests.utils.anvil_world import (
    ACTORS,
    PARAMETRIC_PRODUCT,
    PROTOCOL_PRODUCT,
    USDC,
    AnvilWorld,
    deploy,
)
from tests.utils.databases import KINDS, fresh_database
from tests.utils.index_truth import mismatches
from tests.utils.scenarios import story

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
# Every table the index derives from the chain (cursor.updated_at is wall-clock time).
RECORD_TABLES = [
    "events", "products", "attestations", "triggers", "covers", "claims", "votes",
    "positions", "pool_history", "totals", "incidents", "payouts", "feed_rounds",
]  # fmt: skip


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """One anvil node with SafetyNet deployed; each test starts from that state."""
    require_anvil()
    folder = tmp_path_factory.mktemp("indexer-chain")
    node = start_anvil(free_port(), log_path=folder / "anvil.log")
    try:
        manifest = folder / "deployment.json"
        deploy(node.url, manifest)
        world = AnvilWorld(node.url, json.loads(manifest.read_text()))
        yield {"node": node, "world": world, "manifest": manifest, "base": world.snapshot()}
    finally:
        node.stop()


@pytest.fixture
def world(chain):
    w = chain["world"]
    w.revert(chain["base"])
    chain["base"] = w.snapshot()  # anvil consumes a snapshot when it reverts to it
    return w


@pytest.fixture(params=KINDS)
def db_url(request, tmp_path):
    with fresh_database(request.param, tmp_path) as url:
        yield url


def _indexer(url: str, chain: dict, **config: int) -> Indexer:
    engine = make_engine(url)
    ix = Indexer(engine, RpcSession(chain["node"].url),
                 Deployment.from_manifest(chain["manifest"]), IndexerConfig(**config))  # fmt: skip
    ix.setup()
    return ix


def _rebuilt(chain: dict, tmp_path: Path, kind: str = "sqlite") -> dict:
    """The record tables of an index built in one go from the deployment block."""
    with fresh_database(kind, tmp_path) as url:
        ix = _indexer(url, chain)
        ix.catch_up()
        try:
            return dump_tables(ix.engine, RECORD_TABLES)
        finally:
            ix.engine.dispose()


def _kind(url: str) -> str:
    return "sqlite" if url.startswith("sqlite") else "postgresql"


# ------------------------------------------------------------------------------ tests


def test_index__story_indexed_after_every_transaction__tables_equal_the_chain(
    chain, world, db_url, tmp_path
):
    ix = _indexer(db_url, chain, batch_blocks=3)
    story(world, ix.catch_up)
    try:
        assert mismatches(ix.engine, world) == []
        live = dump_tables(ix.engine, RECORD_TABLES)
        with ix.engine.connect() as conn:
            totals = conn.execute(select(Totals)).one()
        assert (totals.covers, totals.claims, totals.claims_accepted, totals.claims_rejected,
                totals.incidents) == (4, 2, 1, 1, 1)  # fmt: skip
        assert totals.paid_assessed == 8_000 * USDC
        assert totals.paid_parametric == (3_000 + 7_000) * USDC // 2
        # Rebuildable: the same rows from one pass over the chain, on the other database too.
        other = "postgresql" if _kind(db_url) == "sqlite" else "sqlite"
        assert _rebuilt(chain, tmp_path, other) == live
    finally:
        ix.engine.dispose()


def test_reorg__blocks_replaced_by_other_transactions__index_follows_the_new_chain(
    chain, world, db_url, tmp_path
):
    ix = _indexer(db_url, chain)
    a = ACTORS
    world.send(a[0], "pool", "deposit", 1_000_000 * USDC, a[0])
    c1 = world.buy(a[1], PROTOCOL_PRODUCT, 5_000 * USDC)
    ix.catch_up()
    fork_point = world.snapshot()
    # The chain the index sees first: a transfer, two more covers, a withdrawal request.
    world.send(a[1], "cover", "transferFrom", a[1], a[2], c1)
    world.buy(a[3], PARAMETRIC_PRODUCT, 2_000 * USDC)
    world.buy(a[4], PROTOCOL_PRODUCT, 9_000 * USDC)
    world.send(a[0], "pool", "request_withdrawal", 10**15)
    ix.catch_up()
    orphaned_head = ix.cursor()
    with ix.engine.connect() as conn:
        assert conn.execute(select(Cover.owner).where(Cover.cover_id == c1)).scalar() == \
            a[2].lower()  # fmt: skip
    # A reorg: those blocks are replaced by others with different transactions.
    world.revert(fork_point)
    world.buy(a[5], PARAMETRIC_PRODUCT, 4_000 * USDC)
    world.send(a[6], "pool", "deposit", 20_000 * USDC, a[6])
    world.mine(3)  # the new chain is longer
    ix.catch_up()
    try:
        assert ix.cursor() != orphaned_head
        assert mismatches(ix.engine, world) == []
        with ix.engine.connect() as conn:
            assert conn.execute(select(Cover.owner).where(Cover.cover_id == c1)).scalar() == \
                a[1].lower()  # fmt: skip
        assert dump_tables(ix.engine, RECORD_TABLES) == _rebuilt(chain, tmp_path)
    finally:
        ix.engine.dispose()


def test_reorg__deeper_than_the_window__refused_with_advice(chain, world, tmp_path):
    with fresh_database("sqlite", tmp_path) as url:
        ix = _indexer(url, chain, reorg_window=2)
        fork_point = world.snapshot()
        world.buy(ACTORS[1], PROTOCOL_PRODUCT, 1_000 * USDC)
        world.mine(6)
        ix.catch_up()
        world.revert(fork_point)
        world.buy(ACTORS[2], PROTOCOL_PRODUCT, 3_000 * USDC)  # other blocks from here on
        world.mine(8)
        with pytest.raises(Exception, match="deeper than the index's reorg window"):
            ix.catch_up()
        ix.engine.dispose()


class IndexerProcess:
    """`python -m safetynet.indexer` on the test chain, its JSON lines in a file."""

    def __init__(self, chain: dict, db_url: str, log: Path, **env: str) -> None:
        args = [sys.executable, "-m", "safetynet.indexer", "--rpc-url", chain["node"].url,
                "--manifest", str(chain["manifest"]), "--database-url", db_url,
                "--interval", "0.2"]  # fmt: skip
        self.log = log
        out = open(log, "ab")  # noqa: SIM115 - the child owns it
        self.proc = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
        )  # fmt: skip
        out.close()

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                return self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()
        return int(self.proc.returncode)


def _many_blocks_of_events(world: AnvilWorld, covers: int) -> None:
    a = ACTORS
    world.send(a[0], "pool", "deposit", 1_000_000 * USDC, a[0])
    for i in range(covers):
        c = world.buy(a[i % 4], PROTOCOL_PRODUCT, (1_000 + i) * USDC)
        if i % 3 == 0:
            world.send(a[i % 4], "cover", "transferFrom", a[i % 4], a[4 + i % 4], c)


def test_kill_restart__kill_9_mid_batch_many_times__no_gap_no_duplicate(
    chain, world, db_url, tmp_path
):
    _many_blocks_of_events(world, 60)
    env = {"SAFETYNET_INDEX_BATCH_BLOCKS": "2", "SAFETYNET_INDEX_LEASE_SECONDS": "1"}
    rng = random.Random(11)
    engine = make_engine(db_url)
    upgrade(engine)
    cursors = []
    try:
        log = tmp_path / "indexer.log"
        for _ in range(8):
            p = IndexerProcess(chain, db_url, log, **env)
            # Once it has committed a batch of its own, kill it a moment later: anywhere in
            # the next batch, between batches, or inside a commit.
            done = log.read_text().count('"indexed"') if log.exists() else 0
            _wait_for(lambda n=done: log.read_text().count('"indexed"') > n, 30, "a batch")
            time.sleep(rng.uniform(0.0, 0.08))
            p.kill()
            with engine.connect() as conn:
                cursors.append(conn.execute(select(Cursor.block_number)).scalar())
            time.sleep(1.1)  # the killed replica's lease expires
        # Then let one run to the head.
        p = IndexerProcess(chain, db_url, log, **env)
        head = world.block_number()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                if conn.execute(select(Cursor.block_number)).scalar() == head:
                    break
            time.sleep(0.2)
        assert p.stop() == 0
        # It was killed part-way, again and again, and each run went on from the cursor.
        progress = [c for c in cursors if c is not None and c < head]
        assert len(set(progress)) >= 3, (cursors, head)
        assert mismatches(engine, world) == []
        assert dump_tables(engine, RECORD_TABLES) == _rebuilt(chain, tmp_path)
    finally:
        engine.dispose()


def test_takeover__active_replica_killed__standby_indexes_within_10_s(
    chain, world, db_url, tmp_path
):
    engine = make_engine(db_url)
    upgrade(engine)
    first = IndexerProcess(chain, db_url, tmp_path / "a.log")
    second = IndexerProcess(chain, db_url, tmp_path / "b.log")
    try:
        world.send(ACTORS[0], "pool", "deposit", 1_000 * USDC, ACTORS[0])
        _wait_for(lambda: _cursor(engine) == world.block_number(), 60, "first catch-up")
        with engine.connect() as conn:
            holder = conn.execute(select(Lease.holder).where(Lease.name == "indexer")).scalar()
        pid = int(holder.split(":")[1])
        active, standby = (first, second) if first.proc.pid == pid else (second, first)
        assert active.proc.pid == pid
        active.kill()
        killed_at = time.monotonic()
        cover_id = world.buy(ACTORS[1], PROTOCOL_PRODUCT, 1_000 * USDC)
        head = world.block_number()
        _wait_for(lambda: _cursor(engine) == head, 10, "the standby's takeover")
        took = time.monotonic() - killed_at
        with engine.connect() as conn:
            assert conn.execute(select(Cover.cover_id).where(Cover.cover_id == cover_id)).scalar()
        assert took <= 10
        assert DbLease(engine, "indexer").holder_now().split(":")[1] == str(standby.proc.pid)
        assert standby.stop() == 0
        assert mismatches(engine, world) == []
    finally:
        first.stop()
        second.stop()
        engine.dispose()


def _cursor(engine) -> int | None:
    with engine.connect() as conn:
        return conn.execute(select(Cursor.block_number)).scalar()


def _wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except Exception:  # the table may not exist yet
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out after {seconds} s waiting for {what}")


def test_rebuild_flag__existing_index__dropped_and_rebuilt(chain, world, tmp_path):
    from safetynet.indexer.main import run

    with fresh_database("sqlite", tmp_path) as url:
        world.buy(ACTORS[1], PROTOCOL_PRODUCT, 1_000 * USDC)
        common = {"rpc_url": chain["node"].url, "manifest": chain["manifest"],
                  "database_url": url, "once": True}  # fmt: skip
        assert run(**common) == 0
        engine = make_engine(url)
        before = dump_tables(engine, RECORD_TABLES)
        drop_all(engine)
        assert run(**common, rebuild=True) == 0
        assert dump_tables(engine, RECORD_TABLES) == before
        engine.dispose()
