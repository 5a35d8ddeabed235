"""Frequency-severity pricing calibrated on incidents.csv.

For a protocol p in category c (see docs/risk-model.md for the reasoning and the limits):

    frequency    lambda_p = m(score_p) * N_c / (Y * E_c)
                 N_c  insured incidents in category c with net loss >= threshold, years Y
                      (2021-2024), plus c's share of the uncategorised ("other") incidents
                 E_c  protocols at risk per year in c (exposure assumption below)
                 m    red-flag multiplier from the rules (0.4 clean ... 1.0 average ... 4)
    severity     a covered user's loss, as a fraction of the cover amount:
                 f = min(1, X / T_c),  X ~ lognormal(mu_c, sigma_c) left-truncated at the
                 threshold (MLE, credibility-weighted towards the pooled fit), T_c the mean TVL
                 of a protocol at risk in c. Custody adds a point mass f = 1 for withdrawal halts.
    expected loss EL = lambda_p * E[f]            (fraction of the limit per year)
    rate          (EL + uncertainty + capital) / (1 - expense ratio), floored, in bps, where
                 uncertainty = EL at the 75th percentile of a bootstrap of the calibration - EL,
                 capital = cost of capital * diversification * standalone TVaR 99.5%.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np

from safetynet.actuarial.frequency import FREQUENCY_MODELS, fit_dispersion
from safetynet.actuarial.severity import Severity
from safetynet.actuarial.simulation import Product, simulate, tail_metrics
from safetynet.actuarial.stats import fit_truncated_lognormal
from safetynet.errors import SafetyNetError
from safetynet.risk.facts import FactsDataset, ProtocolFacts, load_facts
from safetynet.risk.incidents import HALT_SUBTYPES, Incident, insured, load_incidents
from safetynet.risk.rules import RiskReport, scan_name

MAX_BPS = 10_000
# Below this many losses a category's own truncated fit is too unstable (the MLE runs to the
# edge of the grid); it uses the pooled fit.
MIN_CATEGORY_FIT = 15


@dataclass(frozen=True)
class Exposure:
    """How many protocols were at risk each year in a category, and their total TVL.

    Read from DeFiLlama's category pages and protocol counts (TVL >= $1m), averaged over
    2021-2024 and rounded; they are assumptions of the model, not measurements of this project.
    """

    protocols_at_risk: int
    category_tvl_usd: float

    @property
    def typical_tvl_usd(self) -> float:
        return self.category_tvl_usd / self.protocols_at_risk


DEFAULT_EXPOSURE: dict[str, Exposure] = {
    "lending": Exposure(160, 20e9),
    "dex": Exposure(380, 15e9),
    "yield": Exposure(260, 25e9),  # yield aggregators, farms and liquid (re)staking
    "bridge": Exposure(45, 10e9),
    "stablecoin": Exposure(70, 8e9),  # CDPs and protocol stablecoins
    "derivatives": Exposure(70, 3e9),
    "cex": Exposure(200, 150e9),  # custodians: exchanges and issuers, customer assets
}


@dataclass(frozen=True)
class Assumptions:
    """Every knob of the model, in one place, reported in each quote."""

    threshold_usd: float = 1_000_000.0
    years: tuple[int, int] = (2021, 2024)
    exposure: dict[str, Exposure] = field(default_factory=lambda: dict(DEFAULT_EXPOSURE))
    credibility_k: float = 30.0  # z = n / (n + k) towards the pooled severity fit
    expense_ratio: float = 0.15  # treasury 10% + assessment 5% of each premium (SPEC defaults)
    cost_of_capital: float = 0.10  # yearly return underwriters want on locked capital
    # Share of a product's standalone TVaR that it adds to a pooled book: 0.11 measured on the
    # sample book (pool TVaR / sum of standalone TVaRs, bench/capital.py), rounded up.
    diversification: float = 0.15
    uncertainty_quantile: float = 0.75
    interval: tuple[float, float] = (0.05, 0.95)
    min_rate_bps: int = 50
    bootstrap: int = 2000
    seed: int = 20241231
    # Yearly counts: "negbin" (a common yearly random effect, fitted on the window's totals) or
    # "poisson". negbin is the default because it scores better out of sample (risk validate).
    frequency_model: str = "negbin"


@dataclass(frozen=True)
class CategoryFit:
    category: str
    n_events: float  # incidents in the window, including the allocated "other" share
    n_direct: int
    frequency: float  # per protocol-year, before red flags
    mu: float
    sigma: float
    mu_raw: float
    sigma_raw: float
    credibility_z: float
    p_total: float
    losses_usd: tuple[float, ...]  # net losses used (for the bootstrap)
    halts: int


@dataclass(frozen=True)
class Calibration:
    assumptions: Assumptions
    pooled_mu: float
    pooled_sigma: float
    categories: dict[str, CategoryFit]
    n_insured: int
    # phi of the common yearly random effect G_t ~ Gamma(1/phi, phi): Var N = m + phi m^2.
    dispersion: float = 0.0
    yearly_totals: tuple[int, ...] = ()

    def severity(self, category: str) -> Severity:
        fit = self.categories[category]
        return Severity(
            mu=fit.mu,
            sigma=fit.sigma,
            threshold=self.assumptions.threshold_usd,
            scale=self.assumptions.exposure[category].typical_tvl_usd,
            p_total=fit.p_total,
        )


def calibrate(
    incidents: tuple[Incident, ...] | list[Incident], assumptions: Assumptions | None = None
) -> Calibration:
    """Fit frequency per protocol-year and severity per category on the insured incidents."""
    a = assumptions or Assumptions()
    years = a.years[1] - a.years[0] + 1
    proto = insured(incidents, "protocol", a.threshold_usd, a.years)
    custody = insured(incidents, "custody", a.threshold_usd, a.years)
    if len(proto) < 10:
        raise SafetyNetError("too few insured incidents to calibrate; check incidents.csv")
    pooled_mu, pooled_sigma = fit_truncated_lognormal(
        np.array([i.net_loss_usd for i in proto]), a.threshold_usd
    )
    defi_cats = [c for c in a.exposure if c != "cex"]
    direct = {c: [i for i in proto if i.category == c] for c in defi_cats}
    other = [i for i in proto if i.category not in direct]
    n_known = sum(len(v) for v in direct.values())
    cats: dict[str, CategoryFit] = {}
    for c in defi_cats:
        events = direct[c]
        share = len(events) / n_known if n_known else 0.0
        n_eff = len(events) + share * len(other)
        cats[c] = _fit_category(c, events, n_eff, 0, years, pooled_mu, pooled_sigma, a)
    halts = [i for i in custody if i.attack_subtype in HALT_SUBTYPES]
    hacks = [i for i in custody if i.attack_subtype not in HALT_SUBTYPES]
    cats["cex"] = _fit_category(
        "cex", hacks, float(len(custody)), len(halts), years, pooled_mu, pooled_sigma, a
    )
    totals = tuple(
        sum(1 for i in (*proto, *custody) if i.date.year == y)
        for y in range(a.years[0], a.years[1] + 1)
    )
    if a.frequency_model not in FREQUENCY_MODELS:
        raise SafetyNetError(
            f"unknown frequency model {a.frequency_model!r}: use {' or '.join(FREQUENCY_MODELS)}"
        )
    phi = fit_dispersion(totals) if a.frequency_model == "negbin" else 0.0
    return Calibration(a, pooled_mu, pooled_sigma, cats, len(proto) + len(custody), phi, totals)


def _fit_category(
    category: str,
    events: list[Incident],
    n_eff: float,
    n_halts: int,
    years: int,
    pooled_mu: float,
    pooled_sigma: float,
    a: Assumptions,
) -> CategoryFit:
    losses = np.array([i.net_loss_usd for i in events])
    if losses.size >= MIN_CATEGORY_FIT:
        mu_raw, sigma_raw = fit_truncated_lognormal(losses, a.threshold_usd)
        z = losses.size / (losses.size + a.credibility_k)
    else:
        mu_raw, sigma_raw, z = pooled_mu, pooled_sigma, 0.0
    return CategoryFit(
        category=category,
        n_events=n_eff,
        n_direct=len(events) + n_halts,
        frequency=n_eff / (years * a.exposure[category].protocols_at_risk),
        mu=z * mu_raw + (1 - z) * pooled_mu,
        sigma=z * sigma_raw + (1 - z) * pooled_sigma,
        mu_raw=mu_raw,
        sigma_raw=sigma_raw,
        credibility_z=z,
        p_total=n_halts / n_eff if n_eff else 0.0,
        losses_usd=tuple(float(x) for x in losses),
        halts=n_halts,
    )


@lru_cache(maxsize=4)
def default_calibration() -> Calibration:
    return calibrate(load_incidents())


@dataclass
class Quote:
    """A priced protocol: the recommended annual rate, its interval and the arithmetic."""

    protocol: str
    kind: str
    insurable: bool
    annual_rate_bps: int | None
    interval_bps: tuple[int, int] | None
    frequency: float
    severity: Severity
    expected_loss: float
    report: RiskReport
    breakdown: dict[str, Any]
    reasons: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "protocol": self.protocol,
            "kind": self.kind,
            "insurable": self.insurable,
            "tier": self.report.tier,
            "score": self.report.score,
            "annual_rate_bps": self.annual_rate_bps,
            "interval_bps": list(self.interval_bps) if self.interval_bps else None,
            "expected_loss_bps": round(self.expected_loss * MAX_BPS, 3),
            **self.breakdown,
            "reasons": self.reasons,
        }


def standalone_tvar(
    frequency: float, severity: Severity, level: float = 0.995, dispersion: float = 0.0
) -> float:
    """TVaR of one product's yearly loss fraction (Monte Carlo, fixed seed, 200k years)."""
    product = Product("standalone", amount=1.0, rate_bps=0, frequency=frequency, severity=severity)
    result = simulate([product], n_years=200_000, seed=7, shock_rate=0.0, dispersion=dispersion)
    return tail_metrics(result.losses, level)[1]


