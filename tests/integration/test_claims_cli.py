"""The claims path on a real anvil node, through the CLI as a user would run it:
account 1 buys cover and claims, accounts 2 and 3 stake and vote, time is advanced with
`dev time-travel`, the claim is redeemed, and `pool --json` shows the loss."""

from __future__ import annotations

import json
import os
import subprocess

import boa
import pytest
from boa.network import NetworkEnv
from eth_account import Account

from safetynet.chain import ANVIL_KEYS, memory_fork_on_local_chains
from safetynet.chain import now as chain_time
from safetynet.deploy import AUDITOR_ROLE, deploy_protocol
from tests.utils.cli import CLI
from tests.utils.constants import DAY, SNET, USDC
from tests.utils.paths import ROOT

pytestmark = pytest.mark.integration



@pytest.fixture(scope="module")
def chain(module_anvil, tmp_path_factory):
    """anvil, a deployment made through titanoboa's network mode, dev accounts funded."""
    node = module_anvil
    home = tmp_path_factory.mktemp("home")
    env = NetworkEnv(node.url)
    accounts = [Account.from_key(k) for k in ANVIL_KEYS]
    for a in accounts:
        env.add_account(a, force_eoa=True)
    env.eoa = accounts[0].address
    with boa.swap_env(env):
        memory_fork_on_local_chains()  # no stale on-disk fork cache of an earlier anvil
        admin = accounts[0].address
        p = deploy_protocol(admin=admin)
        p.cover.grantRole(AUDITOR_ROLE, admin)
        pid = p.cover.add_product("Aave v3", 0, 250, 10**13, DAY, 7 * DAY, 365 * DAY,
                                  b"\x01" * 32)  # fmt: skip
        p.cover.attest(pid, b"\x02" * 32, chain_time() + 365 * DAY)
        p.asset.mint(admin, 5_000_000 * USDC)
        p.asset.approve(p.pool.address, 2**256 - 1)
        p.pool.deposit(5_000_000 * USDC, admin)
        p.asset.mint(accounts[1].address, 100_000 * USDC)
        for a in accounts[2:4]:
            p.token.transfer(a.address, 20_000 * SNET)
        p.save(home / "deployment.json")
    return {"url": node.url, "home": home}


def _cli(chain, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SAFETYNET_HOME=str(chain["home"]))
    env.pop("SAFETYNET_PRIVATE_KEY", None)
    result = subprocess.run(
        [*CLI, "--rpc-url", chain["url"], *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    return result


def _ok(chain, *args: str) -> str:
    result = _cli(chain, *args)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


def test_claims_cli__buy_claim_vote_time_travel_redeem__pool_shows_loss(chain, tmp_path):
    _ok(chain, "--account", "1", "buy", "0", "10000", "--days", "30")
    _ok(chain, "--account", "2", "stake", "6000")
    _ok(chain, "--account", "3", "stake", "5000")
    _ok(chain, "dev", "time-travel", str(DAY + 3_600))  # past the waiting period
    before = json.loads(_ok(chain, "pool", "--json"))
    evidence = tmp_path / "post-mortem.md"
    evidence.write_text("reentrancy in withdraw(): 4.2M drained at block 19,000,000")
    now = json.loads(_ok(chain, "covers", "--json"))[0]["start"] + 60

    submit = ("--account", "1", "claim", "submit", "1", "5000", "--incident-time", str(now),
              "--evidence", str(evidence))  # fmt: skip
    refused = _cli(chain, *submit, "--cause", "rug-pull")
    assert refused.returncode == 1 and "excluded cause: rug pull" in refused.stderr

    out = _ok(chain, *submit, "--cause", "exploit")
    assert "claim #1 filed" in out
    _ok(chain, "dev", "time-travel", "60")
    _ok(chain, "--account", "2", "claim", "vote", "1", "accept")
    _ok(chain, "--account", "3", "claim", "vote", "1", "accept")
    double = _cli(chain, "--account", "3", "claim", "vote", "1", "reject")
    assert double.returncode == 1 and "claims: already voted" in double.stderr
    early = _cli(chain, "claim", "redeem", "1")
    assert early.returncode == 1 and "claims: voting still open" in early.stderr

    _ok(chain, "dev", "time-travel", str(4 * DAY + 60))  # voting + payout cooldown
    assert "paid" in _ok(chain, "claim", "redeem", "1")
    (claim,) = json.loads(_ok(chain, "claim", "list", "--json"))
    assert claim["status_name"] == "paid" and claim["amount"] == 5_000 * USDC
    after = json.loads(_ok(chain, "pool", "--json"))
    loss = before["total_assets"] - after["total_assets"]
    # the payout, less the premium earned meanwhile (earning only raises totalAssets)
    assert 4_990 * USDC < loss <= 5_000 * USDC, (before, after)
