"""When the database cannot answer: 503 with a message (never 500); the statistics cache
follows the index as it moves."""

from __future__ import annotations

from api_data import BLOCK, NOW, TX, USDC, fill
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.orm import Session

from safetynet.api.app import create_app
from safetynet.indexer import models as m
from safetynet.indexer.db import make_engine, upgrade
from safetynet.node import free_port
from safetynet.settings import Settings


def test_database_down__every_route__503_with_message():
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/nothing?connect_timeout=2"
    with TestClient(create_app(Settings(database_url=url, rpc_url=None))) as client:
        for path in ("/api/stats", "/api/covers", "/api/claims/1", "/api/products"):
            r = client.get(path)
            assert r.status_code == 503, (path, r.text)
            assert "index database cannot answer" in r.json()["error"]
            assert r.headers["Retry-After"] == "5"


def test_database_not_migrated__503_not_500(tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    with TestClient(create_app(Settings(database_url=url, rpc_url=None))) as client:
        assert client.get("/api/covers").status_code == 503


def test_stats__index_moves__new_figures_not_cached_old(tmp_path):
    url = f"sqlite:///{tmp_path / 'index.db'}"
    engine = make_engine(url)
    upgrade(engine)
    fill(engine)
    with TestClient(create_app(Settings(database_url=url, rpc_url=None))) as client:
        before = client.get("/api/stats").json()
        assert client.get("/api/stats").json() == before  # same block: same answer
        with Session(engine) as s, s.begin():
            s.add(m.Payout(block_number=BLOCK + 1, log_index=0, cover_id=2, kind="assessed",
                           claim_id=2, incident_id=None, product_id=0, owner="0x" + "a1" * 20,
                           amount=100 * USDC, held=0, paid_at=NOW + 12, tx_hash=TX,
                           incident_time=NOW - 86_400, delay_seconds=86_412))  # fmt: skip
            s.execute(update(m.Cursor).values(block_number=BLOCK + 1, block_hash="0x" + "cd" * 32,
                                              block_timestamp=NOW + 12))  # fmt: skip
        after = client.get("/api/stats").json()
    assert after["indexed_through"]["block"] == BLOCK + 1
    assert [t["payouts"] for t in after["time_to_payout"]] == [2, 1]
    engine.dispose()
