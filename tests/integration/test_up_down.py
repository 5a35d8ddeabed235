"""`safetynet up` when its processes stop under it: `safetynet down` from another shell
stops the whole run as Ctrl-C would (up exits 0, state saved, nothing left), and a child
that dies on its own (anvil here) makes `up` say which and stop the rest instead of hanging."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from safetynet.node import free_port, port_in_use
from tests.integration import require_anvil
from tests.utils.cli import API_RUNNING, CLI, WEB_PORT, alive, cli_env, start_up, stop_up
from tests.utils.paths import ROOT

pytestmark = pytest.mark.integration


def _run_up(tmp_path: Path) -> tuple[Path, int, subprocess.Popen[bytes], dict[str, int]]:
    """`up` on a home and port of its own, once every process it starts is running; returns
    (home, port, the `up` process, the pids it recorded)."""
    require_anvil()
    home, port = tmp_path / "home", free_port()
    up = start_up(home, port, tmp_path / "up.log", ready=API_RUNNING)
    return home, port, up, json.loads((home / "up.pid").read_text())


def _exit_code(up: subprocess.Popen[bytes], port: int, log: Path, seconds: float) -> int:
    """`up`'s exit code once it has stopped by itself within `seconds`; a hanging `up` fails
    the test (and is stopped with Ctrl-C, then killed)."""
    try:
        return up.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        stop_up(up, port)
        pytest.fail(f"`up` still running {seconds:.0f} s later:\n{log.read_text()}")


def _nothing_left(home: Path, pids: dict[str, int]) -> None:
    left = {name: pid for name, pid in pids.items() if alive(pid)}
    for pid in left.values():  # never leave them behind, even when failing
        os.kill(pid, signal.SIGKILL)
    assert not left, f"left running: {left}"
    assert not port_in_use(WEB_PORT), "the API still listening"
    assert not (home / "up.pid").exists() and not (home / "node.json").exists()


def test_down_from_another_shell__up_exits_0__state_saved_nothing_left(tmp_path):
    home, port, up, pids = _run_up(tmp_path)
    log = tmp_path / "up.log"
    try:
        down = subprocess.run([*CLI, "down"], cwd=ROOT, env=cli_env(home), capture_output=True,
                              text=True, timeout=120)  # fmt: skip
        assert down.returncode == 0, down.stderr
        code = _exit_code(up, port, log, seconds=10)
    finally:
        _nothing_left(home, pids)
    shown = " ".join(log.read_text().split())  # rich wraps at 80 columns
    assert code == 0, shown
    assert "SIGTERM" in shown and "stopped anvil (state saved)" in shown, shown
    assert "Traceback" not in shown
    said = " ".join(down.stdout.split())
    for name in ("anvil", "keeper", "indexer", "api"):
        assert f"{name} (pid {pids[name]})" in said, said
    assert not port_in_use(port)
    saved = json.loads((home / "clock.json").read_text())  # as on Ctrl-C: the clock kept
    assert saved["latest_block_time"] > 0


def test_up__anvil_dies__names_it_stops_the_rest_exits_1(tmp_path):
    home, port, up, pids = _run_up(tmp_path)
    log = tmp_path / "up.log"
    try:
        os.killpg(pids["anvil"], signal.SIGKILL)
        code = _exit_code(up, port, log, seconds=30)
    finally:
        _nothing_left(home, pids)
    shown = " ".join(log.read_text().split())  # rich wraps at 80 columns
    assert code == 1, shown
    assert f"anvil (pid {pids['anvil']}) exited" in shown, shown
    assert "stopped the keeper, the indexer and the API" in shown, shown
    assert "Traceback" not in shown
