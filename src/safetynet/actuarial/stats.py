"""Small numerical helpers (no scipy): normal CDF/quantile, truncated-lognormal fit and moments."""

from __future__ import annotations

import math

import numpy as np

_erf = np.frompyfunc(math.erf, 1, 1)
_erfc = np.frompyfunc(math.erfc, 1, 1)


def norm_cdf(x: np.ndarray | float) -> np.ndarray | float:
    """Standard normal CDF (exact through math.erf)."""
    if np.isscalar(x):
        return 0.5 * (1.0 + math.erf(float(x) / math.sqrt(2.0)))
    arr = np.asarray(x, dtype=float)
    return 0.5 * (1.0 + _erf(arr / math.sqrt(2.0)).astype(float))


# Acklam's rational approximation of the normal quantile (relative error < 1.2e-9).
_A = (
    -3.969683028665376e01,
    2.209460984245205e02,
    -2.759285104469687e02,
    1.383577518672690e02,
    -3.066479806614716e01,
    2.506628277459239e00,
)
_B = (
    -5.447609879822406e01,
    1.615858368580409e02,
    -1.556989798598866e02,
    6.680131188771972e01,
    -1.328068155288572e01,
)
_C = (
    -7.784894002430293e-03,
    -3.223964580411365e-01,
    -2.400758277161838e00,
    -2.549732539343734e00,
    4.374664141464968e00,
    2.938163982698783e00,
)
_D = (7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e00, 3.754408661907416e00)
_P_LOW = 0.02425


def norm_sf(x: np.ndarray | float) -> np.ndarray | float:
    """Standard normal survival 1 - CDF, accurate far in the tail (through erfc)."""
    if np.isscalar(x):
        return 0.5 * math.erfc(float(x) / math.sqrt(2.0))
    arr = np.asarray(x, dtype=float)
    return 0.5 * _erfc(arr / math.sqrt(2.0)).astype(float)


def norm_ppf(p: np.ndarray) -> np.ndarray:
    """Standard normal quantile, vectorized; p must lie in (0, 1)."""
    p = np.asarray(p, dtype=float)
    out = np.empty_like(p)
    low = p < _P_LOW
    high = p > 1.0 - _P_LOW
    mid = ~(low | high)
    if mid.any():
        q = p[mid] - 0.5
        r = q * q
        num = ((((_A[0] * r + _A[1]) * r + _A[2]) * r + _A[3]) * r + _A[4]) * r + _A[5]
        den = ((((_B[0] * r + _B[1]) * r + _B[2]) * r + _B[3]) * r + _B[4]) * r + 1.0
        out[mid] = q * num / den
    for mask, sign in ((low, 1.0), (high, -1.0)):
        if mask.any():
            pp = p[mask] if sign > 0 else 1.0 - p[mask]
            q = np.sqrt(-2.0 * np.log(pp))
            num = ((((_C[0] * q + _C[1]) * q + _C[2]) * q + _C[3]) * q + _C[4]) * q + _C[5]
            den = (((_D[0] * q + _D[1]) * q + _D[2]) * q + _D[3]) * q + 1.0
            out[mask] = sign * num / den
    return out


def fit_truncated_lognormal(losses: np.ndarray, threshold: float) -> tuple[float, float]:
    """Maximum-likelihood (mu, sigma) of a lognormal observed only above ``threshold``.

    Log-likelihood of y = ln x: sum(log phi((y - mu)/sigma) - log sigma) - n log(1 - Phi(z_u)),
    z_u = (ln threshold - mu)/sigma. Maximised on a grid that is refined three times around the
    best point (robust, no derivative, no scipy).
    """
    y = np.log(np.asarray(losses, dtype=float))
    if y.size < 3:
        raise ValueError("need at least 3 losses to fit a severity distribution")
    lu = math.log(threshold)
    n, s1, s2 = y.size, y.sum(), (y * y).sum()
    mu_lo, mu_hi = lu - 6.0, float(y.max()) + 1.0
    sg_lo, sg_hi = 0.2, 4.0
    best = (float(y.mean()), float(y.std()))
    for _ in range(4):
        mus = np.linspace(mu_lo, mu_hi, 121)
        sgs = np.linspace(sg_lo, sg_hi, 121)
        mu, sg = np.meshgrid(mus, sgs, indexing="ij")
        sq = s2 - 2.0 * mu * s1 + n * mu * mu
        tail = norm_sf((lu - mu) / sg)
        with np.errstate(divide="ignore"):
            ll = -sq / (2.0 * sg * sg) - n * np.log(sg) - n * np.log(np.maximum(tail, 1e-300))
        i, j = np.unravel_index(int(np.argmax(ll)), ll.shape)
        best = (float(mus[i]), float(sgs[j]))
        dmu = (mu_hi - mu_lo) / 120 * 6
        dsg = (sg_hi - sg_lo) / 120 * 6
        mu_lo, mu_hi = best[0] - dmu, best[0] + dmu
        sg_lo, sg_hi = max(0.05, best[1] - dsg), best[1] + dsg
    return best


def truncated_lognormal_limited_mean(
    mu: float, sigma: float, threshold: float, cap: float
) -> float:
    """E[min(X, cap) | X > threshold] for X ~ lognormal(mu, sigma), threshold < cap (closed form).

    E[X; u < X < c] = e^(mu + sigma^2/2) [Phi((ln c - mu - sigma^2)/sigma) - Phi((ln u - mu -
    sigma^2)/sigma)], plus c * P(X > c), all divided by P(X > u).
    """
    lu, lc = math.log(threshold), math.log(cap)
    if lc <= lu:
        return cap
    p_u = norm_sf((lu - mu) / sigma)
    body = math.exp(mu + sigma * sigma / 2.0) * (
        norm_cdf((lc - mu - sigma * sigma) / sigma) - norm_cdf((lu - mu - sigma * sigma) / sigma)
    )
    top = cap * norm_sf((lc - mu) / sigma)
    return (body + top) / p_u
