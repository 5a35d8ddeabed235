"""The keeper as a subprocess against a real anvil node: it reports and pays on its own,
survives being killed mid-run and an unreachable node, and never pays a cover twice."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import boa
import pytest
from boa.network import NetworkEnv
from boa.rpc import EthereumRPC
from eth_account import Account

from safetynet.artifacts import deployer
from safetynet.chain import ANVIL_KEYS
from safetynet.deploy import AUDITOR_ROLE, deploy_protocol
from safetynet.node import free_port
from safetynet.sdk import parametric as par
from tests.utils.constants import DAY, DEPEG, HOUR, PEG, THRESHOLD, USDC
from tests.utils.paths import ROOT

pytestmark = pytest.mark.integration

KEEPER_ACCOUNT = 9  # the keeper's own (Settings.keeper_account); the README offers users 1-8


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def world(module_anvil, tmp_path_factory):
    """A deployment on the node (made from this process through titanoboa's network mode)."""
    node = module_anvil
    env = NetworkEnv(EthereumRPC(node.url))
    accounts = [Account.from_key(k) for k in ANVIL_KEYS]
    for a in accounts:
        env.add_account(a, force_eoa=True)
    env.eoa = accounts[0].address
    with boa.swap_env(env):
        par.memory_fork_on_local_chains()  # no stale on-disk fork cache of an earlier anvil
        admin = accounts[0].address
        p = deploy_protocol(admin=admin)
        p.cover.grantRole(AUDITOR_ROLE, admin)
        p.asset.mint(admin, 10_000_000 * USDC)
        p.asset.approve(p.pool.address, 2**256 - 1)
        p.pool.deposit(10_000_000 * USDC, admin)
        manifest = p.save(tmp_path_factory.mktemp("deploy") / "deployment.json")
    return {"env": env, "p": p, "manifest": manifest, "url": node.url, "accounts": accounts}


def _new_product(world, payout_bps: int = 10_000):
    """A fresh parametric product on its own feed (tests share the chain, not products)."""
    p = world["p"]
    with boa.swap_env(world["env"]):
        feed = deployer("MockAggregator").deploy(8, "USDC / USD", PEG)
        pid = p.cover.add_product(
            "USDC depeg", 1, 200, 10**15, HOUR, 7 * DAY, 365 * DAY, b"\x01" * 32
        )
        p.cover.attest(pid, b"\x02" * 32, _now(world) + 365 * DAY)
        p.parametric.set_trigger(pid, feed.address, THRESHOLD, HOUR, payout_bps)
    return pid, feed


def _buy(world, pid: int, holders: int, amount: int = 1_000 * USDC) -> dict[int, str]:
    """Covers bought by `holders` distinct accounts, each the owner of its own cover."""
    p = world["p"]
    owners = {}
    with boa.swap_env(world["env"]):
        p.asset.mint(world["env"].eoa, 10**12)
        p.asset.approve(p.cover.address, 2**256 - 1)
        for i in range(holders):
            owner = boa.env.generate_address(f"holder-{pid}-{i}")
            owners[p.cover.buy_cover(pid, amount, 30 * DAY, 2**255, owner)] = owner
    return owners


def _depeg(world, feed, hours: float = 1) -> None:
    """Past the covers' 1-hour waiting period, the feed reports 0.93, and again `hours`
    later (anvil time moves by RPC)."""
    with boa.swap_env(world["env"]):
        world["env"]._rpc.fetch("evm_increaseTime", [HOUR + 60])
        feed.set_answer(DEPEG)
        world["env"]._rpc.fetch("evm_increaseTime", [int(hours * HOUR) + 1])
        feed.set_answer(DEPEG)


def _now(world) -> int:
    block = world["env"]._rpc.fetch("eth_getBlockByNumber", ["latest", False])
    return int(block["timestamp"], 16)


def _paid(world, cover_ids) -> dict[int, int]:
    world["env"]._reset_fork()  # read at the head, not at our last transaction's block
    with boa.swap_env(world["env"]):
        return {c: world["p"].cover.covers(c).paid for c in cover_ids}


class KeeperProcess:
    """`python -m safetynet.keeper` with its JSON log lines collected."""

    def __init__(
        self, rpc_url: str, manifest: Path, state_dir: Path, *extra: str, **env: str
    ) -> None:
        args = [
            sys.executable, "-m", "safetynet.keeper", "--rpc-url", rpc_url, "--manifest",
            str(manifest), "--state-dir", str(state_dir), "--interval", "0.3", *extra,
        ]  # fmt: skip
        self.stderr = open(state_dir / "keeper.stderr", "ab")  # noqa: SIM115
        self.proc = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=self.stderr, cwd=ROOT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
        )  # fmt: skip
        self.lines: list[dict] = []
        self.not_json: list[bytes] = []  # stdout lines that are not JSON (there must be none)
        self._reader = threading.Thread(target=self._read_all, daemon=True)
        self._reader.start()

    def _read_all(self) -> None:
        for raw in self.proc.stdout:
            try:
                self.lines.append(json.loads(raw))
            except json.JSONDecodeError:
                self.not_json.append(raw)

    def read(self, timeout: float = 0.1) -> None:
        time.sleep(timeout)

    def wait_for(self, predicate, timeout: float = 60.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.read(0.2)
            if predicate():
                return True
            if self.proc.poll() is not None:
                self.read(0)
                return predicate()
        return False

    def actions(self, name: str) -> list[dict]:
        return [line for line in self.lines if line.get("action") == name]

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=10)

    def __enter__(self) -> KeeperProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()
        self.proc.stdout.close()
        self.stderr.close()
        (Path(self.stderr.name).with_name("keeper.log.jsonl")).write_text(
            "".join(json.dumps(line) + "\n" for line in self.lines)
        )


