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
    try:
        rpc_call(url, "eth_chainId", [], timeout=timeout)
    except (OSError, ValueError, SafetyNetError):
        return False
    return True


def rpc_call(url: str, method: str, params: list, timeout: float = 5.0) -> object:
    """One JSON-RPC call with the standard library (no titanoboa: usable while shutting down)."""
    body = json.dumps({"jsonrpc": "2.0", "id": 1, "method": method, "params": params})
    req = urllib.request.Request(
        url, data=body.encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(req, timeout=timeout) as response:
        answer = json.loads(response.read())
    if "error" in answer:
        raise SafetyNetError(f"{method} failed on {url}: {answer['error']}")
    return answer["result"]


def latest_block_time(url: str, timeout: float = 5.0) -> int:
    """The timestamp of the node's latest block."""
    block = rpc_call(url, "eth_getBlockByNumber", ["latest", False], timeout=timeout)
    return int(block["timestamp"], 16)  # type: ignore[index]


def resume_clock(url: str, saved_time: int | None = None) -> int:
    """Make chain time carry on from where it stopped, never backwards.

    anvil restarted from a state file stamps its next block with the wall clock, which is
    behind the saved chain once `dev time-travel` moved it forward: covers bought before
    then look not yet started, and old incidents look current. So the next block is set to
    at least the latest known block time + 1 (anvil keeps the offset for later blocks) and
    mined at once. Returns the new chain time.
    """
    latest = max(latest_block_time(url), saved_time or 0)
    target = max(latest + 1, int(time.time()))
    rpc_call(url, "evm_setNextBlockTimestamp", [target])
    rpc_call(url, "evm_mine", [])
    return latest_block_time(url)


@dataclass
class AnvilNode:
    """A running anvil process on 127.0.0.1."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path | None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self, timeout: float = 8.0) -> None:
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


def process_command(pid: int) -> str:
    """The command line of a running process ("" if it is gone or not ours to read)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def stop_group(pgid: int, first: int = signal.SIGINT, timeout: float = 8.0) -> bool:
    """Signal a process group (anvil runs in a session of its own), wait for it, then
    SIGKILL what is left. Returns True if anything was running."""
    if not _group_alive(pgid):
        return False
    _signal_group(pgid, first)
    deadline = time.monotonic() + timeout
    while _group_alive(pgid) and time.monotonic() < deadline:
        _reap(pgid)
        time.sleep(0.1)
    if _group_alive(pgid):
        _signal_group(pgid, signal.SIGKILL)
        deadline = time.monotonic() + 2
        while _group_alive(pgid) and time.monotonic() < deadline:
            _reap(pgid)
            time.sleep(0.05)
    _reap(pgid)
    return True


def _reap(pid: int) -> None:
    """Collect a child's exit status if it is our child (no zombie left behind)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
