"""Covered code and renewal through the CLI on a `make up` chain (real anvil): the keeper's
pass stops Aave's sales after its stand-in proxy is upgraded, an auditor's `attest` resumes
them; a cover is renewed by its holder only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from safetynet.node import free_port, start_anvil
from tests.integration import require_anvil

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "safetynet.cli.main"]
AUDITOR = "9"  # the sample market's auditor (cli/up.py AUDITOR_ACCOUNT)


def _cli(chain: dict, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, SAFETYNET_HOME=str(chain["home"]), PYTHONPATH=str(ROOT / "src"))
    env.pop("SAFETYNET_PRIVATE_KEY", None)
    return subprocess.run(
        [*CLI, "--rpc-url", chain["url"], *args], cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def _ok(chain: dict, *args: str) -> str:
    done = _cli(chain, *args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _product(chain: dict, product_id: int) -> dict:
    return json.loads(_ok(chain, "products", "--json"))[product_id]


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    require_anvil()
    home = tmp_path_factory.mktemp("home")
    with start_anvil(free_port(), log_path=home / "anvil.log") as node:
        c = {"url": node.url, "home": home}
        _ok(c, "up", "--once")
        yield c


def test_code__upgrade_then_keeper_pass__stops_sales_until_attest(chain):
    assert _product(chain, 0)["code"] == "as audited"
    assert "now runs" in _ok(chain, "dev", "upgrade", "aave-v3")
    assert _product(chain, 0)["code"] == "differs: check_code will stop sales"
    _ok(chain, "keeper", "--once", "--state-dir", str(chain["home"] / "keeper-code"))
    info = _product(chain, 0)
    assert (info["code"], info["code_changed"], info["attested"]) == (
        "changed: sales stopped", True, False,
    )  # fmt: skip
    refused = _cli(chain, "--account", "2", "buy", "0", "1000", "--days", "30")
    assert refused.returncode == 1
    assert "cover: covered code changed since attestation" in refused.stderr
    manifest = json.loads((chain["home"] / "deployment.json").read_text())
    proxy = manifest["addresses"]["proxy_aave-v3"]
    out = json.loads(
        _ok(chain, "--account", AUDITOR, "attest", "0", proxy, "--report", "v2 review", "--json")
    )
    assert out["code"] == "as audited" and out["records"][0]["target"] == proxy
    _ok(chain, "--account", "2", "buy", "0", "1000", "--days", "30")
    scan = json.loads(_ok(chain, "risk", "scan", proxy, "--json"))
    assert scan["covered_by"] == [{"product_id": 0, "code": "as audited", "name": "Aave v3"}]


def test_renew__holder__new_cover_starts_at_old_end_stranger_refused(chain):
    _ok(chain, "--account", "1", "buy", "1", "1000", "--days", "30")
    covers = json.loads(_ok(chain, "covers", "--json"))
    old = covers[-1]
    refused = _cli(chain, "--account", "3", "renew", str(old["cover_id"]), "--days", "30")
    assert refused.returncode == 1 and "only its owner may renew" in refused.stderr
    assert "renewed as cover" in _ok(
        chain, "--account", "1", "renew", str(old["cover_id"]), "--days", "60"
    )
    new = json.loads(_ok(chain, "covers", "--json"))[-1]
    assert (new["product_id"], new["amount"], new["owner"]) == (
        old["product_id"], old["amount"], old["owner"],
    )  # fmt: skip
    assert (new["start"], new["end"]) == (old["end"], old["end"] + 60 * 86_400)
