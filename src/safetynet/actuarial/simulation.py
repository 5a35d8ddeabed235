"""Monte Carlo of one year of pool losses for a book of covers, with common shocks.

Each product i has a yearly event frequency lambda_i and a severity f (fraction of its cover
amount lost per event, ``safetynet.actuarial.severity.Severity``). A share s_i of its events comes
from market-wide *common shocks* (depegs, bridge contagion, the 2022 CeFi cascade): shocks arrive
as a Poisson process of rate ``shock_rate`` a year and each one hits product i independently with
probability h_i = s_i * lambda_i / shock_rate. By Poisson thinning product i still sees
Poisson(lambda_i) events a year - its own expected loss does not change - but shocks make several
products lose in the same year, which fattens the pool's tail.

Vectorization: instead of a (years x products) array of Poisson counts, each chunk draws the
total number of events per product, K_i ~ Poisson(lambda_i * years), and scatters them uniformly
over the chunk's years (the same law, by the order-statistics property of the Poisson process).
Work and memory grow with the number of events, not with years x products. Each product's loss in
a year is capped at its cover amount (a cover pays at most its amount).

Year-to-year variation (``dispersion`` phi > 0): every simulated year t draws one random effect
G_t ~ Gamma(1/phi, phi) (mean 1, variance phi) that multiplies the own-event frequency of every
protocol and custody product in that year: years of many incidents everywhere at once, as in the
history (48 to 80 insured incidents a year). Given the G_t, product i's events form a Poisson
process of intensity lambda_i G_t, so the chunk's total is Poisson(lambda_i * sum G_t) and each
event lands in year t with probability G_t / sum G: still one draw per event, no loop over years.
Each product's yearly count is then negative binomial with its mean unchanged. Parametric products
(their own trigger frequency) and the common shocks keep their Poisson law.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from safetynet.actuarial.severity import Severity
from safetynet.actuarial.stats import norm_cdf, norm_ppf
from safetynet.errors import SafetyNetError

DEFAULT_SHOCK_RATE = 0.5
LEVEL = 0.995


@dataclass(frozen=True)
class Product:
    """One line of the book: an amount of cover with its rate, frequency and severity."""

    name: str
    amount: float
    rate_bps: float
    frequency: float
    severity: Severity
    shock_share: float = 0.0
    category: str = "other"
    protocol: str | None = None
    kind: str = "protocol"

    @property
    def expected_loss(self) -> float:
        """amount * lambda * E[f]: exact before the yearly cap at the amount (which only bites
        in years with several events)."""
        return self.amount * self.frequency * self.severity.mean()


@dataclass
class SimResult:
    losses: np.ndarray  # pool loss per simulated year
    n_years: int
    seed: int
    shock_rate: float
    products: Sequence[Product]
    events: int = 0
    shocks: int = 0
    dispersion: float = 0.0
    meta: dict[str, Any] = field(default_factory=dict)


def _shock_probabilities(products: Sequence[Product], shock_rate: float) -> np.ndarray:
    h = np.array([p.shock_share * p.frequency for p in products], dtype=float)
    if shock_rate <= 0:
        return np.zeros_like(h)
    h = h / shock_rate
    if (h > 1.0).any():
        worst = products[int(np.argmax(h))].name
        raise SafetyNetError(
            f"product '{worst}': its common-shock frequency exceeds the shock rate "
            f"{shock_rate}/year; raise common_shock.rate_per_year or lower its shock_share"
        )
    return h


class _SeverityTable:
    """Per-product severity parameters as arrays, for vectorized draws by product index."""

    def __init__(self, products: Sequence[Product]) -> None:
        sev = [p.severity for p in products]
        self.fixed = np.array([np.nan if s.fixed is None else s.fixed for s in sev])
        self.mu = np.array([s.mu for s in sev])
        self.sigma = np.array([s.sigma for s in sev])
        self.log_scale = np.log([max(s.scale, 1e-300) for s in sev])
        self.p_total = np.array([s.p_total for s in sev])
        self.p_trunc = np.array(
            [
                float(norm_cdf((math.log(s.threshold) - s.mu) / s.sigma))
                if s.threshold > 0 and s.sigma > 0
                else 0.0
                for s in sev
            ]
        )

    def draw(self, idx: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        n = idx.size
        f = np.empty(n)
        fixed = self.fixed[idx]
        is_fixed = ~np.isnan(fixed)
        f[is_fixed] = fixed[is_fixed]
        var = ~is_fixed
        if var.any():
            j = idx[var]
            pt = self.p_trunc[j]
            p = pt + (1.0 - pt) * rng.random(j.size)
            z = norm_ppf(np.clip(p, 1e-300, 1.0 - 1e-16))
            frac = np.exp(np.minimum(self.mu[j] + self.sigma[j] * z - self.log_scale[j], 0.0))
            total = rng.random(j.size) < self.p_total[j]
            f[var] = np.where(total, 1.0, frac)
        return f


def simulate(
    products: Sequence[Product],
    n_years: int,
    seed: int,
    shock_rate: float = DEFAULT_SHOCK_RATE,
    chunk_years: int = 100_000,
    progress: Callable[[int, int], None] | None = None,
    dispersion: float = 0.0,
) -> SimResult:
    """Simulate ``n_years`` independent years of pool losses; reproducible for a given seed.

    ``dispersion`` is phi of the common yearly random effect (0: Poisson years, the old law).
    """
    if n_years <= 0:
        raise SafetyNetError("--sims must be a positive number of simulated years")
    if not products:
        raise SafetyNetError("the book has no products; add at least one under `products:`")
    rng = np.random.default_rng(seed)
    n_prod = len(products)
    amount = np.array([p.amount for p in products], dtype=float)
    lam = np.array([p.frequency for p in products], dtype=float)
    share = np.array([p.shock_share for p in products], dtype=float)
    if (lam < 0).any() or (amount < 0).any() or ((share < 0) | (share > 1)).any():
        raise SafetyNetError("frequencies and amounts must be >= 0 and shock shares in [0, 1]")
    if dispersion < 0:
        raise SafetyNetError("the yearly dispersion phi must be >= 0 (0 = Poisson years)")
    h = _shock_probabilities(products, shock_rate)
    mixed = np.array([p.kind != "parametric" for p in products]) & (dispersion > 0)
    lam_idio = lam * (1.0 - share) if shock_rate > 0 else lam
    table = _SeverityTable(products)
    losses = np.empty(n_years)
    total_events = total_shocks = 0
    done = 0
    while done < n_years:
        y = min(chunk_years, n_years - done)
        if mixed.any():
            cum_g = np.cumsum(rng.gamma(1.0 / dispersion, dispersion, y))
            counts = rng.poisson(lam_idio * np.where(mixed, cum_g[-1], y))
        else:
            counts = rng.poisson(lam_idio * y)
        prod_idx = np.repeat(np.arange(n_prod), counts)
        year_idx = rng.integers(0, y, size=prod_idx.size)
        if mixed.any():
            sel = mixed[prod_idx]
            u = rng.random(int(sel.sum())) * cum_g[-1]
            year_idx[sel] = np.minimum(np.searchsorted(cum_g, u, side="right"), y - 1)
        if shock_rate > 0 and h.any():
            m = rng.poisson(shock_rate * y)
            shock_year = rng.integers(0, y, size=m)
            hit_shock, hit_prod = np.nonzero(rng.random((m, n_prod)) < h)
            prod_idx = np.concatenate([prod_idx, hit_prod])
            year_idx = np.concatenate([year_idx, shock_year[hit_shock]])
            total_shocks += m
        loss = amount[prod_idx] * table.draw(prod_idx, rng)
        key = year_idx.astype(np.int64) * n_prod + prod_idx
        uniq, inv = np.unique(key, return_inverse=True)
        per_key = np.minimum(np.bincount(inv, weights=loss), amount[uniq % n_prod])
        losses[done : done + y] = np.bincount(uniq // n_prod, weights=per_key, minlength=y)
        total_events += prod_idx.size
        done += y
        if progress is not None:
            progress(done, n_years)
    return SimResult(
        losses,
        n_years,
        seed,
        shock_rate,
        products,
        total_events,
        total_shocks,
        dispersion=dispersion,
    )


def tail_metrics(losses: np.ndarray, level: float = LEVEL) -> tuple[float, float]:
    """(VaR, TVaR) at ``level``: the quantile and the mean of the worst (1 - level) years."""
    var = float(np.quantile(losses, level))
    k = max(1, int(math.ceil(losses.size * (1.0 - level))))
    worst = np.partition(losses, losses.size - k)[losses.size - k :]
    return var, float(worst.mean())
