"""`make up` stopped and started again after `dev time-travel`: chain time carries on from
where it stopped (anvil alone restarts at the wall clock, 16 days *earlier* in the field
report), covers keep their status, and the keeper that `up` runs neither pays a cover
bought after the restart under the old incident nor misses a new one."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from safetynet.node import free_port, port_in_use
from tests.integration import require_anvil

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
WEB_PORT = free_port()  # the API `up` serves (not 8000: a developer's may hold it)
CLI = [sys.executable, "-m", "safetynet.cli.main"]
DAY = 86_400
HOUR = 3_600
USDC = 10**6


def latest_block_time(url: str) -> int:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_getBlockByNumber",
                       "params": ["latest", False]}).encode()  # fmt: skip
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return int(json.loads(response.read())["result"]["timestamp"], 16)


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, SAFETYNET_HOME=str(home), PYTHONPATH=str(ROOT / "src"),
               SAFETYNET_WEB_PORT=str(WEB_PORT))  # fmt: skip
    env.pop("SAFETYNET_RPC_URL", None)
    env.pop("SAFETYNET_PRIVATE_KEY", None)
    return env


def start_up(home: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    """`safetynet up` (as `make up` runs it), returned once it is ready and its keeper runs."""
    process = subprocess.Popen(
        [*CLI, "up", "--port", str(port)], cwd=ROOT, env=_env(home),
        stdout=open(log, "wb"), stderr=subprocess.STDOUT,  # noqa: SIM115 - the child owns it
    )  # fmt: skip
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"safetynet up exited early:\n{log.read_text()}")
        if "keeper running" in log.read_text():
            return process
        time.sleep(0.5)
    process.kill()
    pytest.fail(f"safetynet up did not get ready:\n{log.read_text()}")


def stop_up(process: subprocess.Popen[bytes], port: int) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert not port_in_use(port), "anvil still listening after `up` stopped"


def cli(home: Path, *args: str, account: int | None = None) -> str:
    cmd = [*CLI] + (["--account", str(account)] if account is not None else [])
    out = subprocess.run(
        [*cmd, *args], cwd=ROOT, env=_env(home), capture_output=True, text=True, timeout=180
    )
    assert out.returncode == 0, f"{args}: {out.stdout}\n{out.stderr}"
    return out.stdout


def covers(home: Path) -> dict[int, dict]:
    return {c["cover_id"]: c for c in json.loads(cli(home, "covers", "--json"))}


def keeper_log(home: Path) -> list[dict]:
    path = home / "keeper" / "keeper.log"
    lines = path.read_text().splitlines() if path.exists() else []
    return [json.loads(line) for line in lines if line.startswith("{")]


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

    up = start_up(home, port, tmp_path / "up1.log")
    try:
        products = json.loads(cli(home, "products", "--json"))
        depeg = next(p for p in products if p["name"] == "USDC depeg")
        waiting = int(depeg.get("waiting_period", 0))
        cli(home, "buy", "0", "1000", "--days", "90", account=1)  # protocol cover #1
        cli(home, "buy", str(depeg["product_id"]), "1000", "--days", "90", account=2)  # #2
        cli(home, "dev", "time-travel", str(max(waiting, DAY) + HOUR))
        assert {c: covers(home)[c]["active"] for c in (1, 2)} == {1: True, 2: True}

        # incident 1: the keeper reports it and pays cover #2
        cli(home, "dev", "feed", "set", "usdc-depeg", "0.93")
        cli(home, "dev", "time-travel", str(HOUR + 100))
        wait_for("the keeper to pay cover #2", lambda: covers(home)[2]["paid"] == 1000 * USDC)
        cli(home, "dev", "feed", "set", "usdc-depeg", "1.00")
        cli(home, "dev", "time-travel", str(16 * DAY))  # the field report's 16.4 days
        before_stop = latest_block_time(url)
    finally:
        stop_up(up, port)

    up = start_up(home, port, tmp_path / "up2.log")
    try:
        # bought after the restart while the feed reads 1.00: incident 1 is long over
        cli(home, "buy", str(depeg["product_id"]), "500", "--days", "30", account=3)  # #3
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
        cli(home, "dev", "time-travel", str(waiting + HOUR))
        cli(home, "dev", "feed", "set", "usdc-depeg", "0.90")
        cli(home, "dev", "time-travel", str(HOUR + 100))
        wait_for("the keeper to pay cover #3", lambda: covers(home)[3]["paid"] == 500 * USDC)
        incidents = json.loads(cli(home, "incident", "list", "--json"))
        assert len(incidents) == 2
    finally:
        stop_up(up, port)

    log = keeper_log(home)
    assert [r["action"] for r in log].count("incident_reported") == 2
    paid = [r for r in log if r["action"] in ("payout_batch", "payout")]
    paid_for_3 = [r["incident"] for r in paid if 3 in r.get("covers", [r.get("cover")])]
    assert paid_for_3 == [2]
