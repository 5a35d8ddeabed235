"""`make up 2>&1 | tee log`, then Ctrl-C in a real terminal (a pty): the same Ctrl-C kills
tee first, so the "stopping" print hits a closed pipe. Cleanup must not depend on printing:
anvil and the keeper are gone within 10 s, every time. Also: a leftover anvil of ours on the
port is named with the way to stop it, and `safetynet down` stops it."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from safetynet.node import free_port, port_in_use, start_anvil
from tests.integration import require_anvil
from tests.utils.cli import CLI, alive, cli_env
from tests.utils.paths import ROOT

pytestmark = pytest.mark.integration

STAMP = ".venv/.installed"


def _env(home: Path, port: int) -> dict[str, str]:
    return cli_env(home, SAFETYNET_ANVIL_PORT=str(port), TERM="xterm")


def _read(fd: int, seconds: float) -> bytes:
    out = b""
    ready, _, _ = select.select([fd], [], [], seconds)
    if ready:
        try:
            out = os.read(fd, 65536)
        except OSError:  # EIO: every process on the terminal has gone
            return b""
    return out


def _make_up_tee_ctrl_c(home: Path, port: int, log: Path) -> tuple[float, dict, bytes]:
    """One round in a pty; returns (seconds from Ctrl-C until anvil and keeper are gone,
    the pids `up` recorded, what the terminal showed)."""
    # -o: never reinstall the venv from inside a test (the stamp is `make test`'s business)
    command = f"make -s -o {STAMP} up 2>&1 | tee {log}"
    pid, fd = pty.fork()
    if pid == 0:  # the child: a session of its own with the pty as its terminal
        os.chdir(ROOT)
        os.execvpe("bash", ["bash", "-c", command], _env(home, port))
    screen = b""
    try:
        deadline = time.monotonic() + 180
        while b"keeper running" not in screen:
            assert time.monotonic() < deadline, screen.decode(errors="replace")
            screen += _read(fd, 0.5)
        pids = json.loads((home / "up.pid").read_text())
        os.write(fd, b"\x03")  # Ctrl-C: SIGINT to make, safetynet, tee and the keeper
        pressed = time.monotonic()
        while time.monotonic() - pressed < 30 and (alive(pids["anvil"]) or alive(pids["keeper"])):
            screen += _read(fd, 0.1)
        stopped_in = time.monotonic() - pressed
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            screen += _read(fd, 0.1)
        return stopped_in, pids, screen
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)


def _require_tools() -> None:
    require_anvil()
    if shutil.which("make") is None or not (ROOT / STAMP).exists():
        message = "needs make and an installed .venv (make test installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # CI runs every integration test, never skips one
        pytest.skip(message)


def _ctrl_c_rounds(tmp_path: Path, rounds: int) -> None:
    _require_tools()
    home = tmp_path / "home"
    port = free_port()
    deployed = subprocess.run(
        [*CLI, "up", "--once"], cwd=ROOT,
        env=_env(home, port), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert deployed.returncode == 0, deployed.stdout + deployed.stderr
    for round_ in range(rounds):
        stopped_in, pids, screen = _make_up_tee_ctrl_c(home, port, tmp_path / f"log{round_}")
        left = {name: pid for name, pid in pids.items() if pid and alive(pid)}
        for pid in left.values():  # never leave them behind, even when failing
            os.kill(pid, signal.SIGKILL)
        assert not left, f"round {round_}: left running {left}\n{screen.decode(errors='replace')}"
        assert stopped_in <= 10, f"round {round_}: took {stopped_in:.1f} s to stop"
        assert not port_in_use(port)
        assert not (home / "up.pid").exists()
        assert "Traceback" not in screen.decode(errors="replace")


def test_make_up_piped_to_tee__ctrl_c_twice__no_anvil_or_keeper_left(tmp_path):
    _ctrl_c_rounds(tmp_path, 2)


@pytest.mark.slow  # ~25 s a round on a loaded 2-core machine: `make test-long` runs it
def test_make_up_piped_to_tee__ctrl_c_ten_times__no_anvil_or_keeper_left(tmp_path):
    _ctrl_c_rounds(tmp_path, 10)


def test_up__port_held_by_leftover_anvil__names_it_and_down_stops_it(tmp_path):
    _require_tools()
    home = tmp_path / "home"
    home.mkdir()
    leftover = start_anvil(free_port())  # as if `up` had been killed with SIGKILL
    try:
        (home / "up.pid").write_text(json.dumps({"anvil": leftover.process.pid}) + "\n")
        env = _env(home, leftover.port)
        cli = [sys.executable, "-m", "safetynet.cli.main"]
        refused = subprocess.run([*cli, "up"], cwd=ROOT, env=env, capture_output=True,
                                 text=True, timeout=120)  # fmt: skip
        assert refused.returncode == 1
        assert f"held by anvil (pid {leftover.process.pid})" in refused.stderr
        assert "make down" in refused.stderr and "Traceback" not in refused.stderr

        down = subprocess.run([*cli, "down"], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)  # fmt: skip
        assert down.returncode == 0, down.stderr
        assert f"anvil (pid {leftover.process.pid})" in down.stdout
        assert not port_in_use(leftover.port)
        assert not (home / "up.pid").exists()
    finally:
        leftover.stop()


def test_up_fresh__after_a_run__forgets_chain_state(tmp_path):
    _require_tools()
    home = tmp_path / "home"
    home.mkdir()
    for name in ("anvil-state.json", "deployment.json", "clock.json"):
        (home / name).write_text("{}")
    (home / "keeper").mkdir()
    (home / "keeper" / "keeper.json").write_text("{}")
    down = subprocess.run(
        [sys.executable, "-m", "safetynet.cli.main", "down", "--reset"], cwd=ROOT,
        env=_env(home, free_port()), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert down.returncode == 0, down.stderr
    assert sorted(p.name for p in home.iterdir()) == []
