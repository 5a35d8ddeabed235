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
from pathlib import Path

from safetynet.node import AnvilNode, free_port, rpc_call, start_anvil

ROOT = Path(__file__).resolve().parents[2]
DEPLOY_TIMEOUT = 240.0
SERVER_TIMEOUT = 30.0


@dataclass
class WebStack:
    node: AnvilNode
    home: Path
    server: subprocess.Popen[bytes] | None = None
    web_port: int = 0

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

    def stop(self) -> None:
        if self.server is not None and self.server.poll() is None:
            self.server.terminate()
            try:
                self.server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait(timeout=5)
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
    database_url = f"sqlite:///{stack.home / 'index.db'}"
    engine = make_engine(database_url)  # an empty index, migrated (no indexer runs here)
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


def start(workdir: Path) -> WebStack:
    """anvil + deployment + server in `workdir`; the caller must call `stop()`."""
    workdir.mkdir(parents=True, exist_ok=True)
    node = start_anvil(log_path=workdir / "anvil.log")
    stack = WebStack(node=node, home=workdir / "home")
    try:
        deploy(stack, workdir / "deploy.log")
        serve(stack, workdir / "web.log")
    except BaseException:
        stack.stop()
        raise
    return stack


# ---------------------------------------------------------------------- chain reads for checks


def call_uint(stack: WebStack, to: str, signature: str, *args: object) -> int:
    """An eth_call returning one uint256, e.g. call_uint(s, asset, "balanceOf(address)", who)."""
    from eth_abi import encode

    from safetynet.chain import keccak256

    kinds = signature[signature.index("(") + 1 : -1].split(",") if "()" not in signature else []
    data = keccak256(signature.encode())[:4] + encode(kinds, list(args))
    result = rpc_call(stack.rpc_url, "eth_call", [{"to": to, "data": "0x" + data.hex()}, "latest"])
    return int(str(result), 16)
