"""`risk scan ADDRESS --rpc-url`: refusals before any node is reached (the scan through a
real anvil is tests/integration/test_risk_scan_rpc.py)."""

from __future__ import annotations

import boa
import typer
from typer.testing import CliRunner

from safetynet.cli.risk import register
from safetynet.errors import SafetyNetError


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_scan__unreachable_rpc__error_says_start_a_node():
    with boa.swap_env(boa.env):
        result = CliRunner().invoke(
            _app(), ["risk", "scan", "0x" + "11" * 20, "--rpc-url", "http://127.0.0.1:9"]
        )
    assert isinstance(result.exception, SafetyNetError)
    assert "--rpc-url" in str(result.exception)


def test_scan__name_with_rpc_url__refused():
    result = CliRunner().invoke(_app(), ["risk", "scan", "aave-v3", "--rpc-url", "http://x"])
    assert isinstance(result.exception, SafetyNetError)
