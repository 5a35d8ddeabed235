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

            def active(log: Path) -> bool:
                return log.exists() and '"action": "active"' in log.read_text()

            _wait(lambda: active(a_log) or active(b_log), 60)
            time.sleep(1.0)
            assert active(a_log) != active(b_log)  # exactly one is active
            (dead, standby_log) = (a, b_log) if active(a_log) else (b, a_log)
            dead.send_signal(signal.SIGKILL)
            dead.wait(timeout=10)
            assert _wait(lambda: active(standby_log), 10) <= 10
        finally:
            for p in (a, b):
                if p.poll() is None:
                    p.terminate()
                    p.wait(timeout=15)
