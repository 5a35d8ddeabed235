"""Capital model benchmark: 1,000,000 simulated years x the 50-product sample book.

``run()`` returns JSON-able figures; `make bench` prints them. Budget: under 30 s on
the 2-core CI machine, simulated with the yearly random effect (negative-binomial years) that the
pricing calibration fits; the same run with Poisson years is reported beside it. Also
reports the peak memory of the chunked simulation and the measured
diversification (pool TVaR / sum of standalone TVaRs) that the pricing model's capital loading
assumes.
"""

from __future__ import annotations

import json
import os
import time
import tracemalloc
from typing import Any

YEARS = 1_000_000
BUDGET_SECONDS = 30.0
SEED = 1


def run() -> dict[str, Any]:
    from safetynet.actuarial.simulation import simulate, tail_metrics
    from safetynet.capital.book import load_book
    from safetynet.capital.solvency import summarize
    from safetynet.risk.pricing import Assumptions

    book = load_book()  # pricing 50 products is setup, not simulation: timed apart
    products = book.products

    started = time.perf_counter()
    result = simulate(products, YEARS, SEED, book.shock_rate, dispersion=book.dispersion)
    seconds = time.perf_counter() - started
    summary = summarize(result, book.pool.capital, expense_ratio=book.pool.expense_ratio)
    poisson = summarize(
        simulate(products, YEARS, SEED, book.shock_rate),
        book.pool.capital,
        expense_ratio=book.pool.expense_ratio,
    )

    tracemalloc.start()
    simulate(products, 200_000, SEED, book.shock_rate, dispersion=book.dispersion)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    standalone = sum(
        tail_metrics(simulate([p], 200_000, SEED + i, 0.0, dispersion=book.dispersion).losses)[1]
        for i, p in enumerate(products)
    )
    return {
        "capital_sim_years": YEARS,
        "capital_sim_products": len(products),
        "capital_sim_seconds": round(seconds, 3),
        "capital_sim_budget_seconds": BUDGET_SECONDS,
        "capital_sim_within_budget": seconds < BUDGET_SECONDS,
        "capital_sim_years_per_second": round(YEARS / seconds),
        "capital_sim_events": result.events,
        "capital_sim_peak_mb_per_200k_years": round(peak / 2**20, 1),
        "capital_cpu_count": os.cpu_count(),
        "capital_expected_loss": round(summary["expected_loss"]),
        "capital_var_99_5": round(summary["var"]),
        "capital_tvar_99_5": round(summary["tvar"]),
        "capital_required": round(summary["required_capital"]),
        "capital_max_leverage_bps": summary["max_leverage_bps"],
        "capital_probability_of_ruin": summary["probability_of_ruin"],
        "capital_dispersion_phi": round(book.dispersion, 5),
        "capital_required_poisson_years": round(poisson["required_capital"]),
        "capital_max_leverage_bps_poisson_years": poisson["max_leverage_bps"],
        "capital_diversification_measured": round(summary["tvar"] / standalone, 4),
        "capital_diversification_assumed_in_pricing": Assumptions().diversification,
    }


if __name__ == "__main__":
    print(json.dumps(run(), indent=2))
