"""Receipt-style gas of one call, as a fresh transaction (STYLE.md: Gas)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boa

TX_BASE = 21_000
REFUND_QUOTIENT = 5  # EIP-3529
FLOOR_PER_TOKEN = 10  # EIP-7623 (Prague) calldata floor
STANDARD_PER_TOKEN = 4
# A fixed start time (08:00 UTC): figures must not depend on when the bench runs (day
# boundaries decide which expiry buckets are fresh and how much premium-book catch-up a call
# does; permit deadlines shape calldata). Every bench world starts its clock here.
BENCH_EPOCH = 1_800_000_000


def pin_clock() -> None:
    """Set the EVM's clock to BENCH_EPOCH (call before deploying a bench world)."""
    boa.env.evm.patch.timestamp = BENCH_EPOCH


def calldata_tokens(data: bytes) -> int:
    zeros = data.count(0)
    return zeros + 4 * (len(data) - zeros)


def receipt_gas(computation: Any) -> int:
    """What a receipt shows for this top-level call: intrinsic + calldata + execution - refund."""
    tokens = calldata_tokens(bytes(computation.msg.data))
    used = TX_BASE + STANDARD_PER_TOKEN * tokens + computation.get_gas_used()
    refund = min(computation.get_gas_refund(), used // REFUND_QUOTIENT)
    return max(used - refund, TX_BASE + FLOOR_PER_TOKEN * tokens)


def measure(contract: Any, call: Callable[[], Any]) -> tuple[int, Any]:
    """Run `call` (one external call on `contract`) as a fresh transaction; return (gas, result).

    titanoboa keeps one transaction context across calls: committing state first makes
    storage 'original' values and warm/cold access reset as in a new transaction.
    """
    boa.env.evm.vm.state.lock_changes()
    boa.env.reset_gas_used()
    result = call()
    return receipt_gas(contract._computation), result
