"""`safetynet up`: a local chain with SafetyNet deployed and the sample market listed."""

from __future__ import annotations

import gc
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from safetynet import chain, sdk
from safetynet.cli import context
from safetynet.cli.context import console, manifest_path, node_file
from safetynet.errors import SafetyNetError
from safetynet.node import (
    AnvilNode,
    latest_block_time,
    pid_alive,
    port_in_use,
    process_command,
    resume_clock,
    start_anvil,
    stop_group,
)
from safetynet.tables import print_products
from safetynet.units import fmt_time

if TYPE_CHECKING:
    from safetynet.deploy import Protocol

AUDITOR_ACCOUNT = 9  # anvil dev account that attests the sample products
DEV_FUNDS = 1_000_000  # mock USDC minted to dev accounts 1-8 on a fresh local chain
DEV_SNET = 50_000  # SNET sent to dev accounts 1-8 so they can stake and assess claims
SEED_CAPITAL = 5_000_000  # mock USDC account 0 deposits so cover can be sold at once


def register(app: typer.Typer) -> None:
    app.command("up")(up)
    app.command("down")(down)


# Ctrl-C, `safetynet down` (or `kill`), a closed terminal, and a reader that went away
# (`make up | tee log`, tee killed by the same Ctrl-C) all mean the same thing: stop
# everything `up` started, save state.
STOP_REASONS = {
    signal.SIGINT: "Ctrl-C",
    signal.SIGTERM: "SIGTERM (`safetynet down`, `make down` or kill)",
    signal.SIGHUP: "SIGHUP (the terminal closed)",
    signal.SIGPIPE: "SIGPIPE (the reader of this output went away)",
}
STOP_SIGNALS = tuple(STOP_REASONS)
# What `up` runs, as the pid file names them, and as its messages do.
LABELS = {
    "anvil": "anvil (state saved)",
    "keeper": "the keeper",
    "indexer": "the indexer",
    "api": "the API",
}
UP_STOP_SECONDS = 30  # `down` waits this long for `up` to stop the rest (it takes ~10 s)
STATE_FILES = (
    "anvil-state.json", "deployment.json", "clock.json", "keeper", "index.db", "index.db-wal",
    "index.db-shm",
)  # fmt: skip


class Stopped(BaseException):  # noqa: N818 - a signal, like KeyboardInterrupt
    """Raised by the stop-signal handler wherever `up` happens to be."""


@dataclass
class _Running:
    """What `up` started and must stop: anvil (own process group), the keeper, the indexer,
    the API; and where each one logs."""

    node: AnvilNode | None = None
    keeper: subprocess.Popen[bytes] | None = None
    indexer: subprocess.Popen[bytes] | None = None
    api: subprocess.Popen[bytes] | None = None
    logs: dict[str, Path] = field(default_factory=dict)

    def processes(self) -> dict[str, subprocess.Popen[bytes]]:
        """The processes started so far, by their name in LABELS (anvil: its npm wrapper,
        which leads anvil's process group and exits with it)."""
        found = {"anvil": self.node.process if self.node else None, "keeper": self.keeper,
                 "indexer": self.indexer, "api": self.api}  # fmt: skip
        return {name: process for name, process in found.items() if process is not None}


