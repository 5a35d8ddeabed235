"""Parametric gas (bench/parametric.py) may not grow past the checked-in snapshot, and
payout_many stays within SPEC 5's 40,000 gas per cover.

Measured in a subprocess: receipt-style measurement commits titanoboa state between calls,
which the per-test rollback of this process must not see (STYLE.md, Gas).
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.utils.paths import ROOT


def test_parametric_gas__measured_now__within_snapshot_and_budget():
    snapshot = json.loads((ROOT / "bench" / "gas-snapshot.json").read_text())
    code = "import json; from bench.parametric import run; print(json.dumps(run()))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    assert figures["over_budget"] == []
    assert figures["payout_many_per_cover"] <= 40_000
    for name, gas in figures.items():
        if not isinstance(gas, int) or name == "seconds":
            continue
        key = f"parametric.{name}"
        assert key in snapshot, f"{key} missing from bench/gas-snapshot.json: run make bench"
        assert gas <= snapshot[key], f"{key}: {gas} gas > snapshot {snapshot[key]}"
