"""`safetynet up` against a real anvil: deploy through the SDK's network mode, use the CLI
against it (quote, buy with a dev account, covers --json, pool --json), stop cleanly, and
restart with the pool and the covers kept."""

from __future__ import annotations

import json
import time
import urllib.request

import pytest

from safetynet.node import free_port, port_in_use
from tests.utils.cli import WEB_PORT, run_cli, start_up, stop_up

pytestmark = pytest.mark.integration


def _api_quote() -> int:
    url = f"http://127.0.0.1:{WEB_PORT}/api/quote?product_id=0&amount=1000000000&days=30"
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return int(json.loads(response.read())["premium"])
        except OSError:
            assert time.monotonic() < deadline, "the API of `up` did not answer"
            time.sleep(0.3)


def test_up__buy_with_dev_account__cover_listed_and_kept_across_restart(tmp_path):
    home = tmp_path / "home"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    up = start_up(home, port, tmp_path / "up1.log")
    try:
        quote = run_cli(home, "quote", "0", "1000", "--days", "30", "--json", url=url)
        assert quote.returncode == 0, quote.stderr
        premium = json.loads(quote.stdout)["premium"]
        assert premium > 0
        assert _api_quote() == premium  # `up` serves the API, quoting from its chain

        bought = run_cli(home, "buy", "0", "1000", "--days", "30", url=url, account=1)
        assert bought.returncode == 0, bought.stderr

        listed = run_cli(home, "covers", "--json")  # finds the running chain by itself
        assert listed.returncode == 0, listed.stderr
        assert "using the local chain" in listed.stderr
        covers = json.loads(listed.stdout)
        assert [(c["cover_id"], c["amount"], c["premium"]) for c in covers] == [
            (1, 1000 * 10**6, premium)
        ]
        assert covers[0]["owner"].lower() == "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
        pool_before = json.loads(run_cli(home, "pool", "--json").stdout)
        assert pool_before["balance"] == (
            pool_before["total_assets"] + pool_before["unearned_premium"] + pool_before["fees_owed"]
        )
    finally:
        stop_up(up, port)
    assert not port_in_use(WEB_PORT), "the API still listening after `up` stopped"

    none = run_cli(home, "covers", "--json")
    assert none.returncode == 1 and "make up" in none.stderr  # says there is no chain

    up = start_up(home, port, tmp_path / "up2.log")
    try:
        assert "reusing the deployment" in (tmp_path / "up2.log").read_text()
        covers = json.loads(run_cli(home, "covers", "--json", url=url).stdout)
        assert [c["cover_id"] for c in covers] == [1]
        pool_after = json.loads(run_cli(home, "pool", "--json", url=url).stdout)
        assert pool_after["total_supply"] == pool_before["total_supply"]
        assert pool_after["balance"] == pool_before["balance"]
    finally:
        stop_up(up, port)
