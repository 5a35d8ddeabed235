"""`risk scan ADDRESS --rpc-url`: the scanner through a real JSON-RPC node (the worker's
anvil)."""

from __future__ import annotations

import json

import boa
import pytest
import typer
from typer.testing import CliRunner

from safetynet.cli.risk import register
from tests.utils.contracts import harness_deployer

pytestmark = pytest.mark.integration


def test_scan__rug_token_on_anvil__flagged_through_rpc(clean_anvil):
    from safetynet.chain import use_network

    url = clean_anvil.url
    app = typer.Typer()
    register(app)
    with boa.swap_env(boa.env):
        use_network(url)
        token = harness_deployer("RugToken").deploy()
        args = ["risk", "scan", token.address, "--rpc-url", url, "--json"]
        result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["insurable"] is False
    assert {"rug_open_mint", "rug_blacklist"} <= {f["rule"] for f in out["findings"]}
