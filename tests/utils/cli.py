"""The CLI as a user runs it: a subprocess with a SAFETYNET_HOME of its own, the sample
market deployed the way `make up` does it, its keeper, and `safetynet up` started, waited
for and stopped the way a terminal would."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from safetynet.keeper import spawn_keeper
from safetynet.node import free_port, port_in_use
from tests.utils.paths import ROOT, SRC

CLI = [sys.executable, "-m", "safetynet.cli.main"]
UP_READY = "Ctrl-C stops it"  # what `up` prints once the chain and deployment are ready
KEEPER_RUNNING = "keeper running"  # ... and once its keeper runs
API_RUNNING = "web app at"  # ... and once the API runs too: every process it starts is up


# The API `up` serves in tests: not 8000, which a developer's `make up` may hold.
WEB_PORT = free_port()


def cli_env(home: Path, **extra: str) -> dict[str, str]:
    """This process's environment with `home` as SAFETYNET_HOME and this checkout's source
    first, minus any RPC URL or key the developer's shell may carry."""
    env = dict(os.environ, SAFETYNET_HOME=str(home), PYTHONPATH=str(SRC),
               SAFETYNET_WEB_PORT=str(WEB_PORT), **extra)  # fmt: skip
    env.pop("SAFETYNET_RPC_URL", None)
    env.pop("SAFETYNET_PRIVATE_KEY", None)
    return env


def run_cli(
    home: Path, *args: str, url: str | None = None, account: int | None = None
) -> subprocess.CompletedProcess[str]:
    """`safetynet [--rpc-url URL] [--account N] ARGS...` with `home` as SAFETYNET_HOME."""
    options = ["--rpc-url", url] if url else []
    options += ["--account", str(account)] if account is not None else []
    return subprocess.run(
        [*CLI, *options, *args], cwd=ROOT, env=cli_env(home), capture_output=True, text=True,
        timeout=300,  # `up --once` deploys: minutes on a loaded 2-core machine
    )  # fmt: skip


def cli_ok(home: Path, *args: str, url: str | None = None, account: int | None = None) -> str:
    """`run_cli` of a command that must succeed; its stdout."""
    done = run_cli(home, *args, url=url, account=account)
    assert done.returncode == 0, f"{args}: {done.stdout}\n{done.stderr}"
    return done.stdout


def cli_refused(home: Path, *args: str, url: str | None = None) -> str:
    """`run_cli` of a command that must fail; what it printed."""
    done = run_cli(home, *args, url=url)
    assert done.returncode != 0, done.stdout
    return done.stderr + done.stdout


def sample_market(url: str, home: Path) -> dict[str, int]:
    """`safetynet up --once` on the chain at `url`, as `make up` sets it up: SafetyNet
    deployed, the sample products listed, dev accounts funded. Returns the product ids by name."""
    cli_ok(home, "up", "--once", url=url)
    products = json.loads(cli_ok(home, "products", "--json", url=url))
    return {p["name"]: p["product_id"] for p in products}


@contextmanager
def keeper_running(url: str, home: Path) -> Iterator[subprocess.Popen[bytes]]:
    """The keeper as `make up` starts it (the local mock heartbeat, its state and log in
    <home>/keeper), stopped with SIGTERM on the way out."""
    keeper = spawn_keeper(url, home / "deployment.json", home / "keeper")
    try:
        yield keeper
    finally:
        keeper.terminate()
        keeper.wait(timeout=30)


def keeper_log(home: Path) -> list[dict]:
    """The JSON lines the keeper of `home` has logged so far."""
    path = home / "keeper" / "keeper.log"
    lines = path.read_text().splitlines() if path.exists() else []
    return [json.loads(line) for line in lines if line.startswith("{")]


def start_up(home: Path, port: int, log: Path, ready: str = UP_READY) -> subprocess.Popen[bytes]:
    """`safetynet up --port PORT` (as `make up` runs it), returned once its log shows
    `ready`; fails the test if it exits first or is not ready within 240 s."""
    process = subprocess.Popen(
        [*CLI, "up", "--port", str(port)], cwd=SRC.parent, env=cli_env(home),
        stdout=open(log, "wb"), stderr=subprocess.STDOUT,  # noqa: SIM115 - the child owns it
    )  # fmt: skip
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"safetynet up exited early:\n{log.read_text()}")
        if ready in log.read_text():
            return process
        time.sleep(0.5)
    process.kill()
    pytest.fail(f"safetynet up did not get ready:\n{log.read_text()}")


def stop_up(process: subprocess.Popen[bytes], port: int) -> None:
    """Ctrl-C `up`, as a terminal would; its anvil must stop listening within 15 s."""
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


def alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