def up(
    port: Annotated[
        int | None,
        typer.Option(
            "--port", help="Port of the local anvil node (default: SAFETYNET_ANVIL_PORT or 8545)"
        ),
    ] = None,
    once: Annotated[
        bool, typer.Option("--once", help="Deploy (or reuse), print, and stop: no long run")
    ] = False,
    fresh: Annotated[
        bool,
        typer.Option("--fresh", help="Forget the saved local chain and deployment; start anew"),
    ] = False,
) -> None:
    """Start a local chain (state kept in .safetynet/), deploy once, list sample products,
    and run until Ctrl-C. With the global --rpc-url, use that chain instead of anvil."""
    from safetynet.settings import get_settings

    port = get_settings().anvil_port if port is None else port
    home = context.STATE.home
    home.mkdir(parents=True, exist_ok=True)
    running = _Running()
    url = context.STATE.rpc_url
    failed: str | None = None  # the process whose exit stopped the run, if one did
    _trap_stop_signals()
    try:
        if url is None:
            _refuse_taken_port(port)
            if fresh:
                _forget_chain(home)
            running.logs["anvil"] = home / "anvil.log"
            running.node = start_anvil(
                port, state_file=home / "anvil-state.json", log_path=running.logs["anvil"]
            )
            url = running.node.url
            _write_pid_file(running)
            now = resume_clock(url, _saved_clock())
            _say(
                f"anvil running at {url} (pid {running.node.process.pid}, state in "
                f"{home / 'anvil-state.json'}); chain time {fmt_time(now)}"
            )
        admin = chain.use_network(
            url, private_key=context.STATE.private_key, account=context.STATE.account
        )
        p = _deploy_or_reuse(admin)
        _print_welcome(p, url)
        if not once:
            _start_services(p, url, running)
            failed = _wait_for_an_exit(running)
    except Stopped as stop:
        _say(f"stopping: {STOP_REASONS[stop.args[0]]}")
    except KeyboardInterrupt:
        pass
    finally:
        for sig in STOP_SIGNALS:  # a second Ctrl-C must not cut the cleanup short
            signal.signal(sig, signal.SIG_IGN)
        stopping = [LABELS[name] for name in running.processes() if name != failed]
        _stop_all(running)
        if stopping:
            _say(f"stopped {_listed(stopping)}")
        # Exit at once: the collector's passes over what titanoboa loaded (compiled contracts)
        # took 50 s at exit on a loaded 2-core machine, so `down` and Ctrl-C waited on them.
        gc.freeze()
    if failed is not None:
        raise typer.Exit(1)


def down(
    reset: Annotated[
        bool,
        typer.Option(
            "--reset", help="Also delete the local chain's state and deployment (fresh start)"
        ),
    ] = False,
) -> None:
    """Stop `make up` running in another shell (as Ctrl-C would: state saved), or what a
    killed run left running; with --reset, forget the local chain."""
    home = context.STATE.home
    ours = {name: pid for name, pid in _pid_file_entries().items() if _still_ours(name, pid)}
    if "up" in ours:  # it stops the rest itself and saves the chain's state and clock
        _stop_pid(ours["up"], timeout=UP_STOP_SECONDS)
    for name, pid in ours.items():  # what `up` left behind, or a run killed with SIGKILL left
        if name == "anvil":
            stop_group(pid)
        elif name != "up":
            _stop_pid(pid)
    pid_file().unlink(missing_ok=True)
    node_file().unlink(missing_ok=True)
    stopped = [
        f"{'safetynet up' if name == 'up' else name} (pid {pid})" for name, pid in ours.items()
    ]
    _say("stopped " + ", ".join(stopped) if stopped else "nothing of `make up` was running")
    if reset:
        _forget_chain(home)
        _say(f"local chain forgotten ({home}); `make up` deploys afresh")


def _trap_stop_signals() -> None:
    def _handle(signum: int, frame: object) -> None:
        for sig in STOP_SIGNALS:
            signal.signal(sig, signal.SIG_IGN)
        raise Stopped(signum)

    for sig in STOP_SIGNALS:
        signal.signal(sig, _handle)


def _say(text: str) -> None:
    """Print for the user; a reader that went away (tee killed) must not stop the cleanup."""
    try:
        console.print(text)
    except OSError:  # BrokenPipeError and friends: send further output nowhere
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            os.dup2(devnull, sys.stderr.fileno())
        except OSError:
            pass


def _listed(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0]


