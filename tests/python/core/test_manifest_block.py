"""A deployment's manifest names the block before its first contract, so an indexer that
starts there sees every event, including the products listed after deploying (`up`)."""

from __future__ import annotations

import boa

from safetynet.deploy import Protocol, deploy_protocol
from tests.utils.deploy import add_product


def test_manifest__block__is_before_the_deployment_not_when_saved(admin, auditor, tmp_path):
    with boa.env.anchor():
        before = int(boa.env.evm.patch.block_number)
        p = deploy_protocol(admin=admin)
        with boa.env.prank(admin):
            p.cover.grantRole(p.cover.AUDITOR_ROLE(), auditor)
        add_product(p, auditor)  # listed after deploying, as `up` does
        boa.env.time_travel(blocks=5)
        assert p.manifest()["block"] == before
        loaded = Protocol.load(p.save(tmp_path / "deployment.json"), abi_only=True)
        assert loaded.manifest()["block"] == before
