"""The indexing loop: batches of blocks, each in one database transaction.

One step:
1. check the last indexed block's hash against the chain; if it differs, find the highest
   stored block that still matches (the common ancestor), roll back to it (undo log) and
   start again from there;
2. read the logs of the next blocks (up to the target head: latest - confirmations, or the
   node's `safe` block) with the SDK's chunked reader, and the headers of their blocks;
   check that they all belong to one chain continuing the indexed one;
3. in one transaction: renew the lease (fencing), check the cursor has not moved, write the
   events, project them into the derived tables (with the eth_call reads they need), store
   the blocks of the reorg window, prune what fell out of it, move the cursor. Commit.

A crash anywhere loses at most the uncommitted batch: the next run starts again from the
cursor, so nothing is indexed twice or skipped.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from safetynet.chain import RpcError, RpcSession
from safetynet.errors import SafetyNetError
from safetynet.indexer import db
from safetynet.indexer.lease import DbLease
from safetynet.indexer.models import Block, Cursor, Event, Trigger, UndoEntry
from safetynet.indexer.projection import Projector, event_args_json
from safetynet.indexer.store import Store, rollback
from safetynet.sdk.events import (
    Deployment,
    EventReader,
    Header,
    Log,
    headers,
    headers_or_none,
)
from safetynet.service.log import LogFn

LOCAL_CHAIN_IDS = (31337, 1337)
CURSOR = "main"


@dataclass(frozen=True)
class IndexerConfig:
    """How the indexer reads (Settings index_* fields; see safetynet.settings)."""

    confirmations: int | None = None  # None: 0 on local chains, else the node's `safe` block
    reorg_window: int = 128
    chunk_blocks: int = 2_000
    batch_blocks: int = 5_000
    batch_logs: int = 5_000


class Indexer:
    """Indexes one deployment into one database (see the module docstring)."""

    def __init__(self, engine: Engine, rpc: RpcSession, deployment: Deployment,
                 config: IndexerConfig | None = None, lease: DbLease | None = None,
                 log: LogFn | None = None) -> None:  # fmt: skip
        self.engine = engine
        self.rpc = rpc
        self.deployment = deployment
        self.config = config or IndexerConfig()
        self.lease = lease
        self.log = log or (lambda event, **fields: None)
        self.reader = EventReader(rpc, deployment, chunk=self.config.chunk_blocks)

    # ------------------------------------------------------------------ setup

    def setup(self) -> None:
        """Migrate the database and create the cursor at the block before the deployment;
        refuse a database that indexes another deployment or chain."""
        db.upgrade(self.engine)
        chain_id = int(self.rpc.call("eth_chainId", []), 16)
        if chain_id != self.deployment.chain_id:
            raise SafetyNetError(
                f"the manifest is for chain {self.deployment.chain_id}, the node is chain "
                f"{chain_id}: point --rpc-url at the deployment's chain"
            )
        pool = self.deployment.addresses["pool"]
        with self.engine.begin() as conn:
            cursor = conn.execute(select(Cursor.__table__).where(Cursor.name == CURSOR)).first()
            if cursor is not None:
                if cursor.chain_id != chain_id or cursor.pool_address != pool:
                    raise SafetyNetError(
                        f"the index database holds chain {cursor.chain_id}, pool "
                        f"{cursor.pool_address}, not this deployment (chain {chain_id}, pool "
                        f"{pool}): use another SAFETYNET_DATABASE_URL, or `safetynet index "
                        "--rebuild` to start it over"
                    )
                return
            start = max(self.deployment.block - 1, 0)
            (head,) = headers(self.rpc, [start])
            conn.execute(insert(Cursor.__table__).values(
                name=CURSOR, chain_id=chain_id, pool_address=pool, first_block=start + 1,
                block_number=start, block_hash=head.hash, block_timestamp=head.timestamp,
                updated_at=time.time(),
            ))  # fmt: skip
            conn.execute(insert(Block.__table__).values(
                number=head.number, hash=head.hash, parent_hash=head.parent_hash,
                timestamp=head.timestamp,
            ))  # fmt: skip

    def cursor(self) -> tuple[int, str]:
        """(block, hash) indexed through."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(Cursor.block_number, Cursor.block_hash).where(Cursor.name == CURSOR)
            ).one()
        return int(row.block_number), str(row.block_hash)

    # ------------------------------------------------------------------ target

    def target_head(self) -> tuple[int, int]:
        """(block to index up to, latest block)."""
        latest = int(self.rpc.call("eth_blockNumber", []), 16)
        confirmations = self.config.confirmations
        if confirmations is None:
            if self.deployment.chain_id in LOCAL_CHAIN_IDS:
                return latest, latest
            try:
                safe = self.rpc.call("eth_getBlockByNumber", ["safe", False])
                if safe is not None:
                    return int(safe["number"], 16), latest
            except RpcError:
                pass
            confirmations = 12
        return max(latest - confirmations, 0), latest

    # ------------------------------------------------------------------ one step

    def step(self) -> int:
        """Index one batch; returns the number of events written (0: nothing new, or a
        reorg was rolled back)."""
        cursor, cursor_hash = self.cursor()
        (chain_at_cursor,) = headers_or_none(self.rpc, [cursor])
        if chain_at_cursor is None or chain_at_cursor.hash != cursor_hash:
            self.handle_reorg()
            return 0
        target, latest = self.target_head()
        first = cursor + 1
        if first > target:
            return 0
        last = min(target, cursor + self.config.batch_blocks)
        self._watch_feeds()
        # End the batch at the first TriggerSet: the feeds read change after it.
        trigger_set = self.reader.first_block_of("parametric", "TriggerSet", first, last)
        if trigger_set is not None:
            last = trigger_set
        logs, last = self.reader.logs_until(first, last, self.config.batch_logs)
        blocks = sorted({lg.block_number for lg in logs} | {first, last})
        by_number = {h.number: h for h in headers(self.rpc, blocks)}
        if by_number[first].parent_hash != cursor_hash:
            return 0  # the chain moved under us: the next step finds the reorg
        if any(by_number[lg.block_number].hash != lg.block_hash for lg in logs):
            return 0  # logs and headers from different forks: read again
        self._commit(cursor, logs, by_number, last, latest)
        self.log("indexed", **{"from": first, "to": last, "events": len(logs)})
        return len(logs)

    def _watch_feeds(self) -> None:
        with self.engine.connect() as conn:
            feeds = conn.execute(select(Trigger.feed).distinct()).scalars().all()
        self.reader = EventReader(self.rpc, self.deployment, chunk=self.config.chunk_blocks)
        for feed in feeds:
            self.reader.watch_feed(feed)

    def _commit(self, cursor: int, logs: list[Log], by_number: dict[int, Header], last: int,
                latest: int) -> None:  # fmt: skip
        window_floor = latest - self.config.reorg_window
        timestamps = {n: h.timestamp for n, h in by_number.items()}
        with self.engine.begin() as conn:
            if self.lease is not None:
                self.lease.renew(conn)
            now_cursor = conn.execute(
                select(Cursor.block_number).where(Cursor.name == CURSOR)
            ).scalar_one()
            if now_cursor != cursor:
                raise SafetyNetError("the cursor moved under this batch (another writer?)")
            if logs:
                conn.execute(insert(Event.__table__), [{
                    "block_number": lg.block_number, "log_index": lg.log_index,
                    "block_hash": lg.block_hash, "block_timestamp": timestamps[lg.block_number],
                    "tx_hash": lg.tx_hash, "tx_index": lg.tx_index, "address": lg.address,
                    "contract": lg.contract, "name": lg.name, "args": event_args_json(lg.args),
                } for lg in logs])  # fmt: skip
            store = Store(conn, undo_floor=window_floor)
            projector = Projector(store, self.deployment, timestamps)
            projector.apply(logs)
            projector.finish(self.rpc)
            store.flush()
            keep = [h for n, h in by_number.items() if n > window_floor or n == last]
            if keep:
                conn.execute(insert(Block.__table__), [{
                    "number": h.number, "hash": h.hash, "parent_hash": h.parent_hash,
                    "timestamp": h.timestamp,
                } for h in sorted(keep, key=lambda h: h.number)])  # fmt: skip
            floor = min(window_floor, last)
            conn.execute(delete(Block.__table__).where(Block.number < floor))
            conn.execute(delete(UndoEntry.__table__).where(UndoEntry.block_number <= floor))
            head = by_number[last]
            conn.execute(
                update(Cursor.__table__)
                .where(Cursor.name == CURSOR)
                .values(block_number=last, block_hash=head.hash,
                        block_timestamp=head.timestamp, updated_at=time.time())
            )  # fmt: skip

    # ------------------------------------------------------------------ reorgs

    def handle_reorg(self) -> int:
        """Roll back to the highest stored block whose hash the chain still has; returns it."""
        with self.engine.connect() as conn:
            stored = conn.execute(
                select(Block.number, Block.hash).order_by(Block.number.desc())
            ).all()
        found = headers_or_none(self.rpc, [n for n, _ in stored]) if stored else []
        chain = {h.number: h.hash for h in found if h is not None}
        ancestor = next((n for n, h in stored if chain.get(n) == h), None)
        if ancestor is None:
            raise SafetyNetError(
                "the chain reorganised deeper than the index's reorg window "
                f"({self.config.reorg_window} blocks): rebuild with `safetynet index --rebuild`"
            )
        with self.engine.begin() as conn:
            if self.lease is not None:
                self.lease.renew(conn)
            restored = rollback(conn, ancestor)
        self.log("reorg", rolled_back_to=ancestor, rows_restored=restored)
        return ancestor

    # ------------------------------------------------------------------ running

    def catch_up(self, max_steps: int | None = None) -> int:
        """Index until the target head; returns events written."""
        total, steps = 0, 0
        while max_steps is None or steps < max_steps:
            cursor, _ = self.cursor()
            target, _ = self.target_head()
            if cursor >= target:
                (chain_at_cursor,) = headers_or_none(self.rpc, [cursor])
                if chain_at_cursor is not None and chain_at_cursor.hash == self.cursor()[1]:
                    return total
            total += self.step()
            steps += 1
        return total


def dump_tables(engine: Engine, tables: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of `tables`, sorted (for comparing two indexes)."""
    from sqlalchemy import MetaData, Table

    out = {}
    meta = MetaData()
    with engine.connect() as conn:
        for name in tables:
            table = Table(name, meta, autoload_with=conn)
            rows = conn.execute(select(table)).all()
            out[name] = sorted(
                tuple(json.dumps(v) if not isinstance(v, str) else v for v in r) for r in rows
            )
    return out
