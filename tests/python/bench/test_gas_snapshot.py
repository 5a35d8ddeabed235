"""Gas figures are deterministic: none may grow past the checked-in snapshot or its budget.

Measured in a subprocess: receipt-style measurement commits titanoboa state between calls,
which the per-test rollback of this process must not see (STYLE.md, Gas).
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.utils.paths import ROOT

SNAPSHOT = json.loads((ROOT / "bench" / "gas-snapshot.json").read_text())
EIP170_LIMIT = 24_576


def _run(code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_core_gas__measured_now__within_snapshot_and_budgets():
    from bench.core import BUDGETS

    gas = _run(
        "import json; from bench.core import measure_core; print(json.dumps(measure_core()))"
    )
    for name, figure in gas.items():
        key = f"core.{name}"
        assert key in SNAPSHOT, f"{key} missing from bench/gas-snapshot.json: run make bench"
        assert figure <= SNAPSHOT[key], f"{key}: {figure} gas > snapshot {SNAPSHOT[key]}"
    for name, budget in BUDGETS.items():
        assert gas[name] <= budget, f"{name}: {gas[name]} gas > budget {budget}"


def test_bytecode__every_contract__below_eip170_limit():
    sizes = _run(
        "import json; from bench.core import bytecode_sizes; print(json.dumps(bytecode_sizes()))"
    )
    assert sizes, "no contracts measured"
    for name, size in sizes.items():
        assert size <= EIP170_LIMIT, f"{name}: {size} bytes > {EIP170_LIMIT}"
