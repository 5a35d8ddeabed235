"""`make up` stopped and started again after `dev time-travel`: chain time carries on from
where it stopped (anvil alone restarts at the wall clock, 16 days *earlier* in the field
report), covers keep their status, and the keeper that `up` runs neither pays a cover
bought after the restart under the old incident nor misses a new one."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from safetynet.node import free_port, latest_block_time
from tests.integration import require_anvil
from tests.utils.cli import KEEPER_RUNNING, cli_ok, keeper_log, start_up, stop_up
from tests.utils.constants import DAY, HOUR, USDC

pytestmark = pytest.mark.integration


def covers(home: Path) -> dict[int, dict]:
    return {c["cover_id"]: c for c in json.loads(cli_ok(home, "covers", "--json"))}


def wait_for(what: str, check, timeout: float = 90) -> None:  # noqa: ANN001 - a predicate
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(1)
    pytest.fail(f"timed out waiting for {what}")


def test_up_restart__after_time_travel__clock_forward_covers_kept_keeper_pays_only_new_incident(
    tmp_path,
):
    require_anvil()
    home = tmp_path / "home"
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    up = start_up(home, port, tmp_path / "up1.log", ready=KEEPER_RUNNING)
    try:
        products = json.loads(cli_ok(home, "products", "--json"))
        depeg = next(p for p in products if p["name"] == "USDC depeg")
        waiting = int(depeg.get("waiting_period", 0))
        cli_ok(home, "buy", "0", "1000", "--days", "90", account=1)  # protocol cover #1
        cli_ok(home, "buy", str(depeg["product_id"]), "1000", "--days", "90", account=2)  # #2
        cli_ok(home, "dev", "time-travel", str(max(waiting, DAY) + HOUR))
        assert {c: covers(home)[c]["active"] for c in (1, 2)} == {1: True, 2: True}

        # incident 1: the keeper reports it and pays cover #2
        cli_ok(home, "dev", "feed", "set", "usdc-depeg", "0.93")
        cli_ok(home, "dev", "time-travel", str(HOUR + 100))
        wait_for("the keeper to pay cover #2", lambda: covers(home)[2]["paid"] == 1000 * USDC)
        cli_ok(home, "dev", "feed", "set", "usdc-depeg", "1.00")
        cli_ok(home, "dev", "time-travel", str(16 * DAY))  # the field report's 16.4 days
        before_stop = latest_block_time(url)
    finally:
        stop_up(up, port)

    up = start_up(home, port, tmp_path / "up2.log", ready=KEEPER_RUNNING)
    try:
        # bought after the restart while the feed reads 1.00: incident 1 is long over
        cli_ok(home, "buy", str(depeg["product_id"]), "500", "--days", "30", account=3)  # #3
        assert latest_block_time(url) > before_stop, "chain time went backwards on restart"
        assert covers(home)[1]["active"], "a cover bought before the restart lost its status"
        wait_for(
            "the keeper to index cover #3",
            lambda: any(r.get("last_cover", 0) >= 3 for r in keeper_log(home)),
        )
        # the pass that indexed #3 goes on to pay incidents; an idle pass logs nothing, so
        # give it a few (interval 2 s) before looking
        time.sleep(6)
        assert covers(home)[3]["paid"] == 0, "paid under the old incident"

        # incident 2, after cover #3 started: reported and paid, once
        cli_ok(home, "dev", "time-travel", str(waiting + HOUR))
        cli_ok(home, "dev", "feed", "set", "usdc-depeg", "0.90")
        cli_ok(home, "dev", "time-travel", str(HOUR + 100))
        wait_for("the keeper to pay cover #3", lambda: covers(home)[3]["paid"] == 500 * USDC)
        incidents = json.loads(cli_ok(home, "incident", "list", "--json"))
        assert len(incidents) == 2
    finally:
        stop_up(up, port)

    log = keeper_log(home)
    assert [r["action"] for r in log].count("incident_reported") == 2
    paid = [r for r in log if r["action"] in ("payout_batch", "payout")]
    paid_for_3 = [r["incident"] for r in paid if 3 in r.get("covers", [r.get("cover")])]
    assert paid_for_3 == [2]
