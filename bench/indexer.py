"""Indexer catch-up throughput: events per second indexing ~50,000 SafetyNet events from a
local anvil node into an empty SQLite and an empty PostgreSQL database.

The chain: one deployment (tests/utils/anvil_world.py), then covers bought, cover NFTs
transferred and pool deposits made in blocks of a few hundred transactions (anvil with
automine off), until the deployment has logged EVENTS events. The figure is events
written / wall-clock seconds of `Indexer.catch_up()` from the deployment block to the head,
with the indexer's default settings (chunked eth_getLogs, one transaction per batch, pool
figures read per hour). PostgreSQL is measured when a server answers at
SAFETYNET_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).

python -m bench indexer        (EVENTS=5000 python -m bench indexer for a quick look)
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

EVENTS = int(os.environ.get("EVENTS", "50000"))
TXS_PER_BLOCK = 400
TARGET_SQLITE = 2_000  # SPEC 5: events/s catching up on SQLite


def _build_chain(url: str, folder: Path) -> tuple[Path, int]:
    from tests.utils.anvil_world import ACTORS, PROTOCOL_PRODUCT, USDC, AnvilWorld, deploy

    manifest = folder / "deployment.json"
    deploy(url, manifest)
    w = AnvilWorld(url, json.loads(manifest.read_text()))
    w.rpc.call("evm_setAutomine", [False])
    # 2 indexed events per transaction in this mix (buy: the mint's Transfer and
    # CoverBought; deposit: the share mint's Transfer and Deposit).
    sent, block_txs = 0, []
    per_tx = 2.0
    while sent * per_tx < EVENTS:
        i = sent
        who = ACTORS[i % len(ACTORS)]
        if i % 10 == 9:
            block_txs.append((who, "pool", "deposit", (1_000 * USDC, who)))
        else:
            block_txs.append((who, "cover", "buy_cover",
                              (PROTOCOL_PRODUCT, (100 + i % 900) * USDC, 30 * 86_400, 2**255,
                               who)))  # fmt: skip
        sent += 1
        if len(block_txs) == TXS_PER_BLOCK:
            w.send_many(block_txs, gas=600_000)
            w.rpc.call("evm_mine", [])
            block_txs = []
    if block_txs:
        w.send_many(block_txs, gas=600_000)
        w.rpc.call("evm_mine", [])
    w.rpc.call("evm_setAutomine", [True])
    return manifest, sent


def _measure(node_url: str, manifest: Path, db_url: str) -> dict[str, Any]:
    import eth_abi  # noqa: F401 - imported here so its import is not timed

    from safetynet.chain import RpcSession
    from safetynet.indexer.db import make_engine
    from safetynet.indexer.service import Indexer
    from safetynet.sdk.events import Deployment

    engine = make_engine(db_url)
    ix = Indexer(engine, RpcSession(node_url), Deployment.from_manifest(manifest))
    ix.setup()
    started, cpu = time.perf_counter(), time.process_time()
    events = ix.catch_up()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    # Wall-clock figures include anvil's answers and any load on the machine; the CPU
    # figure is the indexer's own work (what a busy shared machine cannot inflate).
    return {"events": events, "seconds": round(seconds, 2),
            "events_per_second": round(events / seconds),
            "indexer_cpu_seconds": round(cpu, 2),
            "events_per_cpu_second": round(events / cpu) if cpu else None}  # fmt: skip


def _postgres_url() -> tuple[str, str] | None:
    try:
        import psycopg

        admin = os.environ.get(
            "SAFETYNET_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
        )
        name = f"sn_bench_{secrets.token_hex(4)}"
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return admin, name
    except Exception:
        return None


def run() -> dict[str, Any]:
    from safetynet.node import free_port, start_anvil

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        node = start_anvil(free_port(), extra_args=("--gas-limit", "2000000000"))
        try:
            t = time.perf_counter()
            manifest, txs = _build_chain(node.url, folder)
            built = round(time.perf_counter() - t, 1)
            out: dict[str, Any] = {"transactions": txs, "chain_built_seconds": built}
            out["sqlite"] = _measure(node.url, manifest, f"sqlite:///{folder / 'index.db'}")
            pg = _postgres_url()
            if pg is None:
                out["postgresql"] = "no server"
            else:
                admin, name = pg
                try:
                    out["postgresql"] = _measure(
                        node.url, manifest, f"{admin.rsplit('/', 1)[0]}/{name}"
                    )
                finally:
                    import psycopg

                    with psycopg.connect(admin, autocommit=True) as conn:
                        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            out["target_sqlite_events_per_second"] = TARGET_SQLITE
            out["sqlite_within_target"] = out["sqlite"]["events_per_second"] >= TARGET_SQLITE
            return out
        finally:
            node.stop()


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
