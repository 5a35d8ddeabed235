"""Out-of-sample validation of the frequency and severity model: rolling-origin splits.

For each origin year Y: fit on the insured incidents of ``first_year``..Y, predict year Y+1, and
compare with what happened there:
- counts per category and in total: predicted mean, 90% prediction interval and the log score
  (log predictive probability of the actual count) under each frequency model (Poisson, and
  negative binomial with a common yearly random effect, see ``safetynet.actuarial.frequency``);
- severity: share of insured PROTOCOL losses above $10m and above $100m, predicted by the
  truncated lognormal fitted on the same years (the pooled fit pricing starts from), vs the share
  observed in Y+1, with a binomial 90% interval on the count above.
The calibration summary per model: share of actual counts inside their 90% interval, and the mean
log score (higher is better). The better model by log score is the pricing default.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from safetynet.actuarial.frequency import (
    FREQUENCY_MODELS,
    fit_dispersion,
    nb_logpmf,
    nb_quantile,
    predictive_phi,
)
from safetynet.actuarial.stats import fit_truncated_lognormal, norm_sf
from safetynet.errors import SafetyNetError
from safetynet.risk.incidents import Incident, load_incidents, parse_incidents

CATEGORIES = ("lending", "dex", "yield", "bridge", "stablecoin", "derivatives", "other", "cex")
TAIL_THRESHOLDS = (10e6, 100e6)
INTERVAL = (0.05, 0.95)
REQUIRED_COLUMNS = {
    "date",
    "protocol",
    "chain",
    "category",
    "attack_type",
    "attack_subtype",
    "target_kind",
    "is_rug_or_scam",
    "loss_usd",
    "funds_returned_usd",
    "source",
}


@dataclass(frozen=True)
class ValidationConfig:
    threshold_usd: float = 1_000_000.0
    first_year: int = 2020
    origins: tuple[int, ...] | None = None  # default: 2021 .. last year - 1


def read_incidents_file(path: str | Path) -> list[Incident]:
    """Parse an incidents file in the shipped CSV's format; errors say what is wrong."""
    p = Path(path)
    if not p.is_file():
        raise SafetyNetError(f"incidents file {p} not found; pass a CSV in incidents.csv's format")
    text = p.read_text("utf-8")
    header = text.splitlines()[0].split(",") if text else []
    missing = REQUIRED_COLUMNS - {h.strip() for h in header}
    if missing:
        raise SafetyNetError(
            f"incidents file {p} lacks columns {sorted(missing)}; use the header of the "
            "packaged incidents.csv"
        )
    try:
        return parse_incidents(text)
    except ValueError as exc:
        raise SafetyNetError(f"incidents file {p}: a row does not parse ({exc})") from exc


def _bucket(inc: Incident) -> str | None:
    peril = inc.peril
    if peril == "custody":
        return "cex"
    if peril == "protocol":
        return inc.category if inc.category in CATEGORIES[:-1] else "other"
    return None


def yearly_counts(
    incidents: list[Incident] | tuple[Incident, ...], threshold_usd: float
) -> dict[int, Counter[str]]:
    """Insured incidents with net loss >= threshold, per year and category (custody = cex)."""
    out: dict[int, Counter[str]] = {}
    for inc in incidents:
        if inc.net_loss_usd < threshold_usd:
            continue
        bucket = _bucket(inc)
        if bucket is not None:
            out.setdefault(inc.date.year, Counter())[bucket] += 1
    return out


def _losses(incidents, threshold_usd: float, years: tuple[int, int]) -> np.ndarray:
    return np.array(
        [
            i.net_loss_usd
            for i in incidents
            if i.peril == "protocol"
            and i.net_loss_usd >= threshold_usd
            and years[0] <= i.date.year <= years[1]
        ]
    )


def _predict(mean: float, phi: float, years: int, actual: int) -> dict[str, Any]:
    pphi = predictive_phi(mean, phi, years)
    lo, hi = (nb_quantile(q, mean, pphi) for q in INTERVAL)
    return {
        "mean": round(mean, 3),
        "interval_90": [lo, hi],
        "inside": lo <= actual <= hi,
        "log_score": round(nb_logpmf(actual, mean, pphi), 4),
    }


def _binomial_interval(n: int, p: float) -> list[int]:
    """90% interval of a Binomial(n, p) count: smallest k with P(X <= k) >= 5% and >= 95%."""
    from math import comb

    cdf, out = 0.0, []
    quantiles = list(INTERVAL)
    for k in range(n + 1):
        cdf += comb(n, k) * p**k * (1 - p) ** (n - k)
        while quantiles and cdf >= quantiles[0] - 1e-12:
            out.append(k)
            quantiles.pop(0)
    return out + [n] * len(quantiles)


