"""Every command with bad input, as a careful user meets them on the `make up` chain: one
clear line on stderr, a non-zero exit, never a traceback, never a silent misreading."""

from __future__ import annotations

import json
import os
import subprocess

import pytest

from tests.utils.cli import CLI
from tests.utils.paths import ROOT

pytestmark = pytest.mark.integration

# a key no one funded with ETH (the fixture gives it mock USDC only)
BROKE_KEY = "0x" + "42" * 32
BROKE = "0x" + "0" * 40  # replaced by the fixture with the key's address


def _run(chain: dict, args: list[str], env: dict[str, str] | None = None):
    full = dict(os.environ, SAFETYNET_HOME=str(chain["home"]), PYTHONPATH=str(ROOT / "src"))
    full.pop("SAFETYNET_PRIVATE_KEY", None)
    full.update(env or {})
    return subprocess.run(
        [*CLI, "--rpc-url", chain["url"], *args] if "--rpc-url" not in args else [*CLI, *args],
        cwd=ROOT, env=full, capture_output=True, text=True, timeout=180,
    )  # fmt: skip


@pytest.fixture(scope="module")
def chain(module_anvil, tmp_path_factory):
    """The sample market of `make up` on a fresh chain; cover #1 held by account 1; a key
    with mock USDC and no ETH."""
    c = {"url": module_anvil.url, "home": tmp_path_factory.mktemp("home")}
    for args in (
        ["up", "--once"],
        ["--account", "1", "buy", "0", "1000", "--days", "30"],
        ["dev", "mint", "1000", "--to", _address(BROKE_KEY)],
    ):
        done = _run(c, args)
        assert done.returncode == 0, done.stdout + done.stderr
    return c


def _address(key: str) -> str:
    from eth_account import Account

    return str(Account.from_key(key).address)


FEED = ["dev", "feed", "set", "usdc-depeg"]
SUBMIT = ["claim", "submit", "1", "100", "--cause", "exploit"]
BAD_INPUTS = [
    # (id, arguments, extra environment, what the one line must say)
    ("key-garbage", ["pool"], {"SAFETYNET_PRIVATE_KEY": "garbage"}, "is not a private key"),
    ("key-short", ["pool"], {"SAFETYNET_PRIVATE_KEY": "0x1234"}, "is not a private key"),
    ("key-zero", ["pool"], {"SAFETYNET_PRIVATE_KEY": "0x" + "0" * 64}, "out of range"),
    ("no-eth-for-gas", ["buy", "0", "100", "--days", "30"], {"SAFETYNET_PRIVATE_KEY": BROKE_KEY},
     "needs ETH to pay for gas"),
    ("feed-abc", [*FEED, "abc"], {}, "is not a number"),
    ("feed-zero", [*FEED, "0"], {}, "above 0"),
    ("feed-nan", [*FEED, "nan"], {}, "above 0"),
    ("feed-inf", [*FEED, "inf"], {}, "above 0"),
    ("feed-negative", [*FEED, "-0.5"], {}, "must not be negative"),
    ("feed-not-parametric", ["dev", "feed", "set", "0", "0.9"], {}, "no parametric trigger"),
    ("mint-to-nobody", ["dev", "mint", "100", "--to", "nobody"], {}, "is not an address"),
    ("buy-owner-nobody", ["buy", "0", "100", "--owner", "nobody"], {}, "is not an address"),
    ("covers-owner-nobody", ["covers", "--owner", "nobody"], {}, "is not an address"),
    ("decimal-comma", ["quote", "0", "1,5"], {}, "use a dot for decimals"),
    ("bad-grouping", ["deposit", "1,00"], {}, "use a dot for decimals"),
    ("deposit-negative", ["deposit", "-1"], {}, "amount must not be negative"),
    ("amount-garbage", ["deposit", "abc"], {}, "is not a number"),
    ("amount-too-precise", ["deposit", "1.0000001"], {}, "more than 6 decimals"),
    ("stake-huge", ["--account", "1", "stake", "1e100"], {}, "too large"),
    ("days-fraction", ["quote", "0", "100", "--days", "7.5"], {}, "whole number of days"),
    ("days-negative", ["quote", "0", "100", "--days", "-3"], {}, "positive whole number"),
    ("days-garbage", ["buy", "0", "100", "--days", "week"], {}, "not a number of days"),
    ("account-range", ["--account", "12", "pool"], {}, "--account must be 0..9"),
    ("unreachable-node", ["--rpc-url", "http://127.0.0.1:9", "pool"], {}, "cannot reach"),
    ("unknown-product", ["quote", "99", "100"], {}, "refused by the contract"),
    ("time-travel-negative", ["dev", "time-travel", "-5"], {}, "must not be negative"),
    ("rounds-garbage", ["incident", "report", "usdc-depeg", "0xzz"], {}, "round ids must be"),
    ("withdraw-nothing", ["--account", "7", "withdraw", "5"], {}, "error:"),
    ("unstake-nothing", ["--account", "7", "unstake", "5"], {}, "error:"),
    ("evidence-missing", [*SUBMIT, "--incident-time", "1", "--evidence", "/nonexistent/file"],
     {}, "evidence file"),
    ("claim-not-owner", ["--account", "2", *SUBMIT, "--incident-time", "1", "--evidence",
                         "README.md"], {}, "not by"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "env", "says"), [case[1:] for case in BAD_INPUTS], ids=[c[0] for c in BAD_INPUTS]
)
def test_cli__bad_input__one_line_error_no_traceback(chain, args, env, says):
    result = _run(chain, args, env)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, output
    assert says in errors[0], output


def test_cli__refused_claim__no_approve_sent(chain):
    """A claim by someone who does not hold the cover is refused before any transaction."""
    before = _nonce(chain, 2)
    result = _run(chain, ["--account", "2", *SUBMIT, "--incident-time", "1", "--evidence",
                          "README.md"])  # fmt: skip
    assert result.returncode == 1
    assert _nonce(chain, 2) == before


def _nonce(chain: dict, account: int) -> int:
    import urllib.request

    from safetynet.chain import ANVIL_KEYS

    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_getTransactionCount",
                       "params": [_address(ANVIL_KEYS[account]), "latest"]}).encode()  # fmt: skip
    request = urllib.request.Request(
        chain["url"], data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(json.loads(response.read())["result"], 16)


def test_cli__buy_while_trigger_active__refused_before_any_approve(chain):
    """Parametric cover is not sold while its feed is below the threshold: the SDK says so
    before the approve a new buyer would otherwise send."""
    products = json.loads(_run(chain, ["products", "--json"]).stdout)
    depeg = next(p["product_id"] for p in products if p["name"] == "USDC depeg")
    assert _run(chain, ["dev", "feed", "set", "usdc-depeg", "0.90"]).returncode == 0
    try:
        before = _nonce(chain, 6)
        result = _run(chain, ["--account", "6", "buy", str(depeg), "100", "--days", "30"])
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "cover: trigger active: sales paused" in result.stderr
        assert _nonce(chain, 6) == before
    finally:
        assert _run(chain, ["dev", "feed", "set", "usdc-depeg", "1.00"]).returncode == 0
