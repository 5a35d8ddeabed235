"""Pricing model: closed-form cases, calibration arithmetic, red-flag and exclusion effects."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safetynet.actuarial.severity import Severity
from safetynet.actuarial.stats import (
    fit_truncated_lognormal,
    norm_cdf,
    norm_ppf,
    norm_sf,
    truncated_lognormal_limited_mean,
)
from safetynet.risk.facts import load_facts
from safetynet.risk.incidents import Incident
from safetynet.risk.pricing import (
    Assumptions,
    Exposure,
    calibrate,
    default_calibration,
    price,
)


def _incidents(losses, category="lending", year=2022, **kw) -> list[Incident]:
    out = []
    for i, loss in enumerate(losses):
        fields = dict(
            date=date(year, 1 + i % 12, 1 + i % 28), protocol=f"p{i}", chain="ethereum",
            category=category, attack_type="smart_contract_bug", attack_subtype="contract_bug",
            target_kind="defi_protocol", is_rug_or_scam=False, loss_usd=float(loss),
            funds_returned_usd=0.0, source="synthetic",
        )  # fmt: skip
        fields.update(kw)
        out.append(Incident(**fields))
    return out


def test_severity__fixed__expected_loss_is_lambda_times_s_exactly():
    lam, s = 0.05, 0.3
    sev = Severity(fixed=s)
    assert sev.mean() == s
    assert lam * sev.mean() == lam * s


def test_severity__total_loss_mass__mixes_linearly():
    body = Severity(mu=math.log(1e6), sigma=0.0, scale=1e7)  # every event 10% of the limit
    assert body.mean() == pytest.approx(0.1)
    mixed = Severity(mu=math.log(1e6), sigma=0.0, scale=1e7, p_total=0.25)
    assert mixed.mean() == pytest.approx(0.25 + 0.75 * 0.1)


def test_limited_mean__closed_form__matches_numeric_integration():
    mu, sigma, u, c = 15.0, 1.7, 1e6, 1e8
    z = np.linspace(-12, 12, 400_001)
    x = np.exp(mu + sigma * z)
    w = np.exp(-z * z / 2) * (x > u)
    numeric = float((np.minimum(x, c) * w).sum() / w.sum())
    assert truncated_lognormal_limited_mean(mu, sigma, u, c) == pytest.approx(numeric, rel=1e-4)


def test_fit_truncated_lognormal__large_sample__recovers_parameters():
    rng = np.random.default_rng(11)
    x = np.exp(rng.normal(14.0, 1.8, 300_000))
    mu, sigma = fit_truncated_lognormal(x[x > 1e6], 1e6)
    assert mu == pytest.approx(14.0, abs=0.05)
    assert sigma == pytest.approx(1.8, abs=0.03)


def test_norm_helpers__ppf_inverts_cdf_and_sf_is_accurate_in_tail():
    p = np.array([1e-9, 0.001, 0.2, 0.5, 0.8, 0.999, 1 - 1e-9])
    assert np.allclose(norm_cdf(norm_ppf(p)), p, rtol=1e-6, atol=1e-12)
    assert norm_sf(10.0) == pytest.approx(7.619853024160527e-24, rel=1e-9)


def test_calibrate__synthetic_counts__frequency_is_events_over_exposure_years():
    rng = np.random.default_rng(5)
    losses = np.exp(rng.normal(15.5, 1.2, 40)) + 1e6
    a = Assumptions(exposure={"lending": Exposure(50, 5e9), "cex": Exposure(10, 1e10)},
                    years=(2021, 2024))  # fmt: skip
    custody = _incidents([5e6, 8e6, 9e6], category="cex", target_kind="cefi_custodian",
                         attack_type="access_control/key_compromise")  # fmt: skip
    cal = calibrate(_incidents(losses) + custody, a)
    assert cal.categories["lending"].frequency == 40 / (4 * 50)
    assert cal.categories["cex"].frequency == 3 / (4 * 10)


def test_calibrate__rug_pulls_phishing_and_small_losses__not_counted():
    good = _incidents([2e6] * 20 + [3e6] * 20)
    rugs = _incidents([5e7] * 7, attack_type="rug_pull", is_rug_or_scam=True)
    phish = _incidents([5e7] * 5, attack_type="phishing/frontend")
    small = _incidents([5e5] * 9)
    a = Assumptions(exposure={"lending": Exposure(100, 1e10), "cex": Exposure(10, 1e10)})
    base = calibrate(good, a).categories["lending"]
    noisy = calibrate(good + rugs + phish + small, a).categories["lending"]
    assert noisy.n_events == base.n_events == 40


def test_calibrate__funds_returned__netted_before_threshold():
    returned = _incidents([1e8] * 10, funds_returned_usd=1e8)
    a = Assumptions(exposure={"lending": Exposure(100, 1e10), "cex": Exposure(10, 1e10)})
    cal = calibrate(_incidents([2e6] * 12) + returned, a)
    assert cal.categories["lending"].n_events == 12


def test_price__aave_v3__arithmetic_in_json_is_consistent():
    quote = price("aave-v3")
    q = quote.to_json()
    f, s, el, load = q["frequency"], q["severity"], q["expected_loss"], q["loadings"]
    assert f["per_protocol_year"] == pytest.approx(
        f["category_per_protocol_year"] * f["red_flag_multiplier"], rel=1e-3
    )
    assert f["category_per_protocol_year"] == pytest.approx(
        f["events"] / ((f["years"][1] - f["years"][0] + 1) * f["protocols_at_risk"]), rel=1e-3
    )
    assert el["fraction_of_limit"] == pytest.approx(
        f["per_protocol_year"] * s["expected_loss_fraction"], rel=1e-3
    )
    gross = (el["fraction_of_limit"] * 1e4 + load["uncertainty_bps"] + load["capital_bps"]) / (
        1 - load["expense_ratio"]
    )
    assert q["annual_rate_bps"] == max(load["min_rate_bps"], math.ceil(gross - 1e-6))
    lo, hi = q["interval_bps"]
    assert lo <= q["annual_rate_bps"] <= hi
    assert q["insurable"] is True and q["reasons"]


def test_price__more_red_flags__higher_rate_same_category():
    cal = default_calibration()
    facts = load_facts()
    clean, flagged = price("compound-v3", facts, cal), price("radiant", facts, cal)
    assert clean.report.score < flagged.report.score
    assert clean.annual_rate_bps < flagged.annual_rate_bps


def test_price__not_insurable__no_rate_and_says_why():
    for name in ("multichain", "wazirx"):
        q = price(name).to_json()
        assert q["insurable"] is False and q["annual_rate_bps"] is None
        assert q["reasons"]
        assert q["reasons"][0].startswith("NOT INSURABLE")
        assert not any(" = " in r and "bps a year." in r for r in q["reasons"])


def test_price__custodian__has_total_loss_mass_for_halts():
    q = price("binance").to_json()
    assert q["incident_category"] == "cex"
    assert 0 < q["severity"]["p_total"] < 0.5


def test_price__deterministic():
    assert price("curve").to_json() == price("curve").to_json()


@settings(deadline=None)
@given(
    mu=st.floats(10, 20), sigma=st.floats(0.1, 3.0), scale=st.floats(1e6, 1e10),
    p_total=st.floats(0, 1),
)  # fmt: skip
def test_severity_mean__any_parameters__is_a_fraction(mu, sigma, scale, p_total):
    m = Severity(mu=mu, sigma=sigma, threshold=1e5, scale=scale, p_total=p_total).mean()
    assert 0.0 <= m <= 1.0 + 1e-12