# ------------------------------------------------------------------------------ tests


def test_keeper__feed_moves__reports_and_pays_every_holder_within_a_few_passes(world, tmp_path):
    pid, feed = _new_product(world)
    owners = _buy(world, pid, holders=3)
    with KeeperProcess(world["url"], world["manifest"], tmp_path) as keeper:
        assert keeper.wait_for(lambda: keeper.actions("covers_indexed"), timeout=60)
        started = time.monotonic()
        _depeg(world, feed)

        assert keeper.wait_for(
            lambda: all(v == 1_000 * USDC for v in _paid(world, owners).values()), timeout=30
        ), keeper.lines
        took = time.monotonic() - started

    reports = [r for r in keeper.actions("incident_reported") if r["product"] == pid]
    assert len(reports) == 1
    assert took < 20, f"paid {took:.1f}s after the feed moved"
    # Its own account, and a log of JSON lines only: titanoboa's "tx broadcasted" / "mined"
    # prints reach neither its stdout nor its stderr.
    assert (
        keeper.actions("keeper_started")[0]["sender"] == world["accounts"][KEEPER_ACCOUNT].address
    )
    assert keeper.not_json == []
    stderr = Path(keeper.stderr.name).read_text()
    assert "broadcasted" not in stderr and "mined in block" not in stderr, stderr[:2_000]
    world["env"]._reset_fork()
    with boa.swap_env(world["env"]):
        for owner in owners.values():
            assert world["p"].asset.balanceOf(owner) == 1_000 * USDC


def test_keeper__killed_mid_run_and_restarted__pays_each_cover_exactly_once(world, tmp_path):
    pid, feed = _new_product(world, payout_bps=5_000)  # a second payment would show
    owners = _buy(world, pid, holders=12)
    _depeg(world, feed)
    with KeeperProcess(world["url"], world["manifest"], tmp_path, "--batch", "3") as first:
        assert first.wait_for(lambda: first.actions("payout_batch"), timeout=60), first.lines
        first.kill()  # mid-run: some batches sent, the rest not
    paid_before_restart = sum(1 for v in _paid(world, owners).values() if v)
    assert 0 < paid_before_restart <= len(owners)

    with KeeperProcess(world["url"], world["manifest"], tmp_path, "--batch", "3") as second:
        assert second.wait_for(lambda: all(v for v in _paid(world, owners).values()), timeout=60), (
            second.lines
        )
        time.sleep(1.5)  # a few more passes: nothing may be paid again
        second.read(0)

    assert set(_paid(world, owners).values()) == {500 * USDC}
    world["env"]._reset_fork()
    with boa.swap_env(world["env"]):
        for owner in owners.values():
            assert world["p"].asset.balanceOf(owner) == 500 * USDC
        assert world["p"].parametric.incident_count() == len(
            [r for r in first.lines + second.lines if r.get("action") == "incident_reported"]
        ) + _other_incidents(world, pid)
    assert second.actions("state_loaded"), "the restarted keeper must resume from its cursor"


