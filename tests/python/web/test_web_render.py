"""The web pages' formats for people: amounts in whole units, rates, durations, times."""

from __future__ import annotations

import pytest

from safetynet.web.countdown import relative
from safetynet.web.render import duration, percent, plain, units


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (5_000_000, 2, "5.00 USDC"),
        (7_891, 2, "0.007891 USDC"),
        (1_234_500_000, 2, "1,234.50 USDC"),
        (5_000_000_000_000, 0, "5,000,000 USDC"),
        (0, 2, "0.00 USDC"),
    ],
)
def test_units__smallest_units__whole_units_never_rounded_away(value, places, text):
    assert units(value, 6, "USDC", places) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5_050_000, "5.05"),
        (1_000_000_000, "1000"),
        (7, "0.000007"),
        (0, "0"),
        (1_234_567, "1.234567"),
    ],
)
def test_plain__smallest_units__exact_without_separators(value, text):
    assert plain(value, 6) == text


@pytest.mark.parametrize(
    ("bps", "text"), [(192, "1.92%"), (2_000, "20%"), (10_000, "100%"), (5, "0.05%")]
)
def test_percent__bps__percent(bps, text):
    assert percent(bps) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(86_400, "1 day"), (30 * 86_400, "30 days"), (3_600, "1 hour"), (5_400, "90 minutes")],
)
def test_duration__seconds__words(seconds, text):
    assert duration(seconds) == text


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (0, "now"),
        (30, "in less than a minute"),
        (-30, "less than a minute ago"),
        (3_600, "in 1 hour"),
        (23 * 3_600, "in 23 hours"),
        (2 * 86_400, "in 2 days"),
        (-7_200, "2 hours ago"),
        (-3 * 86_400, "3 days ago"),
    ],
)
def test_relative__from_chain_time__words(delta, text):
    assert relative(1_000_000 + delta, 1_000_000) == text


def test_templates__every_format__registered_as_a_filter():
    from safetynet.web.render import TEMPLATES

    for name in ("units", "plain", "percent", "duration", "utc", "usd", "relative", "span"):
        assert name in TEMPLATES.env.filters, name
