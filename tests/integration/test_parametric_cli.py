"""The acceptance story through the CLI on a real anvil: the sample market is listed, holders
buy USDC-depeg cover, `dev feed set usdc-depeg 0.93`, time moves past an hour, and the
keeper (started as `make up` starts it) pays every holder with no command from them."""

from __future__ import annotations

import json
import time

import pytest

from tests.utils.cli import cli_ok, keeper_log, keeper_running, sample_market

pytestmark = pytest.mark.integration


def test_dev_feed_set__depeg_for_an_hour__keeper_pays_every_usdc_depeg_cover(clean_anvil, tmp_path):
    url = clean_anvil.url
    home = tmp_path / "home"
    market = sample_market(url, home)
    depeg = market["USDC depeg"]
    assert "Custodian proof of reserve" in market
    for account, amount in ((1, "1000"), (2, "2500")):
        cli_ok(home, "buy", str(depeg), amount, "--days", "30", url=url, account=account)

    with keeper_running(url, home):
        # past the product's 1-day waiting period (SDK default for every kind)
        cli_ok(home, "dev", "time-travel", str(24 * 3600 + 60), url=url)
        out = cli_ok(home, "dev", "feed", "set", "usdc-depeg", "0.93", url=url)
        assert "below the trigger threshold" in out
        cli_ok(home, "dev", "time-travel", "3700", url=url)
        deadline = time.monotonic() + 60
        covers = []
        while time.monotonic() < deadline:
            covers = [
                c
                for c in json.loads(cli_ok(home, "covers", "--json", url=url))
                if c["product_id"] == depeg
            ]
            if covers and all(c["paid"] == c["amount"] for c in covers):
                break
            time.sleep(1)
        assert len(covers) == 2 and all(c["paid"] == c["amount"] for c in covers), covers
        incidents = json.loads(cli_ok(home, "incident", "list", "--json", url=url))
        assert [i["product_id"] for i in incidents] == [depeg]
    log = keeper_log(home)
    assert [r["action"] for r in log].count("incident_reported") == 1
    assert log[-1]["action"] == "keeper_stopped"
