"""`risk scan 0x…` without its own --rpc-url scans on the CLI's chain: the global --rpc-url,
SAFETYNET_RPC_URL, or the running `make up` chain (context.chain_url)."""

from __future__ import annotations

import boa
import pytest
from typer.testing import CliRunner

from safetynet.cli import context
from safetynet.cli.main import app
from safetynet.errors import SafetyNetError

DEAD_NODE = "http://127.0.0.1:9"  # nothing listens on the discard port
ADDRESS = "0x" + "11" * 20


@pytest.fixture(autouse=True)
def _own_state(monkeypatch, tmp_path):
    monkeypatch.delenv("SAFETYNET_RPC_URL", raising=False)
    monkeypatch.setenv("SAFETYNET_HOME", str(tmp_path))
    saved = context.STATE.__dict__.copy()
    with boa.swap_env(boa.env):
        yield
    context.STATE.__dict__.update(saved)


def _scan(args: list[str], env: dict[str, str] | None = None):
    return CliRunner().invoke(app, [*args, "risk", "scan", ADDRESS, "--json"], env=env)


def test_scan__global_rpc_url__scans_on_that_chain():
    result = _scan(["--rpc-url", DEAD_NODE])
    assert isinstance(result.exception, SafetyNetError)
    assert f"cannot reach an Ethereum node at {DEAD_NODE}" in str(result.exception)


def test_scan__safetynet_rpc_url_variable__scans_on_that_chain():
    result = _scan([], env={"SAFETYNET_RPC_URL": DEAD_NODE})
    assert f"cannot reach an Ethereum node at {DEAD_NODE}" in str(result.exception)


def test_scan__no_chain_anywhere__in_process_evm_as_before():
    result = _scan([])
    assert isinstance(result.exception, SafetyNetError)
    assert "no contract code" in str(result.exception)
