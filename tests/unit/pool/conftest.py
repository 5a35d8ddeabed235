"""Fixtures: a fresh deployment per test, same names as tests/conftest.py (see tests/fresh.py)."""

from tests.fresh import (  # noqa: F401
    asset,
    cover,
    funded_pool,
    payer,
    pool,
    product,
    protocol,
    requested,
)