def _bootstrap_el_ratio(
    fit: CategoryFit, scale: float, a: Assumptions, dispersion: float = 0.0
) -> np.ndarray:
    """Bootstrap distribution of EL / EL_hat: resampled event count x resampled severities.

    The count over the Y calibration years is Poisson(n * G), where G is the mean of Y yearly
    random effects (Gamma with mean 1, variance phi / Y): with phi > 0 a window of a few busy or
    quiet years moves the estimate more than Poisson noise alone would.
    """
    rng = np.random.default_rng(a.seed)
    years = a.years[1] - a.years[0] + 1
    g = rng.gamma(years / dispersion, dispersion / years, a.bootstrap) if dispersion > 0 else 1.0
    counts = rng.poisson(fit.n_events * g, a.bootstrap) / fit.n_events
    fr = np.minimum(1.0, np.asarray(fit.losses_usd) / scale)
    if fr.size == 0:
        return counts
    n_hacks = fr.size
    idx = rng.integers(0, n_hacks, size=(a.bootstrap, n_hacks))
    body = fr[idx].mean(axis=1)
    emp = fr.mean()
    if fit.halts:
        p = rng.binomial(int(round(fit.n_events)), fit.p_total, a.bootstrap) / fit.n_events
        sev = p + (1 - p) * body
        emp = fit.p_total + (1 - fit.p_total) * emp
    else:
        sev = body
    return counts * sev / emp


