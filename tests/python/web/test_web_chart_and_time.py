"""The statistics page's server-drawn charts and the account pages' countdown words."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from safetynet.web.chart import HEIGHT, PAD, WIDTH, Series, line_chart
from safetynet.web.countdown import relative, span

SVG = "{http://www.w3.org/2000/svg}"


def _root(markup: str) -> ET.Element:
    """The chart's <div>: its SVG and the scale's labels."""
    return ET.fromstring(
        str(markup).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    )


def _parse(markup: str) -> ET.Element:
    return _root(markup).find(f"{SVG}svg")


def test_line_chart__scale_labels__html_outside_the_svg():
    markup = line_chart([Series([(0, 1_500.0), (1, 2_500_000.0)], "c")], title="t", summary="s")
    root = _root(markup)
    ticks = [span.text for span in root.findall("span")]
    assert ticks == ["2.5M", "1.5k"]
    assert root.find(f"{SVG}svg").find(f"{SVG}text") is None


def test_line_chart__two_series__paths_scaled_into_the_frame_with_title():
    series = [
        Series([(0, 0), (10, 5), (20, 10)], "capital"),
        Series([(0, 2), (20, 4)], "locked", "line-2"),
    ]
    svg = _parse(line_chart(series, title="Capital", summary="3 points"))
    assert svg.get("role") == "img" and "Capital: 3 points" == svg.get("aria-label")
    assert svg.find(f"{SVG}title").text == "Capital"
    paths = svg.findall(f"{SVG}path")
    assert [p.get("class") for p in paths] == ["line", "line-2"]
    first = paths[0].get("d").split()
    assert first[0] == f"M{PAD:.1f},{HEIGHT - PAD:.1f}"  # lowest x, lowest y: bottom left
    assert first[-1] == f"L{WIDTH - PAD:.1f},{PAD:.1f}"  # highest: top right


def test_line_chart__threshold_and_marks__drawn_as_lines():
    svg = _parse(line_chart([Series([(0, 1.0), (10, 0.9)], "feed")], title="Feed", summary="s",
                            threshold=0.97, marks=(2, 8)))  # fmt: skip
    classes = [e.get("class") for e in svg.findall(f"{SVG}line")]
    assert classes.count("threshold") == 1 and classes.count("mark") == 2


def test_line_chart__no_points__says_no_data_and_escapes_the_title():
    markup = line_chart([Series([], "x")], title="<b>", summary="none")
    assert "no data yet" in markup and "<b>" not in markup


def test_line_chart__flat_line__drawn_mid_height_not_at_the_edge():
    svg = _parse(line_chart([Series([(0, 5.0), (1, 5.0)], "flat")], title="t", summary="s"))
    y = float(svg.find(f"{SVG}path").get("d").split()[0].split(",")[1])
    assert PAD < y < HEIGHT - PAD


def test_span_and_relative__two_largest_units__future_and_past():
    assert span(2 * 86_400 + 3 * 3_600 + 59) == "2 days 3 hours"
    assert span(3_600 + 60) == "1 hour 1 minute"
    assert span(30) == "less than a minute"
    assert relative(1_000 + 7 * 86_400, 1_000) == "in 7 days"
    assert relative(1_000, 1_000 + 5 * 3_600) == "5 hours ago"
