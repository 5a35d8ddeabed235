"""Two keepers with --replica on one database: one is active; kill -9 it and the other
takes over within 10 s (the lease the indexer's replicas use, under the name `keeper`)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.utils.databases import fresh_database
from tests.utils.processes import stop_processes

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def _keeper(chain: dict, db_url: str, folder: Path, name: str) -> tuple[subprocess.Popen, Path]:
    log = folder / f"{name}.log"
    args = [sys.executable, "-m", "safetynet.keeper", "--rpc-url", chain["node"].url,
            "--manifest", str(chain["manifest"]), "--state-dir", str(folder / name),
            "--interval", "0.3", "--replica"]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "SAFETYNET_DATABASE_URL": db_url}
    with open(log, "ab") as out:
        proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env)
    return proc, log


def _wait(predicate, seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s")


def test_keeper_replicas__active_killed__standby_takes_over_within_10_s(
    anvil_chain, anvil_world, tmp_path
):
    with fresh_database("sqlite", tmp_path) as db_url:
        a, a_log = _keeper(anvil_chain, db_url, tmp_path, "a")
        b, b_log = _keeper(anvil_chain, db_url, tmp_path, "b")
        try:

            def said(log: Path, what: str) -> bool:
                return log.exists() and f'"action": "{what}"' in log.read_text()

            def one_active_one_standby() -> bool:
                active = [said(a_log, "active"), said(b_log, "active")]
                return sorted(active) == [False, True] and (
                    said(a_log, "standby") or said(b_log, "standby")
                )

            # Both running (starting takes a while on a loaded machine).
            _wait(one_active_one_standby, 180)
            (dead, standby_log) = (a, b_log) if said(a_log, "active") else (b, a_log)
            dead.send_signal(signal.SIGKILL)
            dead.wait(timeout=10)
            assert _wait(lambda: said(standby_log, "active"), 10) <= 10
        finally:
            stop_processes(a, b, timeout=20)
