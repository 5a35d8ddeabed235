"""The ABIs shipped for clients match the contract sources."""

from __future__ import annotations

import json

import pytest

from safetynet.artifacts import CONTRACTS, abi_dir, compiled_abi


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_shipped_abi__compared_with_source__identical(name):
    shipped = json.loads((abi_dir() / f"{name}.json").read_text())
    assert shipped == json.loads(json.dumps(compiled_abi(name))), (
        f"src/safetynet/abi/{name}.json is stale: run `python -m safetynet.artifacts`"
    )