def validate(
    incidents: list[Incident] | tuple[Incident, ...] | None = None,
    config: ValidationConfig | None = None,
) -> dict[str, Any]:
    """Rolling-origin validation; JSON-ready results per split and a calibration summary."""
    cfg = config or ValidationConfig()
    incidents = load_incidents() if incidents is None else incidents
    counts = yearly_counts(incidents, cfg.threshold_usd)
    if not counts:
        raise SafetyNetError("no insured incident above the threshold: nothing to validate")
    last = max(counts)
    origins = cfg.origins or tuple(range(max(cfg.first_year + 1, 2021), last))
    if not origins:
        raise SafetyNetError(f"need at least two years of data after {cfg.first_year} to validate")
    splits = []
    scores: dict[str, list[float]] = {m: [] for m in FREQUENCY_MODELS}
    inside: dict[str, list[bool]] = {m: [] for m in FREQUENCY_MODELS}
    for y in origins:
        if y + 1 > last or y < cfg.first_year:
            raise SafetyNetError(f"origin {y}: the data covers {min(counts)}..{last}")
        fit_years = list(range(cfg.first_year, y + 1))
        n_years = len(fit_years)
        totals = [sum(counts.get(t, Counter()).values()) for t in fit_years]
        phi = fit_dispersion(totals)
        actual_year = counts.get(y + 1, Counter())
        rows = []
        for cat in (*CATEGORIES, "total"):
            if cat == "total":
                hist = totals
                actual = sum(actual_year.values())
            else:
                hist = [counts.get(t, Counter())[cat] for t in fit_years]
                actual = actual_year[cat]
            mean = sum(hist) / n_years
            row: dict[str, Any] = {"category": cat, "actual": actual}
            for model in FREQUENCY_MODELS:
                pred = _predict(mean, phi if model == "negbin" else 0.0, n_years, actual)
                row[model] = pred
                if cat != "total":
                    scores[model].append(pred["log_score"])
                    inside[model].append(pred["inside"])
            rows.append(row)
        fit_losses = _losses(incidents, cfg.threshold_usd, (cfg.first_year, y))
        next_losses = _losses(incidents, cfg.threshold_usd, (y + 1, y + 1))
        mu, sigma = fit_truncated_lognormal(fit_losses, cfg.threshold_usd)
        p_u = float(norm_sf((np.log(cfg.threshold_usd) - mu) / sigma))
        tails = []
        for level in TAIL_THRESHOLDS:
            p = float(norm_sf((np.log(level) - mu) / sigma)) / p_u
            n_above = int((next_losses > level).sum())
            lo, hi = _binomial_interval(int(next_losses.size), p)
            tails.append(
                {
                    "above_usd": level,
                    "predicted_share": round(p, 4),
                    "fit_years_share": round(float((fit_losses > level).mean()), 4),
                    "actual_share": round(n_above / next_losses.size, 4)
                    if next_losses.size
                    else None,
                    "actual_count": n_above,
                    "count_interval_90": [lo, hi],
                    "inside": lo <= n_above <= hi,
                }
            )
        splits.append(
            {
                "fit_years": [fit_years[0], fit_years[-1]],
                "predict_year": y + 1,
                "dispersion_phi": round(phi, 5),
                "counts": rows,
                "severity": {
                    "mu": round(mu, 4),
                    "sigma": round(sigma, 4),
                    "n_fit": int(fit_losses.size),
                    "n_actual": int(next_losses.size),
                    "tail": tails,
                },
            }
        )
    summary = {
        m: {
            "coverage_90": round(float(np.mean(inside[m])), 4),
            "mean_log_score": round(float(np.mean(scores[m])), 4),
            "cells": len(scores[m]),
        }
        for m in FREQUENCY_MODELS
    }
    best = max(FREQUENCY_MODELS, key=lambda m: summary[m]["mean_log_score"])
    return {
        "threshold_usd": cfg.threshold_usd,
        "first_year": cfg.first_year,
        "origins": list(origins),
        "insured_counts_by_year": {
            str(t): {"total": sum(c.values()), **dict(sorted(c.items()))}
            for t, c in sorted(counts.items())
        },
        "splits": splits,
        "calibration": summary,
        "better_model": best,
        "scoring": (
            "per category-year cell (totals excluded): share of actual counts inside the 90% "
            "prediction interval (ideal 0.90) and mean log predictive probability of the actual "
            "count (higher is better)"
        ),
    }
