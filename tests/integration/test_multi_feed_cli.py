"""The README's parametric walkthrough on a real anvil: the USDC-depeg sample triggers on two
of three feeds; `dev feed set usdc-depeg 0.93 --feed 0` alone pays nothing, a second feed
pays every holder (keeper started as `make up` starts it, with the local mock heartbeat)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safetynet.keeper import spawn_keeper
from safetynet.node import free_port, start_anvil
from tests.integration import require_anvil

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def _cli(url: str, home: Path, *args: str, account: int | None = None) -> str:
    cmd = [sys.executable, "-m", "safetynet.cli.main", "--rpc-url", url]
    if account is not None:
        cmd += ["--account", str(account)]
    out = subprocess.run(
        [*cmd, *args], cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "SAFETYNET_HOME": str(home)},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr + out.stdout
    return out.stdout


def _refused(url: str, home: Path, *args: str) -> str:
    """Run a CLI command that must fail; its output."""
    out = subprocess.run(
        [sys.executable, "-m", "safetynet.cli.main", "--rpc-url", url, *args], cwd=ROOT,
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "SAFETYNET_HOME": str(home)},
    )  # fmt: skip
    assert out.returncode != 0, out.stdout
    return out.stderr + out.stdout


def _log(home: Path) -> list[dict]:
    path = home / "keeper" / "keeper.log"
    lines = path.read_text().splitlines() if path.exists() else []
    return [json.loads(x) for x in lines if x.startswith("{")]


def _wait_for(predicate, seconds: float = 60) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(1)
    return False


def test_dev_feed_set__one_feed_pays_nothing__two_feeds_pay_every_holder(tmp_path):
    require_anvil()
    home = tmp_path / "home"
    with start_anvil(free_port(), log_path=tmp_path / "anvil.log") as node:
        _cli(node.url, home, "up", "--once")
        products = json.loads(_cli(node.url, home, "products", "--json"))
        depeg = next(p["product_id"] for p in products if p["name"] == "USDC depeg")
        shown = json.loads(_cli(node.url, home, "dev", "feed", "show", "usdc-depeg", "--json"))
        assert shown["required"] == 2 and [f["decimals"] for f in shown["feeds"]] == [8, 18, 6]
        _cli(node.url, home, "buy", str(depeg), "1000", "--days", "30", account=1)

        keeper = spawn_keeper(node.url, home / "deployment.json", home / "keeper")
        try:
            _cli(node.url, home, "dev", "time-travel", str(24 * 3600 + 60))  # waiting period
            out = _cli(node.url, home, "dev", "feed", "set", "usdc-depeg", "0.93", "--feed", "0")
            assert "feed 0 of product" in out and "1 of 3 feeds below" in out
            _cli(node.url, home, "dev", "time-travel", "3700")
            # the keeper's heartbeat re-posts every feed: feed 0 proves its hour, alone
            assert _wait_for(lambda: sum(r["action"] == "feed_heartbeat" for r in _log(home)) >= 3)
            time.sleep(6)  # a few more passes
            assert json.loads(_cli(node.url, home, "incident", "list", "--json")) == []

            out = _cli(node.url, home, "dev", "feed", "set", "usdc-depeg", "0.93", "--feed", "1")
            assert "2 of 3 feeds below" in out
            _cli(node.url, home, "dev", "time-travel", "3700")

            def paid() -> bool:
                covers = json.loads(_cli(node.url, home, "covers", "--json"))
                mine = [c for c in covers if c["product_id"] == depeg]
                return bool(mine) and all(c["paid"] == c["amount"] for c in mine)

            assert _wait_for(paid), _log(home)[-5:]
            incidents = json.loads(_cli(node.url, home, "incident", "list", "--json"))
            assert [i["product_id"] for i in incidents] == [depeg]
        finally:
            keeper.terminate()
            keeper.wait(timeout=30)
    reported = [r for r in _log(home) if r["action"] == "incident_reported"]
    assert len(reported) == 1 and reported[0]["feeds"] == [0, 1]


def test_incident_report__multi_feed_product__windows_found_or_given_per_feed(tmp_path):
    require_anvil()
    home = tmp_path / "home"
    with start_anvil(free_port(), log_path=tmp_path / "anvil.log") as node:
        _cli(node.url, home, "up", "--once")
        _cli(node.url, home, "dev", "feed", "set", "usdc-depeg", "0.93", "--feed", "0")
        _cli(node.url, home, "dev", "feed", "set", "usdc-depeg", "0.93", "--feed", "2")
        _cli(node.url, home, "dev", "time-travel", "3700")
        bad = _refused(node.url, home, "incident", "report", "usdc-depeg", "0x10001")
        assert "round ids must be given per feed" in bad
        nothing = _refused(node.url, home, "incident", "report", "usdc-depeg")
        assert "prove no incident now" in nothing
        # the feeds' next rounds (a heartbeat) prove the hour on feeds 0 and 2
        _cli(node.url, home, "dev", "feed", "set", "usdc-depeg", "0.93", "--feed", "0")
        _cli(node.url, home, "dev", "feed", "set", "usdc-depeg", "0.93", "--feed", "2")
        out = json.loads(_cli(node.url, home, "incident", "report", "usdc-depeg", "--json"))
        assert out["feeds"] == [0, 2] and out["end"] - out["time"] >= 3600
        assert len(json.loads(_cli(node.url, home, "incident", "list", "--json"))) == 1
