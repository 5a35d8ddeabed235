"""bench/capital.py: the capital model's speed budget (1,000,000 years x 50 products < 30 s)."""

from __future__ import annotations

import importlib.util
import json

from tests.utils.paths import ROOT

BENCH = ROOT / "bench" / "capital.py"


def test_bench_capital__run__json_figures_within_budget():
    spec = importlib.util.spec_from_file_location("bench_capital", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures = module.run()
    json.dumps(figures)
    assert figures["capital_sim_years"] == 1_000_000
    assert figures["capital_sim_products"] == 50
    assert figures["capital_sim_within_budget"] is True
    assert 0 < figures["capital_diversification_measured"] < 1
    assert figures["capital_tvar_99_5"] >= figures["capital_var_99_5"]