def _stop_all(running: _Running) -> None:
    """Stop the keeper, the indexer, the API and anvil together, within ~10 s; never raises."""
    node = running.node
    children = [process for name, process in running.processes().items() if name != "anvil"]
    if node is not None:
        try:  # keep the clock: the next start must not go back in time
            (context.STATE.home / "clock.json").write_text(
                json.dumps({"latest_block_time": latest_block_time(node.url, timeout=1)}) + "\n"
            )
        except (OSError, ValueError, SafetyNetError):
            pass
    for child in children:
        if child.poll() is None:
            child.terminate()
    if node is not None:
        node.stop(timeout=7)
    for child in children:
        try:
            child.wait(timeout=2)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(timeout=2)
    if node is not None:
        pid_file().unlink(missing_ok=True)
        node_file().unlink(missing_ok=True)


def pid_file() -> Path:
    """Written by `safetynet up` while it runs: {"anvil": pgid, "keeper": pid, "indexer":
    pid, "up": pid}."""
    return context.STATE.home / "up.pid"


def _write_pid_file(running: _Running) -> None:
    """Record what runs, for `down` (a run on the local chain only: with --rpc-url the
    files may belong to another run in the same home)."""
    if running.node is None:
        return
    pids = {"up": os.getpid(), **{name: p.pid for name, p in running.processes().items()}}
    # Atomic: the file is rewritten as each process starts, and a reader (`down`, a test)
    # must never see it half-written.
    partial = pid_file().with_suffix(".tmp")
    partial.write_text(json.dumps(pids) + "\n")
    partial.replace(pid_file())
    node_file().write_text(
        json.dumps({"rpc_url": running.node.url, "pid": running.node.process.pid}) + "\n"
    )


def _pid_file_entries() -> dict[str, int | None]:
    try:
        data = json.loads(pid_file().read_text())
    except (OSError, ValueError):
        data = {}
    if not data.get("anvil"):  # older runs wrote only node.json
        try:
            data["anvil"] = json.loads(node_file().read_text()).get("pid")
        except (OSError, ValueError):
            pass
    return {k: v for k, v in data.items() if k in ("up", *LABELS) and isinstance(v, int)}


def _still_ours(name: str, pid: int) -> bool:
    """The pid still runs what the pid file says it does (pids are reused)."""
    return ("anvil" if name == "anvil" else "safetynet") in process_command(pid)


def _stop_pid(pid: int, timeout: float = 8) -> None:
    if "safetynet" not in process_command(pid):
        return  # not ours any more (pid reused)
    try:
        os.kill(pid, signal.SIGTERM)
    except OSError:
        return
    deadline = time.monotonic() + timeout
    while pid_alive(pid) and "safetynet" in process_command(pid):
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            break
        time.sleep(0.1)


def _refuse_taken_port(port: int) -> None:
    if not port_in_use(port):
        return
    anvil = _pid_file_entries().get("anvil")
    if anvil and "anvil" in process_command(anvil):
        raise SafetyNetError(
            f"port {port} is held by anvil (pid {anvil}) left running by an earlier `make up` "
            f"in {context.STATE.home}: stop it with `make down` (or `kill -INT {anvil}`), "
            "then run `make up` again"
        )
    raise SafetyNetError(
        f"port {port} on 127.0.0.1 is taken by another program: stop it, or pass --port "
        "(SAFETYNET_ANVIL_PORT)"
    )


