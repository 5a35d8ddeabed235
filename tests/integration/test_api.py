"""The API on a real chain: protocol actions on anvil -> the indexer -> the API shows them;
the quote equals the contract's; two API processes serve one PostgreSQL database alike."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request

import pytest
from fastapi.testclient import TestClient

from safetynet.api.app import create_app
from safetynet.indexer.main import run as run_indexer
from safetynet.node import free_port, start_anvil
from safetynet.settings import Settings
from tests.integration import require_anvil
from tests.utils.anvil_world import (
    ACTORS,
    DAY,
    PARAMETRIC_PRODUCT,
    PROTOCOL_PRODUCT,
    SNET,
    USDC,
    AnvilWorld,
    deploy,
)  # fmt: skip
from tests.utils.databases import fresh_database
from tests.utils.processes import stop_processes

pytestmark = pytest.mark.integration
HOLDER, BUYER, VOTER_A, VOTER_B = ACTORS[:4]


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """anvil with SafetyNet and the README's walkthroughs done: a cover bought, a claim
    filed, voted and redeemed; a depeg reported and paid."""
    require_anvil()
    home = tmp_path_factory.mktemp("api-chain")
    node = start_anvil(free_port(), log_path=home / "anvil.log")
    try:
        manifest = home / "deployment.json"
        w = AnvilWorld(node.url, deploy(node.url, manifest))
        cover_id = w.buy(HOLDER, PROTOCOL_PRODUCT, 1_000 * USDC)
        parametric_cover = w.buy(BUYER, PARAMETRIC_PRODUCT, 2_000 * USDC)
        for voter in (VOTER_A, VOTER_B):
            w.send(voter, "claims", "stake", 50_000 * SNET)
        w.time_travel(DAY + 3_600)
        w.send(HOLDER, "claims", "submit_claim", cover_id, 400 * USDC, w.now() - 60, 0,
               b"\x05" * 32)  # fmt: skip
        for voter in (VOTER_A, VOTER_B):
            w.send(voter, "claims", "vote", 1, True)
        w.time_travel(5 * DAY)
        w.send(HOLDER, "claims", "redeem", 1)
        rounds = w.depeg()
        w.send(BUYER, "parametric", "report_incident", PARAMETRIC_PRODUCT, rounds)
        w.send(BUYER, "parametric", "payout_many", [parametric_cover], 1)
        yield w, manifest
    finally:
        node.stop()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_api__after_walkthroughs__covers_claims_stats_quote(chain, kind, tmp_path):
    w, manifest = chain
    with fresh_database(kind, tmp_path) as url:
        assert run_indexer(rpc_url=w.url, manifest=manifest, database_url=url, once=True) == 0
        app = create_app(Settings(database_url=url, rpc_url=w.url), manifest=manifest)
        with TestClient(app) as client:
            covers = client.get(f"/api/covers?owner={HOLDER}").json()
            assert covers["indexed_through"]["block"] == w.block_number()
            assert [c["cover_id"] for c in covers["items"]] == [1]
            assert covers["items"][0]["paid"] == str(400 * USDC)
            claim = client.get("/api/claims/1").json()["data"]
            assert claim["status"] == "paid" and claim["stage"] == "paid"
            assert len(claim["votes"]) == 2 and claim["quorum_reached"]
            stats = client.get("/api/stats").json()
            assert stats["paid_assessed"] == str(400 * USDC)
            assert int(stats["paid_parametric"]) == 1_000 * USDC  # payout_bps 5,000 of 2,000
            assert [t["payouts"] for t in stats["time_to_payout"]] == [1, 1]
            products = client.get("/api/products").json()["items"]
            assert products[0]["active"] == str(w.view("cover", "active_cover_of", 0))
            quote = client.get("/api/quote?product_id=0&amount=50000000000&days=30").json()
            assert int(quote["premium"]) == w.view("cover", "quote", 0, 50_000 * USDC, 30 * DAY)
            assert int(quote["base_premium"]) + int(quote["surge_premium"]) == int(quote["premium"])
            ics = client.get(f"/api/accounts/{HOLDER}/covers.ics").text
            assert "cover #1 on Lending protocol\\, 1\\,000 " in ics  # whole units, escaped
            refused = client.get("/api/quote?product_id=0&amount=1000000&days=1")
            assert refused.status_code == 422 and "period below" in refused.json()["error"]
        app.state.engine.dispose()


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def test_api__two_processes_one_postgres__same_answers(chain, tmp_path):
    w, manifest = chain
    with fresh_database("postgresql", tmp_path) as url:
        assert run_indexer(rpc_url=w.url, manifest=manifest, database_url=url, once=True) == 0
        env = {**os.environ, "SAFETYNET_DATABASE_URL": url, "SAFETYNET_HOME": str(tmp_path)}
        ports = [free_port(), free_port()]
        procs = [
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "safetynet.cli.main",
                    "--rpc-url",
                    w.url,
                    "--manifest",
                    str(manifest),
                    "serve",
                    "--port",
                    str(port),
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )  # fmt: skip
            for port in ports
        ]
        try:
            answers = []
            for port in ports:
                deadline = time.monotonic() + 30
                while True:
                    try:
                        answers.append(_get(f"http://127.0.0.1:{port}/api/stats"))
                        break
                    except OSError:
                        assert time.monotonic() < deadline, f"API on {port} did not start"
                        time.sleep(0.3)
            assert answers[0] == answers[1]
            assert answers[0]["paid_assessed"] == str(400 * USDC)
        finally:
            stop_processes(*procs)