def test_keeper__round_stamped_ahead_of_chain_time__refused_then_reported_and_paid_once(
    world, tmp_path
):
    """The feed's clock runs ahead of the chain's: the window's last round is "stamped in
    the future". The keeper's report is refused, kept, retried with backoff and accepted
    once the chain's time catches up; the covers are paid once."""
    pid, feed = _new_product(world)
    owners = _buy(world, pid, holders=2)
    rpc = world["env"]._rpc
    with boa.swap_env(world["env"]):
        rpc.fetch("evm_increaseTime", [HOUR + 60])
        feed.set_answer(DEPEG)
        ahead = _now(world) + HOUR + 120  # an hour after the crossing, not yet on chain
        feed.set_answer_at(DEPEG, ahead)
    with KeeperProcess(
        world["url"], world["manifest"], tmp_path, SAFETYNET_KEEPER_REPORT_BACKOFF="0.5"
    ) as keeper:
        refused = lambda: [r for r in keeper.actions("report_refused") if r["product"] == pid]  # noqa: E731
        assert keeper.wait_for(refused, timeout=60), keeper.lines
        assert "stamped in the future" in refused()[0]["error"]
        time.sleep(2)  # several passes and retries while the chain is behind
        assert set(_paid(world, owners).values()) == {0}
        rpc.fetch("evm_increaseTime", [ahead - _now(world)])
        rpc.fetch("evm_mine", [])
        assert keeper.wait_for(
            lambda: all(v == 1_000 * USDC for v in _paid(world, owners).values()), timeout=60
        ), keeper.lines
        time.sleep(1.5)  # more passes: nothing may be sent again
        keeper.read(0)

    reports = [r for r in keeper.actions("incident_reported") if r["product"] == pid]
    assert len(reports) == 1 and reports[0]["attempts"] >= 2
    assert len(refused()) == 1  # logged once per reason, not once per retry
    assert set(_paid(world, owners).values()) == {1_000 * USDC}
    world["env"]._reset_fork()
    with boa.swap_env(world["env"]):
        for owner in owners.values():
            assert world["p"].asset.balanceOf(owner) == 1_000 * USDC


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["sigint", "sigterm"])
def test_keeper__signalled__finishes_the_pass_and_exits_cleanly(world, tmp_path, sig):
    with KeeperProcess(world["url"], world["manifest"], tmp_path) as keeper:
        assert keeper.wait_for(lambda: keeper.actions("state_fresh"), timeout=60), keeper.lines
        time.sleep(0.5)  # in a pass or between two
        keeper.proc.send_signal(sig)
        assert keeper.proc.wait(timeout=30) == 0
        keeper.read(0.3)
    assert keeper.lines[-1]["action"] == "keeper_stopped"
    assert keeper.not_json == []
    stderr = Path(keeper.stderr.name).read_text()
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr[:2_000]


def _other_incidents(world, pid: int) -> int:
    world["env"]._reset_fork()
    with boa.swap_env(world["env"]):
        p = world["p"]
        return sum(
            1
            for i in range(1, p.parametric.incident_count() + 1)
            if p.parametric.incidents(i).product_id != pid
        )


def test_keeper__node_unreachable_for_a_while__recovers_and_pays(world, tmp_path):
    pid, feed = _new_product(world)
    owners = _buy(world, pid, holders=2)
    upstream_port = int(world["url"].rsplit(":", 1)[1])
    with TcpProxy(upstream_port) as proxy:
        with KeeperProcess(proxy.url, world["manifest"], tmp_path) as keeper:
            assert keeper.wait_for(lambda: keeper.actions("covers_indexed"), timeout=60)
            proxy.down()
            assert keeper.wait_for(lambda: len(keeper.actions("rpc_error")) >= 2, timeout=30)
            _depeg(world, feed)  # the feed moves while the keeper cannot see the chain
            proxy.up()
            assert keeper.wait_for(
                lambda: all(v == 1_000 * USDC for v in _paid(world, owners).values()), timeout=60
            ), keeper.lines
            assert keeper.wait_for(lambda: keeper.actions("rpc_recovered"), timeout=30)
            assert keeper.proc.poll() is None, "the keeper must survive the outage"
    errors = keeper.actions("rpc_error")
    assert errors[0]["retry_in"] < errors[-1]["retry_in"]  # backing off, not hammering
    assert [r for r in keeper.actions("incident_reported") if r["product"] == pid]


class TcpProxy:
    """127.0.0.1 forwarder to the node that can be switched off (connections refused)."""

    def __init__(self, upstream_port: int) -> None:
        self.upstream = upstream_port
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()

    def up(self) -> None:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(16)
        self._server = server
        threading.Thread(target=self._accept, args=(server,), daemon=True).start()

    def down(self) -> None:
        server, self._server = self._server, None
        if server is not None:
            try:
                server.shutdown(socket.SHUT_RDWR)  # wakes the accept() blocked on it
            except OSError:
                pass
            server.close()
        with self._lock:
            for c in self._conns:
                try:
                    c.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                c.close()
            self._conns.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream))
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def __enter__(self) -> TcpProxy:
        self.up()
        return self

    def __exit__(self, *exc: object) -> None:
        self.down()