def _saved_clock() -> int | None:
    try:
        return int(json.loads((context.STATE.home / "clock.json").read_text())["latest_block_time"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _forget_chain(home: Path) -> None:
    """Move nothing aside: delete the local chain's state, manifest, clock and keeper cursor."""
    for name in STATE_FILES:
        path = home / name
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


def _deploy_or_reuse(admin: str) -> Protocol:
    from safetynet.deploy import Protocol, deploy_protocol
    from safetynet.samples import list_samples

    path = manifest_path()
    if path.exists():
        try:
            p = Protocol.load(path)
            _say(f"reusing the deployment in {path}")
            return p
        except SafetyNetError as exc:
            _say(f"[yellow]{exc}; deploying afresh[/]")
    _say("deploying SafetyNet…")
    p = deploy_protocol(admin=admin)
    auditor = _auditor()
    listed = list_samples(p, auditor)
    _seed(p, admin)
    p.save(path)
    _say(f"deployed; {len(listed)} sample products listed; manifest at {path}")
    return p


def _seed(p: Protocol, admin: str) -> None:
    """Local chains only: give dev accounts 1-8 mock USDC and put starting capital in the pool."""
    unit = 10 ** sdk.asset_decimals(p)
    for index in range(1, 9):  # SNET too, to stake for claim assessment
        sdk.fund_dev_account(
            p, chain.dev_address(index), DEV_FUNDS * unit, DEV_SNET * 10**18, sender=admin
        )
    sdk.mint_asset(p, admin, SEED_CAPITAL * unit, sender=admin)
    sdk.deposit(p, SEED_CAPITAL * unit, sender=admin)
    console.print(
        f"dev accounts 1-8 hold {DEV_FUNDS:,} mock USDC and {DEV_SNET:,} SNET each; "
        "account 0 underwrites "
        f"{SEED_CAPITAL:,} USDC"
    )


def _auditor() -> str:
    return chain.add_signer(chain.ANVIL_KEYS[AUDITOR_ACCOUNT])


def _print_welcome(p: Protocol, url: str) -> None:
    print_products(sdk.products(p), sdk.asset_decimals(p))
    console.print(
        "\n[bold]Try it[/] (in another shell; accounts 0-9 are anvil's funded dev accounts):\n"
        f"  safetynet --rpc-url {url} --account 1 quote 0 1000 --days 30\n"
        f""
        f"  safetynet --rpc-url {url} --account 1 buy 0 1000 --days 30\n"
        f"  safetynet --rpc-url {url} covers --json\n"
        f"  safetynet --rpc-url {url} --account 2 deposit 50000\n"
        "Without --rpc-url the CLI finds this chain by itself. Ctrl-C stops it; state is kept."
    )


def _start_services(p: Protocol, url: str, running: _Running) -> None:
    """Next to the chain: the indexer (events into SQL), the keeper (parametric payouts,
    claim settlement) and `safetynet serve` (the web app and JSON API on Settings.web_port)."""
    from safetynet.api.process import spawn_api
    from safetynet.indexer.process import spawn_indexer
    from safetynet.keeper.process import spawn_keeper
    from safetynet.settings import get_settings

    settings = get_settings()
    home = context.STATE.home
    running.indexer = spawn_indexer(url, manifest_path(), settings.index_database_url(), home)
    running.logs["indexer"] = home / "indexer.log"
    _write_pid_file(running)
    _say(
        f"indexer running (pid {running.indexer.pid}, database "
        f"{settings.index_database_url()}, log: {running.logs['indexer']})"
    )
    if p.parametric is not None:
        # Signs with the keeper's own account (Settings: 9), not one of the users' 1-8.
        keeper_dir = settings.keeper_state_dir or home / "keeper"
        running.keeper = spawn_keeper(url, manifest_path(), keeper_dir)
        running.logs["keeper"] = keeper_dir / "keeper.log"
        _write_pid_file(running)
        _say(f"keeper running (pid {running.keeper.pid}, log: {running.logs['keeper']})")
    running.api = spawn_api(url, manifest_path(), home)
    running.logs["api"] = home / "api.log"
    _write_pid_file(running)
    _say(
        f"web app at http://127.0.0.1:{settings.web_port} (JSON API under /api, docs "
        f"at /docs; pid {running.api.pid}, log: {running.logs['api']})"
    )


def _wait_for_an_exit(running: _Running) -> str:
    """Until a stop signal (raised as Stopped) or until one of the processes `up` started
    exits on its own (`down` signals `up` itself): say which, and return its name."""
    while True:
        for name, process in running.processes().items():
            if process.poll() is not None:
                _say(
                    f"[red]{name} (pid {process.pid}) exited with code {process.returncode} "
                    f"(log: {running.logs[name]}); stopping the rest[/]"
                )
                return name
        time.sleep(0.5)
