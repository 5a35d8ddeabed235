"""`risk scan ADDRESS --rpc-url`: the scanner through a real JSON-RPC node (anvil)."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time

import boa
import pytest
import typer
from typer.testing import CliRunner

from safetynet.cli.risk import register
from safetynet.errors import SafetyNetError
from tests.utils.contracts import harness_deployer


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.integration
@pytest.mark.skipif(
    shutil.which("anvil") is None, reason="anvil not on PATH (make test installs it)"
)
def test_scan__rug_token_on_anvil__flagged_through_rpc():
    from safetynet.chain import use_network

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    node = subprocess.Popen(
        ["anvil", "--port", str(port), "--silent"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with boa.swap_env(boa.env):
            for _ in range(100):
                try:
                    use_network(url)
                    break
                except SafetyNetError:
                    time.sleep(0.1)
            token = harness_deployer("RugToken").deploy()
            result = CliRunner().invoke(
                _app(), ["risk", "scan", token.address, "--rpc-url", url, "--json"]
            )
        assert result.exit_code == 0, result.output
        out = json.loads(result.stdout)
        assert out["insurable"] is False
        assert {"rug_open_mint", "rug_blacklist"} <= {f["rule"] for f in out["findings"]}
    finally:
        node.terminate()
        node.wait(timeout=10)
