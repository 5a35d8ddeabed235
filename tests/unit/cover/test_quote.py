"""Cover.quote: premium = amount x rate x period / (10000 x 365 days), surge above 80%.

Property: the premium is never below the exact rational premium of SPEC §3.2 (rounding
favours the pool) and never more than one unit above it.
"""

import math

import boa
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.utils.constants import DAY, USDC, YEAR
from tests.utils.deploy import add_product
from tests.utils.pricing import exact_premium
from tests.utils.strategies import FIXTURES_OK


def test_quote__low_utilization__is_base_rate_rounded_up(cover, product):
    # 10,000 USDC for 30 days at 2.5%/year.
    assert cover.quote(product, 10_000 * USDC, 30 * DAY) == math.ceil(
        10_000 * USDC * 250 * 30 * DAY / (10_000 * YEAR)
    )
    assert cover.quote(product, 1, 7 * DAY) == 1  # dust still pays one unit


def test_quote__full_year__is_amount_times_rate(cover, product):
    assert cover.quote(product, 1_000_000 * USDC, 365 * DAY) == 25_000 * USDC


@pytest.mark.parametrize(
    "utilization_bps,factor",
    [(8_000, 1), (9_000, 1.5), (10_000, 2)],
)
def test_quote__utilization_after_purchase__surges_linearly_to_double(
    cover, product, utilization_bps, factor
):
    amount = 10_000_000 * USDC * utilization_bps // 10_000
    base = 250 * amount // 10_000  # one year at the base rate
    assert cover.quote(product, amount, 365 * DAY) == base * factor


def test_quote__utilization_between_whole_bps__is_never_below_exact(cover, product):
    # 85.00000123456% after the purchase: flooring utilization to whole bps (then the surge
    # to whole bps) used to undercharge by ~13,000 units here.
    amount = 8_500_000_123_456
    premium = cover.quote(product, amount, 365 * DAY)
    exact = exact_premium(amount, 250, 365 * DAY, 0, 10_000_000 * USDC)
    assert exact <= premium < exact + 1


def test_quote__unknown_product__reverts(cover, product):
    with boa.reverts("cover: unknown product"):
        cover.quote(product + 1, USDC, 30 * DAY)


def test_quote__bad_terms__revert_like_a_sale(cover, product):
    with boa.reverts("cover: zero amount"):
        cover.quote(product, 0, 30 * DAY)
    with boa.reverts("cover: period below product minimum"):
        cover.quote(product, USDC, 7 * DAY - 1)
    with boa.reverts("cover: period above product maximum"):
        cover.quote(product, USDC, 365 * DAY + 1)
    with boa.reverts("cover: product capacity exceeded"):
        cover.quote(product, 10_000_000 * USDC + 1, 30 * DAY)


@FIXTURES_OK
@example(
    rate=18,
    capacity_exp=18,
    capacity_mantissa=93,
    amount_bps=8096,
    jitter=8096,
    days=59,
    extra_seconds=8096,
)
@given(
    rate=st.integers(min_value=1, max_value=10_000),
    capacity_exp=st.integers(min_value=0, max_value=25),
    capacity_mantissa=st.integers(min_value=1, max_value=99),
    amount_bps=st.integers(min_value=1, max_value=10_000),
    jitter=st.integers(min_value=0, max_value=2**86),
    days=st.integers(min_value=1, max_value=730),
    extra_seconds=st.integers(min_value=0, max_value=DAY - 1),
)
def test_quote__any_terms__rounds_up_by_less_than_one_unit(
    protocol,
    auditor,
    rate,
    capacity_exp,
    capacity_mantissa,
    amount_bps,
    jitter,
    days,
    extra_seconds,
):
    capacity = min(capacity_mantissa * 10**capacity_exp, 2**84 - 1)
    pid = add_product(
        protocol, auditor, rate_bps=rate, capacity=capacity, min_period=DAY, max_period=730 * DAY
    )
    # A bps fraction of capacity, nudged off round utilizations.
    amount = min(
        capacity, max(1, capacity * amount_bps // 10_000 + jitter % (capacity // 1_000 + 1))
    )
    period = min(days * DAY + extra_seconds, 730 * DAY)
    premium = protocol.cover.quote(pid, amount, period)
    exact = exact_premium(amount, rate, period, 0, capacity)
    assert exact <= premium < exact + 1
