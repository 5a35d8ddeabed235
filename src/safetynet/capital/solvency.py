"""What a simulated year of pool losses means for the pool: expected loss, VaR/TVaR, the capital
it needs, the safe leverage and the probability of ruin (the simulation itself is
``safetynet.actuarial.simulation``).
"""

from __future__ import annotations

import math
from typing import Any

from safetynet.actuarial.simulation import LEVEL, SimResult, tail_metrics

MAX_BPS = 10_000


def summarize(
    result: SimResult,
    capital: float | None = None,
    level: float = LEVEL,
    expense_ratio: float = 0.15,
) -> dict[str, Any]:
    """Expected loss, VaR/TVaR, required capital, safe leverage and ruin probability."""
    losses = result.losses
    total_cover = float(sum(p.amount for p in result.products))
    premium = float(sum(p.amount * p.rate_bps / MAX_BPS for p in result.products))
    net_premium = premium * (1.0 - expense_ratio)
    var, tvar = tail_metrics(losses, level)
    required = tvar
    safe_lev = MAX_BPS * total_cover / required if required > 0 else float("inf")
    out: dict[str, Any] = {
        "sims": result.n_years,
        "seed": result.seed,
        "products": len(result.products),
        "total_cover": total_cover,
        "annual_premium": premium,
        "net_premium": net_premium,
        "expected_loss": float(losses.mean()),
        "expected_loss_uncapped": float(sum(p.expected_loss for p in result.products)),
        "std_loss": float(losses.std()),
        "level": level,
        "var": var,
        "tvar": tvar,
        "required_capital": required,
        "required_capital_rule": (
            f"TVaR {level:.1%} of the yearly loss, no credit for premiums (earned gradually)"
        ),
        "max_leverage_bps": int(min(safe_lev, 10**9)) if math.isfinite(safe_lev) else None,
        "max_leverage_rule": (
            "largest max_leverage_bps whose locked capital (active_cover * 10000 / leverage) "
            "still covers the required capital for this mix of products"
        ),
        "p_no_loss": float((losses == 0).mean()),
        "loss_ratio": float(losses.mean() / premium) if premium else None,
        "common_shock_rate": result.shock_rate,
        "frequency_model": "negbin" if result.dispersion > 0 else "poisson",
        "dispersion_phi": result.dispersion,
        "events_simulated": result.events,
        "shocks_simulated": result.shocks,
    }
    if capital is not None:
        out["capital"] = capital
        out["probability_of_ruin"] = float((losses > capital).mean())
        out["probability_of_ruin_with_premium"] = float((losses > capital + net_premium).mean())
        out["capital_ratio"] = capital / required if required > 0 else None
    return out
