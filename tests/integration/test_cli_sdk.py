"""The CLI as the SDK's client on a `make up` chain: read commands over plain JSON-RPC give
what titanoboa gives, and a contract's refusal (a non-admin governance call) is one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.utils.cli import CLI
from tests.utils.paths import ROOT

pytestmark = pytest.mark.integration


# Every SDK read, once through titanoboa (Protocol.load) and once read-only (RpcContract).
COMPARE = """
import json, sys
from safetynet import chain, sdk
from safetynet.deploy import Protocol
from safetynet.sdk import claims as sc
from safetynet.sdk.deployment import load_read_only

def reads(p):
    holder = chain.ANVIL_ADDRESSES[1]
    return {
        "products": [x.as_dict() for x in sdk.products(p)],
        "pool": sdk.pool_state(p).as_dict(),
        "position": sdk.position(p, chain.ANVIL_ADDRESSES[0]),
        "covers": [c.as_dict() for c in sdk.covers(p)],
        "quote": sdk.quote(p, 0, 1000 * 10**6, 30 * 86400),
        "stake": sc.stake_info(p, holder).as_dict(),
        "balances": [sdk.asset_balance(p, holder), sdk.snet_balance(p, holder),
                     sdk.eth_balance(holder)],
        "trigger": [sdk.trigger_active(p, i) for i in range(len(sdk.products(p)))],
        "shares": sdk.shares_for_amount(p, 10**6),
    }

chain.use_network(sys.argv[1], account=0)
with_boa = reads(Protocol.load(sys.argv[2], abi_only=True))
chain.use_reader(sys.argv[1])
read_only = reads(load_read_only(sys.argv[2]))
print(json.dumps({"boa": with_boa, "reader": read_only}, default=str))
"""
STALE_RATE = """
import sys
from safetynet import sdk
from safetynet.chain import use_network
from safetynet.deploy import Protocol
use_network(sys.argv[1], account=0)
p = Protocol.load(sys.argv[2], abi_only=True)
info = sdk.product(p, 0)
sdk.transact(p.cover.set_product, 0, info.annual_rate_bps + 50, info.capacity, info.paused)
"""


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, SAFETYNET_HOME=str(home), PYTHONPATH=str(ROOT / "src"))
    env.pop("SAFETYNET_PRIVATE_KEY", None)
    return env


def _cli(chain: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*CLI, "--rpc-url", chain["url"], *args], cwd=ROOT, env=_env(chain["home"]),
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def _python(chain: dict, script: str) -> subprocess.CompletedProcess:
    manifest = str(chain["home"] / "deployment.json")
    done = subprocess.run(
        [sys.executable, "-c", script, chain["url"], manifest], cwd=ROOT,
        env=_env(chain["home"]), capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture(scope="module")
def chain(module_anvil, tmp_path_factory):
    """The sample market of `make up` on a fresh chain; cover #1 held by account 1."""
    c = {"url": module_anvil.url, "home": tmp_path_factory.mktemp("home")}
    for args in (["up", "--once"], ["--account", "1", "buy", "0", "1000", "--days", "30"]):
        done = _cli(c, *args)
        assert done.returncode == 0, done.stdout + done.stderr
    return c


def test_read_only_connection__every_sdk_read__same_values_as_titanoboa(chain):
    both = json.loads(_python(chain, COMPARE).stdout)
    assert both["boa"]["covers"] and both["boa"]["products"]  # something to compare
    assert both["reader"] == both["boa"]


def test_products_json__read_only_cli__lists_what_titanoboa_reads(chain):
    done = _cli(chain, "products", "--json")
    assert done.returncode == 0, done.stderr
    listed = json.loads(done.stdout)
    both = json.loads(_python(chain, COMPARE).stdout)
    assert listed == both["boa"]["products"]


def test_propose_rates__not_admin__one_line_access_control_refusal(chain):
    _python(chain, STALE_RATE)  # a rate the model would change, so a call is sent
    done = _cli(chain, "--account", "3", "risk", "propose-rates", "--mode", "admin", "--json")
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "error: refused by the contract: access_control: account is missing role"
    ]
    assert "Traceback" not in done.stderr and done.stdout == ""
