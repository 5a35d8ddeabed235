"""The acceptance story through the CLI on a real anvil: the sample market is listed, holders
buy USDC-depeg cover, `dev feed set usdc-depeg 0.93`, time moves past an hour, and the
keeper (started as `make up` starts it) pays every holder with no command from them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safetynet.keeper import spawn_keeper
from tests.utils.paths import ROOT

pytestmark = pytest.mark.integration


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


def test_dev_feed_set__depeg_for_an_hour__keeper_pays_every_usdc_depeg_cover(clean_anvil, tmp_path):
    node = clean_anvil
    home = tmp_path / "home"
    _cli(node.url, home, "up", "--once")
    products = json.loads(_cli(node.url, home, "products", "--json"))
    depeg = next(p["product_id"] for p in products if p["name"] == "USDC depeg")
    assert any(p["name"] == "Custodian proof of reserve" for p in products)
    for account, amount in ((1, "1000"), (2, "2500")):
        _cli(node.url, home, "buy", str(depeg), amount, "--days", "30", account=account)

    keeper = spawn_keeper(node.url, home / "deployment.json", home / "keeper")
    try:
        # past the product's 1-day waiting period (SDK default for every kind)
        _cli(node.url, home, "dev", "time-travel", str(24 * 3600 + 60))
        out = _cli(node.url, home, "dev", "feed", "set", "usdc-depeg", "0.93")
        assert "below the trigger threshold" in out
        _cli(node.url, home, "dev", "time-travel", "3700")
        deadline = time.monotonic() + 60
        covers = []
        while time.monotonic() < deadline:
            covers = [
                c
                for c in json.loads(_cli(node.url, home, "covers", "--json"))
                if c["product_id"] == depeg
            ]
            if covers and all(c["paid"] == c["amount"] for c in covers):
                break
            time.sleep(1)
        assert len(covers) == 2 and all(c["paid"] == c["amount"] for c in covers), covers
        incidents = json.loads(_cli(node.url, home, "incident", "list", "--json"))
        assert [i["product_id"] for i in incidents] == [depeg]
    finally:
        keeper.terminate()
        keeper.wait(timeout=30)
    log = [json.loads(line) for line in (home / "keeper" / "keeper.log").read_text().splitlines()
           if line.startswith("{")]  # fmt: skip
    assert [r["action"] for r in log].count("incident_reported") == 1
    assert log[-1]["action"] == "keeper_stopped"
