"""Fixtures of the indexer's integration tests: one anvil node with SafetyNet deployed for
the session, rolled back to that deployment (evm_revert) before each test that asks."""

from __future__ import annotations

import json

import pytest

from safetynet.node import free_port, start_anvil
from tests.integration import require_anvil
from tests.utils.anvil_world import AnvilWorld, deploy


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
