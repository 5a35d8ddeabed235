"""The README's parametric walkthrough on a real anvil: the USDC-depeg sample triggers on two
of three feeds; `dev feed set usdc-depeg 0.93 --feed 0` alone pays nothing, a second feed
pays every holder (keeper started as `make up` starts it, with the local mock heartbeat)."""

from __future__ import annotations

import json
import time

import pytest

from safetynet.node import free_port, start_anvil
from tests.integration import require_anvil
from tests.utils.cli import cli_ok, cli_refused, keeper_log, keeper_running, sample_market

pytestmark = pytest.mark.integration


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
        url = node.url
        depeg = sample_market(url, home)["USDC depeg"]
        shown = json.loads(cli_ok(home, "dev", "feed", "show", "usdc-depeg", "--json", url=url))
        assert shown["required"] == 2 and [f["decimals"] for f in shown["feeds"]] == [8, 18, 6]
        cli_ok(home, "buy", str(depeg), "1000", "--days", "30", url=url, account=1)

        with keeper_running(url, home):
            cli_ok(home, "dev", "time-travel", str(24 * 3600 + 60), url=url)  # waiting period
            out = cli_ok(home, "dev", "feed", "set", "usdc-depeg", "0.93", "--feed", "0", url=url)
            assert "feed 0 of product" in out and "1 of 3 feeds below" in out
            cli_ok(home, "dev", "time-travel", "3700", url=url)
            # the keeper's heartbeat re-posts every feed: feed 0 proves its hour, alone
            assert _wait_for(
                lambda: sum(r["action"] == "feed_heartbeat" for r in keeper_log(home)) >= 3
            )
            time.sleep(6)  # a few more passes
            assert json.loads(cli_ok(home, "incident", "list", "--json", url=url)) == []

            out = cli_ok(home, "dev", "feed", "set", "usdc-depeg", "0.93", "--feed", "1", url=url)
            assert "2 of 3 feeds below" in out
            cli_ok(home, "dev", "time-travel", "3700", url=url)

            def paid() -> bool:
                covers = json.loads(cli_ok(home, "covers", "--json", url=url))
                mine = [c for c in covers if c["product_id"] == depeg]
                return bool(mine) and all(c["paid"] == c["amount"] for c in mine)

            assert _wait_for(paid), keeper_log(home)[-5:]
            incidents = json.loads(cli_ok(home, "incident", "list", "--json", url=url))
            assert [i["product_id"] for i in incidents] == [depeg]
    reported = [r for r in keeper_log(home) if r["action"] == "incident_reported"]
    assert len(reported) == 1 and reported[0]["feeds"] == [0, 1]


def test_incident_report__multi_feed_product__windows_found_or_given_per_feed(tmp_path):
    require_anvil()
    home = tmp_path / "home"
    with start_anvil(free_port(), log_path=tmp_path / "anvil.log") as node:
        url = node.url
        sample_market(url, home)
        cli_ok(home, "dev", "feed", "set", "usdc-depeg", "0.93", "--feed", "0", url=url)
        cli_ok(home, "dev", "feed", "set", "usdc-depeg", "0.93", "--feed", "2", url=url)
        cli_ok(home, "dev", "time-travel", "3700", url=url)
        bad = cli_refused(home, "incident", "report", "usdc-depeg", "0x10001", url=url)
        assert "round ids must be given per feed" in bad
        nothing = cli_refused(home, "incident", "report", "usdc-depeg", url=url)
        assert "prove no incident now" in nothing
        # the feeds' next rounds (a heartbeat) prove the hour on feeds 0 and 2
        cli_ok(home, "dev", "feed", "set", "usdc-depeg", "0.93", "--feed", "0", url=url)
        cli_ok(home, "dev", "feed", "set", "usdc-depeg", "0.93", "--feed", "2", url=url)
        out = json.loads(cli_ok(home, "incident", "report", "usdc-depeg", "--json", url=url))
        assert out["feeds"] == [0, 2] and out["end"] - out["time"] >= 3600
        assert len(json.loads(cli_ok(home, "incident", "list", "--json", url=url))) == 1
