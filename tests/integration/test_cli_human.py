"""What a careful user reads on the `make up` chain: amounts echoed as parsed, whole tokens,
UTC dates with how far they are, claims that explain themselves, tables that fit 80 columns."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from tests.utils.cli import CLI
from tests.utils.constants import DAY
from tests.utils.paths import ROOT

pytestmark = pytest.mark.integration

WHEN = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC \(in \d+ d")


@pytest.fixture(scope="module")
def chain(module_anvil, tmp_path_factory):
    c = {"url": module_anvil.url, "home": tmp_path_factory.mktemp("home")}
    ok(c, "up", "--once")
    return c


def run(chain: dict, *args: str, account: int | None = None):
    env = dict(os.environ, SAFETYNET_HOME=str(chain["home"]), PYTHONPATH=str(ROOT / "src"),
               COLUMNS="80")  # fmt: skip
    env.pop("SAFETYNET_PRIVATE_KEY", None)
    who = [] if account is None else ["--account", str(account)]
    return subprocess.run(
        [*CLI, "--rpc-url", chain["url"], *who, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=180,
    )  # fmt: skip


def ok(chain: dict, *args: str, account: int | None = None) -> str:
    result = run(chain, *args, account=account)
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


def fail(chain: dict, *args: str, account: int | None = None) -> str:
    result = run(chain, *args, account=account)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stderr


def fits_80(text: str) -> bool:
    return all(len(line) <= 80 for line in text.splitlines())


def test_cli__a_users_session__exact_amounts_human_times_claims_explained(chain, tmp_path):
    products = ok(chain, "products")
    assert fits_80(products) and "5,000,000" in products and "waiting" in products

    bought = ok(chain, "buy", "0", "1,000", "--days", "30", account=1)
    assert "1,000 USDC" in bought
    covers = ok(chain, "covers")
    assert fits_80(covers) and "waiting" in covers and "1,000.00" in covers

    # underwriting: shares with their value, the cooldown in dates, withdraw says when
    deposited = ok(chain, "deposit", "2,500.5", account=4)
    assert "deposited 2,500.5 USDC" in deposited and "worth 2,500.50 USDC" in deposited
    requested = ok(chain, "request-withdrawal", account=4)
    assert WHEN.search(requested), requested
    early = fail(chain, "withdraw", account=4)
    assert "matures at" in early and "window closes" in early and WHEN.search(early)

    # claims: stake, file with a relative time, quorum progress, settled once
    assert "nothing to collect" in ok(chain, "claim", "rewards", account=2)
    ok(chain, "stake", "20000", account=2)
    ok(chain, "stake", "20000", account=3)
    travelled = ok(chain, "dev", "time-travel", str(DAY + 3_600))
    assert "UTC" in travelled and "1 d 1 h later" in travelled
    evidence = tmp_path / "post-mortem.md"
    evidence.write_text("exploit")
    ok(chain, "claim", "submit", "1", "400", "--incident-time", "1h ago", "--cause", "exploit",
       "--evidence", str(evidence), account=1)  # fmt: skip
    (claim,) = json.loads(ok(chain, "claim", "list", "--json"))
    cover = json.loads(ok(chain, "covers", "--json"))[0]
    assert cover["start"] < claim["incident_time"] <= claim["submitted_at"] - 3_600
    voted = ok(chain, "claim", "vote", "1", "accept", account=2)
    assert "quorum" in voted
    listed = ok(chain, "claim", "list")
    assert fits_80(listed) and "quorum" in listed
    ok(chain, "dev", "time-travel", str(5 * DAY))
    assert "paid: 400 USDC" in ok(chain, "claim", "redeem", "1")
    again = ok(chain, "claim", "redeem", "1")
    assert "already settled" in again and "paid: 400 USDC" in again

    balance = ok(chain, "balance", account=1)
    for what in ("USDC", "ETH", "SNET", "pool", "stake", "cover  #1", "600.00 of 1,000.00"):
        assert what in balance, balance
