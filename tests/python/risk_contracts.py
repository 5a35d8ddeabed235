"""Test-only Vyper contracts of the risk engine tests and how to build them."""

from __future__ import annotations

from pathlib import Path

from vyper.compiler import compile_code
from vyper.compiler.input_bundle import JSONInput

from safetynet.risk.scanner import ADMIN_SLOT, IMPLEMENTATION_SLOT

CONTRACTS = Path(__file__).parent / "contracts"
TWO_DAYS = 2 * 86_400

PROXY_LAYOUT = {
    "implementation": {"type": "address", "n_slots": 1, "slot": IMPLEMENTATION_SLOT},
    "admin": {"type": "address", "n_slots": 1, "slot": ADMIN_SLOT},
}


def proxy_initcode_bytes() -> bytes:
    """Compile the test proxy with its variables at the EIP-1967 slots (layout override)."""
    layout = JSONInput(
        contents="",
        source_id=-2,
        path=Path("layout.json"),
        resolved_path=Path("layout.json"),
        data=PROXY_LAYOUT,
    )
    path = CONTRACTS / "Eip1967Proxy.vy"
    out = compile_code(
        path.read_text(),
        contract_path=str(path),
        output_formats=["bytecode"],
        storage_layout_override=layout,
    )
    return bytes.fromhex(out["bytecode"].removeprefix("0x"))
