"""A local anvil node for `safetynet up` and integration tests: start, wait, stop cleanly."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from safetynet.errors import SafetyNetError

LOCAL_ANVIL = Path(".tools/node_modules/.bin/anvil")


def find_anvil() -> str:
    """The anvil binary: the project-local npm install (make), else PATH."""
    if LOCAL_ANVIL.exists():
        return str(LOCAL_ANVIL.resolve())
    found = shutil.which("anvil")
    if found:
        return found
    raise SafetyNetError(
        "anvil not found: run `make up` (installs @foundry-rs/anvil into .tools/) "
        "or put anvil on PATH"
    )


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rpc_answers(url: str, timeout: float = 2.0) -> bool:
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "eth_chainId", "params": []})
    req = urllib.request.Request(
        url, data=body.encode(), headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return b"result" in response.read()
    except OSError:
        return False


@dataclass
class AnvilNode:
    """A running anvil process on 127.0.0.1."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path | None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 15.0) -> None:
        """Ctrl-C anvil (so it writes its state file), then make sure it is gone.

        The npm package starts anvil through a node wrapper, so the signal goes to the
        whole process group (anvil runs in a session of its own).
        """
        pgid = self.process.pid
        _signal_group(pgid, signal.SIGINT)
        deadline = time.monotonic() + timeout
        # the wrapper may exit before anvil has written its state: wait for the whole group
        while _group_alive(pgid) and time.monotonic() < deadline:
            self.process.poll()
            time.sleep(0.1)
        if _group_alive(pgid):
            _signal_group(pgid, signal.SIGKILL)
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def __enter__(self) -> AnvilNode:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_anvil(
    port: int | None = None,
    state_file: Path | None = None,
    log_path: Path | None = None,
    ready_timeout: float = 30.0,
    extra_args: tuple[str, ...] = (),
) -> AnvilNode:
    """Start anvil on 127.0.0.1 (state kept in `state_file` across restarts, if given)."""
    port = port or free_port()
    args = [find_anvil(), "--host", "127.0.0.1", "--port", str(port), *extra_args]
    if state_file is not None:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        # --state loads the file if present and writes it on exit; the interval guards crashes.
        args += ["--state", str(state_file), "--state-interval", "5"]
    out = open(log_path, "ab") if log_path else subprocess.DEVNULL  # noqa: SIM115
    if state_file is not None and state_file.exists() and state_file.stat().st_size == 0:
        raise SafetyNetError(
            f"the chain state {state_file} is empty (a crash while saving?): move it away to "
            "start a fresh chain, and the deployment manifest beside it too"
        )
    process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    node = AnvilNode(process=process, port=port, log_path=log_path)
    deadline = time.monotonic() + ready_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SafetyNetError(
                f"anvil exited with code {process.returncode} on port {port}"
                + (f"; see {log_path}" if log_path else "")
            )
        if rpc_answers(node.url, timeout=1.0):
            return node
        time.sleep(0.2)
    node.stop()
    raise SafetyNetError(f"anvil did not answer on {node.url} within {ready_timeout:.0f}s")


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie wrapper keeps the group "alive" until reaped; anvil is what matters
    return any(_in_group(pid, pgid) for pid in _pids())


def _pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _in_group(pid: int, pgid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    fields = stat.rsplit(")", 1)[1].split()
    # fields after the command: state, ppid, pgrp, ...
    return fields[0] != "Z" and int(fields[2]) == pgid


def _signal_group(pgid: int, sig: int) -> None:
    try:
        os.killpg(pgid, sig)
    except (ProcessLookupError, PermissionError):
        pass


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True
