"""Integration fixtures: one anvil per xdist worker, shared by the modules that only need
a chain, each module (or test) isolated by evm_snapshot / evm_revert.

anvil's revert restores state, block number and clock (time travel included), so a module
finds the chain exactly as the worker's first module did. Tests that need a chain of their
own (`up` starts and stops anvil itself; Ctrl-C; restart from a state file) keep starting
their own. The indexer's tests share a second node per worker with SafetyNet deployed
(`anvil_chain`), rolled back to that deployment before each test that asks (`anvil_world`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from safetynet.node import AnvilNode, free_port, rpc_call, start_anvil
from tests.integration import require_anvil
from tests.utils.anvil_world import AnvilWorld, deploy


@pytest.fixture(scope="session")
def worker_anvil(tmp_path_factory) -> Iterator[AnvilNode]:
    """This worker's anvil on a free 127.0.0.1 port, started on first use, stopped at the
    end of the session (its log in the session's tmp dir)."""
    require_anvil()
    node = start_anvil(free_port(), log_path=tmp_path_factory.mktemp("anvil") / "anvil.log")
    try:
        yield node
    finally:
        node.stop()


def _reverted(node: AnvilNode) -> Iterator[AnvilNode]:
    snapshot = rpc_call(node.url, "evm_snapshot", [])
    try:
        yield node
    finally:
        assert rpc_call(node.url, "evm_revert", [snapshot]) is True, "anvil lost the snapshot"


@pytest.fixture(scope="module")
def module_anvil(worker_anvil) -> Iterator[AnvilNode]:
    """The worker's anvil for one module: its tests share the chain, in order, and the
    module leaves it as it found it."""
    yield from _reverted(worker_anvil)


@pytest.fixture
def clean_anvil(worker_anvil) -> Iterator[AnvilNode]:
    """The worker's anvil for one test, left as the test found it."""
    yield from _reverted(worker_anvil)


@pytest.fixture(scope="session")
def anvil_chain(tmp_path_factory):
    """{"node", "world", "manifest", "base"}: the node, its deployment and a snapshot of it."""
    require_anvil()
    folder = tmp_path_factory.mktemp("indexer-chain")
    node = start_anvil(free_port(), log_path=folder / "anvil.log")
    try:
        manifest = folder / "deployment.json"
        deploy(node.url, manifest)
        world = AnvilWorld(node.url, json.loads(manifest.read_text()))
        yield {"node": node, "world": world, "manifest": manifest, "base": world.snapshot()}
    finally:
        node.stop()


@pytest.fixture
def anvil_world(anvil_chain):
    """The session's deployment, as it was right after deploying."""
    w = anvil_chain["world"]
    w.revert(anvil_chain["base"])
    anvil_chain["base"] = w.snapshot()  # anvil consumes a snapshot when it reverts to it
    return w
