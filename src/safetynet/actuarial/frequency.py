"""Yearly incident counts: Poisson, or Poisson with a common yearly random effect (neg. binomial).

Model (``negbin``): in year t every category's count is N_ct ~ Poisson(m_c * G_t), where G_t is
one Gamma(1/phi, phi) draw shared by all categories (mean 1, variance phi): some years bring many
incidents everywhere at once. Each category's count is then negative binomial with mean m_c and
variance m_c + phi * m_c^2, and so is the total (mean M = sum m_c). Given the means, the joint
likelihood of all categories depends on phi only through the yearly totals (the split among
categories is multinomial), so phi is the maximum-likelihood estimate of a negative binomial on
the yearly totals. ``poisson`` is phi = 0.

Predictions carry the uncertainty of the fitted mean too: a mean estimated from T years has
variance (m + phi m^2) / T, which is added to the predictive variance and matched with a negative
binomial (for Poisson this is 1 / (T m)).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

FREQUENCY_MODELS = ("negbin", "poisson")
PHI_GRID = np.concatenate([[0.0], np.geomspace(1e-4, 5.0, 400)])


def nb_logpmf(k: int, mean: float, phi: float) -> float:
    """log P(N = k) for N negative binomial with this mean and variance mean + phi * mean^2."""
    if mean <= 0:
        return 0.0 if k == 0 else -math.inf
    if phi <= 1e-12:
        return k * math.log(mean) - mean - math.lgamma(k + 1)
    r = 1.0 / phi
    return (
        math.lgamma(k + r)
        - math.lgamma(r)
        - math.lgamma(k + 1)
        + r * math.log(r / (r + mean))
        + k * math.log(mean / (r + mean))
    )


def nb_quantile(q: float, mean: float, phi: float) -> int:
    """Smallest k with P(N <= k) >= q."""
    cdf, k = 0.0, 0
    while True:
        cdf += math.exp(nb_logpmf(k, mean, phi))
        if cdf >= q - 1e-12 or k > 100 * (mean + 10):
            return k
        k += 1


def fit_dispersion(totals: Sequence[int]) -> float:
    """Maximum-likelihood phi of a negative binomial on yearly totals (mean = their average).

    Needs at least two years; returns 0 (Poisson) when the totals vary no more than Poisson.
    """
    y = [int(x) for x in totals]
    if len(y) < 2:
        return 0.0
    mean = sum(y) / len(y)
    ll = [sum(nb_logpmf(k, mean, float(phi)) for k in y) for phi in PHI_GRID]
    return float(PHI_GRID[int(np.argmax(ll))])


def predictive_phi(mean: float, phi: float, years: int) -> float:
    """Dispersion of the predictive count: year effect plus the uncertainty of the fitted mean."""
    if mean <= 0:
        return phi
    var = (mean + phi * mean * mean) * (1.0 + 1.0 / max(1, years))
    return max(0.0, (var - mean) / (mean * mean))
