"""Severity of an insured event: the share of a cover amount a covered user loses."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np

from safetynet.actuarial.stats import norm_cdf, norm_ppf, truncated_lognormal_limited_mean


@dataclass(frozen=True)
class Severity:
    """A covered user's loss as a fraction f of the cover amount, per event.

    f = 1 with probability ``p_total``; otherwise f = min(1, X / scale) with X lognormal(mu,
    sigma) truncated below at ``threshold`` (all in USD). ``fixed`` replaces all of it by a
    constant (closed-form tests, parametric payouts).
    """

    mu: float = 0.0
    sigma: float = 0.0
    threshold: float = 0.0
    scale: float = 1.0
    p_total: float = 0.0
    fixed: float | None = None

    def mean(self) -> float:
        """E[f], closed form."""
        if self.fixed is not None:
            return float(self.fixed)
        if self.sigma <= 0:
            body = min(1.0, math.exp(self.mu) / self.scale)
        else:
            body = (
                truncated_lognormal_limited_mean(
                    self.mu, self.sigma, max(self.threshold, 1e-300), self.scale
                )
                / self.scale
            )
        return self.p_total + (1.0 - self.p_total) * body

    def median_event_usd(self) -> float:
        """Median size of an event above the threshold, X | X > threshold (USD)."""
        if self.fixed is not None or self.sigma <= 0 or self.threshold <= 0:
            return math.exp(self.mu)
        p_u = float(norm_cdf((math.log(self.threshold) - self.mu) / self.sigma))
        z = float(norm_ppf(np.array([p_u + (1.0 - p_u) / 2.0]))[0])
        return math.exp(self.mu + self.sigma * z)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)
