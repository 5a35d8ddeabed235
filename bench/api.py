"""API latency (SPEC §5: p95 <= 50 ms on SQLite with 100,000 covers and 10,000 claims).

The index is built through the indexer's own write path: synthetic decoded events (mint
Transfer + CoverBought per cover, ClaimSubmitted + ClaimSettled per claim, half accepted)
go through `Projector.apply` and the `Store` in batches, as the indexer commits them. The
eth_call reads of `Projector.finish` (positions, pool snapshots) are not made: there is no
chain, and none of the three measured endpoints needs them. Requests go through the whole
ASGI app (routing, validation, JSON) in process; the figures are server time.
`stats` is what clients see (the statistics are cached per indexed block, per process);
`stats_first_after_new_block` empties that cache before every request: the cost of the
first request after the index moves.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from safetynet.units import DAY

COVERS = 100_000
CLAIMS = 10_000
OWNERS = 2_000
BLOCK_SECONDS = 300  # one cover per block: 100,000 covers over about a year
T0 = 1_780_000_000
REQUESTS = 300
BATCH = 5_000


def _logs() -> list[Any]:
    from safetynet.sdk.events import Log

    zero = "0x" + "00" * 20
    tx = "0x" + "11" * 32
    out: list[Log] = []

    def log(block: int, index: int, contract: str, event: str, **args: Any) -> None:
        out.append(Log(block_number=block, log_index=index, block_hash=tx, tx_hash=tx,
                       tx_index=0, address=zero, contract=contract, name=event,
                       args=args))  # fmt: skip

    for pid in (0, 1):
        log(1, pid, "cover", "ProductAdded", product_id=pid, name=f"Product {pid}", kind=0,
            annual_rate_bps=250, capacity=10**18, waiting_period=DAY, min_period=7 * DAY,
            max_period=365 * DAY, terms_hash="0x" + "22" * 32)  # fmt: skip
    rng = random.Random(7)
    owners = [f"0x{i:040x}" for i in range(1, OWNERS + 1)]
    for cover_id in range(1, COVERS + 1):
        block = 1 + cover_id
        bought = T0 + block * BLOCK_SECONDS
        amount = rng.randrange(1_000, 100_000) * 10**6
        log(block, 0, "cover", "Transfer", sender=zero, receiver=rng.choice(owners),
            token_id=cover_id)  # fmt: skip
        log(block, 1, "cover", "CoverBought", cover_id=cover_id, product_id=cover_id % 2,
            amount=amount, start=bought + DAY, end=bought + 31 * DAY,
            premium=amount // 400)  # fmt: skip
    step = COVERS // CLAIMS
    for claim_id in range(1, CLAIMS + 1):
        cover_id = claim_id * step
        block = 1 + cover_id + 2 * DAY // BLOCK_SECONDS
        ts = T0 + block * BLOCK_SECONDS
        accepted = claim_id % 2 == 0
        log(block, 5, "claims", "ClaimSubmitted", claim_id=claim_id, cover_id=cover_id,
            claimant=owners[0], amount=10**9, deposit=10**7, cause=0, incident_time=ts - DAY,
            evidence="0x" + "33" * 32, submitted_at=ts, voting_end=ts + 3 * DAY,
            quorum=10**22)  # fmt: skip
        settle = block + 5 * DAY // BLOCK_SECONDS
        log(settle, 6, "claims", "ClaimSettled", claim_id=claim_id, cover_id=cover_id,
            receiver=owners[0] if accepted else zero, status=3 if accepted else 2,
            quorum_reached=True, payout=10**9 if accepted else 0,
            deposit_refunded=10**7 if accepted else 0,
            deposit_to_reserve=0 if accepted else 10**7, reward=0, by_governance=False)  # fmt: skip
    out.sort(key=lambda lg: (lg.block_number, lg.log_index))
    return out


def build(url: str) -> tuple[int, int, float]:
    """Index the synthetic events into `url`; returns (events, last block, seconds)."""
    from sqlalchemy import insert

    from safetynet.indexer.db import make_engine, upgrade
    from safetynet.indexer.models import Cursor
    from safetynet.indexer.projection import Projector
    from safetynet.indexer.store import Store
    from safetynet.sdk.events import Deployment

    engine = make_engine(url)
    upgrade(engine)
    logs = _logs()
    deployment = Deployment(chain_id=31337, block=1, addresses={})
    last = logs[-1].block_number
    started = time.perf_counter()
    for i in range(0, len(logs), BATCH):
        part = logs[i : i + BATCH]
        timestamps = {lg.block_number: T0 + lg.block_number * BLOCK_SECONDS for lg in part}
        with engine.begin() as conn:
            store = Store(conn, undo_floor=last)  # history beyond any reorg window: no undo
            Projector(store, deployment, timestamps).apply(part)
            store.flush()
    with engine.begin() as conn:
        conn.execute(insert(Cursor.__table__).values(
            name="main", chain_id=31337, pool_address="0x" + "00" * 20, first_block=1,
            block_number=last, block_hash="0x" + "11" * 32,
            block_timestamp=T0 + last * BLOCK_SECONDS, updated_at=time.time(),
        ))  # fmt: skip
    seconds = time.perf_counter() - started
    engine.dispose()
    return len(logs), last, seconds


def _measure(client: Any, urls: list[str], before: Any = None) -> dict[str, float]:
    times = []
    for url in urls:
        if before is not None:
            before()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.text
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
    }


def run() -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from safetynet.api.app import create_app
    from safetynet.api.queries.stats import _CACHE as stats_cache
    from safetynet.settings import Settings

    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'index.db'}"
        events, _, build_seconds = build(url)
        app = create_app(Settings(database_url=url, rpc_url=None))
        rng = random.Random(11)
        with TestClient(app) as client:
            client.get("/api/stats")  # warm the connection pool and the page cache
            owners = [f"0x{rng.randrange(1, OWNERS + 1):040x}" for _ in range(REQUESTS)]
            results = {
                "covers_of_owner": _measure(client, [f"/api/covers?owner={o}" for o in owners]),
                "claims_list": _measure(
                    client,
                    [
                        "/api/claims",
                        "/api/claims?status=paid",
                        "/api/claims?product_id=1",
                    ]
                    * (REQUESTS // 3),
                ),  # fmt: skip
                "stats": _measure(client, ["/api/stats"] * (REQUESTS // 3)),
                "stats_first_after_new_block": _measure(
                    client, ["/api/stats"] * (REQUESTS // 3), before=stats_cache.clear
                ),
            }
            sold = client.get("/api/stats").json()["covers_sold"]
        app.state.engine.dispose()
    return {
        "database": "sqlite",
        "covers": COVERS,
        "claims": CLAIMS,
        "covers_indexed": sold,
        "events_indexed": events,
        "build_seconds": round(build_seconds, 1),
        "target_p95_ms": 50,
        **results,
        "within_target": all(
            results[k]["p95_ms"] <= 50 for k in ("covers_of_owner", "claims_list", "stats")
        ),
    }
