"""What the CLI reads from people and shows them: amounts exactly or refused, whole days,
prices, times relative to chain time, dates in UTC."""

from decimal import Decimal

import pytest

from safetynet.errors import SafetyNetError
from safetynet.units import (
    fmt_duration,
    fmt_time,
    parse_price,
    parse_time,
    to_units,
    whole_days,
)

NOW = 1_796_083_200  # 2026-12-01 00:00 UTC


@pytest.mark.parametrize(
    ("text", "units"),
    [("1,000", 1_000_000_000), ("1,000,000.5", 1_000_000_500_000), ("999", 999_000_000)],
)
def test_to_units__grouped_thousands__read_exactly(text, units):
    assert to_units(text, 6) == units


@pytest.mark.parametrize("text", ["1,5", "1,00", "10,0000", "1,000,00", ",5", "1,5.0"])
def test_to_units__decimal_comma_or_bad_grouping__refused_not_misread(text):
    with pytest.raises(SafetyNetError, match="use a dot for decimals"):
        to_units(text, 6)


def test_to_units__beyond_uint256__refused():
    with pytest.raises(SafetyNetError, match="too large"):
        to_units("1e100", 18)


@pytest.mark.parametrize(("days", "seconds"), [("7", 7 * 86_400), ("30.0", 30 * 86_400)])
def test_whole_days__whole_number__seconds(days, seconds):
    assert whole_days(days) == seconds


@pytest.mark.parametrize(
    ("days", "message"),
    [("7.5", "whole number of days"), ("0", "positive"), ("-3", "positive"), ("week", "not a")],
)
def test_whole_days__fraction_or_nonsense__refused(days, message):
    with pytest.raises(SafetyNetError, match=message):
        whole_days(days)


def test_parse_price__decimal_text__exact():
    assert parse_price("0.93") == Decimal("0.93")


@pytest.mark.parametrize("text", ["abc", "0", "-1", "nan", "inf", "-inf"])
def test_parse_price__not_finite_positive__refused(text):
    with pytest.raises(SafetyNetError):
        parse_price(text)


@pytest.mark.parametrize(
    ("text", "ts"),
    [
        ("1764547200", 1_764_547_200),
        ("now", NOW),
        ("2h ago", NOW - 7_200),
        ("3 days ago", NOW - 3 * 86_400),
        ("90 min ago", NOW - 5_400),
        ("1.5 h ago", NOW - 5_400),
        ("2026-11-30", NOW - 86_400),
        ("2026-11-30T12:00", NOW - 43_200),
        ("2026-11-30T12:00+01:00", NOW - 46_800),
    ],
)
def test_parse_time__unix_relative_or_iso__resolved_against_chain_time(text, ts):
    assert parse_time(text, NOW) == ts


def test_parse_time__nonsense__refused_with_the_accepted_forms():
    with pytest.raises(SafetyNetError, match="2h ago"):
        parse_time("yesterday-ish", NOW)


def test_fmt_time__with_now__utc_date_and_distance():
    assert fmt_time(NOW) == "2026-12-01 00:00 UTC"
    assert fmt_time(NOW + 3 * 86_400 + 3_600, NOW) == "2026-12-04 01:00 UTC (in 3 d 1 h)"
    assert fmt_time(NOW - 300, NOW) == "2026-11-30 23:55 UTC (5 min ago)"


def test_fmt_duration__spans__largest_two_units():
    assert [fmt_duration(s) for s in (45, 3_600, 3_900, 86_400, 90_000)] == [
        "45 s", "1 h", "1 h 5 min", "1 d", "1 d 1 h",
    ]  # fmt: skip
