"""Out-of-sample validation (rolling origin) and the over-dispersed frequency model."""

from __future__ import annotations

import math
from datetime import date

import numpy as np
import pytest

from safetynet.actuarial.frequency import fit_dispersion, nb_logpmf, nb_quantile, predictive_phi
from safetynet.errors import SafetyNetError
from safetynet.risk.incidents import Incident, load_incidents
from safetynet.risk.pricing import Assumptions, calibrate, price
from safetynet.risk.validation import (
    ValidationConfig,
    read_incidents_file,
    validate,
    yearly_counts,
)

SHIPPED = "src/safetynet/data/incidents.csv"


def test_nb_logpmf__sums_to_one_and_matches_mean_and_variance():
    mean, phi = 7.5, 0.3
    k = np.arange(400)
    pmf = np.exp([nb_logpmf(int(i), mean, phi) for i in k])
    assert pmf.sum() == pytest.approx(1.0, abs=1e-9)
    assert (k * pmf).sum() == pytest.approx(mean, rel=1e-9)
    var = (k * k * pmf).sum() - mean * mean
    assert var == pytest.approx(mean + phi * mean * mean, rel=1e-6)


def test_nb_logpmf__phi_zero__is_poisson():
    assert nb_logpmf(3, 2.0, 0.0) == pytest.approx(math.log(math.exp(-2) * 8 / 6))


def test_nb_quantile__poisson_mean_ten__known_quantiles():
    assert (nb_quantile(0.05, 10.0, 0.0), nb_quantile(0.95, 10.0, 0.0)) == (5, 15)


def test_fit_dispersion__poisson_like_totals__zero_spread_totals__positive():
    assert fit_dispersion([50, 50, 50, 50]) == 0.0
    assert fit_dispersion([20, 80, 30, 90, 40]) > 0.1
    assert fit_dispersion([10]) == 0.0


def test_fit_dispersion__simulated_negative_binomial__recovers_phi():
    rng = np.random.default_rng(4)
    g = rng.gamma(1 / 0.2, 0.2, 3000)
    assert fit_dispersion(rng.poisson(60 * g)) == pytest.approx(0.2, rel=0.1)


def test_predictive_phi__adds_mean_uncertainty_of_a_short_window():
    assert predictive_phi(10.0, 0.0, 4) == pytest.approx(1 / 40)
    assert predictive_phi(10.0, 0.1, 4) > 0.1


def test_yearly_counts__shipped_history__swing_48_to_80_from_2021():
    counts = yearly_counts(load_incidents(), 1e6)
    totals = {y: sum(c.values()) for y, c in counts.items() if y >= 2021}
    assert min(totals.values()) == 48 and max(totals.values()) == 80


def test_validate__shipped_history__three_rolling_splits_with_intervals_and_scores():
    result = validate()
    assert [s["predict_year"] for s in result["splits"]] == [2022, 2023, 2024]
    for split in result["splits"]:
        assert split["fit_years"] == [2020, split["predict_year"] - 1]
        cats = {row["category"] for row in split["counts"]}
        assert {"lending", "bridge", "cex", "total"} <= cats
        for row in split["counts"]:
            for model in ("poisson", "negbin"):
                lo, hi = row[model]["interval_90"]
                assert lo <= row[model]["mean"] <= hi
                assert row[model]["inside"] == (lo <= row["actual"] <= hi)
        shares = [t["predicted_share"] for t in split["severity"]["tail"]]
        assert 0 < shares[1] < shares[0] < 1
    total_2023 = next(r for r in result["splits"][1]["counts"] if r["category"] == "total")
    assert total_2023["actual"] == 48


def test_validate__calibration__negbin_scores_better_and_is_the_pricing_default():
    result = validate()
    cal = result["calibration"]
    assert cal["negbin"]["mean_log_score"] > cal["poisson"]["mean_log_score"]
    assert result["better_model"] == "negbin" == Assumptions().frequency_model


def _inc(year: int, category: str, loss: float = 5e6) -> Incident:
    return Incident(
        date(year, 6, 1), "X", "ethereum", category, "smart_contract_bug", "contract_bug",
        "defi_protocol", False, loss, 0.0, "test",
    )  # fmt: skip


def test_validate__poisson_history__poisson_calibrates_as_well_as_negbin():
    rng = np.random.default_rng(1)
    rows = []
    for year in range(2020, 2031):
        for cat, lam in (("lending", 12), ("dex", 9), ("bridge", 4)):
            for _ in range(rng.poisson(lam)):
                rows.append(_inc(year, cat, float(np.exp(rng.normal(15, 1.5))) + 1e6))
    result = validate(rows)
    cal = result["calibration"]
    assert len(result["splits"]) == 9
    assert abs(cal["negbin"]["mean_log_score"] - cal["poisson"]["mean_log_score"]) < 0.05
    assert cal["poisson"]["coverage_90"] >= 0.8


def test_calibrate__negbin_vs_poisson__wider_uncertainty_same_expected_loss():
    nb = calibrate(load_incidents(), Assumptions(frequency_model="negbin"))
    po = calibrate(load_incidents(), Assumptions(frequency_model="poisson"))
    assert po.dispersion == 0.0 < nb.dispersion
    assert nb.yearly_totals == (72, 80, 48, 65)
    q_nb, q_po = price("aave-v3", calibration=nb), price("aave-v3", calibration=po)
    assert q_nb.expected_loss == q_po.expected_loss
    assert (
        q_nb.breakdown["loadings"]["uncertainty_bps"]
        > q_po.breakdown["loadings"]["uncertainty_bps"]
    )
    assert q_nb.breakdown["frequency"]["model"] == "negbin"


def test_calibrate__unknown_frequency_model__error_names_the_choices():
    with pytest.raises(SafetyNetError, match="negbin or poisson"):
        calibrate(load_incidents(), Assumptions(frequency_model="binomial"))


def test_read_incidents_file__shipped_format__same_rows_as_packaged():
    assert len(read_incidents_file(SHIPPED)) == len(load_incidents())


def test_read_incidents_file__missing_columns__says_which(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("date,protocol,loss_usd\n2025-01-01,X,1000000\n")
    with pytest.raises(SafetyNetError, match="lacks columns"):
        read_incidents_file(bad)


def test_validate__origin_outside_the_data__error(tmp_path):
    with pytest.raises(SafetyNetError, match="origin 2024"):
        validate(config=ValidationConfig(origins=(2024,)))


def test_binomial_interval__known_quantiles():
    from safetynet.risk.validation import _binomial_interval

    assert _binomial_interval(10, 0.5) == [2, 8]
    assert _binomial_interval(0, 0.3) == [0, 0]
