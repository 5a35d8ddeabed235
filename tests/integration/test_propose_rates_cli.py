"""Rates to the chain through the CLI on a real anvil: `safetynet risk propose-rates`.

Local deployment (`up --once`): a hand-set stale rate is found and the admin applies the model's
rate; `products` shows it. Timelock deployment (governance="timelock"): the batch is scheduled,
`--execute` is refused before the 2-day delay and applies the rates after `dev time-travel`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.utils.paths import ROOT

pytestmark = pytest.mark.integration

STALE_BPS = 100
TIMELOCK_DEPLOY = """
import sys
from safetynet import sdk
from safetynet.chain import use_network
from safetynet.deploy import deploy_protocol
from safetynet.sdk import governance as gov
admin = use_network(sys.argv[1], account=0)
p = deploy_protocol(admin=admin, governance="timelock")
adds = [gov.admin_call(p, "cover", "add_product", name, 0, 100, 10**12, 86400, 7 * 86400,
                       365 * 86400, sdk.terms_hash(name)) for name in ("Aave v3", "Uniswap v3")]
batch = gov.schedule_batch(p, adds)
from safetynet.chain import time_travel
time_travel(batch.delay)
gov.execute_batch(p, batch)
p.save(sys.argv[2])
"""
STALE_RATE = """
import sys
from safetynet import sdk
from safetynet.chain import use_network
from safetynet.deploy import Protocol
use_network(sys.argv[1], account=0)
p = Protocol.load(sys.argv[2], abi_only=True)
info = sdk.product(p, int(sys.argv[3]))
sdk.transact(p.cover.set_product, info.product_id, int(sys.argv[4]), info.capacity, info.paused)
"""


def _run(args: list[str], home: Path, ok: bool = True) -> subprocess.CompletedProcess:
    out = subprocess.run(
        [sys.executable, *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "SAFETYNET_HOME": str(home), "PYTHONPATH": str(ROOT / "src")},
    )  # fmt: skip
    if ok:
        assert out.returncode == 0, out.stderr + out.stdout
    return out


def _cli(url: str, home: Path, *args: str, ok: bool = True) -> subprocess.CompletedProcess:
    return _run(["-m", "safetynet.cli.main", "--rpc-url", url, *args], home, ok)


def _rates(url: str, home: Path) -> dict[str, int]:
    products = json.loads(_cli(url, home, "products", "--json").stdout)
    return {p["name"]: p["annual_rate_bps"] for p in products}


def _model(slug: str) -> int:
    from safetynet.risk.pricing import price

    return price(slug).annual_rate_bps


def test_propose_rates__make_up_deployment__admin_applies_model_rate(clean_anvil, tmp_path):
    anvil = clean_anvil
    home = tmp_path / "home"
    _cli(anvil.url, home, "up", "--once")
    products = json.loads(_cli(anvil.url, home, "products", "--json").stdout)
    uni = next(p for p in products if p["name"] == "Uniswap v3")
    _run(["-c", STALE_RATE, anvil.url, str(home / "deployment.json"), str(uni["product_id"]),
          str(STALE_BPS)], home)  # fmt: skip
    assert _rates(anvil.url, home)["Uniswap v3"] == STALE_BPS

    dry = _cli(anvil.url, home, "risk", "propose-rates", "--dry-run").stdout
    assert "set_rate" in dry and "dry run: 1 set_product call(s) prepared" in dry
    assert _rates(anvil.url, home)["Uniswap v3"] == STALE_BPS

    out = json.loads(_cli(anvil.url, home, "risk", "propose-rates", "--json").stdout)
    assert out["mode"] == "admin" and out["sent"] is True
    changed = [c for c in out["changes"] if c["action"] == "set_rate"]
    assert [c["name"] for c in changed] == ["Uniswap v3"]
    assert changed[0]["reasons"][0].startswith(f"on-chain {STALE_BPS} bps vs model")
    assert _rates(anvil.url, home)["Uniswap v3"] == _model("uniswap-v3")
    again = json.loads(_cli(anvil.url, home, "risk", "propose-rates", "--json").stdout)
    assert again["sent"] is False and again["calls"] == []


def test_propose_rates__timelock_deployment__scheduled_then_executed_after_delay(
    clean_anvil, tmp_path
):
    anvil = clean_anvil
    home = tmp_path / "home"
    home.mkdir()
    _run(["-c", TIMELOCK_DEPLOY, anvil.url, str(home / "deployment.json")], home)
    assert _rates(anvil.url, home) == {"Aave v3": STALE_BPS, "Uniswap v3": STALE_BPS}

    args = ("risk", "propose-rates", "--mode", "calldata", "--json")
    multisig = json.loads(_cli(anvil.url, home, *args).stdout)
    assert multisig["sent"] is False and len(multisig["calls"]) == 2
    assert multisig["timelock_schedule_batch"]["data"].startswith("0x")

    out = json.loads(_cli(anvil.url, home, "risk", "propose-rates", "--json").stdout)
    assert out["mode"] == "timelock" and out["sent"] is True
    assert len(out["calls"]) == 2 and Path(out["proposal"]).is_file()
    early = _cli(anvil.url, home, "risk", "propose-rates", "--execute", ok=False)
    assert early.returncode == 1 and "the batch is not ready" in early.stderr
    assert _rates(anvil.url, home)["Aave v3"] == STALE_BPS

    _cli(anvil.url, home, "dev", "time-travel", str(2 * 86_400))
    done = json.loads(_cli(anvil.url, home, "risk", "propose-rates", "--execute", "--json").stdout)
    assert done["executed"] is True
    assert _rates(anvil.url, home) == {
        "Aave v3": _model("aave-v3"),
        "Uniswap v3": _model("uniswap-v3"),
    }
