"""The test-only Vyper contracts (tests/contracts/): compiled once per process, deployed
by the tests that need them."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import boa
from vyper.compiler import compile_code
from vyper.compiler.input_bundle import JSONInput

from safetynet.risk.scanner import ADMIN_SLOT, IMPLEMENTATION_SLOT
from tests.utils.paths import HARNESSES

PROXY_LAYOUT = {
    "implementation": {"type": "address", "n_slots": 1, "slot": IMPLEMENTATION_SLOT},
    "admin": {"type": "address", "n_slots": 1, "slot": ADMIN_SLOT},
}


def harness_path(name: str) -> Path:
    """The source of a test contract, by its name without `.vy`."""
    path = HARNESSES / f"{name}.vy"
    assert path.exists(), f"no test contract {name}.vy in {HARNESSES}"
    return path


@cache
def harness_deployer(name: str) -> Any:
    """A test contract's titanoboa deployer (compiled once per process)."""
    return boa.load_partial(str(harness_path(name)))


@cache
def proxy_initcode_bytes() -> bytes:
    """Compile the test proxy with its variables at the EIP-1967 slots (layout override)."""
    layout = JSONInput(
        contents="",
        source_id=-2,
        path=Path("layout.json"),
        resolved_path=Path("layout.json"),
        data=PROXY_LAYOUT,
    )
    path = harness_path("Eip1967Proxy")
    out = compile_code(
        path.read_text(),
        contract_path=str(path),
        output_formats=["bytecode"],
        storage_layout_override=layout,
    )
    return bytes.fromhex(out["bytecode"].removeprefix("0x"))
