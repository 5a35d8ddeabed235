"""Hypothesis strategies and settings the property and stateful tests share."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

from tests.utils.constants import MAX_BPS

_SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]
# Profiles (HYPOTHESIS_PROFILE picks one; `ci` by default). They are loaded here, when the
# root conftest imports this module, so that every settings object made below or in a test
# module (FIXTURES_OK, @settings(...)) inherits from the loaded profile. Fixture state is
# what each example starts from (titanoboa anchors every example), so function-scoped
# fixtures are fine with @given.
settings.register_profile(
    "ci",
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=_SLOW_OK,
)
settings.register_profile(
    "long",
    max_examples=250,  # one run ~20k steps; run_campaign repeats runs up to its target
    stateful_step_count=100,
    deadline=None,
    suppress_health_check=_SLOW_OK,
)
settings.register_profile(
    "no-shrink",
    max_examples=200,
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target],
    suppress_health_check=_SLOW_OK,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# A fraction of what is available, in basis points (never zero).
BPS = st.integers(min_value=1, max_value=MAX_BPS)


def log_uniform(lo: int, hi: int) -> st.SearchStrategy[int]:
    """Integers spread over orders of magnitude between lo and hi."""
    return st.integers(0, 1_000).map(lambda k: int(lo * (hi / lo) ** (k / 1_000)))


def decades(top: int, cap: int | None = None) -> st.SearchStrategy[int]:
    """Log-uniform by decade: a decade 10**0 .. 10**top, then a value inside it (at most
    `cap` when given)."""
    return st.integers(min_value=0, max_value=top).flatmap(
        lambda e: st.integers(
            min_value=10**e, max_value=10 ** (e + 1) if cap is None else min(10 ** (e + 1), cap)
        )
    )


# Hypothesis with fixtures: titanoboa anchors every example, and fixture state set up before
# the examples is exactly what each example should start from, so the function-scoped
# fixture health check does not apply here.
FIXTURES_OK = settings(suppress_health_check=[HealthCheck.function_scoped_fixture, *_SLOW_OK])
