"""Monte Carlo capital model: analytic answers, reproducibility, common shocks, limits."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safetynet.actuarial.severity import Severity
from safetynet.actuarial.simulation import Product, _SeverityTable, simulate, tail_metrics
from safetynet.actuarial.stats import norm_sf
from safetynet.capital.solvency import summarize
from safetynet.errors import SafetyNetError

LEVEL = 0.995

# (amount, fixed severity, frequency): each event costs amount * severity, a whole number of
# units, and a product's yearly loss is capped at its amount.
LATTICE_BOOK = [(10.0, 0.1, 0.8), (6.0, 0.5, 0.3), (5.0, 1.0, 0.4), (8.0, 0.25, 0.5)]


def _products(spec, shock_share=0.0) -> list[Product]:
    return [
        Product(
            f"p{i}",
            amount=a,
            rate_bps=100,
            frequency=lam,
            severity=Severity(fixed=s),
            shock_share=shock_share,
        )  # fmt: skip
        for i, (a, s, lam) in enumerate(spec)
    ]


def _poisson_pmf(lam: float, n: int) -> np.ndarray:
    k = np.arange(n)
    return np.exp(-lam + k * math.log(lam) - np.array([math.lgamma(i + 1) for i in k]))


def exact_distribution(spec) -> np.ndarray:
    """Exact pmf of the yearly pool loss on the unit lattice: convolution of capped Poissons."""
    total = np.array([1.0])
    for amount, s, lam in spec:
        unit, cap = int(round(amount * s)), int(round(amount))
        pmf = np.zeros(cap + 1)
        for n, p in enumerate(_poisson_pmf(lam, 60)):
            pmf[min(cap, n * unit)] += p
        total = np.convolve(total, pmf)
    return total


def exact_var_tvar(pmf: np.ndarray, level: float) -> tuple[int, float, np.ndarray]:
    cdf = np.cumsum(pmf)
    q = int(np.searchsorted(cdf, level))
    k = np.arange(pmf.size)
    tvar = ((k[q + 1 :] * pmf[q + 1 :]).sum() + q * (cdf[q] - level)) / (1 - level)
    return q, float(tvar), cdf


def test_simulate__poisson_fixed_severity__mean_converges_to_lambda_times_s():
    products = _products([(1.0, 0.3, 0.05)] * 20)
    result = simulate(products, 400_000, seed=3, shock_rate=0.0)
    analytic = sum(p.expected_loss for p in products)
    assert analytic == pytest.approx(20 * 0.05 * 0.3)
    se = result.losses.std() / math.sqrt(result.n_years)
    assert abs(result.losses.mean() - analytic) < 4 * se


def test_simulate__compound_poisson__quantile_and_tvar_match_exact_distribution():
    pmf = exact_distribution(LATTICE_BOOK)
    q, tvar, cdf = exact_var_tvar(pmf, LEVEL)
    # the 99.5% point sits well inside a jump of the CDF, so the sample quantile is exact
    assert cdf[q - 1] < LEVEL - 5e-4 and cdf[q] > LEVEL + 5e-4
    result = simulate(_products(LATTICE_BOOK), 400_000, seed=21, shock_rate=0.0)
    var_mc, tvar_mc = tail_metrics(result.losses, LEVEL)
    assert var_mc == q
    assert tvar_mc == pytest.approx(tvar, rel=0.03)
    mean_exact = float((np.arange(pmf.size) * pmf).sum())
    assert result.losses.mean() == pytest.approx(mean_exact, rel=0.01)
    capital = q - 2
    assert (result.losses > capital).mean() == pytest.approx(1 - cdf[capital], abs=5e-4)


def test_simulate__same_seed__identical_results_other_seed__different():
    products = _products(LATTICE_BOOK, shock_share=0.3)
    a = simulate(products, 50_000, seed=9, shock_rate=0.5)
    b = simulate(products, 50_000, seed=9, shock_rate=0.5)
    c = simulate(products, 50_000, seed=10, shock_rate=0.5)
    assert np.array_equal(a.losses, b.losses)
    assert not np.array_equal(a.losses, c.losses)


def test_simulate__annual_loss_capped_at_cover_amount():
    product = Product("hot", amount=7.0, rate_bps=0, frequency=5.0, severity=Severity(fixed=1.0))
    result = simulate([product], 200_000, seed=1, shock_rate=0.0)
    assert result.losses.max() == 7.0
    assert result.losses.mean() == pytest.approx(7.0 * (1 - math.exp(-5.0)), rel=2e-3)


def test_common_shock__keeps_each_mean__adds_joint_losses_as_analytic():
    lam_a, lam_b, rate = 0.2, 0.3, 0.5
    spec = [(1.0, 1.0, lam_a), (1.0, 1.0, lam_b)]
    shocked = simulate(_products(spec, shock_share=1.0), 400_000, seed=4, shock_rate=rate)
    independent = simulate(_products(spec), 400_000, seed=4, shock_rate=0.0)
    exp_mean = (1 - math.exp(-lam_a)) + (1 - math.exp(-lam_b))
    assert shocked.losses.mean() == pytest.approx(exp_mean, rel=0.01)
    h_a, h_b = lam_a / rate, lam_b / rate
    p_both = (1 - math.exp(-lam_a) - math.exp(-lam_b)
              + math.exp(-rate * (h_a + h_b - h_a * h_b)))  # fmt: skip
    assert (shocked.losses == 2.0).mean() == pytest.approx(p_both, abs=2e-3)
    p_both_indep = (1 - math.exp(-lam_a)) * (1 - math.exp(-lam_b))
    assert (independent.losses == 2.0).mean() == pytest.approx(p_both_indep, abs=2e-3)
    assert p_both > 1.5 * p_both_indep


def test_severity_draws__truncated_lognormal_with_total_mass__mean_matches_closed_form():
    sev = Severity(mu=15.0, sigma=1.6, threshold=1e6, scale=1e8, p_total=0.1)
    table = _SeverityTable([Product("ln", amount=1.0, rate_bps=0, frequency=1.0, severity=sev)])
    f = table.draw(np.zeros(400_000, dtype=np.int64), np.random.default_rng(8))
    assert f.min() >= 1e6 / 1e8 * (1 - 1e-9) and f.max() <= 1.0
    assert abs(f.mean() - sev.mean()) < 4 * f.std() / math.sqrt(f.size)
    assert (f == 1.0).mean() == pytest.approx(
        0.1 + 0.9 * norm_sf((math.log(1e8) - 15) / 1.6) / norm_sf((math.log(1e6) - 15) / 1.6),
        abs=3e-3,
    )


def test_simulate__chunking__does_not_change_the_law():
    products = _products(LATTICE_BOOK)
    small = simulate(products, 100_003, seed=2, shock_rate=0.0, chunk_years=7_777)
    assert small.losses.size == 100_003
    pmf = exact_distribution(LATTICE_BOOK)
    assert small.losses.mean() == pytest.approx(float((np.arange(pmf.size) * pmf).sum()), rel=0.02)


def test_simulate__progress_callback__reaches_total():
    seen = []
    simulate(_products(LATTICE_BOOK), 25_000, 1, 0.0, chunk_years=10_000,
             progress=lambda done, total: seen.append((done, total)))  # fmt: skip
    assert seen == [(10_000, 25_000), (20_000, 25_000), (25_000, 25_000)]


def test_simulate__shock_frequency_above_rate__error_says_what_to_change():
    with pytest.raises(SafetyNetError, match="raise common_shock.rate_per_year"):
        simulate(_products([(1.0, 1.0, 2.0)], shock_share=1.0), 10, 1, shock_rate=0.5)


def test_summarize__fields_and_leverage_rule():
    result = simulate(_products(LATTICE_BOOK), 100_000, seed=5, shock_rate=0.0)
    s = summarize(result, capital=12.0)
    for key in ("expected_loss", "var", "tvar", "required_capital", "max_leverage_bps",
                "probability_of_ruin", "std_loss", "total_cover"):  # fmt: skip
        assert key in s
    assert s["required_capital"] == s["tvar"] >= s["var"] >= s["expected_loss"]
    assert s["max_leverage_bps"] == int(10_000 * s["total_cover"] / s["required_capital"])
    assert s["probability_of_ruin"] == (result.losses > 12.0).mean()


@settings(deadline=None, max_examples=25)
@given(
    spec=st.lists(
        st.tuples(st.floats(0.5, 1e7), st.floats(0.0, 1.0), st.floats(0.0, 3.0)),
        min_size=1, max_size=6,
    ),
    share=st.floats(0.0, 0.2),
    seed=st.integers(0, 2**32 - 1),
)  # fmt: skip
def test_simulate__any_book__losses_between_zero_and_total_cover(spec, share, seed):
    products = _products(spec, shock_share=share)
    result = simulate(products, 2_000, seed=seed, shock_rate=1.0)
    total = sum(a for a, _, _ in spec)
    assert (result.losses >= 0).all()
    assert (result.losses <= total * (1 + 1e-9)).all()


def _counting(name: str, lam: float, kind: str = "protocol") -> Product:
    # fixed severity 1/1000 of a large amount: the yearly loss is the event count / 1000, no cap
    return Product(name, 1000.0, 100, lam, Severity(fixed=0.001), kind=kind)


def test_simulate__year_effect__counts_negative_binomial_with_the_same_mean():
    lam, phi = 3.0, 0.5
    result = simulate([_counting("a", lam)], 400_000, seed=3, shock_rate=0.0, dispersion=phi)
    counts = result.losses
    assert counts.mean() == pytest.approx(lam, rel=0.01)
    assert counts.var() == pytest.approx(lam + phi * lam * lam, rel=0.03)  # Poisson: 3.0
    assert result.dispersion == phi
    assert summarize(result)["frequency_model"] == "negbin"


def test_simulate__year_effect__products_lose_together_covariance_phi_lambda_a_lambda_b():
    phi = 0.4
    products = [_counting("a", 2.0), _counting("b", 1.5)]
    result = simulate(products, 300_000, seed=5, shock_rate=0.0, dispersion=phi)
    # pool variance = var a + var b + 2 cov, cov = phi * la * lb (Poisson years: cov = 0)
    expected = (2 + phi * 4) + (1.5 + phi * 2.25) + 2 * phi * 2.0 * 1.5
    assert result.losses.var() == pytest.approx(expected, rel=0.03)


def test_simulate__year_effect__parametric_product_keeps_poisson_law():
    result = simulate(
        [_counting("depeg", 2.0, kind="parametric")],
        300_000,
        seed=8,
        shock_rate=0.0,
        dispersion=1.0,
    )
    assert result.losses.var() == pytest.approx(2.0, rel=0.03)


def test_simulate__zero_dispersion__same_draws_as_poisson_years():
    products = _products(LATTICE_BOOK, shock_share=0.2)
    a = simulate(products, 50_000, seed=2, shock_rate=0.5)
    b = simulate(products, 50_000, seed=2, shock_rate=0.5, dispersion=0.0)
    assert np.array_equal(a.losses, b.losses)


def test_simulate__negative_dispersion__error_says_what_to_use():
    with pytest.raises(SafetyNetError, match="dispersion phi must be >= 0"):
        simulate(_products(LATTICE_BOOK), 10, seed=1, dispersion=-0.1)