def price(
    name: str,
    facts: FactsDataset | None = None,
    calibration: Calibration | None = None,
) -> Quote:
    """Recommended ``annual_rate_bps`` for cover on a named protocol, with its arithmetic."""
    facts = facts or load_facts()
    cal = calibration or default_calibration()
    a = cal.assumptions
    proto: ProtocolFacts = facts.get(name)
    report = scan_name(proto.name, facts)
    cat = proto.incident_category
    fit = cal.categories[cat]
    exposure = a.exposure[cat]
    sev = cal.severity(cat)
    mult = report.multiplier
    lam = fit.frequency * mult
    ef = sev.mean()
    el = lam * ef
    ratios = _bootstrap_el_ratio(fit, exposure.typical_tvl_usd, a, cal.dispersion)
    el_unc = el * float(np.quantile(ratios, a.uncertainty_quantile))
    uncertainty = max(0.0, el_unc - el)
    var = standalone_tvar(lam, sev, dispersion=cal.dispersion)
    capital = a.cost_of_capital * a.diversification * var
    gross = (el + uncertainty + capital) / (1.0 - a.expense_ratio)
    rate = max(a.min_rate_bps, math.ceil(gross * MAX_BPS))
    lo_el, hi_el = (el * float(np.quantile(ratios, q)) for q in a.interval)
    interval = tuple(
        max(a.min_rate_bps, math.ceil((x + capital) / (1.0 - a.expense_ratio) * MAX_BPS))
        for x in (lo_el, hi_el)
    )
    breakdown = {
        "as_of": facts.as_of.isoformat(),
        "category": proto.category,
        "incident_category": cat,
        "frequency": {
            "formula": "lambda = red_flag_multiplier * events / (years * protocols_at_risk)",
            "events": round(fit.n_events, 2),
            "events_direct": fit.n_direct,
            "years": list(a.years),
            "threshold_usd": a.threshold_usd,
            "protocols_at_risk": exposure.protocols_at_risk,
            "exposure_assumption": (
                f"{exposure.protocols_at_risk} {cat} protocols/custodians at risk per year "
                f"(TVL >= $1m, DeFiLlama counts averaged {a.years[0]}-{a.years[1]}); "
                "uncategorised incidents allocated pro rata"
            ),
            "category_per_protocol_year": round(fit.frequency, 6),
            "model": a.frequency_model,
            "dispersion_phi": round(cal.dispersion, 5),
            "dispersion_method": (
                "common yearly random effect G ~ Gamma(1/phi, phi), phi the negative-binomial MLE "
                f"on the yearly insured totals {list(cal.yearly_totals)}; Var N = m + phi m^2"
            ),
            "red_flag_multiplier": round(mult, 4),
            "per_protocol_year": round(lam, 6),
        },
        "severity": {
            "formula": (
                "f = min(1, X / typical_tvl), X ~ lognormal(mu, sigma) truncated at threshold"
                + ("; f = 1 for withdrawal halts (p_total)" if fit.halts else "")
            ),
            "mu": round(sev.mu, 4),
            "sigma": round(sev.sigma, 4),
            "mu_category_mle": round(fit.mu_raw, 4),
            "sigma_category_mle": round(fit.sigma_raw, 4),
            "mu_pooled": round(cal.pooled_mu, 4),
            "sigma_pooled": round(cal.pooled_sigma, 4),
            "credibility_z": round(fit.credibility_z, 4),
            "n_losses": len(fit.losses_usd),
            "median_incident_usd": round(sev.median_event_usd()),
            "typical_tvl_usd": round(exposure.typical_tvl_usd),
            "p_total": round(sev.p_total, 4),
            "expected_loss_fraction": round(ef, 6),
        },
        "cover_limit_assumption": (
            "covers on a protocol are a small share of its deposits and a covered user loses "
            "pro rata with the protocol, so a payout = cover amount x f"
        ),
        "expected_loss": {
            "formula": "EL = lambda * E[f]",
            "fraction_of_limit": round(el, 8),
            "usd_per_1m_limit": round(el * 1e6, 2),
        },
        "loadings": {
            "uncertainty_bps": round(uncertainty * MAX_BPS, 3),
            "uncertainty_method": (
                f"EL at the {a.uncertainty_quantile:.0%} quantile of {a.bootstrap} bootstraps "
                f"({a.frequency_model} event count x resampled losses) minus EL"
            ),
            "standalone_tvar_99_5": round(var, 6),
            "capital_bps": round(capital * MAX_BPS, 3),
            "capital_method": (
                f"cost of capital {a.cost_of_capital:.0%} x diversification "
                f"{a.diversification:.0%} x standalone TVaR 99.5% (share of the pool's capital)"
            ),
            "expense_ratio": a.expense_ratio,
            "formula": "rate = (EL + uncertainty + capital) / (1 - expense_ratio), floor applies",
            "min_rate_bps": a.min_rate_bps,
        },
        "interval_method": (
            f"EL at the {a.interval[0]:.0%}/{a.interval[1]:.0%} bootstrap quantiles with the "
            "same capital and expense loadings"
        ),
    }
    reasons = [
        f"{proto.display_name} is a {proto.category.replace('_', ' ')} "
        f"{'custodian' if proto.kind == 'custody' else 'protocol'}: {fit.n_events:.0f} insured "
        f"{cat} incidents >= ${a.threshold_usd / 1e6:.0f}m in {a.years[0]}-{a.years[1]} over "
        f"~{exposure.protocols_at_risk} at risk per year gives {fit.frequency:.2%} a year.",
        f"Red flags score {report.score} (tier {report.tier}) -> frequency x{mult:.2f} "
        f"= {lam:.2%} a year.",
        f"When it happens a covered user loses on average {ef:.1%} of the cover "
        f"(median insured incident ${sev.median_event_usd() / 1e6:.1f}m vs typical TVL "
        f"${exposure.typical_tvl_usd / 1e6:.0f}m).",
        f"Expected loss {el * MAX_BPS:.1f} bps + uncertainty {uncertainty * MAX_BPS:.1f} + "
        f"capital {capital * MAX_BPS:.1f}, grossed up for {a.expense_ratio:.0%} fees "
        f"= {rate} bps a year.",
    ]
    insurable = report.insurable
    if insurable:
        reasons += report.reasons()
    else:
        reasons[-1] = reasons[-1].replace("= ", "would be ", 1)[:-1] + ": no cover is sold."
        reasons = report.reasons()[:1] + reasons + report.reasons()[1:]
    return Quote(
        protocol=proto.name,
        kind=proto.kind,
        insurable=insurable,
        annual_rate_bps=rate if insurable else None,
        interval_bps=interval if insurable else None,
        frequency=lam,
        severity=sev,
        expected_loss=el,
        report=report,
        breakdown=breakdown,
        reasons=reasons,
    )
