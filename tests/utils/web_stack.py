"""The web app's whole stack for browser tests and `python -m bench web`: a real anvil,
SafetyNet deployed on it exactly as `safetynet up` does (`up --once` against the node:
sample market listed, dev accounts funded, seed capital), and the web server
(`safetynet serve`: the API with the pages mounted) on a free 127.0.0.1 port. Everything
started is stopped by `stop()`, within seconds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from safetynet.node import AnvilNode, free_port, rpc_call, start_anvil
from tests.utils.anvil_world import AnvilWorld
from tests.utils.processes import stop_processes

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_TIMEOUT = 600.0  # `up --once` takes 1-2 min; far longer on a loaded 2-core machine
SERVER_TIMEOUT = 120.0  # its first answer scans the sample market's risk; slow when loaded


@dataclass
class WebStack:
    node: AnvilNode
    home: Path
    server: subprocess.Popen[bytes] | None = None
    web_port: int = 0
    indexer: subprocess.Popen[bytes] | None = None

    @property
    def rpc_url(self) -> str:
        return self.node.url

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    @property
    def manifest(self) -> dict:
        return json.loads((self.home / "deployment.json").read_text())

    @property
    def chain_id(self) -> int:
        return int(str(rpc_call(self.rpc_url, "eth_chainId", [])), 16)

    @cached_property
    def world(self) -> AnvilWorld:
        """Transactions from anvil's unlocked dev accounts and views of the deployment, for
        the tests' own setup and checks (`world.send(address, "pool", "deposit", ...)`)."""
        return AnvilWorld(self.rpc_url, self.manifest)

    @property
    def database_url(self) -> str:
        return f"sqlite:///{self.home / 'index.db'}"

    def stop(self) -> None:
        stop_processes(self.indexer, self.server)
        self.node.stop()


def _env(stack: WebStack) -> dict[str, str]:
    env = dict(os.environ, SAFETYNET_HOME=str(stack.home), SAFETYNET_RPC_URL=stack.rpc_url)
    env.pop("SAFETYNET_PRIVATE_KEY", None)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def deploy(stack: WebStack, log: Path) -> None:
    """`safetynet --rpc-url URL up --once`: the deployment `make up` makes, then return."""
    with open(log, "wb") as out:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "safetynet.cli.main",
                "--rpc-url",
                stack.rpc_url,
                "up",
                "--once",
            ],
            cwd=ROOT,
            env=_env(stack),
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=DEPLOY_TIMEOUT,
        )
    if done.returncode != 0 or not (stack.home / "deployment.json").exists():
        raise RuntimeError(f"deployment failed:\n{log.read_text()[-3000:]}")


def serve(stack: WebStack, log: Path) -> None:
    """Start the web server and wait until it answers."""
    from safetynet.indexer.db import make_engine, upgrade

    stack.web_port = free_port()
    database_url = stack.database_url
    engine = make_engine(database_url)  # migrated here; `index` fills it when asked
    upgrade(engine)
    engine.dispose()
    env = _env(stack) | {"SAFETYNET_DATABASE_URL": database_url}
    manifest = str(stack.home / "deployment.json")
    command = [sys.executable, "-m", "safetynet.cli.main", "--rpc-url", stack.rpc_url,
               "--manifest", manifest, "serve", "--port", str(stack.web_port)]  # fmt: skip
    stack.server = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=open(log, "wb"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + SERVER_TIMEOUT
    while time.monotonic() < deadline:
        if stack.server.poll() is not None:
            raise RuntimeError(f"web server exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(stack.web_url + "/markets", timeout=5) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"web server did not answer in {SERVER_TIMEOUT:.0f} s:\n{log.read_text()}")


INDEX_TIMEOUT = 120.0  # the indexer's start and first catch-up (a loaded CI machine)
INDEX_INTERVAL = "0.2"  # seconds between the indexer's polls: pages follow the chain quickly


def index(stack: WebStack, log: Path) -> None:
    """Run the indexer (`python -m safetynet.indexer`) on the stack's chain and database,
    with no confirmations (anvil does not reorganise), until `stop()`.

    The manifest `up` writes names the block it was written at, after the sample market was
    listed and the pool seeded, so an indexer starting there would miss those events; on
    this fresh anvil the index starts from the genesis block instead (a few dozen blocks)."""
    path = stack.home / "deployment.json"
    manifest = json.loads(path.read_text())
    manifest["block"] = 0
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    stack.indexer = subprocess.Popen(
        [sys.executable, "-m", "safetynet.indexer", "--rpc-url", stack.rpc_url,
         "--manifest", str(stack.home / "deployment.json"), "--database-url",
         stack.database_url, "--interval", INDEX_INTERVAL, "--confirmations", "0"],
        cwd=ROOT,
        env=_env(stack),
        stdout=open(log, "wb"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )  # fmt: skip


def wait_indexed(stack: WebStack, timeout: float = 30.0) -> int:
    """Wait until the index has caught up with the chain's head; returns that block."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import OperationalError

    head = int(str(rpc_call(stack.rpc_url, "eth_blockNumber", [])), 16)
    engine = create_engine(stack.database_url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            if stack.indexer is not None and stack.indexer.poll() is not None:
                raise RuntimeError("the indexer exited: see its log in the stack's folder")
            try:
                with engine.connect() as connection:
                    row = connection.execute(
                        text("SELECT block_number FROM cursor WHERE name = 'main'")
                    ).first()
            except OperationalError:  # migrating, or locked for a moment
                row = None
            if row is not None and row[0] >= head:
                return int(row[0])
            time.sleep(0.2)
    finally:
        engine.dispose()
    raise RuntimeError(f"the index did not reach block {head} in {timeout:.0f} s")


KEEPER_TIMEOUT = 180.0


def run_keeper_once(stack: WebStack) -> str:
    """One pass of the keeper (`python -m safetynet.keeper --once`, what `make up` runs):
    incidents proven and reported, covers paid, due claims settled. Returns its output."""
    done = subprocess.run(
        [sys.executable, "-m", "safetynet.keeper", "--rpc-url", stack.rpc_url,
         "--manifest", str(stack.home / "deployment.json"),
         "--state-dir", str(stack.home / "keeper"), "--once"],
        cwd=ROOT, env=_env(stack), capture_output=True, text=True, timeout=KEEPER_TIMEOUT,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(f"the keeper's pass failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done.stdout


def start(workdir: Path, *, indexer: bool = False) -> WebStack:
    """anvil + deployment + server (+ the indexer when asked) in `workdir`; the caller must
    call `stop()`."""
    workdir.mkdir(parents=True, exist_ok=True)
    node = start_anvil(log_path=workdir / "anvil.log")
    stack = WebStack(node=node, home=workdir / "home")
    try:
        deploy(stack, workdir / "deploy.log")
        serve(stack, workdir / "web.log")
        if indexer:
            index(stack, workdir / "indexer.log")
            wait_indexed(stack, timeout=INDEX_TIMEOUT)
    except BaseException:
        stack.stop()
        raise
    return stack
