"""`safetynet up` against a real anvil: deploy through the SDK's network mode, use the CLI
against it (quote, buy with a dev account, covers --json, pool --json), stop cleanly, and
restart with the pool and the covers kept."""

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

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
CLI = [sys.executable, "-m", "safetynet.cli.main"]
WEB_PORT = free_port()  # the API `up` serves (not 8000: a developer's `make up` may hold it)


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, SAFETYNET_HOME=str(home), SAFETYNET_WEB_PORT=str(WEB_PORT))
    env.pop("SAFETYNET_RPC_URL", None)
    env.pop("SAFETYNET_PRIVATE_KEY", None)
    return env


def _start_up(home: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [*CLI, "up", "--port", str(port)],
        cwd=ROOT,
        env=_env(home),
        stdout=open(log, "wb"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"safetynet up exited early:\n{log.read_text()}")
        if "Ctrl-C stops it" in log.read_text():
            return process
        time.sleep(0.5)
    process.kill()
    pytest.fail(f"safetynet up did not get ready:\n{log.read_text()}")


def _stop_up(process: subprocess.Popen[bytes], port: int) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    deadline = time.monotonic() + 15
    while port_in_use(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not port_in_use(port), "anvil still listening after `up` stopped"


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


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*CLI, *args], cwd=ROOT, env=_env(home), capture_output=True, text=True, timeout=120
    )


def test_up__buy_with_dev_account__cover_listed_and_kept_across_restart(tmp_path):
    home = tmp_path / "home"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    up = _start_up(home, port, tmp_path / "up1.log")
    try:
        quote = _cli(home, "--rpc-url", url, "quote", "0", "1000", "--days", "30", "--json")
        assert quote.returncode == 0, quote.stderr
        premium = json.loads(quote.stdout)["premium"]
        assert premium > 0

        bought = _cli(home, "--rpc-url", url, "--account", "1", "buy", "0", "1000", "--days", "30")
        assert bought.returncode == 0, bought.stderr

        listed = _cli(home, "covers", "--json")  # finds the running chain by itself
        assert listed.returncode == 0, listed.stderr
        assert "using the local chain" in listed.stderr
        covers = json.loads(listed.stdout)
        assert [(c["cover_id"], c["amount"], c["premium"]) for c in covers] == [
            (1, 1000 * 10**6, premium)
        ]
        assert covers[0]["owner"].lower() == "0x70997970c51812dc3a010c7d01b50e0d17dc79c8"
        assert _api_quote() == premium  # `up` serves the API, quoting from its chain
        pool_before = json.loads(_cli(home, "pool", "--json").stdout)
        assert pool_before["balance"] == (
            pool_before["total_assets"] + pool_before["unearned_premium"] + pool_before["fees_owed"]
        )
    finally:
        _stop_up(up, port)
    assert not port_in_use(WEB_PORT), "the API still listening after `up` stopped"

    none = _cli(home, "covers", "--json")
    assert none.returncode == 1 and "make up" in none.stderr  # says there is no chain

    up = _start_up(home, port, tmp_path / "up2.log")
    try:
        assert "reusing the deployment" in (tmp_path / "up2.log").read_text()
        covers = json.loads(_cli(home, "--rpc-url", url, "covers", "--json").stdout)
        assert [c["cover_id"] for c in covers] == [1]
        pool_after = json.loads(_cli(home, "--rpc-url", url, "pool", "--json").stdout)
        assert pool_after["total_supply"] == pool_before["total_supply"]
        assert pool_after["balance"] == pool_before["balance"]
    finally:
        _stop_up(up, port)
