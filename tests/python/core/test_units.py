from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safetynet.errors import SafetyNetError
from safetynet.units import fmt_units, to_units


@pytest.mark.parametrize(
    ("text", "units"),
    [("1000.5", 1_000_500_000), ("5", 5_000_000), ("0.000001", 1), ("1_000", 1_000_000_000)],
)
def test_to_units__whole_unit_text__exact_smallest_units(text, units):
    assert to_units(text, 6) == units


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "not a number"),
        ("-1", "negative"),
        ("0.0000001", "more than 6 decimals"),
        ("nan", "finite"),
    ],
)
def test_to_units__bad_text__refused_with_reason(text, message):
    with pytest.raises(SafetyNetError, match=message):
        to_units(text, 6)


@given(st.integers(min_value=0, max_value=10**30), st.integers(min_value=0, max_value=18))
def test_fmt_then_parse__any_amount__round_trips(amount, decimals):
    assert to_units(fmt_units(amount, decimals), decimals) == amount


def test_fmt_units__places__rounds_for_display():
    assert fmt_units(1_234_567_891, 6, 2) == "1,234.57"
    assert Decimal(fmt_units(10, 6)) == Decimal("0.00001")
