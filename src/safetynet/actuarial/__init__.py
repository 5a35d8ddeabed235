"""The maths shared by the risk engine and the capital model, and nothing else.

- ``stats``: normal CDF/quantile, truncated-lognormal fit and limited mean (no scipy);
- ``frequency``: yearly incident counts, Poisson or with a common yearly random effect;
- ``severity``: ``Severity``, the share of a cover amount lost per event;
- ``simulation``: the Monte Carlo of yearly pool losses (``simulate``, ``tail_metrics``).

``safetynet.risk`` (pricing) and ``safetynet.capital`` (book, solvency, backtest) both import
it; it imports neither of them.
"""
