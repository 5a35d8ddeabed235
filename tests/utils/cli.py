"""The CLI as a user runs it: a subprocess with a SAFETYNET_HOME of its own, and `safetynet
up` started, waited for and stopped the way a terminal would."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safetynet.node import free_port, port_in_use
from tests.utils.paths import SRC

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
